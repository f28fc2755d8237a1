// Small helpers shared by the benchmarks: timing, percentiles, free ports, a server child.
const http = require('node:http');
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const { join, resolve } = require('node:path');
const { performance } = require('node:perf_hooks');

const DIST = join(__dirname, '../dist');
// BENCH_SERVER_DIST=<a copy of dist/> runs the server under test from that build instead (to
// compare two builds in one sitting; give it NODE_PATH=<checkout>/node_modules when outside).
const MAIN = join(process.env.BENCH_SERVER_DIST ? resolve(process.env.BENCH_SERVER_DIST) : DIST, 'apps/api/src/main.js');

const now = () => performance.now();

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, min: s[0], p50: q(0.5), p99: q(0.99), max: s[s.length - 1] };
}

/** Runs `fn` `rounds` times, synchronously; the stats of its durations in ms. */
function timeIt(fn, rounds) {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = now();
    fn();
    samples.push(now() - t0);
  }
  return stats(samples);
}

async function waitForHealth(port, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ health }"}' });
      const body = await res.json();
      if (body.data && body.data.health === 'ok') return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no health answer on port ${port} within ${timeoutMs} ms`);
}

/** Spawns a node script; resolves when it exits. */
function spawnNode(args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.done = new Promise((ok) => child.on('exit', (code) => ok({ code, stderr })));
  return child;
}

// The project's own helper, from the build (bench/run.js builds first).
const freePort = () => require('../dist/libs/persistence/src/free-port').freePort();

/**
 * Starts the built server (dist) as a child process on a free port, with a fresh DATA_DIR and the
 * given database, and waits for its health answer. `tokens(sign)` mints the bench's tokens with the
 * server's own secret (the one it writes into its DATA_DIR), as `npm run cli -- token` signs them;
 * `sign` takes a TokenService payload ({ agency, userId, roles }). `nodeArgs` go before the script.
 * Resolves with { port, pid, env, tokens, stop }; `stop()` sends SIGINT and checks the exit code.
 */
async function startServer({ databaseUrl, dataDir, nodeArgs = [], tokens: mint = async () => ({}), main = MAIN, env: extraEnv = {} }) {
  const port = await freePort();
  const env = {
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'false',
    JWT_JWKS_URL: '',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'info',
    LOG_FORMAT: 'json',
    ...extraEnv,
  };
  const child = spawnNode([...nodeArgs, main], env);
  let exited = false;
  child.done.then(() => (exited = true));
  await Promise.race([
    waitForHealth(port),
    child.done.then(({ code, stderr }) => {
      throw new Error(`the server exited with ${code} before answering: ${stderr}`);
    }),
  ]);
  const { TokenService } = require(join(DIST, 'apps/api/src/auth/token.service'));
  const { loadConfig } = require(join(DIST, 'apps/api/src/config/config'));
  const service = new TokenService(loadConfig({ ...process.env, ...env }));
  const tokens = await mint((payload) => service.sign(payload));
  return {
    port,
    pid: child.pid,
    env,
    tokens,
    async stop() {
      if (exited) return;
      child.kill('SIGINT');
      const { code, stderr } = await child.done;
      if (code !== 0) throw new Error(`the server exited with ${code}: ${stderr}`);
    },
  };
}

/** One POST /graphql over the given agent; resolves with the status and the body text. */
function post(port, agent, body, token) {
  return new Promise((ok, fail) => {
    const data = Buffer.from(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/graphql',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': data.length, authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => ok({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(data);
  });
}

/** A process's resident set (VmRSS) or its peak so far (VmHWM), in MB, from /proc (Linux); null elsewhere. */
function memoryMb(pid, field = 'VmRSS') {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's VmRSS every `everyMs` until stop(), which returns the highest sample (MB). */
function rssPeak(pid, everyMs = 100) {
  let peak = memoryMb(pid);
  const timer = setInterval(() => {
    const mb = memoryMb(pid);
    if (mb != null && (peak == null || mb > peak)) peak = mb;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

/** The RSS (MB) of a bare Node HTTP server after it answered one request: the memory baseline. */
async function bareServerRss() {
  const port = await freePort();
  const child = spawnNode(['-e', `require('node:http').createServer((q, s) => s.end('{"data":{"health":"ok"}}')).listen(${port}, '127.0.0.1')`], {});
  try {
    await waitForHealth(port);
    return memoryMb(child.pid);
  } finally {
    child.kill('SIGTERM');
    await child.done;
  }
}

/**
 * The PostgreSQL server a bench uses: TEST_DATABASE_URL, else DATABASE_URL, else an embedded
 * one in `dir` (from the build), stopped by `stop()`. `postmasterPid` is the embedded server's
 * (null for a given one), for benches that sample its CPU.
 */
async function postgresServer(dir) {
  const given = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  if (given) return { url: given, source: process.env.TEST_DATABASE_URL?.trim() ? 'TEST_DATABASE_URL' : 'DATABASE_URL', postmasterPid: null, stop: async () => {} };
  const { startEmbeddedPostgres } = require(join(DIST, 'libs/persistence/src/embedded-postgres'));
  const dataDir = join(dir, 'pg');
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { url: pg.url, source: 'embedded', postmasterPid: pid, stop: () => pg.stop() };
}

/** A GraphQL request as `token`; the data, or an error naming the answer when there are errors. */
async function gql(server, agent, token, query, variables) {
  const res = await post(server.port, agent, JSON.stringify({ query, variables }), token);
  const body = JSON.parse(res.text);
  if (res.status !== 200 || body.errors) throw new Error(`GraphQL error: ${res.text.slice(0, 500)}`);
  return body.data;
}

module.exports = { postgresServer, gql, now, stats, timeIt, freePort, waitForHealth, spawnNode, startServer, post, memoryMb, rssPeak, bareServerRss };
