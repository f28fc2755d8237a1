// myWork for one person among many clusters (contract v2, "What the caller may do").
//
// Data: a scratch database the server migrates at its start; a small template (a report to
// submit, a cluster-scoped reviewer who approves it, an indicator to record) is published and
// one model cluster is taken through the real commands (registered by a CDA, a reviewer
// assigned, the report submitted), so its work_item rows are the server's own. Then, with
// SQL alone, BENCH_WORK_CLUSTERS (10,000) copies of it: cluster i has CDA cda-<i % 100> and
// reviewer rev-<i % 100>, a due date spread over 50 days around now (some overdue), and the
// model's work items with their audiences rewritten for those people. rev-7 (role reviewer)
// then has 100 items (one DECIDE per cluster it reviews) among 20,000; the agency admin has
// every CDA item (10,000). ANALYZE afterwards.
//
// Figures, each against its baseline measured in the same run:
// - myWork(first: 100) for rev-7 over HTTP (keep-alive, one request at a time), with each
//   item's cluster (id, name, phase); baseline: the repository's statement (WORK_PAGE_SQL,
//   same parameters) run with pg.
// - myWork(first: 50) for the agency admin (10,000 items), same baseline.
//
//   node bench/run.js my-work
require('reflect-metadata');
const http = require('node:http');
const { join } = require('node:path');
const { gql, timedGraphql, timedRuns, withScratchDatabase } = require('./lib');

const DIST = join(__dirname, '../dist');
const AGENCY = 'bench';
const CLUSTERS = Number(process.env.BENCH_WORK_CLUSTERS || 10_000);
const PEOPLE = 100;
const ROUNDS = Number(process.env.BENCH_WORK_ROUNDS || 300);
const WARMUP = 30;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const log = (line) => process.stderr.write(`  ${line}\n`);

const TEMPLATE = `
key: bench-work
version: 1
title: Bench work
roles:
  reviewer: { title: Reviewer, scope: cluster }
artefacts:
  report: { title: Report }
indicators:
  jobs: { title: Jobs, aggregation: sum }
phases:
  draft: { title: Draft, due: P1M }
  reviewed: { title: Reviewed, final: true }
gates:
  - id: review
    from: draft
    to: reviewed
    requires:
      artefacts: [ { type: report } ]
      approvals: [ { role: reviewer, of: report } ]
      indicators: [ { indicator: jobs, min: 1 } ]
`;

const QUERY = `query($first: Int) { myWork(first: $first) { totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id kind gate milestone role indicator detail since due overdue cluster { id name phase } } } } }`;

async function modelCluster(server) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const { admin, modelCda } = server.tokens;
    await gql(server, agent, admin, 'mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: TEMPLATE });
    const { registerCluster } = await gql(server, agent, modelCda, 'mutation { registerCluster(input: { name: "Model", templateKey: "bench-work" }) { id } }');
    await gql(server, agent, admin, 'mutation($c: ID!) { assignRole(clusterId: $c, userId: "model-rev", role: "reviewer") { id } }', { c: registerCluster.id });
    await gql(server, agent, modelCda, 'mutation($c: ID!) { submitArtefact(input: { clusterId: $c, type: "report", title: "Report" }) { id } }', { c: registerCluster.id });
    return registerCluster.id;
  } finally {
    agent.destroy();
  }
}

async function generate(c, modelId) {
  const t0 = now();
  await c.query('set synchronous_commit = off');
  const id = `md5('bench-work-' || i)::uuid`;
  const person = (prefix) => `'${prefix}-' || (i % ${PEOPLE})`;
  const { rows: columns } = await c.query(`select column_name from information_schema.columns where table_name = 'cluster' and table_schema = current_schema() order by ordinal_position`);
  const override = {
    id,
    name: `'Cluster ' || i`,
    cda_ids: `array[${person('cda')}]`,
    due_at: `now() - interval '10 days' + (i % 50) * interval '1 day'`,
    entered_phase_at: `m.entered_phase_at - i * interval '1 minute'`,
    registered_at: `m.registered_at - i * interval '1 minute'`,
    snapshot: `jsonb_set(jsonb_set(jsonb_set(jsonb_set(m.snapshot, '{id}', to_jsonb(${id}::text)), '{name}', to_jsonb('Cluster ' || i)),
                 '{cdaIds}', jsonb_build_array(${person('cda')})), '{roleAssignments}', jsonb_build_array(jsonb_build_object('userId', ${person('rev')}, 'role', 'reviewer')))`,
  };
  const names = columns.map((r) => r.column_name);
  await c.query(
    `insert into cluster (${names.join(', ')}) select ${names.map((n) => override[n] ?? `m.${n}`).join(', ')}
       from cluster m, generate_series(1, $2::int) i where m.id = $1::uuid`,
    [modelId, CLUSTERS],
  );
  const swap = (col) => `array(select replace(replace(x, '@model-cda', '@' || ${person('cda')}), '@model-rev', '@' || ${person('rev')}) from unnest(w.${col}) x)`;
  await c.query(
    `insert into work_item (cluster_id, key, agency, kind, gate, milestone, role, artefact_version_id, indicator, detail, audience, except_users, since, not_before, due_at)
     select ${id}, w.key, w.agency, w.kind, w.gate, w.milestone, w.role, w.artefact_version_id, w.indicator, w.detail, ${swap('audience')},
            array(select replace(x, 'model-cda', ${person('cda')}) from unnest(w.except_users) x), w.since - i * interval '1 minute', w.not_before,
            now() - interval '10 days' + (i % 50) * interval '1 day'
       from work_item w, generate_series(1, $2::int) i where w.cluster_id = $1::uuid`,
    [modelId, CLUSTERS],
  );
  await c.query('analyze');
  const { rows } = await c.query(`select count(*)::int as n, pg_total_relation_size('work_item') as bytes from work_item`);
  const seconds = (now() - t0) / 1000;
  log(`generated ${CLUSTERS} clusters and ${rows[0].n} work items (${(Number(rows[0].bytes) / 2 ** 20).toFixed(1)} MB) in ${seconds.toFixed(1)} s`);
  return { seconds, workItems: rows[0].n };
}

function measureServer(server, token, first, expectTotal) {
  return timedGraphql(
    server,
    token,
    { rounds: ROUNDS, warmup: WARMUP, what: 'myWork' },
    () => ({ query: QUERY, variables: { first } }),
    ({ myWork: page }) => {
      if (page.totalCount !== expectTotal || page.edges.length !== Math.min(first, expectTotal)) {
        throw new Error(`myWork answered ${page.edges.length} of ${page.totalCount} items, not ${Math.min(first, expectTotal)} of ${expectTotal}`);
      }
    },
  );
}

function measureRaw(c, values) {
  const { WORK_PAGE_SQL } = require(join(DIST, 'libs/persistence/src/repositories/work.repository'));
  return timedRuns({ rounds: ROUNDS, warmup: WARMUP }, () => c.query({ name: 'bench_work_page', text: WORK_PAGE_SQL, values: values() }));
}

module.exports = async function myWorkBench() {
  const { workPageValues } = require(join(DIST, 'libs/persistence/src/repositories/work.repository'));
  const { audienceKeysOf } = require(join(DIST, 'libs/engine/src/cluster/viewer'));
  const reviewer = { agency: AGENCY, userId: 'rev-7', roles: ['reviewer'] };
  const admin = { agency: AGENCY, userId: 'bench-admin', roles: ['agency_admin'] };
  return withScratchDatabase(
    'work',
    async ({ pg, db, startServer, connect }) => {
      const server = await startServer({
        tokens: async (sign) => ({
          admin: await sign(admin),
          reviewer: await sign(reviewer),
          modelCda: await sign({ agency: AGENCY, userId: 'model-cda', roles: ['cda'] }),
        }),
      });
      const c = await connect();
      const pgVersion = (await c.query('show server_version')).rows[0].server_version;
      log(`PostgreSQL ${pgVersion} (${pg.source}); scratch database ${db}`);
      const modelId = await modelCluster(server);
      const data = await generate(c, modelId);

      const perReviewer = CLUSTERS / PEOPLE;
      const rawReviewer = await measureRaw(c, () => workPageValues(AGENCY, audienceKeysOf(reviewer), reviewer.userId, new Date(), null, 100));
      const srvReviewer = await measureServer(server, server.tokens.reviewer, 100, perReviewer);
      const adminItems = CLUSTERS + 1;
      const rawAdmin = await measureRaw(c, () => workPageValues(AGENCY, audienceKeysOf(admin), admin.userId, new Date(), null, 50));
      const srvAdmin = await measureServer(server, server.tokens.admin, 50, adminItems);

      const met = (ok) => (ok ? 'met' : 'MISSED');
      const common = { postgres: `${pg.source} ${pgVersion}`, clusters: CLUSTERS, data: { workItems: data.workItems }, generationSeconds: +data.seconds.toFixed(1), rounds: ROUNDS };
      return [
        { name: `my-work: the myWork statement for a reviewer with ${perReviewer} items, raw pg (baseline)`, unit: 'ms', ...rawReviewer, ...common },
        { name: `my-work: myWork(first: 100) over HTTP, ${perReviewer} items among ${CLUSTERS} clusters, with their clusters`, unit: 'ms', ...srvReviewer, ratio: srvReviewer.p50 / rawReviewer.p50, goal: `p50 < 20 (${met(srvReviewer.p50 < 20)})`, ...common },
        { name: `my-work: the myWork statement for an agency admin with ${adminItems} items, raw pg (baseline)`, unit: 'ms', ...rawAdmin, ...common },
        { name: `my-work: myWork(first: 50) over HTTP for the agency admin (${adminItems} items)`, unit: 'ms', ...srvAdmin, ratio: srvAdmin.p50 / rawAdmin.p50, ...common },
      ];
    },
    { keep: !!process.env.BENCH_WORK_KEEP },
  );
};
