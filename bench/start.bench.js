// From process start to the first `health` answer: cold (a new DATA_DIR: initdb,
// migrations, demo seed) and warm (the same DATA_DIR again). Baseline in the same run:
// a bare Node HTTP server answering its first request, started the same way.
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { now, stats, freePort, waitForHealth, spawnNode, withScratchDir } = require('./lib');

const MAIN = join(__dirname, '../dist/apps/api/src/main.js');

async function timeStart(env) {
  const port = await freePort();
  const t0 = now();
  const child = spawnNode([MAIN], { ...env, PORT: String(port), LOG_LEVEL: 'warn', LOG_FORMAT: 'json', NODE_ENV: 'production' });
  await waitForHealth(port);
  const ms = now() - t0;
  child.kill('SIGINT');
  const { code, stderr } = await child.done;
  if (code !== 0) throw new Error(`server exited with ${code}: ${stderr}`);
  return ms;
}

async function timeBaseline(dir) {
  const port = await freePort();
  const file = join(dir, 'baseline.js');
  writeFileSync(file, `require('node:http').createServer((q, s) => s.end('{"data":{"health":"ok"}}')).listen(${port}, '127.0.0.1');`);
  const t0 = now();
  const child = spawnNode([file], {});
  await waitForHealth(port);
  const ms = now() - t0;
  child.kill('SIGTERM');
  await child.done;
  return ms;
}

module.exports = async function startBench({ rounds = 3 } = {}) {
  const cold = [];
  const warm = [];
  const base = [];
  for (let i = 0; i < rounds; i++) {
    await withScratchDir('start', async (dir) => {
      const env = { DATA_DIR: dir, EMBEDDED_PG_PORT: String(await freePort()), DATABASE_URL: '' };
      base.push(await timeBaseline(dir));
      cold.push(await timeStart(env));
      warm.push(await timeStart(env));
    });
  }
  const b = stats(base).p50;
  return [
    { name: 'start: bare node HTTP server to first answer (baseline)', unit: 'ms', ...stats(base), data: { rounds, database: 'embedded PostgreSQL, a new DATA_DIR per round (cold), then the same (warm)' } },
    { name: 'start: cold (initdb, migrations, demo seed) to first health', unit: 'ms', ...stats(cold), ratio: stats(cold).p50 / b, goal: 'p50 < 10000' },
    { name: 'start: warm to first health', unit: 'ms', ...stats(warm), ratio: stats(warm).p50 / b, goal: 'p50 < 3000' },
  ];
};
