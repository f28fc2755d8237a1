// The auditor's reads on a large history: approvalHistory over GraphQL (by reviewer and
// period; for one cluster), the hash verification of one long chain, and the CLI export.
//
// Data: a scratch database that the server migrates at its start; then, with SQL alone
// (generate_series, INSERT ... SELECT), BENCH_AUDIT_CLUSTERS clusters (10,000) of agency
// `bench`, each with BENCH_AUDIT_EVENTS_PER_CLUSTER events (100: 1,000,000 in all) and
// BENCH_AUDIT_DECISIONS_PER_CLUSTER decisions (20: 200,000), one artefact version each.
// Their hashes are synthetic (md5 text, chained by prevHash but not eventHash); the
// verification figure uses one real chain of 10,000 events (hashed with eventHash from the
// build) on a cluster of another agency, `bench-chain`, so it adds no rows to the reads.
// ANALYZE afterwards.
//
// Figures, each with its baseline measured in the same run:
// - approvalHistory(filter: {decidedBy, from, to}, first: 50): p50/p99 over HTTP with a
//   token signed by the server's secret (one request at a time, keep-alive); baseline: the
//   repository's statement run directly with pg, same parameters.
// - approvalHistory(filter: {clusterId}): p50, same baseline.
// - verifyChain (dist) on the 10,000 events as read back from the database; baseline:
//   SHA-256 of the same canonical strings with node:crypto alone.
// - `node scripts/cli.js audit export --agency bench --format jsonl` > /dev/null: events/s
//   (wall time of the child, its start included) and peak RSS (VmHWM, polled); the same
//   for an agency with no events, the fixed cost, as the baseline.
//
// PostgreSQL: TEST_DATABASE_URL, else DATABASE_URL, else an embedded one, as gate-cycle.
//
//   node bench/run.js audit
require('reflect-metadata');
const { createHash } = require('node:crypto');
const { spawn } = require('node:child_process');
const { openSync, closeSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { stats, startServer, timedGraphql, timedRuns, withScratchDatabase } = require('./lib');

const DIST = join(__dirname, '../dist');
const ROOT = join(__dirname, '..');
const AGENCY = 'bench';
const CHAIN_AGENCY = 'bench-chain';

const CLUSTERS = Number(process.env.BENCH_AUDIT_CLUSTERS || 10_000);
const EVENTS_PER_CLUSTER = Number(process.env.BENCH_AUDIT_EVENTS_PER_CLUSTER || 100);
const DECISIONS_PER_CLUSTER = Number(process.env.BENCH_AUDIT_DECISIONS_PER_CLUSTER || 20);
const CHAIN_EVENTS = 10_000;
const USERS = 50;
const ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS || 300);
const WARMUP = 30;

const START = Date.parse('2024-01-01T00:00:00Z');
const SPAN_MS = 2 * 365 * 24 * 3600 * 1000; // two years of history
const DAY = 24 * 3600 * 1000;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const log = (line) => process.stderr.write(`  ${line}\n`);

function startAuditServer({ databaseUrl, dataDir }) {
  return startServer({
    databaseUrl,
    dataDir,
    tokens: async (sign) => ({ auditor: await sign({ agency: AGENCY, userId: 'bench-auditor', roles: ['auditor'] }) }),
  });
}

// --- data -------------------------------------------------------------------------------------

const clusterUuid = (expr) => `md5('cluster-' || ${expr})::uuid`;
const hashOf = (c, s) => `md5('h' || ${c} || '-' || ${s}) || md5('g' || ${c} || '-' || ${s})`;

async function generate(c) {
  const t0 = now();
  const step = (label, t) => log(`generated ${label} in ${((now() - t) / 1000).toFixed(1)} s`);
  await c.query('set synchronous_commit = off');
  await c.query(`set maintenance_work_mem = '256MB'`);
  let t = now();
  await c.query(
    `insert into cluster (id, agency, name, template_id, template_key, template_version, phase, status, version, entered_phase_at,
       registered_at, registered_by, cda_ids, snapshot, last_hash)
     select ${clusterUuid('i')}, $1, 'Cluster ' || i, md5('template')::uuid, 'bench-audit', 1, 'review', 'ACTIVE', $3::int,
            $4::timestamptz + (i * interval '1 minute'), $4::timestamptz + (i * interval '1 minute'), 'bench-cda', array['bench-cda'], '{}'::jsonb,
            ${hashOf('i', '$3::int')}
       from generate_series(1, $2::int) i`,
    [AGENCY, CLUSTERS, EVENTS_PER_CLUSTER, new Date(START).toISOString()],
  );
  step(`${CLUSTERS} clusters`, t);
  t = now();
  // Events: seq 1 REGISTERED, then DECIDED / ARTEFACT_SUBMITTED / INDICATOR_RECORDED in turn; `at` spread over two years.
  await c.query(
    `insert into cluster_event (id, agency, cluster_id, seq, type, actor, actor_name, role, at, payload, prev_hash, hash)
     select gen_random_uuid(), $1, ${clusterUuid('i')}, s,
            case when s = 1 then 'REGISTERED' when s % 3 = 0 then 'DECIDED' when s % 3 = 1 then 'ARTEFACT_SUBMITTED' else 'INDICATOR_RECORDED' end,
            'user-' || ((i * 7 + s) % ${USERS}), null, case when s % 3 = 0 then 'reviewer' end,
            $3::timestamptz + ((s - 1) * $2::bigint + i) * ($4::double precision / ($2::bigint * $5::bigint)) * interval '1 millisecond',
            case when s = 1 then jsonb_build_object('name', 'Cluster ' || i, 'templateKey', 'bench-audit', 'templateVersion', 1)
                 when s % 3 = 0 then jsonb_build_object('decisionId', md5('d' || i || '-' || s)::uuid, 'gate', 'to_review', 'role', 'reviewer', 'outcome', 'APPROVE', 'artefactVersionId', null, 'comment', null)
                 when s % 3 = 1 then jsonb_build_object('artefactId', md5('a' || i)::uuid, 'versionId', md5('v' || i || '-' || s)::uuid, 'type', 'report', 'title', 'Report', 'number', s)
                 else jsonb_build_object('indicator', 'jobs', 'period', '2024-Q' || (s % 4 + 1), 'value', s, 'note', null) end,
            case when s = 1 then repeat('0', 64) else ${hashOf('i', 's - 1')} end,
            ${hashOf('i', 's')}
       from generate_series(1, $5::int) i cross join generate_series(1, $2::int) s`,
    [AGENCY, EVENTS_PER_CLUSTER, new Date(START).toISOString(), SPAN_MS, CLUSTERS],
  );
  step(`${CLUSTERS * EVENTS_PER_CLUSTER} events`, t);
  t = now();
  await c.query(
    `insert into artefact_version (id, agency, cluster_id, artefact_id, number, type, title, uri, sha256, fields, submitted_by, submitted_at, event_id)
     select md5('v' || i)::uuid, $1, ${clusterUuid('i')}, md5('a' || i)::uuid, 1, 'report', 'Report', null, null, '{}'::jsonb, 'bench-cda',
            $2::timestamptz + (i * interval '1 minute'), gen_random_uuid()
       from generate_series(1, $3::int) i`,
    [AGENCY, new Date(START).toISOString(), CLUSTERS],
  );
  // Decisions: decided_by spread over USERS reviewers, decided_at pseudo-randomly over two years.
  const total = CLUSTERS * DECISIONS_PER_CLUSTER;
  await c.query(
    `insert into decision (id, agency, cluster_id, cluster_name, gate, role, outcome, comment, decided_by, decided_at, artefact_version_id, visit, counts, event_id)
     select gen_random_uuid(), $1, ${clusterUuid('i')}, 'Cluster ' || i, 'to_review', 'reviewer',
            case when k % 5 = 0 then 'REJECT' else 'APPROVE' end, null,
            'user-' || ((i + k) % ${USERS}),
            $2::timestamptz + (((i::bigint * 7919 + k * 104729) % $3::bigint) * ($4::double precision / $3::bigint)) * interval '1 millisecond',
            case when k % 4 = 0 then md5('v' || i)::uuid end, 1, k % 5 <> 0, gen_random_uuid()
       from generate_series(1, $5::int) i cross join generate_series(1, $6::int) k`,
    [AGENCY, new Date(START).toISOString(), total, SPAN_MS, CLUSTERS, DECISIONS_PER_CLUSTER],
  );
  step(`${CLUSTERS} artefact versions and ${total} decisions`, t);
  const chain = await realChain(c);
  t = now();
  await c.query('analyze');
  step('ANALYZE', t);
  const sizes = [];
  for (const table of ['cluster', 'cluster_event', 'decision', 'artefact_version']) {
    const { rows } = await c.query(`select count(*)::bigint as rows, pg_total_relation_size('${table}') as bytes from ${table}`);
    sizes.push({ table, rows: Number(rows[0].rows), mb: +(Number(rows[0].bytes) / 2 ** 20).toFixed(1) });
  }
  const seconds = (now() - t0) / 1000;
  log(`generation: ${seconds.toFixed(1)} s; ${sizes.map((s) => `${s.table} ${s.rows} rows, ${s.mb} MB`).join('; ')}`);
  return { seconds, sizes, chain };
}

/** One cluster of agency bench-chain with CHAIN_EVENTS events hashed with the real eventHash. */
async function realChain(c) {
  const t = now();
  const { eventHash, GENESIS_HASH } = require(join(DIST, 'libs/engine/src/audit'));
  const clusterId = '00000000-0000-4000-8000-00000000c0a1';
  const rows = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= CHAIN_EVENTS; seq++) {
    const e = {
      clusterId,
      seq,
      type: seq === 1 ? 'REGISTERED' : 'DECIDED',
      actor: `user-${seq % USERS}`,
      role: seq === 1 ? null : 'reviewer',
      at: new Date(START + seq * 60_000).toISOString(),
      payload: seq === 1 ? { name: 'Chain', templateKey: 'bench-audit', templateVersion: 1 } : { decisionId: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, gate: 'to_review', role: 'reviewer', outcome: 'APPROVE', artefactVersionId: null, comment: null },
      prevHash: prev,
    };
    prev = eventHash(e);
    rows.push({ ...e, hash: prev });
  }
  await c.query(
    `insert into cluster (id, agency, name, template_id, template_key, template_version, phase, status, version, entered_phase_at,
       registered_at, registered_by, cda_ids, snapshot, last_hash)
     values ($1, $2, 'Chain', md5('template')::uuid, 'bench-audit', 1, 'review', 'ACTIVE', $3::int, now(), now(), 'bench-cda', array['bench-cda'], '{}'::jsonb, $4)`,
    [clusterId, CHAIN_AGENCY, CHAIN_EVENTS, prev],
  );
  await c.query(
    `insert into cluster_event (id, agency, cluster_id, seq, type, actor, actor_name, role, at, payload, prev_hash, hash)
     select gen_random_uuid(), $1, (e->>'clusterId')::uuid, (e->>'seq')::int, e->>'type', e->>'actor', null, e->>'role', (e->>'at')::timestamptz,
            e->'payload', e->>'prevHash', e->>'hash'
       from jsonb_array_elements($2::jsonb) e`,
    [CHAIN_AGENCY, JSON.stringify(rows)],
  );
  log(`generated a real chain of ${CHAIN_EVENTS} events in ${((now() - t) / 1000).toFixed(1)} s`);
  return { clusterId, head: { version: CHAIN_EVENTS, lastHash: prev } };
}

// --- approvalHistory ------------------------------------------------------------------------------

const iso = (col) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
const isoMicros = (col) => `to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
const DECISION_COLUMNS = `id, cluster_id, cluster_name, gate, role, outcome, comment, decided_by, ${iso('decided_at')} as decided_at,
  ${isoMicros('decided_at')} as cursor_at, decided_at as sort_at, artefact_version_id, visit, counts, event_id`;

/** AuditRepository.approvalPage's statement, with $n parameters. */
function rawApprovalSql(filter) {
  const where = ['agency = $1'];
  const values = [AGENCY];
  const add = (clause, v) => {
    values.push(v);
    where.push(clause.replace('?', `$${values.length}`));
  };
  if (filter.clusterId) add('cluster_id = ?::uuid', filter.clusterId);
  if (filter.decidedBy) add('decided_by = ?', filter.decidedBy);
  if (filter.from) add('decided_at >= ?::timestamptz', filter.from);
  if (filter.to) add('decided_at < ?::timestamptz', filter.to);
  const n = values.length;
  const found = filter.clusterId ? `exists (select 1 from cluster where agency = $${n + 2} and id = $${n + 3}::uuid)` : 'true';
  const text = `select t.total_count, t.cluster_found, p.*
     from (select count(*)::int as total_count, ${found} as cluster_found from decision where ${where.join(' and ')}) t
     left join lateral (
       select ${DECISION_COLUMNS} from decision where ${where.join(' and ')}
        order by decided_at desc, id desc limit $${n + 1}::int
     ) p on true
    order by p.sort_at desc, p.id desc`;
  return { text, values: [...values, 51, ...(filter.clusterId ? [AGENCY, filter.clusterId] : [])] };
}

const GQL = `query($f: ApprovalFilter) { approvalHistory(filter: $f, first: 50) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id clusterId clusterName gate role outcome comment decidedBy decidedAt counts } } } }`;

function filters(kind, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    if (kind === 'cluster') {
      out.push({ clusterId: null, index: 1 + ((i * 7919) % CLUSTERS) });
    } else {
      const from = START + ((i * 37) % 700) * DAY;
      out.push({ decidedBy: `user-${i % USERS}`, from: new Date(from).toISOString(), to: new Date(from + 30 * DAY).toISOString() });
    }
  }
  return out;
}

async function clusterIds(c, list) {
  const idx = list.map((f) => f.index);
  const { rows } = await c.query(`select i, md5('cluster-' || i)::uuid::text as id from unnest($1::int[]) i`, [idx]);
  const byIndex = new Map(rows.map((r) => [r.i, r.id]));
  return list.map((f) => ({ clusterId: byIndex.get(f.index) }));
}

async function measureServer(server, list) {
  let rows = 0;
  const s = await timedGraphql(
    server,
    server.tokens.auditor,
    { rounds: list.length - WARMUP, warmup: WARMUP, what: 'approvalHistory' },
    (i) => ({ query: GQL, variables: { f: list[i] } }),
    (data, i, measured) => {
      if (!data?.approvalHistory) throw new Error(`approvalHistory failed: no approvalHistory in ${JSON.stringify(data).slice(0, 400)}`);
      if (measured) rows += data.approvalHistory.edges.length;
    },
  );
  return { ...s, rowsPerPage: rows / s.n };
}

function measureRaw(c, list) {
  return timedRuns({ rounds: list.length - WARMUP, warmup: WARMUP }, (q) => c.query(q.text, q.values), { before: (i) => rawApprovalSql(list[i]) });
}

// --- verification ---------------------------------------------------------------------------------

async function measureVerify(c, chain) {
  const { verifyChain } = require(join(DIST, 'libs/engine/src/audit'));
  const { canonicalize } = require('json-canonicalize');
  const { rows } = await c.query(
    `select id, cluster_id, seq, type, actor, role, ${iso('at')} as at, payload, prev_hash, hash from cluster_event where agency = $1 and cluster_id = $2 order by seq`,
    [CHAIN_AGENCY, chain.clusterId],
  );
  const events = rows.map((r) => ({ id: r.id, clusterId: r.cluster_id, seq: r.seq, type: r.type, actor: r.actor, role: r.role, at: r.at, payload: r.payload, prevHash: r.prev_hash, hash: r.hash }));
  const canonical = events.map((e) => canonicalize({ clusterId: e.clusterId, seq: e.seq, type: e.type, actor: e.actor, role: e.role ?? null, at: e.at, payload: e.payload, prevHash: e.prevHash }));
  const verify = [];
  const hash = [];
  for (let i = 0; i < 23; i++) {
    let t = now();
    const v = verifyChain(chain.clusterId, events, chain.head);
    const ms = now() - t;
    if (!v.valid || v.eventsChecked !== CHAIN_EVENTS) throw new Error(`the real chain does not verify: ${JSON.stringify(v)}`);
    t = now();
    let last = '';
    for (const s of canonical) last = createHash('sha256').update(s, 'utf8').digest('hex');
    const hms = now() - t;
    if (last !== chain.head.lastHash) throw new Error('the baseline hashes differ from the chain');
    if (i >= 3) {
      verify.push(ms);
      hash.push(hms);
    }
  }
  return { verify: stats(verify), hash: stats(hash), events: events.length };
}

// --- export ---------------------------------------------------------------------------------------

function readKb(pid, field) {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** Runs the CLI export to /dev/null; wall time, the events it reports and its peak RSS (MB). */
async function runExport(env, agency) {
  const devnull = openSync('/dev/null', 'w');
  const t = now();
  const child = spawn(process.execPath, [join(ROOT, 'scripts/cli.js'), 'audit', 'export', '--agency', agency, '--format', 'jsonl'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', devnull, 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let peakKb = 0;
  const poll = () => {
    const hwm = readKb(child.pid, 'VmHWM') ?? readKb(child.pid, 'VmRSS');
    if (hwm != null) peakKb = Math.max(peakKb, hwm);
  };
  const timer = setInterval(poll, 10);
  const code = await new Promise((ok) => child.on('exit', (c) => ok(c)));
  const ms = now() - t;
  clearInterval(timer);
  closeSync(devnull);
  if (code !== 0) throw new Error(`audit export exited with ${code}: ${stderr}`);
  const m = stderr.match(/exported (\d+) events? of (\d+) clusters?/);
  return { ms, events: m ? Number(m[1]) : NaN, clusters: m ? Number(m[2]) : NaN, peakMb: peakKb / 1024 };
}

// --- the benchmark --------------------------------------------------------------------------------

module.exports = async function auditBench() {
  return withScratchDatabase('audit', async (scratch) => {
    const { pg, db } = scratch;
    // The server applies the migrations at its start; the data goes in after (inserts only).
    const server = await scratch.startServer({}, startAuditServer);
    const c = await scratch.connect();
    const pgVersion = (await c.query('show server_version')).rows[0].server_version;
    log(`PostgreSQL ${pgVersion} (${pg.source}); scratch database ${db}`);
    const data = await generate(c);

    const byUser = filters('user', ROUNDS + WARMUP);
    const byCluster = await clusterIds(c, filters('cluster', ROUNDS + WARMUP));
    const rawUser = await measureRaw(c, byUser);
    const srvUser = await measureServer(server, byUser);
    const rawCluster = await measureRaw(c, byCluster);
    const srvCluster = await measureServer(server, byCluster);
    log(`approvalHistory by reviewer and 30-day period: ${srvUser.rowsPerPage.toFixed(1)} decisions per page on average; per cluster: ${srvCluster.rowsPerPage.toFixed(1)}`);

    const ver = await measureVerify(c, data.chain);

    // The start of an export for an agency that has a template but no history (the CLI refuses an unknown agency).
    await c.query(
      `insert into programme_template (id, agency, key, version, title, source, sha256, definition, warnings, published_by, published_at)
       values (gen_random_uuid(), 'bench-empty', 'bench-empty', 1, 'Empty', '', repeat('0', 64), '{}', '[]', 'bench', now())`,
    );
    const idle = await runExport(server.env, 'bench-empty');
    const exp = await runExport(server.env, AGENCY);
    const expected = CLUSTERS * EVENTS_PER_CLUSTER;
    if (exp.events !== expected) throw new Error(`the export wrote ${exp.events} events, not ${expected}`);
    const rate = exp.events / (exp.ms / 1000);
    const rateNet = exp.events / ((exp.ms - idle.ms) / 1000);
    log(`export: ${exp.events} events of ${exp.clusters} clusters in ${(exp.ms / 1000).toFixed(2)} s (start of an empty export: ${(idle.ms / 1000).toFixed(2)} s; without it ${rateNet.toFixed(0)} events/s); peak RSS ${exp.peakMb.toFixed(0)} MB (empty: ${idle.peakMb.toFixed(0)} MB)`);

    const met = (ok) => (ok ? 'met' : 'MISSED');
    const scaled = expected < 1_000_000 ? ` (SCALED DOWN from 1,000,000)` : '';
    const common = { postgres: `${pg.source} ${pgVersion}`, clusters: CLUSTERS, events: expected, decisions: CLUSTERS * DECISIONS_PER_CLUSTER, generationSeconds: +data.seconds.toFixed(1), sizes: data.sizes, rounds: ROUNDS };
    return [
      { name: `audit: approvalHistory SQL by reviewer + 30 days, raw pg (baseline)`, unit: 'ms', ...rawUser, ...common },
      { name: `audit: approvalHistory(decidedBy, from, to, first 50) over HTTP, ${CLUSTERS * DECISIONS_PER_CLUSTER} decisions`, unit: 'ms', ...srvUser, ratio: srvUser.p50 / rawUser.p50, goal: `p50 < 10 (${met(srvUser.p50 < 10)})`, ...common },
      { name: `audit: approvalHistory SQL for one cluster, raw pg (baseline)`, unit: 'ms', ...rawCluster, ...common },
      { name: `audit: approvalHistory(clusterId) over HTTP`, unit: 'ms', ...srvCluster, ratio: srvCluster.p50 / rawCluster.p50, goal: `p50 < 5 (${met(srvCluster.p50 < 5)})`, ...common },
      { name: `audit: SHA-256 of ${ver.events} canonical strings, node:crypto (baseline)`, unit: 'ms', ...ver.hash },
      { name: `audit: verifyChain of a real ${ver.events}-event chain`, unit: 'ms', ...ver.verify, ratio: ver.verify.p50 / ver.hash.p50, goal: `< 200 (${met(ver.verify.p50 < 200)})` },
      { name: `audit: CLI export of an agency with no events (start-up, baseline; peak RSS ${idle.peakMb.toFixed(0)} MB)`, unit: 'ms', p50: idle.ms, peakRssMb: idle.peakMb },
      {
        name: `audit: CLI export jsonl, ${exp.events} events${scaled} (${(exp.ms / 1000).toFixed(1)} s with start-up; peak RSS ${exp.peakMb.toFixed(0)} MB)`,
        unit: 'ev/s',
        rate,
        goal: `>= 50000 (${met(rate >= 50_000)}); RSS < 200 MB (${met(exp.peakMb < 200)})`,
        ms: exp.ms,
        rateWithoutStart: rateNet,
        peakRssMb: exp.peakMb,
        ...common,
      },
    ];
  });
};

// The generator, for benches that read the same history (bench/analytics.bench.js).
module.exports.generate = generate;
module.exports.AGENCY = AGENCY;
