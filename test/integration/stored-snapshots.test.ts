import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import {
  decideMigrate,
  eventHash,
  GENESIS_HASH,
  loadTemplate,
  record,
  replay,
  verifyChain,
  type ClusterEvent,
  type ClusterState,
  type DecidedEvent,
  type TemplateDefinition,
} from '@clusterflow/engine';
import { commitStatement } from '@clusterflow/persistence/repositories/cluster-commands';
import { clusterApi, ok, tokensFor } from '../support/cluster-api';
import { startTestApp, type TestApp } from '../support/test-app';
import { WorkProjectionService } from '../../apps/api/src/work/work-projection.service';

/**
 * Old snapshots keep loading. The fixtures are clusters exactly as a Clusterflow server
 * stored them (event log with hashes, and the snapshot), frozen in test/fixtures/snapshots.
 * Under the current code their chains verify, their logs replay to their snapshots, and they
 * migrate to later template versions, in the engine and through the API on a database that
 * holds them as an earlier release left them.
 */
const ROOT = join(__dirname, '../..');
const DIR = join(ROOT, 'test/fixtures/snapshots');

interface Fixture {
  agency: string;
  template: { key: string; version: number; file: string };
  clusterId: string;
  lastHash: string;
  events: (Omit<ClusterEvent, 'clusterId'> & { id: string; prevHash: string; hash: string })[];
  snapshot: ClusterState;
}

const fixtures: [string, Fixture][] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(DIR, f), 'utf8')) as Fixture]);

const source = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const definition = (file: string): TemplateDefinition => {
  const { template, errors } = loadTemplate(source(file));
  if (!template) throw new Error(`${file}: ${JSON.stringify(errors)}`);
  return template;
};
/**
 * The template version a fixture was stored under: the file it names, or, once that file has
 * moved on to a later version, the earlier shipped version kept in templates/previous/.
 */
const storedUnder = (template: Fixture['template']): string => {
  const previous = `templates/previous/${template.key}.v${template.version}.yaml`;
  return definition(template.file).version === template.version ? template.file : previous;
};
const V1 = definition(storedUnder(fixtures[0][1].template));
const V2 = definition('test/fixtures/migrations/unido-cda-v2.yaml');
const V3 = definition('test/fixtures/migrations/unido-cda-v3.yaml');
const VERSIONS = new Map([V1, V2, V3].map((d) => [d.version, d]));
const byVersion = (v: number) => VERSIONS.get(v)!;

const eventsOf = (f: Fixture): ClusterEvent[] =>
  f.events.map(({ id: _id, prevHash: _p, hash: _h, ...e }) => ({ ...e, clusterId: f.clusterId }) as ClusterEvent);

/** What each fixture's cluster is, and where migrating it leads. */
const EXPECTED: Record<string, { phase: string; to2: 'clean' | 'newly-unmet' | 'blocked' }> = {
  'unido-cda-v1-action-plan': { phase: 'action_plan', to2: 'clean' },
  'unido-cda-v1-diagnostic': { phase: 'diagnostic', to2: 'newly-unmet' },
  'unido-cda-v1-trust-building': { phase: 'trust_building', to2: 'blocked' },
};

const ADMIN = { userId: 'ada', name: 'Ada', roles: ['agency_admin'] };

describe('stored v1 clusters under the current code', () => {
  it('has the fixtures this test expects', () => {
    expect(fixtures.map(([name]) => name)).toEqual(Object.keys(EXPECTED).sort());
    // All stored under version 1 of unido-cda, kept in templates/previous/ since the shipped file became version 2.
    for (const [, f] of fixtures) expect(storedUnder(f.template)).toBe('templates/previous/unido-cda.v1.yaml');
  });

  describe.each(fixtures)('%s', (name, f) => {
    it('verifies its hash chain, and replays its log to its stored snapshot', () => {
      const chain = f.events.map((e) => ({ ...e, clusterId: f.clusterId }));
      for (const e of chain) expect(eventHash(e)).toBe(e.hash);
      expect(verifyChain(f.clusterId, chain, { version: f.snapshot.version, lastHash: f.lastHash })).toMatchObject({ valid: true, eventsChecked: f.events.length });
      expect(replay(byVersion, eventsOf(f))).toEqual(f.snapshot);
      expect(f.snapshot).toMatchObject({ templateVersion: 1, phase: EXPECTED[name].phase, status: 'ACTIVE' });
    });

    it('migrates to version 2 as its phase allows, and replays across the migration', () => {
      const { plan, event } = decideMigrate(V1, V2, f.snapshot, ADMIN, '2026-12-01T00:00:00.000Z');
      const expected = EXPECTED[name].to2;
      expect(plan.problems.length > 0).toBe(expected === 'blocked');
      expect(plan.newlyUnmet.map((u) => `${u.gate}:${u.kind}:${u.artefactType}`)).toEqual(
        expected === 'newly-unmet' ? ['endorse_diagnostic:ARTEFACT:stakeholder_map'] : [],
      );
      // A cluster version 2 cannot take goes to version 3, whose migration section maps its phase.
      const target = event ? V2 : V3;
      const decided = event ?? decideMigrate(V1, V3, f.snapshot, ADMIN, '2026-12-01T00:00:00.000Z').event;
      expect(decided).not.toBeNull();
      const head = { clusterId: f.clusterId, state: f.snapshot, lastHash: f.lastHash };
      const { event: migratedEvent, state: migrated } = record(target, head, decided!, ADMIN, '2026-12-01T00:00:00.000Z');
      expect(migrated).toMatchObject({ templateVersion: target.version, phase: target === V3 ? 'action_plan' : f.snapshot.phase });
      expect(replay(byVersion, [...eventsOf(f), migratedEvent])).toEqual(migrated);
      // Everything recorded carries over.
      const { templateVersion: _a, version: _b, phase: _c, machine: _d, visits: visitsAfter, ...restAfter } = migrated;
      const { templateVersion: _e, version: _f, phase: _g, machine: _h, visits: visitsBefore, ...restBefore } = f.snapshot;
      expect(restAfter).toEqual(restBefore);
      expect(visitsAfter.map(({ phase: _p, ...v }) => v)).toEqual(visitsBefore.map(({ phase: _p, ...v }) => v));
    });
  });

  describe('on a database holding them as an earlier release stored them', () => {
    let t: TestApp;
    let tok: Record<string, string>;
    const api = clusterApi({ gql: (q, v, token) => t.gql(q, v, token) });

    beforeAll(async () => {
      t = await startTestApp('stored-snapshots');
      tok = await tokensFor(t, 'unido-ng', { admin: ['ada', ['agency_admin']], auditor: ['aude', ['auditor']] });
      for (const file of [storedUnder(fixtures[0][1].template), 'test/fixtures/migrations/unido-cda-v2.yaml', 'test/fixtures/migrations/unido-cda-v3.yaml']) {
        await ok(api.publish(tok.admin, source(file)));
      }
      const db = new Client({ connectionString: t.databaseUrl });
      await db.connect();
      try {
        const [{ id: templateId }] = (await db.query(`select id from programme_template where agency = 'unido-ng' and key = 'unido-cda' and version = 1`)).rows;
        for (const [, f] of fixtures) await load(db, f, templateId);
        // As the next start of the server would: project the open work of clusters an earlier release recorded.
        await t.app.get(WorkProjectionService).backfill(true);
      } finally {
        await db.end();
      }
    }, 60_000);
    afterAll(() => t.close());

    it('reads each stored cluster, verifies its chain and its replay', async () => {
      for (const [name, f] of fixtures) {
        const c = await ok(api.cluster(tok.auditor, f.clusterId, 'id templateVersion version phase gates { gate ready }'));
        expect(c).toMatchObject({ id: f.clusterId, templateVersion: 1, version: f.snapshot.version, phase: EXPECTED[name].phase });
      }
      const verified = await ok(t.gql('{ verifyAuditTrail { valid eventsChecked firstBrokenEventId } }', {}, tok.auditor));
      expect(verified).toEqual({ valid: true, eventsChecked: fixtures.reduce((n, [, f]) => n + f.events.length, 0), firstBrokenEventId: null });
      const replayed = await ok(t.gql('{ verifyReplay { clustersChecked differences { clusterId } } }', {}, tok.auditor));
      expect(replayed).toEqual({ clustersChecked: fixtures.length, differences: [] });
    });

    it('migrates them through the API: version 2 where it can, version 3 for the phase version 2 dropped', async () => {
      const bulk = await ok(t.gql(`mutation { migrateAll(templateKey: "unido-cda", fromVersion: 1, toVersion: 2, dryRun: false) { applied blocked plans { clusterId applied } } }`, {}, tok.admin));
      expect(bulk).toMatchObject({ applied: 2, blocked: 1 });
      const rest = await ok(t.gql(`mutation { migrateAll(templateKey: "unido-cda", fromVersion: 1, toVersion: 3, dryRun: false) { applied blocked } }`, {}, tok.admin));
      expect(rest).toEqual({ applied: 1, blocked: 0 });
      for (const [name, f] of fixtures) {
        const c = await ok(api.cluster(tok.auditor, f.clusterId, 'templateVersion version phase'));
        expect(c).toEqual(
          EXPECTED[name].to2 === 'blocked'
            ? { templateVersion: 3, version: f.snapshot.version + 1, phase: 'action_plan' }
            : { templateVersion: 2, version: f.snapshot.version + 1, phase: EXPECTED[name].phase },
        );
      }
      const replayed = await ok(t.gql('{ verifyReplay { clustersChecked differences { clusterId } } }', {}, tok.auditor));
      expect(replayed).toEqual({ clustersChecked: fixtures.length, differences: [] });
    });
  });
});

/**
 * Writes a fixture's events as the server's write path does (the engine's `record`, which must
 * give each event the hash it was stored with, then its one statement), then puts back the
 * snapshot exactly as it was stored.
 */
async function load(db: Client, f: Fixture, templateId: string): Promise<void> {
  let head: { clusterId: string; state: ClusterState | null; lastHash: string } = { clusterId: f.clusterId, state: null, lastHash: GENESIS_HASH };
  for (const e of f.events) {
    const decided = { type: e.type, role: e.role, payload: e.payload } as DecidedEvent;
    const recorded = record(V1, head, decided, { userId: e.actor, name: e.actorName }, e.at);
    expect(recorded.event.hash).toBe(e.hash);
    const result = await db.query(commitStatement(f.agency, { templateId, eventId: e.id, recorded }));
    expect(result.rows[0].n).toBe(1);
    head = { clusterId: f.clusterId, state: recorded.state, lastHash: recorded.event.hash };
  }
  await db.query(`update cluster set snapshot = $1::jsonb where id = $2::uuid`, [JSON.stringify(f.snapshot), f.clusterId]);
}
