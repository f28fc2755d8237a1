// Recovery from a database restart: the server under an 8-client command load while its
// PostgreSQL (an embedded one this bench owns, whatever TEST_DATABASE_URL says) is stopped for
// BENCH_OUTAGE_SECONDS (2) and started again on the same folder and port. Reported: how long
// after PostgreSQL answers again the server's first command succeeds, against the same for a
// fresh pg connection (the baseline: PostgreSQL's own readiness), and what clients got during
// the outage (every answer must be a success or SERVICE_UNAVAILABLE, within the 5 s client
// timeout; the bench fails otherwise). npm run test:faults asserts the same behaviour.
//
//   node bench/run.js recovery
const http = require('node:http');
const { join } = require('node:path');
const { Client } = require('pg');
const { now, freePort, startServer, gql, withScratchDir } = require('./lib');

const DIST = join(__dirname, '../dist');
const AGENCY = 'bench-recovery';
const CLIENTS = 8;
const OUTAGE_MS = 1000 * Number(process.env.BENCH_OUTAGE_SECONDS || 2);
const CLIENT_TIMEOUT_MS = 5000;
const TEMPLATE = `
key: recovery
version: 1
artefacts:
  note: {}
phases:
  open: {}
  closed: { final: true }
gates:
  - { id: close, from: open, to: closed }
`;

const log = (line) => process.stderr.write(`  ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One command with a client-side timeout: `ok`, an error code, or `TIMEOUT`. */
function submit(server, agent, clusterId) {
  const body = JSON.stringify({ query: `mutation($c: ID!) { submitArtefact(input: { clusterId: $c, type: "note", title: "n" }) { id } }`, variables: { c: clusterId } });
  return new Promise((resolve) => {
    const req = http.request(
      { host: '127.0.0.1', port: server.port, path: '/graphql', method: 'POST', agent, timeout: CLIENT_TIMEOUT_MS, headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.admin}` } },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => {
          try {
            const parsed = JSON.parse(text);
            if (/\bat .*\.(js|ts):\d+/.test(text)) return resolve('STACK');
            resolve(parsed.errors ? (parsed.errors[0].extensions?.code ?? 'NO_CODE') : 'ok');
          } catch {
            resolve(`HTTP_${res.statusCode}`);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (e) => resolve(e.message === 'timeout' ? 'TIMEOUT' : 'NETWORK'));
    req.end(body);
  });
}

async function firstQuery(url) {
  for (;;) {
    const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('select 1');
      return;
    } catch {
      await sleep(5);
    } finally {
      await c.end().catch(() => undefined);
    }
  }
}

module.exports = async function recoveryBench() {
  const { startEmbeddedPostgres } = require(join(DIST, 'libs/persistence/src/embedded-postgres'));
  const { ensureDatabase } = require(join(DIST, 'libs/persistence/src/database'));
  return withScratchDir('recovery', async (dir) => {
    const pgDir = join(dir, 'pg');
    const port = await freePort();
    const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
    let pg = await startEmbeddedPostgres({ dataDir: pgDir, port });
    let server;
    try {
      const url = await ensureDatabase(pg.url, 'bench_recovery');
      server = await startServer({
        databaseUrl: url,
        dataDir: join(dir, 'data'),
        tokens: async (sign) => ({ admin: await sign({ agency: AGENCY, userId: 'bench-admin', roles: ['agency_admin'] }) }),
      });
      await gql(server, agent, server.tokens.admin, 'mutation($s: String!) { publishTemplate(source: $s) { version } }', { s: TEMPLATE });
      const clusters = [];
      for (let i = 0; i < CLIENTS; i++) {
        const data = await gql(server, agent, server.tokens.admin, 'mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "recovery" }) { id } }', { n: `Cluster ${i}` });
        clusters.push(data.registerCluster.id);
      }

      // The load: each client sends one command after another, noting when each started and how it ended.
      const answers = [];
      let running = true;
      const clients = clusters.map(async (id) => {
        while (running) {
          const startedAt = now();
          const outcome = await submit(server, agent, id);
          answers.push({ startedAt, endedAt: now(), outcome });
          if (outcome !== 'ok') await sleep(20);
        }
      });
      await sleep(1000);
      const stoppedAt = now();
      await pg.stop();
      log(`PostgreSQL stopped under load; down for ${OUTAGE_MS / 1000} s`);
      await sleep(OUTAGE_MS);
      pg = await startEmbeddedPostgres({ dataDir: pgDir, port });
      const backAt = now();
      await firstQuery(url);
      const baselineMs = now() - backAt;
      let recoveredAt = null;
      for (const until = now() + 30_000; now() < until && recoveredAt === null; await sleep(10)) {
        const first = answers.filter((a) => a.outcome === 'ok' && a.startedAt >= backAt).sort((a, b) => a.endedAt - b.endedAt)[0];
        if (first) recoveredAt = first.endedAt;
      }
      await sleep(500);
      running = false;
      await Promise.all(clients);
      if (recoveredAt === null) throw new Error('the server did not serve a command within 30 s of PostgreSQL being back');

      const during = answers.filter((a) => a.startedAt >= stoppedAt && a.startedAt < backAt);
      const counts = {};
      for (const a of during) counts[a.outcome] = (counts[a.outcome] ?? 0) + 1;
      const wrong = answers.filter((a) => !['ok', 'SERVICE_UNAVAILABLE'].includes(a.outcome));
      const slowest = Math.max(...during.map((a) => a.endedAt - a.startedAt));
      log(`during the outage: ${JSON.stringify(counts)}; slowest answer ${slowest.toFixed(0)} ms`);
      if (wrong.length) throw new Error(`answers other than success or SERVICE_UNAVAILABLE: ${JSON.stringify(wrong.slice(0, 5))}`);
      const recoveryMs = recoveredAt - backAt;
      const met = (ok) => (ok ? 'met' : 'MISSED');
      const common = { clients: CLIENTS, outageSeconds: OUTAGE_MS / 1000, duringOutage: counts, slowestAnswerDuringOutageMs: +slowest.toFixed(0) };
      return [
        { name: 'recovery: a new pg connection answers after PostgreSQL restarts (baseline)', unit: 'ms', p50: baselineMs, ...common },
        {
          name: `recovery: first successful command after PostgreSQL restarts, ${CLIENTS} clients (outage: ${counts.SERVICE_UNAVAILABLE ?? 0} SERVICE_UNAVAILABLE, slowest ${slowest.toFixed(0)} ms)`,
          unit: 'ms',
          p50: recoveryMs,
          ratio: recoveryMs / Math.max(baselineMs, 1),
          goal: `< 15000, answers within ${CLIENT_TIMEOUT_MS} ms (${met(recoveryMs < 15_000 && slowest < CLIENT_TIMEOUT_MS)})`,
          ...common,
        },
      ];
    } finally {
      agent.destroy();
      await server?.stop().catch((e) => process.stderr.write(`${e.message}\n`));
      await pg.stop().catch(() => undefined);
    }
  });
};
