// Portfolio analytics (contract v2) on the audit bench's history: 10,000 clusters and
// 1,000,000 events (BENCH_AUDIT_CLUSTERS, BENCH_AUDIT_EVENTS_PER_CLUSTER scale it down).
//
// Data: a scratch database the server migrates at its start; a small template is published
// and one model cluster taken through the real commands (registered, a plan for `jobs`, four
// quarters of values, one of them corrected, a report, the first gate passed), so its snapshot
// and `gate_unmet` are the server's own. Then the audit bench's generator (audit.bench.js
// `generate`) writes its 10,000 clusters and 1,000,000 events, and SQL makes each of those
// clusters a copy of the model on this template: a tenth suspended, a twentieth finished, a
// sector out of 20, a first visit to `draft` of 1 to 60 days (some of it suspended) and the
// current visit to `review` (phase_visit), and its 33 INDICATOR_RECORDED events as
// indicator_value rows (4 quarters, the earlier recordings of each superseded) and the
// indicator_period and indicator_summary rows the commands would keep (the values in force and
// the model's plan). ANALYZE.
//
// Figures, each against its baseline in the same run: portfolio, phaseDurations,
// gateBottlenecks, indicatorReport by PERIOD and by ATTRIBUTE (sector) over HTTP (keep-alive,
// one request at a time, an auditor's token); baseline: the repository's statement, same
// parameters (and settings, in a transaction as the repository runs it), on `pg`.
//
//   node bench/run.js analytics
require('reflect-metadata');
const http = require('node:http');
const { join } = require('node:path');
const { gql, timedGraphql, timedRuns, withScratchDatabase } = require('./lib');
const audit = require('./audit.bench');

const DIST = join(__dirname, '../dist');
const AGENCY = audit.AGENCY;
const ROUNDS = Number(process.env.BENCH_ANALYTICS_ROUNDS || 200);
const WARMUP = 20;
const GOAL_MS = 100;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const log = (line) => process.stderr.write(`  ${line}\n`);

const TEMPLATE = `
key: bench-analytics
version: 1
title: Bench analytics
roles:
  reviewer: { title: Reviewer }
artefacts:
  report: { title: Report }
indicators:
  jobs: { title: Jobs, aggregation: sum }
attributes:
  size: { type: integer }
phases:
  draft: { title: Draft, due: P2M }
  review: { title: Review, due: P3M }
  done: { title: Done, final: true }
gates:
  - id: submit
    from: draft
    to: review
    requires: { artefacts: [ { type: report } ] }
  - id: approve
    from: review
    to: done
    requires: { approvals: [ { role: reviewer, of: report } ], indicators: [ { indicator: jobs, min: 1000 } ] }
  - id: back
    from: review
    to: draft
    requires: { approvals: [ { role: reviewer } ] }
`;

const QUERIES = {
  portfolio: { gql: '{ portfolio(templateKey: "bench-analytics") { clusters overdue byStatus { key count } byPhase { templateKey phase title count overdue } } }' },
  phaseDurations: { gql: '{ phaseDurations(templateKey: "bench-analytics") { phase title visits completed current p50Days p90Days maxDays } }' },
  gateBottlenecks: { gql: '{ gateBottlenecks(templateKey: "bench-analytics") { gate title waiting medianWaitDays unmetKinds { key count } } }' },
  'indicatorReport PERIOD': { gql: '{ indicatorReport(templateKey: "bench-analytics", indicator: "jobs", groupBy: PERIOD) { key label clusters value baseline target progress } }' },
  'indicatorReport ATTRIBUTE sector': { gql: '{ indicatorReport(templateKey: "bench-analytics", indicator: "jobs", groupBy: ATTRIBUTE, attribute: "sector") { key label clusters value baseline target progress } }' },
};

/** The repository's statement and parameters behind each query, for the baseline. */
function rawStatements() {
  const r = require(join(DIST, 'libs/persistence/src/repositories/analytics.repository'));
  const at = () => new Date().toISOString();
  return {
    portfolio: () => ({ text: r.PORTFOLIO_SQL, values: [AGENCY, 'bench-analytics', at()] }),
    phaseDurations: () => ({ text: r.PHASE_DURATIONS_SQL, values: [AGENCY, 'bench-analytics', null] }),
    // The gates on the way forward (`back` loops back to draft), as the service passes them.
    gateBottlenecks: () => {
      const now = at();
      return { text: r.GATE_BOTTLENECKS_SQL, values: [AGENCY, 'bench-analytics', now, ['draft/submit', 'review/approve'], now], settings: r.GATE_BOTTLENECKS_SETTINGS };
    },
    'indicatorReport PERIOD': () => ({ text: r.indicatorReportStatement('PERIOD', null, 'sum').text, values: [AGENCY, 'bench-analytics', 'jobs'] }),
    'indicatorReport ATTRIBUTE sector': () => ({ text: r.indicatorReportStatement('ATTRIBUTE', 'sector', 'sum').text, values: [AGENCY, 'bench-analytics', 'jobs'] }),
  };
}

async function modelCluster(server) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const { admin } = server.tokens;
    const run = (query, variables) => gql(server, agent, admin, query, variables);
    await run('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: TEMPLATE });
    const { registerCluster } = await run('mutation { registerCluster(input: { name: "Model", templateKey: "bench-analytics", sector: "sector-0", attributes: { size: 120 } }) { id } }');
    const c = registerCluster.id;
    await run('mutation($c: ID!) { setIndicatorPlan(input: { clusterId: $c, indicator: "jobs", baseline: 10, targets: [{ period: "2024-Q2", value: 200 }, { period: "2024-Q4", value: 400 }] }) { indicator } }', { c });
    for (const [period, value] of [['2024-Q1', 40], ['2024-Q2', 80], ['2024-Q2', 90], ['2024-Q3', 120], ['2024-Q4', 150]]) {
      await run('mutation($c: ID!, $p: String!, $v: Float!) { recordIndicator(input: { clusterId: $c, indicator: "jobs", period: $p, value: $v }) { period } }', { c, p: period, v: value });
    }
    await run('mutation($c: ID!) { submitArtefact(input: { clusterId: $c, type: "report", title: "Report" }) { id } }', { c });
    await run('mutation($c: ID!) { advance(clusterId: $c, gate: "submit") { id } }', { c });
    return c;
  } finally {
    agent.destroy();
  }
}

/** Makes the audit generator's clusters copies of the model, with their visits and indicator values. */
async function shape(c, modelId) {
  const t0 = now();
  await c.query('set synchronous_commit = off');
  const { rows: n } = await c.query(`select count(*)::int as n from cluster where agency = $1 and template_key = 'bench-audit'`, [AGENCY]);
  await c.query(
    `with g as (select id, row_number() over (order by id) as i, registered_at from cluster where agency = $1 and template_key = 'bench-audit')
     update cluster c
        set template_id = m.template_id, template_key = m.template_key, template_version = m.template_version,
            sector = 'sector-' || (g.i % 20),
            phase = 'review',
            status = case when g.i % 20 = 0 then 'FINISHED' when g.i % 10 = 0 then 'SUSPENDED' else 'ACTIVE' end,
            snapshot = jsonb_set(jsonb_set(m.snapshot, '{id}', to_jsonb(c.id::text)), '{name}', to_jsonb(c.name)),
            gate_unmet = case when g.i % 20 = 0 then '[]'::jsonb else m.gate_unmet end,
            entered_phase_at = g.registered_at + (1 + g.i % 60) * interval '1 day',
            waiting_since = g.registered_at + (1 + g.i % 60) * interval '1 day',
            due_at = case when g.i % 10 = 0 then null else g.registered_at + (1 + g.i % 60) * interval '1 day' + interval '3 months' end
       from g, cluster m
      where c.id = g.id and m.id = $2::uuid`,
    [AGENCY, modelId],
  );
  await c.query(
    `insert into phase_visit (agency, cluster_id, n, phase, entered_at, left_at, via_gate, suspended_ms)
     select c.agency, c.id, 1, 'draft', c.registered_at, c.entered_phase_at, null, case when c.name like '%3' then 86400000 else 0 end
       from cluster c where c.agency = $1 and c.template_key = 'bench-analytics' and c.id <> $2::uuid
     union all
     select c.agency, c.id, 2, 'review', c.entered_phase_at, null, 'submit', 0
       from cluster c where c.agency = $1 and c.template_key = 'bench-analytics' and c.id <> $2::uuid`,
    [AGENCY, modelId],
  );
  // The INDICATOR_RECORDED events of the log as rows: each (cluster, period)'s latest in force, the others superseded.
  await c.query(
    `insert into indicator_value (id, agency, cluster_id, indicator, period, value, note, recorded_by, recorded_at, superseded_at, event_id)
     select gen_random_uuid(), e.agency, e.cluster_id, 'jobs', e.payload->>'period', (e.payload->>'value')::float8, null, e.actor, e.at,
            lead(e.at) over (partition by e.cluster_id, e.payload->>'period' order by e.seq), e.id
       from cluster_event e join cluster c on c.id = e.cluster_id
      where e.agency = $1 and e.type = 'INDICATOR_RECORDED' and c.template_key = 'bench-analytics'`,
    [AGENCY],
  );
  // The report's projection as the commands write it (indicatorPeriodRows): per cluster and period the value in
  // force, and the model's plan (its baseline on every row, its targets by period, periods with only a target too).
  await c.query(
    `with plan as (select snapshot -> 'indicators' -> 'jobs' as p from cluster where id = $2::uuid),
     targets as (select x ->> 'period' as period, (x ->> 'value')::numeric as target from plan, jsonb_array_elements(plan.p -> 'targets') x),
     vals as (select iv.cluster_id, iv.period, iv.value::numeric as value, iv.recorded_at
                from indicator_value iv join cluster c on c.agency = iv.agency and c.id = iv.cluster_id
               where iv.agency = $1 and c.template_key = 'bench-analytics' and iv.superseded_at is null and c.id <> $2::uuid),
     keys as (select cluster_id, period from vals union select v.cluster_id, t.period from (select distinct cluster_id from vals) v cross join targets t)
     insert into indicator_period (cluster_id, indicator, period, agency, template_key, value, recorded_at, target, baseline)
     select k.cluster_id, 'jobs', k.period, $1, 'bench-analytics', v.value, v.recorded_at, t.target, (select (p ->> 'baseline')::numeric from plan)
       from keys k left join vals v on v.cluster_id = k.cluster_id and v.period = k.period left join targets t on t.period = k.period`,
    [AGENCY, modelId],
  );
  await c.query(
    `insert into indicator_summary (cluster_id, indicator, agency, template_key, value_sum, value_count, value_min, value_max, value_last, baseline, target_sum, target_latest)
     select cluster_id, indicator, max(agency), max(template_key), sum(value), count(value)::int, min(value), max(value),
            (array_agg(value order by period desc) filter (where value is not null))[1], max(baseline), sum(target),
            (array_agg(target order by period desc) filter (where target is not null))[1]
       from indicator_period where agency = $1 and template_key = 'bench-analytics' and cluster_id <> $2::uuid group by cluster_id, indicator`,
    [AGENCY, modelId],
  );
  // Autovacuum does the same after a bulk insert (its insert threshold); the report's index-only scan needs the visibility map.
  await c.query('vacuum analyze indicator_period, indicator_summary');
  await c.query('analyze');
  const sizes = [];
  for (const table of ['cluster', 'cluster_event', 'phase_visit', 'indicator_value', 'indicator_period', 'indicator_summary']) {
    const { rows } = await c.query(`select count(*)::bigint as rows, pg_total_relation_size('${table}') as bytes from ${table}`);
    sizes.push({ table, rows: Number(rows[0].rows), mb: +(Number(rows[0].bytes) / 2 ** 20).toFixed(1) });
  }
  const { rows: snap } = await c.query('select pg_column_size(snapshot) as bytes from cluster where id = $1::uuid', [modelId]);
  const seconds = (now() - t0) / 1000;
  log(`shaped ${n[0].n} clusters in ${seconds.toFixed(1)} s; ${sizes.map((s) => `${s.table} ${s.rows} rows, ${s.mb} MB`).join('; ')}; snapshot ${snap[0].bytes} bytes`);
  return { seconds, sizes, snapshotBytes: snap[0].bytes };
}

async function measureServer(server, query) {
  let answer;
  const s = await timedGraphql(server, server.tokens.auditor, { rounds: ROUNDS, warmup: WARMUP, what: query }, () => ({ query }), (data) => (answer = data));
  return { ...s, answer };
}

function measureRaw(c, name, statement) {
  const run = async ({ text, values, settings }) => {
    // As the repository runs it: with its settings, in a transaction of its own.
    if (settings) await c.query(`begin read only; ${settings}`);
    await c.query({ name: `bench_${name.replace(/\W/g, '_')}`, text, values });
    if (settings) await c.query('commit');
  };
  return timedRuns({ rounds: ROUNDS, warmup: WARMUP }, run, { before: statement });
}

module.exports = async function analyticsBench() {
  return withScratchDatabase(
    'analytics',
    async ({ pg, db, startServer, connect }) => {
      const server = await startServer({
        tokens: async (sign) => ({
          admin: await sign({ agency: AGENCY, userId: 'bench-admin', roles: ['agency_admin'] }),
          auditor: await sign({ agency: AGENCY, userId: 'bench-auditor', roles: ['auditor'] }),
        }),
      });
      const c = await connect();
      const pgVersion = (await c.query('show server_version')).rows[0].server_version;
      log(`PostgreSQL ${pgVersion} (${pg.source}); scratch database ${db}`);
      const modelId = await modelCluster(server);
      const generated = await audit.generate(c);
      const shaped = await shape(c, modelId);
      const { rows: counted } = await c.query(`select count(*)::int as clusters from cluster where agency = $1 and template_key = 'bench-analytics'`, [AGENCY]);
      const { rows: events } = await c.query('select count(*)::int as n from cluster_event where agency = $1', [AGENCY]);

      const raw = rawStatements();
      const common = {
        postgres: `${pg.source} ${pgVersion}`,
        clusters: counted[0].clusters,
        events: events[0].n,
        generationSeconds: +(generated.seconds + shaped.seconds).toFixed(1),
        sizes: shaped.sizes,
        snapshotBytes: shaped.snapshotBytes,
        rounds: ROUNDS,
      };
      const met = (ok) => (ok ? 'met' : 'MISSED');
      const rows = [];
      for (const [name, q] of Object.entries(QUERIES)) {
        const base = await measureRaw(c, name, raw[name]);
        const srv = await measureServer(server, q.gql);
        if (name === 'portfolio' && srv.answer.portfolio.clusters !== counted[0].clusters) throw new Error(`portfolio counted ${srv.answer.portfolio.clusters} clusters, not ${counted[0].clusters}`);
        delete srv.answer;
        rows.push({ name: `analytics: ${name} statement, raw pg (baseline)`, unit: 'ms', ...base, ...common });
        rows.push({ name: `analytics: ${name} over HTTP, ${common.clusters} clusters, ${common.events} events`, unit: 'ms', ...srv, ratio: srv.p50 / base.p50, goal: `p50 < ${GOAL_MS} (${met(srv.p50 < GOAL_MS)})`, ...common });
      }
      return rows;
    },
    { keep: !!process.env.BENCH_ANALYTICS_KEEP },
  );
};
