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
// Figures: commands/s with 32 clients; p50/p99 per command with 8 clients. Baseline in the
// same run, on the same PostgreSQL server: raw `pg` connections (8, then 32) running a
// transaction like a command's — BEGIN; SELECT ... FOR UPDATE on a cluster row; INSERT an
// event; INSERT a decision; UPDATE the cluster row (its snapshot, a real one copied from the
// server's database); COMMIT — on throwaway copies of the three tables (same columns and
// indexes as the migration) in a scratch database. Any GraphQL or HTTP error fails the bench.
//
// PostgreSQL: TEST_DATABASE_URL, else DATABASE_URL, when set (the bench creates its two
// databases there and drops them at the end), else an embedded PostgreSQL in a temporary
// folder, as `npm start` runs it. Tokens are minted with the server's own secret (the one it
// writes into its DATA_DIR), the way `npm run cli -- token` does.
//
// Knobs (environment): BENCH_SECONDS (measured window, 10), BENCH_WARMUP_SECONDS (2),
// BENCH_LOG_LEVEL (the server's LOG_LEVEL, default info as in production: one pino line per
// request, written to /dev/null), BENCH_CPU_PROF=<dir> (the server runs with --cpu-prof and
// writes its profile there when it stops).
//
//   node bench/run.js gate-cycle
require('reflect-metadata');
const http = require('node:http');
const { randomBytes, randomUUID } = require('node:crypto');
const { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { Client } = require('pg');
const { stats, freePort, startServer, post } = require('./lib');

const DIST = join(__dirname, '../dist');

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

const hr = () => process.hrtime.bigint();
const ms = (ns) => Number(ns) / 1e6;

// --- PostgreSQL ------------------------------------------------------------------------------

async function postgresServer(dir) {
  const given = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  if (given) return { url: given, source: process.env.TEST_DATABASE_URL?.trim() ? 'TEST_DATABASE_URL' : 'DATABASE_URL', postmasterPid: null, stop: async () => {} };
  const { startEmbeddedPostgres } = require(join(DIST, 'libs/persistence/src/embedded-postgres'));
  const dataDir = join(dir, 'pg');
  const pg = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  return { url: pg.url, source: 'embedded', postmasterPid: pid, stop: () => pg.stop() };
}

async function withClient(url, fn) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

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

// --- the server ------------------------------------------------------------------------------

function startGateServer({ databaseUrl, dataDir }) {
  const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir', resolve(process.env.BENCH_CPU_PROF)] : [];
  return startServer({
    databaseUrl,
    dataDir,
    nodeArgs: prof,
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

// --- the raw pg baseline -----------------------------------------------------------------------

// The three tables a decision touches, as the migration creates them (columns and indexes).
const SCRATCH_DDL = `
drop table if exists cluster, cluster_event, decision;
create table "cluster" ("id" uuid not null, "agency" text not null, "name" text not null, "sector" text null, "region" text null, "country" text null, "template_id" uuid not null, "template_key" text not null, "template_version" int not null, "phase" text not null, "status" text not null, "version" int not null, "score" double precision null, "eligible" boolean null, "entered_phase_at" timestamptz not null, "due_at" timestamptz null, "registered_at" timestamptz not null, "registered_by" text not null, "cda_ids" text[] not null, "snapshot" jsonb not null, "last_hash" char(64) not null, constraint "cluster_pkey" primary key ("id"));
create index "cluster_agency_due_at_index" on "cluster" ("agency", "due_at");
create index "cluster_agency_score_index" on "cluster" ("agency", "score");
create index "cluster_agency_phase_index" on "cluster" ("agency", "phase");
create index "cluster_agency_registered_at_id_index" on "cluster" ("agency", "registered_at", "id");
create table "cluster_event" ("id" uuid not null, "agency" text not null, "cluster_id" uuid not null, "seq" int not null, "type" text not null, "actor" text not null, "actor_name" text null, "role" text null, "at" timestamptz not null, "payload" jsonb not null, "prev_hash" char(64) not null, "hash" char(64) not null, constraint "cluster_event_pkey" primary key ("id"));
create index "cluster_event_agency_at_index" on "cluster_event" ("agency", "at");
alter table "cluster_event" add constraint "cluster_event_cluster_id_seq_unique" unique ("cluster_id", "seq");
create table "decision" ("id" uuid not null, "agency" text not null, "cluster_id" uuid not null, "cluster_name" text not null, "gate" text not null, "role" text not null, "outcome" text not null, "comment" text null, "decided_by" text not null, "decided_at" timestamptz not null, "artefact_version_id" uuid null, "visit" int not null, "counts" boolean not null default false, "event_id" uuid not null, constraint "decision_pkey" primary key ("id"));
create index "decision_agency_decided_at_index" on "decision" ("agency", "decided_at");
create index "decision_agency_decided_by_decided_at_index" on "decision" ("agency", "decided_by", "decided_at");
create index "decision_cluster_id_decided_at_index" on "decision" ("cluster_id", "decided_at");
`;

/** A cluster snapshot as the server stores it after a whole cycle, to make the raw writes the same size. */
async function realSnapshot(url) {
  return withClient(url, async (c) => {
    const { rows } = await c.query(`select snapshot::text as s from cluster where template_key = $1 and phase = 'review' limit 1`, [TEMPLATE_KEY]);
    if (!rows[0]) throw new Error('no finished benchmark cluster to copy a snapshot from');
    return JSON.parse(rows[0].s);
  });
}

/** Each connection runs the transaction in a closed loop on its own cluster row. */
async function rawLoad(url, { connections, warmupMs, measureMs, snapshot, postmasterPid, serverPid }) {
  const hex = () => randomBytes(32).toString('hex');
  const clients = [];
  try {
    for (let i = 0; i < connections; i++) {
      const c = new Client({ connectionString: url });
      await c.connect();
      clients.push(c);
    }
    await clients[0].query('truncate cluster, cluster_event, decision');
    const rows = [];
    for (let i = 0; i < connections; i++) {
      const id = randomUUID();
      await clients[0].query(
        `insert into cluster (id, agency, name, template_id, template_key, template_version, phase, status, version, entered_phase_at,
           registered_at, registered_by, cda_ids, snapshot, last_hash)
         values ($1, $2, $3, $4, $5, 1, 'draft', 'ACTIVE', 1, now(), now(), 'bench-cda', array['bench-cda'], $6::jsonb, $7)`,
        [id, AGENCY, `raw ${i}`, randomUUID(), TEMPLATE_KEY, JSON.stringify({ ...snapshot, id, version: 1 }), hex()],
      );
      rows.push(id);
    }
    await clients[0].query('vacuum analyze cluster');

    const t0 = hr();
    const from = t0 + BigInt(Math.round(warmupMs * 1e6));
    const until = from + BigInt(Math.round(measureMs * 1e6));
    const samples = [];
    let completed = 0;
    let meter;
    const startMeter = setTimeout(() => (meter = cpuMeter(serverPid, postmasterPid)), warmupMs);

    const loop = async (c, clusterId) => {
      while (hr() < until) {
        const a = hr();
        await c.query('begin');
        const { rows: locked } = await c.query('select id, version, snapshot, last_hash from cluster where agency = $1 and id = $2 for update', [AGENCY, clusterId]);
        const row = locked[0];
        const seq = row.version + 1;
        const eventId = randomUUID();
        const hash = hex();
        const at = new Date().toISOString();
        await c.query(
          `insert into cluster_event (id, agency, cluster_id, seq, type, actor, actor_name, role, at, payload, prev_hash, hash)
           values ($1, $2, $3, $4, 'DECIDED', 'bench-reviewer-b', null, 'reviewer_b', $5, $6::jsonb, $7, $8)`,
          [eventId, AGENCY, clusterId, seq, at, JSON.stringify({ decisionId: randomUUID(), gate: 'to_review', role: 'reviewer_b', outcome: 'APPROVE', artefactVersionId: null, comment: null }), row.last_hash, hash],
        );
        await c.query(
          `insert into decision (id, agency, cluster_id, cluster_name, gate, role, outcome, comment, decided_by, decided_at, artefact_version_id, visit, counts, event_id)
           values ($1, $2, $3, $4, 'to_review', 'reviewer_b', 'APPROVE', null, 'bench-reviewer-b', $5, null, 1, true, $6)`,
          [randomUUID(), AGENCY, clusterId, snapshot.name, at, eventId],
        );
        await c.query('update cluster set version = $3, snapshot = $4::jsonb, last_hash = $5 where agency = $1 and id = $2', [
          AGENCY,
          clusterId,
          seq,
          JSON.stringify({ ...row.snapshot, version: seq }),
          hash,
        ]);
        await c.query('commit');
        const b = hr();
        if (b >= from && b <= until) {
          completed++;
          if (a >= from) samples.push(ms(b - a));
        }
      }
    };
    await Promise.all(clients.map((c, i) => loop(c, rows[i])));
    clearTimeout(startMeter);
    const cpu = meter?.stop() ?? null; // `server`: the GraphQL server, idle during this phase
    return { completed, rate: completed / (measureMs / 1000), samples, cpu };
  } finally {
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
  }
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
  const { ensureDatabase, dropDatabase } = require(join(DIST, 'libs/persistence/src/database'));
  const dir = mkdtempSync(join(tmpdir(), 'clusterflow-bench-gate-'));
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when we are root
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const serverDb = `bench_gate_cycle_${suffix}`;
  const scratchDb = `bench_scratch_${suffix}`;
  const log = (line) => process.stderr.write(`  ${line}\n`);
  let pg;
  let server;
  const created = [];
  try {
    pg = await postgresServer(dir);
    const serverUrl = await ensureDatabase(pg.url, serverDb);
    created.push(serverDb);
    const scratchUrl = await ensureDatabase(pg.url, scratchDb);
    created.push(scratchDb);
    const pgVersion = await withClient(pg.url, async (c) => (await c.query('show server_version')).rows[0].server_version);
    await withClient(scratchUrl, (c) => c.query(SCRATCH_DDL));

    server = await startGateServer({ databaseUrl: serverUrl, dataDir: join(dir, 'data') });
    await publishTemplate(server);
    log(`PostgreSQL ${pgVersion} (${pg.source}); server LOG_LEVEL ${process.env.BENCH_LOG_LEVEL || 'info'}; warm-up ${warmupMs / 1000} s, measured ${measureMs / 1000} s per phase`);

    const opts = { warmupMs, measureMs, postmasterPid: pg.postmasterPid, serverPid: server.pid };
    const s8 = await serverLoad(server, { ...opts, clients: 8 });
    failOnErrors('8 clients', s8.errors);
    log(`server, 8 clients: ${s8.completed} commands (${s8.cycles} whole cycles) in ${measureMs / 1000} s, ${s8.rate.toFixed(0)}/s; ${cpuLine(s8.cpu)}`);
    const snapshot = await realSnapshot(serverUrl);
    const snapshotBytes = Buffer.byteLength(JSON.stringify(snapshot));
    const r8 = await rawLoad(scratchUrl, { ...opts, connections: 8, snapshot });
    log(`raw pg, 8 connections: ${r8.completed} transactions, ${r8.rate.toFixed(0)}/s; ${cpuLine(r8.cpu)}`);
    const s32 = await serverLoad(server, { ...opts, clients: 32 });
    failOnErrors('32 clients', s32.errors);
    log(`server, 32 clients: ${s32.completed} commands (${s32.cycles} whole cycles) in ${measureMs / 1000} s, ${s32.rate.toFixed(0)}/s; ${cpuLine(s32.cpu)}`);
    const r32 = await rawLoad(scratchUrl, { ...opts, connections: 32, snapshot });
    log(`raw pg, 32 connections: ${r32.completed} transactions, ${r32.rate.toFixed(0)}/s; ${cpuLine(r32.cpu)}`);
    const clusters = await withClient(serverUrl, async (c) => (await c.query('select count(*)::int as n from cluster')).rows[0].n);
    log(`snapshot of a cluster after a cycle: ${snapshotBytes} bytes of JSON; ${clusters} clusters in the server's database at the end`);

    const secs = measureMs / 1000;
    const met = (ok) => (ok ? 'met' : 'MISSED');
    const common = { postgres: `${pg.source} ${pgVersion}`, measuredSeconds: secs, warmupSeconds: warmupMs / 1000, snapshotBytes, serverLogLevel: process.env.BENCH_LOG_LEVEL || 'info' };
    const raw8 = stats(r8.samples);
    const rows = [
      { name: `gate-cycle: raw pg transaction (BEGIN; SELECT FOR UPDATE; 2 INSERT; UPDATE ${snapshotBytes} B snapshot; COMMIT), 8 connections (baseline)`, unit: 'ms', ...raw8, ...common, connections: 8, transactions: r8.completed, rate: r8.rate, cpu: r8.cpu },
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
    });
    rows.push({
      name: `gate-cycle: raw pg transactions/s, 32 connections, ${r32.completed} in ${secs} s (baseline)`,
      unit: 'tx/s',
      rate: r32.rate,
      ...common,
      connections: 32,
      transactions: r32.completed,
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
    });
    return rows;
  } finally {
    await server?.stop().catch((e) => process.stderr.write(`${e.message}\n`));
    if (pg && pg.source !== 'embedded') for (const name of created) await dropDatabase(pg.url, name).catch((e) => process.stderr.write(`dropping ${name}: ${e.message}\n`));
    await pg?.stop();
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
};
