// A bulk migration's dry run: migrateAll(unido-cda, 1 → 2, dryRun: true) over GraphQL/HTTP
// on BENCH_MIGRATION_CLUSTERS (10,000) clusters of agency `bench-migrate`. Goal: under 10 s.
//
// Data: a scratch database the server migrates at its start; unido-cda version 1 (shipped)
// and version 2 (test/fixtures/migrations: adds an artefact at a gate, drops a phase) are
// published over GraphQL; then, with SQL alone, the cluster rows: each a copy of one of the
// three stored clusters in test/fixtures/snapshots (action plan, diagnostic, trust building:
// a clean plan, a newly unmet requirement, a blocked one) under a new id. A dry run reads
// only the cluster rows, so no events are generated.
//
// Baseline in the same run: reading the same rows (id, name, snapshot) with pg and parsing
// them, the I/O floor of any plan.
//
//   node bench/run.js migrations
require('reflect-metadata');
const http = require('node:http');
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { gql, now, stats, withScratchDatabase } = require('./lib');

const ROOT = join(__dirname, '..');
const AGENCY = 'bench-migrate';
const CLUSTERS = Number(process.env.BENCH_MIGRATION_CLUSTERS || 10_000);
const ROUNDS = Number(process.env.BENCH_MIGRATION_ROUNDS || 3);

const log = (line) => process.stderr.write(`  ${line}\n`);

/** CLUSTERS cluster rows on version 1, copies of the stored fixtures in turn. */
async function generate(c) {
  const t0 = now();
  const snapshots = readdirSync(join(ROOT, 'test/fixtures/snapshots'))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(ROOT, 'test/fixtures/snapshots', f), 'utf8')).snapshot);
  const [{ id: templateId }] = (await c.query(`select id from programme_template where agency = $1 and key = 'unido-cda' and version = 1`, [AGENCY])).rows;
  await c.query(
    `insert into cluster (id, agency, name, sector, region, country, template_id, template_key, template_version, phase, status, version,
       score, eligible, entered_phase_at, due_at, registered_at, registered_by, cda_ids, snapshot, last_hash)
     select id, $1, name, s->>'sector', s->>'region', s->>'country', $2::uuid, 'unido-cda', 1, s->>'phase', 'ACTIVE', (s->>'version')::int,
       null, true, now(), null, now(), 'bench', array['chidi'], jsonb_set(jsonb_set(s, '{id}', to_jsonb(id::text)), '{name}', to_jsonb(name)), md5(id::text)
       from (select md5('migrate-' || i)::uuid as id, 'Cluster ' || i as name, ($3::jsonb)->((i % jsonb_array_length($3::jsonb))::int) as s
               from generate_series(1, $4::int) as i) g`,
    [AGENCY, templateId, JSON.stringify(snapshots), CLUSTERS],
  );
  await c.query('analyze cluster');
  const seconds = (now() - t0) / 1000;
  log(`generated ${CLUSTERS} clusters (copies of ${snapshots.length} stored ones) in ${seconds.toFixed(1)} s`);
  return { seconds, kinds: snapshots.length };
}

async function measureRaw(c) {
  const samples = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = now();
    const rows = (await c.query({ text: `select id, name, snapshot::text as s from cluster where agency = $1 and template_key = 'unido-cda' and template_version = 1 and status <> 'FINISHED' order by id`, values: [AGENCY] })).rows;
    let phases = 0;
    for (const r of rows) phases += JSON.parse(r.s).phase ? 1 : 0;
    if (phases !== CLUSTERS) throw new Error(`read ${phases} snapshots, not ${CLUSTERS}`);
    samples.push(now() - t0);
  }
  return stats(samples);
}

async function measureServer(server, agent) {
  const samples = [];
  let last;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = now();
    last = await gql(
      server,
      agent,
      server.tokens.admin,
      `mutation { migrateAll(templateKey: "unido-cda", fromVersion: 1, toVersion: 2, dryRun: true) {
        clusters applied blocked plans { clusterId clusterName applied phaseMapping problems newlyUnmet { gate kind detail artefactType } } } }`,
    );
    samples.push(now() - t0);
  }
  const bulk = last.migrateAll;
  if (bulk.clusters !== CLUSTERS || bulk.applied !== 0) throw new Error(`planned ${bulk.clusters} clusters and applied ${bulk.applied}`);
  const newlyUnmet = bulk.plans.filter((p) => p.newlyUnmet.length).length;
  log(`dry run: ${bulk.clusters} plans, ${bulk.blocked} blocked, ${newlyUnmet} with newly unmet requirements`);
  return { ...stats(samples), blocked: bulk.blocked, newlyUnmet };
}

module.exports = async function migrationsBench() {
  return withScratchDatabase('migrations', async ({ pg, db, startServer, connect }) => {
    const agent = new http.Agent({ keepAlive: true });
    try {
      const server = await startServer({
        tokens: async (sign) => ({ admin: await sign({ agency: AGENCY, userId: 'bench-admin', roles: ['agency_admin'] }) }),
      });
      for (const file of ['templates/previous/unido-cda.v1.yaml', 'test/fixtures/migrations/unido-cda-v2.yaml']) {
        await gql(server, agent, server.tokens.admin, 'mutation($s: String!) { publishTemplate(source: $s) { version } }', { s: readFileSync(join(ROOT, file), 'utf8') });
      }
      const c = await connect();
      const pgVersion = (await c.query('show server_version')).rows[0].server_version;
      log(`PostgreSQL ${pgVersion} (${pg.source}); scratch database ${db}`);
      const data = await generate(c);
      const raw = await measureRaw(c);
      const srv = await measureServer(server, agent);
      const met = (ok) => (ok ? 'met' : 'MISSED');
      const common = { postgres: `${pg.source} ${pgVersion}`, clusters: CLUSTERS, generationSeconds: +data.seconds.toFixed(1), rounds: ROUNDS };
      return [
        { name: `migrations: read ${CLUSTERS} cluster snapshots with pg and parse them (baseline)`, unit: 'ms', ...raw, ...common },
        {
          name: `migrations: migrateAll dry run of ${CLUSTERS} clusters over HTTP (${srv.blocked} blocked, ${srv.newlyUnmet} with newly unmet)`,
          unit: 'ms',
          ...srv,
          ratio: srv.p50 / raw.p50,
          goal: `< 10000 (${met(srv.max < 10_000)})`,
          ...common,
        },
      ];
    } finally {
      agent.destroy();
    }
  });
};
