// Helpers shared by the benchmarks: timing, percentiles, free ports, a server child, a scratch
// folder and database, CPU and memory meters (Linux /proc), and recording a server's SQL and
// replaying it on raw `pg` connections.
const http = require('node:http');
const { spawn } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { Client } = require('pg');
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

/** The children still running: killed when the bench ends or is stopped, so none is left serving (and polling its database) after it. */
const running = new Set();
/** The scratch databases' ends still to run (withScratchDatabase), run when the bench is stopped so it leaves no database behind. */
const pendingEnds = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});
for (const [signal, number] of [['SIGINT', 2], ['SIGTERM', 15], ['SIGHUP', 1]]) {
  process.once(signal, async () => {
    // Each end stops its servers and drops its databases and folder; a hung one does not keep the
    // bench from stopping (the exit handler above kills what still runs).
    await Promise.race([Promise.allSettled([...pendingEnds].map((end) => end())), new Promise((ok) => setTimeout(ok, 15_000).unref())]);
    process.exit(128 + number);
  });
}

/** Spawns a node script; resolves when it exits. */
function spawnNode(args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  running.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.done = new Promise((ok) =>
    child.on('exit', (code) => {
      running.delete(child);
      ok({ code, stderr });
    }),
  );
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
  const { TokenService } = require(join(DIST, 'libs/application/src/auth/token.service'));
  const { loadConfig } = require(join(DIST, 'libs/application/src/config/config'));
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
 * The postmaster's pid of a PostgreSQL server given by URL when it runs on this machine (the
 * parent of a backend of ours, seen in /proc), so the CPU meter can count PostgreSQL's share as it
 * does an embedded server's; null when it is elsewhere or cannot be seen. Its share then counts
 * every backend of that server, other databases' included.
 */
async function localPostmasterPid(url) {
  if (process.platform !== 'linux') return null;
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const backend = (await client.query('select pg_backend_pid() as pid')).rows[0].pid;
    const stat = readFileSync(`/proc/${backend}/stat`, 'utf8');
    // The same pid in another namespace (a server in a container) would be some other process.
    if (!/postgres/.test(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')))) return null;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    return ppid > 1 ? ppid : null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The PostgreSQL server a bench uses: TEST_DATABASE_URL, else DATABASE_URL, else an embedded
 * one in `dir` (from the build), stopped by `stop()`. `postmasterPid` is the server's
 * (a given one's only when it runs on this machine: localPostmasterPid), for benches that sample its CPU.
 */
async function postgresServer(dir) {
  const given = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  if (given) return { url: given, source: process.env.TEST_DATABASE_URL?.trim() ? 'TEST_DATABASE_URL' : 'DATABASE_URL', postmasterPid: await localPostmasterPid(given), stop: async () => {} };
  const { startEmbeddedPostgres } = require(join(DIST, 'libs/persistence/src/embedded-postgres'));
  const dataDir = join(dir, 'pg');
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { url: pg.url, source: 'embedded', postmasterPid: pid, stop: () => pg.stop() };
}

/**
 * A folder of its own for `fn(dir)`: `<tmp>/clusterflow-bench-<name>-…`, readable by all (an
 * embedded PostgreSQL runs as the postgres user when we are root); removed after, whatever happened.
 */
async function withScratchDir(name, fn) {
  const dir = mkdtempSync(join(tmpdir(), `clusterflow-bench-${name}-`));
  chmodSync(dir, 0o755);
  try {
    return await fn(dir);
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A bench's scratch database: a folder (withScratchDir), the PostgreSQL server (postgresServer) and
 * a new database on it, `db` (`bench_<name>_<pid>_<time>` unless given). `fn` gets
 * { dir, dataDir: <dir>/data (for a server's DATA_DIR), pg, db, url (of db),
 *   database(name): one more database, its url (dropped at the end too),
 *   startServer(options, start = startServer): a server on `url` and `dataDir` unless the options
 *     say otherwise (stopped at the end); `start` for a bench's own starter taking those options,
 *   connect(): a connected `pg` Client on `url` (ended at the end) }.
 * The end, in this order whatever happened: the clients ended, the servers stopped, the databases
 * dropped (with `keep`, kept and said so; an embedded server's are removed with the folder),
 * PostgreSQL stopped, the folder removed; also when the bench is stopped by SIGINT, SIGTERM or
 * SIGHUP (pendingEnds). A server that
 * fails to stop or a database that fails to drop is written to stderr, and the end goes on.
 */
async function withScratchDatabase(name, fn, { db = `bench_${name}_${process.pid}_${Date.now().toString(36)}`, keep = false } = {}) {
  const { ensureDatabase, dropDatabase } = require(join(DIST, 'libs/persistence/src/database'));
  return withScratchDir(name, async (dir) => {
    const dataDir = join(dir, 'data');
    const created = [];
    const servers = [];
    const clients = [];
    let pg;
    let ended = false;
    // Once, whether the bench finished, failed or was stopped (see pendingEnds).
    const end = async () => {
      if (ended) return;
      ended = true;
      pendingEnds.delete(end);
      for (const c of clients) await c.end().catch(() => undefined);
      for (const server of servers) await server.stop().catch((e) => process.stderr.write(`${e.message}\n`));
      if (keep) for (const dbName of created) process.stderr.write(`  kept ${dbName}\n`);
      // An embedded server goes with the folder, its databases with it.
      else if (pg?.source !== 'embedded') for (const dbName of created) await dropDatabase(pg.url, dbName).catch((e) => process.stderr.write(`dropping ${dbName}: ${e.message}\n`));
      await pg?.stop();
      if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    };
    pendingEnds.add(end);
    try {
      pg = await postgresServer(dir);
      const database = async (dbName) => {
        const url = await ensureDatabase(pg.url, dbName);
        created.push(dbName);
        return url;
      };
      const url = await database(db);
      return await fn({
        dir,
        dataDir,
        pg,
        db,
        url,
        database,
        async startServer(options = {}, start = startServer) {
          const server = await start({ databaseUrl: url, dataDir, ...options });
          servers.push(server);
          return server;
        },
        async connect() {
          const c = new Client({ connectionString: url });
          clients.push(c);
          await c.connect();
          return c;
        },
      });
    } finally {
      await end();
    }
  });
}

/**
 * `warmup + rounds` calls of `run(arg, i)`, one after another, each timed (ms); the stats of the
 * last `rounds`. `before(i)` makes a call's argument and `after(result, i, measured)` checks its
 * result, both outside the timing (`measured`: past the warm-up).
 */
async function timedRuns({ rounds, warmup = 0 }, run, { before = () => undefined, after = () => undefined } = {}) {
  const samples = [];
  for (let i = 0; i < warmup + rounds; i++) {
    const arg = before(i);
    const t = now();
    const result = await run(arg, i);
    const ms = now() - t;
    after(result, i, i >= warmup);
    if (i >= warmup) samples.push(ms);
  }
  return stats(samples);
}

/**
 * timedRuns of GraphQL requests to `server` as `token`, one at a time on a keep-alive connection of
 * their own; `request(i)` gives the i-th { query, variables }, and only the round trip is timed.
 * Each answer must be HTTP 200 without errors (else an error: `<what> failed: HTTP …`);
 * `check(data, i, measured)` sees its data.
 */
async function timedGraphql(server, token, { rounds, warmup, what }, request, check = () => undefined) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    return await timedRuns({ rounds, warmup }, (body) => post(server.port, agent, body, token), {
      before: (i) => JSON.stringify(request(i)),
      after: (res, i, measured) => {
        const body = JSON.parse(res.text);
        if (res.status !== 200 || body.errors) throw new Error(`${what} failed: HTTP ${res.status} ${res.text.slice(0, 400)}`);
        check(body.data, i, measured);
      },
    });
  } finally {
    agent.destroy();
  }
}

/** A GraphQL request as `token`; the data, or an error naming the answer when there are errors. */
async function gql(server, agent, token, query, variables) {
  const res = await post(server.port, agent, JSON.stringify({ query, variables }), token);
  const body = JSON.parse(res.text);
  if (res.status !== 200 || body.errors) throw new Error(`GraphQL error: ${res.text.slice(0, 500)}`);
  return body.data;
}

const hr = () => process.hrtime.bigint();
const ms = (ns) => Number(ns) / 1e6;

// --- CPU accounting (Linux /proc; empty elsewhere) ---------------------------------------------

const CLK_TCK = 100;

function procCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / CLK_TCK; // utime + stime
  } catch {
    return null;
  }
}

function childrenOf(ppid) {
  const out = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === ppid) out.push(Number(name));
    } catch {
      // gone
    }
  }
  return out;
}

function machineBusy() {
  try {
    // user nice system idle iowait irq softirq steal: busy is ours and every other tenant's work; steal is the hypervisor's
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
    const total = cpu.reduce((a, b) => a + b, 0);
    const busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6];
    return { busy: (busy * 1000) / CLK_TCK, steal: ((cpu[7] ?? 0) * 1000) / CLK_TCK, total: (total * 1000) / CLK_TCK };
  } catch {
    return null;
  }
}

/** CPU used by the server, the PostgreSQL processes and this process over a phase, in cores. */
function cpuMeter(serverPid, postmasterPid) {
  if (process.platform !== 'linux') return { stop: () => null };
  const pgPids = () => (postmasterPid ? [postmasterPid, ...childrenOf(postmasterPid)] : []);
  const take = () => ({
    t: ms(hr()),
    server: procCpuMs(serverPid),
    pg: new Map(pgPids().map((p) => [p, procCpuMs(p) ?? 0])),
    self: process.cpuUsage(),
    machine: machineBusy(),
  });
  const a = take();
  return {
    stop() {
      const b = take();
      const wall = b.t - a.t;
      let pg = 0;
      for (const [pid, v] of b.pg) pg += v - (a.pg.get(pid) ?? 0); // backends started during the phase count from 0
      const self = (b.self.user + b.self.system - a.self.user - a.self.system) / 1000;
      const round = (v) => +(v / wall).toFixed(2);
      const cores = require('node:os').cpus().length;
      const share = (k) => (b.machine && a.machine ? +(((b.machine[k] - a.machine[k]) / (b.machine.total - a.machine.total)) * cores).toFixed(2) : null);
      const out = {
        cores,
        server: b.server != null && a.server != null ? round(b.server - a.server) : null,
        postgres: postmasterPid ? round(pg) : null,
        loadGenerator: round(self),
        machine: share('busy'),
        steal: share('steal'),
      };
      // What the machine did besides us (other tenants, kernel work not charged to a process).
      if (out.machine != null && out.server != null && out.postgres != null) out.others = +Math.max(0, out.machine - out.server - out.postgres - out.loadGenerator).toFixed(2);
      return out;
    },
  };
}

const cpuLine = (c) =>
  c
    ? `CPU in cores (of ${c.cores}): server ${c.server}, postgres ${c.postgres ?? 'n/a'}, load generator ${c.loadGenerator}; whole machine busy ${c.machine}` +
      (c.others != null ? `, of which others ${c.others}` : '') +
      (c.others > 0.25 ? ' -- WARNING: other processes took CPU during this phase; its figures are low' : '')
    : 'CPU: n/a';

// --- the raw pg baseline: the server's own SQL, replayed -----------------------------------------

const RECORDER = join(__dirname, 'record-sql.js');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const wallMs = () => performance.timeOrigin + performance.now();

/**
 * Records the SQL a server sends for one cycle of `commands` ({ kind, who, query, vars(cycle),
 * check(data, cycle) }): `start(nodeArgs, env)` starts a second server instance on the same
 * database, with bench/record-sql.js preloaded (writing to `file`); it runs three cycles for one
 * client with pauses between the commands; each query is assigned to the command whose request
 * was in flight when it was sent. The last cycle is kept (by then the server's caches are as warm
 * as under load). Returns, per command, its queries in order ({ text, name, values }).
 */
async function recordSql({ commands, file, start }) {
  const server = await start(['--require', RECORDER], { BENCH_RECORD_SQL: file });
  const windows = [];
  try {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let n = 0; n < 3; n++) {
      const cycle = { name: `bench recorded ${n}` };
      for (const cmd of commands) {
        await new Promise((ok) => setTimeout(ok, 50));
        const from = wallMs();
        const res = await post(server.port, agent, JSON.stringify({ query: cmd.query, variables: cmd.vars(cycle) }), server.tokens[cmd.who]);
        const to = wallMs();
        const body = JSON.parse(res.text);
        if (res.status !== 200 || body.errors || !cmd.check(body.data, cycle)) throw new Error(`recording the cycle: ${cmd.kind} answered ${res.text.slice(0, 300)}`);
        windows.push({ cycle: n, kind: cmd.kind, from, to, queries: [] });
      }
    }
    agent.destroy();
  } finally {
    await server.stop();
  }
  // 20 ms of slack either side covers the two processes' clocks (the pauses are 50 ms).
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const q = JSON.parse(line);
    const w = windows.find((x) => q.at >= x.from - 20 && q.at <= x.to + 20);
    if (w) w.queries.push({ text: q.text, name: q.name, values: q.values });
  }
  const last = windows.filter((w) => w.cycle === 2);
  for (const w of last) if (!w.queries.length) throw new Error(`recording the cycle: no SQL seen for ${w.kind}`);
  return last.map(({ kind, queries }) => ({ kind, queries }));
}

/**
 * The recorded cycle as templates: every string (SQL text, parameter, JSON) split at the ids a
 * cycle creates (cluster, events, artefacts, decisions…; template ids are kept), so that a new
 * cycle costs the load generator a few joins, not a regular-expression pass over the snapshots.
 */
function compileCycle(recorded, keep) {
  const slots = new Map();
  const template = (str) => {
    const parts = [];
    const ids = [];
    let last = 0;
    for (const m of str.matchAll(UUID)) {
      if (keep.has(m[0].toLowerCase())) continue;
      if (!slots.has(m[0])) slots.set(m[0], slots.size);
      parts.push(str.slice(last, m.index));
      ids.push(slots.get(m[0]));
      last = m.index + m[0].length;
    }
    parts.push(str.slice(last));
    return ids.length ? { parts, ids } : str;
  };
  const value = (v) =>
    typeof v === 'string' ? template(v) : Array.isArray(v) ? { array: v.map(value) } : v && typeof v === 'object' ? { json: template(JSON.stringify(v)) } : v;
  const commands = recorded.map(({ kind, queries }) => ({ kind, queries: queries.map((q) => ({ text: template(q.text), name: q.name, values: q.values?.map(value) })) }));
  return { commands, slots: slots.size };
}

/** One cycle's queries from the templates, with fresh ids. */
function instantiate({ commands, slots }) {
  const ids = Array.from({ length: slots }, () => randomUUID());
  const str = (t) => (typeof t === 'string' ? t : t.parts.reduce((out, part, i) => out + ids[t.ids[i - 1]] + part));
  const value = (v) => (v === null || typeof v !== 'object' ? v : v.parts ? str(v) : v.array ? v.array.map(value) : JSON.parse(str(v.json)));
  return commands.map(({ kind, queries }) => ({ kind, queries: queries.map((q) => ({ text: str(q.text), name: q.name, values: q.values?.map(value) })) }));
}

/**
 * `connections` raw `pg` connections, each replaying a recorded cycle (recordSql) (the same
 * statements, in the same transactions, on new ids each cycle) back to back on the server's
 * own database; one "command" is one recorded command's queries.
 */
async function replayLoad(url, recorded, { connections, warmupMs, measureMs, postmasterPid, serverPid }) {
  const clients = [];
  try {
    for (let i = 0; i < connections; i++) {
      const c = new Client({ connectionString: url });
      await c.connect();
      clients.push(c);
    }
    const keep = new Set((await clients[0].query('select id::text from programme_template')).rows.map((r) => r.id.toLowerCase()));
    const cycle = compileCycle(recorded, keep);
    const t0 = hr();
    const from = t0 + BigInt(Math.round(warmupMs * 1e6));
    const until = from + BigInt(Math.round(measureMs * 1e6));
    const samples = [];
    let completed = 0;
    let misses = 0;
    let meter;
    const startMeter = setTimeout(() => (meter = cpuMeter(serverPid, postmasterPid)), warmupMs);
    const loop = async (c) => {
      while (hr() < until) {
        for (const { queries } of instantiate(cycle)) {
          if (hr() >= until) return;
          const a = hr();
          for (const q of queries) {
            const r = await c.query(q.name ? { name: q.name, text: q.text, values: q.values } : q.values ? { text: q.text, values: q.values } : q.text);
            // The replay must do the server's work: the lock finds its row, each write hits it.
            if (Array.isArray(r) ? r.some((x) => x.command === 'SELECT' && x.rows.length !== 1) : r.rows?.[0]?.n !== undefined && r.rows[0].n !== 1) misses++;
          }
          const b = hr();
          if (b >= from && b <= until) {
            completed++;
            if (a >= from) samples.push(ms(b - a));
          }
        }
      }
    };
    await Promise.all(clients.map(loop));
    clearTimeout(startMeter);
    if (misses) throw new Error(`${misses} replayed statements did not find or write their cluster row; the raw baseline is not doing the server's work`);
    const cpu = meter?.stop() ?? null; // `server`: the GraphQL server, idle during this phase
    return { completed, rate: completed / (measureMs / 1000), samples, cpu };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of every statement of one recorded cycle (recordSql), replayed on
 * new ids inside the same transactions: where the database spends a command's time. Returns
 * one text block per command.
 */
async function explainCycle(url, recorded) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const keep = new Set((await c.query('select id::text from programme_template')).rows.map((r) => r.id.toLowerCase()));
    const out = [];
    for (const { kind, queries } of instantiate(compileCycle(recorded, keep))) {
      const lines = [`--- ${kind}`];
      for (const q of queries) {
        if (!q.values || !/^\s*(with|insert|update|delete|select)/i.test(q.text)) {
          await c.query(q.text);
          continue;
        }
        const r = await c.query({ text: `explain (analyze, buffers, costs off) ${q.text}`, values: q.values });
        lines.push(q.text.replace(/\s+/g, ' ').slice(0, 120), ...r.rows.map((x) => x['QUERY PLAN']));
      }
      out.push(lines.join('\n'));
    }
    return out;
  } finally {
    await c.end();
  }
}

module.exports = {
  explainCycle,
  cpuMeter,
  cpuLine,
  recordSql,
  replayLoad,
  postgresServer,
  withScratchDir,
  withScratchDatabase,
  timedRuns,
  timedGraphql,
  gql,
  now,
  stats,
  timeIt,
  freePort,
  waitForHealth,
  spawnNode,
  startServer,
  post,
  memoryMb,
  rssPeak,
  bareServerRss,
};
