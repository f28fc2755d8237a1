// The whole gate cycle over GraphQL, against the real server (the built dist, in its own
// process): registerCluster, submitArtefact, decide (reviewer_a, on the artefact version),
// decide (reviewer_b), advance. 5 commands per cycle, each cycle on a new cluster of a
// small template published for the benchmark (draft -> review -> done; the gate out of
// draft needs one report and two approvals in two different roles).
//
// Load generator (no autocannon): a closed loop. Each client owns one keep-alive HTTP
// connection (node:http Agent, keepAlive, maxSockets 1) and runs cycles back to back, one
// request in flight at a time, for a warm-up then a measured window; each request is timed
// with process.hrtime. A command counts towards the rate when it completes inside the
// window, towards the latencies when it starts and completes inside it. The load generator
// runs in this process, on the same machine as the server and PostgreSQL: its CPU share is
// printed beside the figures.
//
// Figures: commands/s with 32 clients; p50/p99 per command with 8 clients; the server's CPU per
// command; its RSS idle and at peak under the 32-client load (VmRSS sampled every 100 ms) beside
// a bare Node HTTP server's. Baseline in the same run, on the same PostgreSQL server and the same
// database: raw `pg` connections (8, then 32) replaying the very SQL the server sends for a
// cycle — recorded from a second server instance with bench/record-sql.js preloaded (its `pg`
// queries, assigned to the command in flight) — statement for statement, in the same
// transactions and round trips, on fresh ids each cycle (the recorded strings are split at the
// ids once, so a new cycle costs the load generator little), and checked to find and write their
// rows as the server's did; one "command" there is one recorded command's statements. Any
// GraphQL or HTTP error, or a replayed statement that misses its row, fails the bench.
//
// PostgreSQL: TEST_DATABASE_URL, else DATABASE_URL, when set (the bench creates its database
// there and drops it at the end), else an embedded PostgreSQL in a temporary
// folder, as `npm start` runs it. Tokens are minted with the server's own secret (the one it
// writes into its DATA_DIR), the way `npm run cli -- token` does.
//
// Knobs (environment): BENCH_SECONDS (measured window, 10), BENCH_WARMUP_SECONDS (2),
// BENCH_LOG_LEVEL (the server's LOG_LEVEL, default info as in production: one pino line per
// request, written to /dev/null), BENCH_CPU_PROF=<dir> (the server runs with --cpu-prof and
// writes its profile there when it stops), BENCH_EXPLAIN=1 (no figures: prints EXPLAIN ANALYZE of
// each statement of one recorded cycle, replayed on new ids, to see where PostgreSQL spends a command).
//
//   node bench/run.js gate-cycle
require('reflect-metadata');
const http = require('node:http');
const { join, resolve } = require('node:path');
const { Client } = require('pg');
const { postgresServer, withScratchDatabase, stats, startServer, post, memoryMb, rssPeak, bareServerRss, cpuMeter, cpuLine, recordSql, replayLoad, explainCycle } = require('./lib');

const AGENCY = 'bench';
const TEMPLATE_KEY = 'bench-gate-cycle';
const TEMPLATE = `
key: ${TEMPLATE_KEY}
version: 1
title: Benchmark gate cycle
roles:
  reviewer_a: { title: Reviewer A }
  reviewer_b: { title: Reviewer B }
artefacts:
  report: { title: Report }
phases:
  draft: { title: Draft }
  review: { title: Review }
  done: { title: Done, final: true }
gates:
  - id: to_review
    from: draft
    to: review
    requires:
      artefacts: [ { type: report } ]
      approvals: [ { role: reviewer_a, of: report }, { role: reviewer_b } ]
  - id: to_done
    from: review
    to: done
    requires:
      approvals: [ { role: reviewer_b } ]
`;

// What a client asks back from each command: the fields it needs to go on, and a check.
const COMMANDS = [
  {
    kind: 'registerCluster',
    who: 'cda',
    query: `mutation($name: String!) { registerCluster(input: { name: $name, templateKey: "${TEMPLATE_KEY}" }) { id phase version } }`,
    vars: (c) => ({ name: c.name }),
    check: (d, c) => d.registerCluster?.phase === 'draft' && d.registerCluster.version === 1 && (c.id = d.registerCluster.id),
  },
  {
    kind: 'submitArtefact',
    who: 'cda',
    query: 'mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "report", title: "Report" }) { id number } }',
    vars: (c) => ({ id: c.id }),
    check: (d, c) => d.submitArtefact?.number === 1 && (c.versionId = d.submitArtefact.id),
  },
  {
    kind: 'decide (reviewer_a, of report)',
    who: 'reviewerA',
    query: 'mutation($id: ID!, $v: ID!) { decide(input: { clusterId: $id, gate: "to_review", role: "reviewer_a", outcome: APPROVE, artefactVersionId: $v }) { id counts } }',
    vars: (c) => ({ id: c.id, v: c.versionId }),
    check: (d) => d.decide?.counts === true,
  },
  {
    kind: 'decide (reviewer_b)',
    who: 'reviewerB',
    query: 'mutation($id: ID!) { decide(input: { clusterId: $id, gate: "to_review", role: "reviewer_b", outcome: APPROVE }) { id counts } }',
    vars: (c) => ({ id: c.id }),
    check: (d) => d.decide?.counts === true,
  },
  {
    kind: 'advance',
    who: 'cda',
    query: 'mutation($id: ID!) { advance(clusterId: $id, gate: "to_review") { id phase version } }',
    vars: (c) => ({ id: c.id }),
    check: (d) => d.advance?.phase === 'review' && d.advance.version === 5,
  },
];

const GOAL_RATE = 700;
const GOAL_P99_MS = 25;
const GOAL_RATIO = 0.5;
const GOAL_RSS_MB = 300;

const hr = () => process.hrtime.bigint();
const ms = (ns) => Number(ns) / 1e6;

// --- PostgreSQL ------------------------------------------------------------------------------

async function withClient(url, fn) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The server's CPU per command (ms): steadier than the rate when other processes share the machine. */
const serverCpuMs = (load) => (load.cpu?.server != null && load.rate ? (load.cpu.server * 1000) / load.rate : null);
const perCommand = (load) => (serverCpuMs(load) != null ? `server CPU per command ${serverCpuMs(load).toFixed(2)} ms` : 'server CPU per command: n/a');

// --- the server ------------------------------------------------------------------------------

function startGateServer({ databaseUrl, dataDir, main, nodeArgs = [], env = {} }) {
  const prof = process.env.BENCH_CPU_PROF && !nodeArgs.length ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
  return startServer({
    databaseUrl,
    dataDir,
    nodeArgs: [...prof, ...nodeArgs],
    env,
    main,
    // Tokens signed with the server's own secret, as `npm run cli -- token` signs them.
    tokens: async (sign) => {
      const as = (userId, roles) => sign({ agency: AGENCY, userId, roles });
      return {
        admin: await as('bench-admin', ['agency_admin']),
        cda: await as('bench-cda', ['cda']),
        reviewerA: await as('bench-reviewer-a', ['reviewer_a']),
        reviewerB: await as('bench-reviewer-b', ['reviewer_b']),
      };
    },
  });
}

async function publishTemplate(server) {
  const agent = new http.Agent({ keepAlive: false });
  const res = await post(server.port, agent, JSON.stringify({ query: 'mutation($s: String!) { publishTemplate(source: $s) { key version } }', variables: { s: TEMPLATE } }), server.tokens.admin);
  const body = JSON.parse(res.text);
  if (body.errors || body.data?.publishTemplate?.key !== TEMPLATE_KEY) throw new Error(`publishing the benchmark template failed: ${res.text}`);
}

/**
 * `clients` closed-loop clients running gate cycles back to back for warm-up + measured
 * window. Returns the commands completed in the window, the latencies of those that started
 * and ended in it (per command kind), and every error seen (warm-up included).
 */
async function serverLoad(server, { clients, warmupMs, measureMs, postmasterPid }) {
  const t0 = hr();
  const from = t0 + BigInt(Math.round(warmupMs * 1e6));
  const until = from + BigInt(Math.round(measureMs * 1e6));
  const samples = new Map(COMMANDS.map((c) => [c.kind, []]));
  const all = [];
  const errors = [];
  let completed = 0;
  let cycles = 0;
  let meter;
  const startMeter = setTimeout(() => (meter = cpuMeter(server.pid, postmasterPid)), warmupMs);
  const bodies = COMMANDS.map((c) => ({ ...c, prefix: `{"query":${JSON.stringify(c.query)},"variables":` }));

  async function client(i) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let n = 0; hr() < until; n++) {
        const cycle = { name: `bench ${clients}c ${i}-${n}` };
        for (const cmd of bodies) {
          if (hr() >= until) return;
          const a = hr();
          let res;
          let problem = null;
          try {
            res = await post(server.port, agent, `${cmd.prefix}${JSON.stringify(cmd.vars(cycle))}}`, server.tokens[cmd.who]);
            const body = JSON.parse(res.text);
            if (res.status !== 200 || body.errors) problem = `${cmd.kind}: HTTP ${res.status} ${JSON.stringify(body.errors ?? body).slice(0, 300)}`;
            else if (!cmd.check(body.data, cycle)) problem = `${cmd.kind}: unexpected answer ${res.text.slice(0, 300)}`;
          } catch (e) {
            problem = `${cmd.kind}: ${e.message}`;
          }
          const b = hr();
          if (problem) {
            errors.push(problem);
            break; // the rest of this cycle cannot go on; start a new cluster
          }
          if (b >= from && b <= until) {
            completed++;
            if (cmd.kind === 'advance') cycles++;
            if (a >= from) {
              samples.get(cmd.kind).push(ms(b - a));
              all.push(ms(b - a));
            }
          }
        }
      }
    } finally {
      agent.destroy();
    }
  }

  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  clearTimeout(startMeter);
  const cpu = meter?.stop() ?? null;
  return { completed, cycles, rate: completed / (measureMs / 1000), samples, all, errors, cpu };
}

// --- the raw pg baseline: the server's own SQL, replayed (bench/lib.js) ---------------------------

/** The SQL the server sends for one gate cycle, recorded from a second server instance (see recordSql). */
function recordCycle(databaseUrl, dir) {
  return recordSql({
    commands: COMMANDS,
    file: join(dir, 'recorded-sql.jsonl'),
    start: (nodeArgs, env) => startGateServer({ databaseUrl, dataDir: join(dir, 'data-recorder'), nodeArgs, env }),
  });
}

// --- the benchmark -----------------------------------------------------------------------------

/** Any failed command (a GraphQL error, an HTTP error, an unexpected answer) fails the whole bench. */
function failOnErrors(phase, errors) {
  if (!errors.length) return;
  const kinds = new Map();
  for (const e of errors) {
    const k = e.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>');
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  const top = [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([e, n]) => `${n} x ${e}`);
  throw new Error(`gate-cycle: ${errors.length} failed commands with ${phase}; no figures reported. Most frequent:\n  ${top.join('\n  ')}`);
}

module.exports = async function gateCycleBench({
  measureMs = 1000 * Number(process.env.BENCH_SECONDS || 10),
  warmupMs = 1000 * Number(process.env.BENCH_WARMUP_SECONDS || 2),
} = {}) {
  const log = (line) => process.stderr.write(`  ${line}\n`);
  return withScratchDatabase(
    'gate',
    async (scratch) => {
      const { dir, pg, url: serverUrl } = scratch;
      const pgVersion = await withClient(pg.url, async (c) => (await c.query('show server_version')).rows[0].server_version);

      const server = await scratch.startServer({}, startGateServer);
      await publishTemplate(server);
      const recorded = await recordCycle(serverUrl, dir);
      const statements = recorded.reduce((n, c) => n + c.queries.length, 0);
      log(`the server's SQL for one cycle: ${recorded.map((c) => `${c.kind} ${c.queries.length}`).join(', ')} round trips (${statements} in all)`);
      if (process.env.BENCH_EXPLAIN) {
        // Where PostgreSQL spends a command: a few cycles first, so the tables are not empty.
        await serverLoad(server, { warmupMs: 0, measureMs: 2000, clients: 4, postmasterPid: pg.postmasterPid, serverPid: server.pid });
        for (const block of await explainCycle(serverUrl, recorded)) process.stderr.write(`${block}\n`);
        return [];
      }
      log(`PostgreSQL ${pgVersion} (${pg.source}); server LOG_LEVEL ${process.env.BENCH_LOG_LEVEL || 'info'}; warm-up ${warmupMs / 1000} s, measured ${measureMs / 1000} s per phase`);

      const opts = { warmupMs, measureMs, postmasterPid: pg.postmasterPid, serverPid: server.pid };
      // Memory idle: after the start, the template and a second of requests from one client.
      failOnErrors('1 client (before the idle memory reading)', (await serverLoad(server, { ...opts, clients: 1, warmupMs: 0, measureMs: 1000 })).errors);
      await new Promise((ok) => setTimeout(ok, 500));
      const idleRssMb = memoryMb(server.pid);
      const bareRssMb = await bareServerRss();
      const s8 = await serverLoad(server, { ...opts, clients: 8 });
      failOnErrors('8 clients', s8.errors);
      log(`server, 8 clients: ${s8.completed} commands (${s8.cycles} whole cycles) in ${measureMs / 1000} s, ${s8.rate.toFixed(0)}/s; ${cpuLine(s8.cpu)}; ${perCommand(s8)}`);
      const r8 = await replayLoad(serverUrl, recorded, { ...opts, connections: 8 });
      log(`raw pg, 8 connections: ${r8.completed} commands' SQL, ${r8.rate.toFixed(0)}/s; ${cpuLine(r8.cpu)}`);
      const sampler = rssPeak(server.pid);
      const s32 = await serverLoad(server, { ...opts, clients: 32 });
      const loadRssMb = sampler.stop();
      const hwmMb = memoryMb(server.pid, 'VmHWM');
      failOnErrors('32 clients', s32.errors);
      log(`server, 32 clients: ${s32.completed} commands (${s32.cycles} whole cycles) in ${measureMs / 1000} s, ${s32.rate.toFixed(0)}/s; ${cpuLine(s32.cpu)}; ${perCommand(s32)}`);
      const r32 = await replayLoad(serverUrl, recorded, { ...opts, connections: 32 });
      log(`raw pg, 32 connections: ${r32.completed} commands' SQL, ${r32.rate.toFixed(0)}/s; ${cpuLine(r32.cpu)}`);
      const { clusters, snapshotBytes } = await withClient(serverUrl, async (c) => {
        const n = (await c.query('select count(*)::int as n from cluster')).rows[0].n;
        const { rows: one } = await c.query(`select octet_length(snapshot::text) as b from cluster where template_key = $1 and phase = 'review' limit 1`, [TEMPLATE_KEY]);
        return { clusters: n, snapshotBytes: one[0]?.b ?? null };
      });
      log(`snapshot of a cluster after a cycle: ${snapshotBytes} bytes of JSON; ${clusters} clusters in the server's database at the end`);
      log(`server RSS: idle ${idleRssMb?.toFixed(0)} MB, peak under 32 clients ${loadRssMb?.toFixed(0)} MB (VmHWM ${hwmMb?.toFixed(0)} MB); a bare node HTTP server: ${bareRssMb?.toFixed(0)} MB`);

      const secs = measureMs / 1000;
      const met = (ok) => (ok ? 'met' : 'MISSED');
      const data = { template: `${TEMPLATE_KEY} (3 phases, 2 gates)`, commandsPerCycle: COMMANDS.length, statementsPerCycle: statements, snapshotBytes, clustersInServerDatabaseAtEnd: clusters };
      const common = { postgres: `${pg.source} ${pgVersion}`, measuredSeconds: secs, warmupSeconds: warmupMs / 1000, snapshotBytes, serverLogLevel: process.env.BENCH_LOG_LEVEL || 'info', data };
      const raw8 = stats(r8.samples);
      const rows = [
        { name: `gate-cycle: raw pg replaying the server's SQL, one command's statements, 8 connections (baseline)`, unit: 'ms', ...raw8, ...common, connections: 8, commands: r8.completed, rate: r8.rate, cpu: r8.cpu, recordedSql: recorded.map((c) => ({ command: c.kind, statements: c.queries.map((q) => q.text.replace(/\s+/g, ' ').slice(0, 160)) })) },
      ];
      for (const cmd of COMMANDS) {
        const s = stats(s8.samples.get(cmd.kind));
        rows.push({ name: `gate-cycle: ${cmd.kind}, 8 clients`, unit: 'ms', ...s, ratio: s.p50 / raw8.p50, goal: `p99 < ${GOAL_P99_MS} (${met(s.p99 < GOAL_P99_MS)})`, ...common, clients: 8 });
      }
      const all8 = stats(s8.all);
      rows.push({
        name: `gate-cycle: every command, 8 clients (${s8.completed} commands, ${s8.cycles} cycles on new clusters, ${secs} s)`,
        unit: 'ms',
        ...all8,
        ratio: all8.p50 / raw8.p50,
        goal: `p99 < ${GOAL_P99_MS} (${met(all8.p99 < GOAL_P99_MS)})`,
        ...common,
        clients: 8,
        commands: s8.completed,
        cycles: s8.cycles,
        rate: s8.rate,
        cpu: s8.cpu,
        serverCpuMsPerCommand: serverCpuMs(s8),
      });
      rows.push({
        name: `gate-cycle: raw pg replaying the server's SQL, commands/s, 32 connections, ${r32.completed} in ${secs} s (baseline)`,
        unit: 'cmd/s',
        rate: r32.rate,
        ...common,
        connections: 32,
        commands: r32.completed,
        latency: stats(r32.samples),
        cpu: r32.cpu,
      });
      const ratio = s32.rate / r32.rate;
      rows.push({
        name: `gate-cycle: server commands/s, 32 clients (${s32.completed} commands, ${s32.cycles} cycles on new clusters, ${secs} s)`,
        unit: 'cmd/s',
        rate: s32.rate,
        ratio,
        goal: `>= ${GOAL_RATE} (${met(s32.rate >= GOAL_RATE)}); >= ${GOAL_RATIO}x raw (${met(ratio >= GOAL_RATIO)})`,
        ...common,
        clients: 32,
        commands: s32.completed,
        cycles: s32.cycles,
        latency: stats(s32.all),
        cpu: s32.cpu,
        serverCpuMsPerCommand: serverCpuMs(s32),
      });
      const memory = { ...common, bareRssMb, idleRssMb, loadRssMb, hwmMb, sampledEveryMs: 100 };
      rows.push(
        { name: 'memory: RSS of a bare node HTTP server after one request (baseline)', unit: 'MB', value: bareRssMb, ...memory },
        { name: 'memory: server RSS idle (after start, a template and 1 s of commands)', unit: 'MB', value: idleRssMb, ratio: idleRssMb / bareRssMb, goal: `< ${GOAL_RSS_MB} (${met(idleRssMb < GOAL_RSS_MB)})`, ...memory },
        {
          name: `memory: server peak RSS under the 32-client gate-cycle load (sampled every 100 ms; VmHWM ${hwmMb?.toFixed(0)} MB)`,
          unit: 'MB',
          value: loadRssMb,
          ratio: loadRssMb / bareRssMb,
          goal: `< ${GOAL_RSS_MB} (${met(loadRssMb < GOAL_RSS_MB)})`,
          ...memory,
        },
      );
      return rows;
    },
    { db: `bench_gate_cycle_${process.pid}_${Date.now().toString(36)}` },
  );
};

// For scripts that compare two builds side by side (not part of `npm run bench`).
module.exports.internals = { postgresServer, startGateServer, publishTemplate, serverLoad };
