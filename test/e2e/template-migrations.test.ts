import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clusterApi, ok, refusal, refused, tokensFor } from '../support/cluster-api';
import { pdfFiles } from '../support/files';
import { ClustersService } from '@clusterflow/application/clusters/clusters.service';
import { MigrationsService } from '@clusterflow/application/clusters/migrations.service';
import { runCli } from '../support/cli';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Domain scenario 5 over HTTP: clusters run on unido-cda version 1; version 2 adds a
 * stakeholder map to the diagnostic endorsement and drops the trust-building phase;
 * version 3 maps trust building onto the action plan. Clusters stay on version 1 until
 * migrated; plans say what changes; applying records MIGRATED.
 */
const read = (path: string) => readFileSync(join(__dirname, '../..', path), 'utf8');
const V1 = read('templates/previous/unido-cda.v1.yaml');
const V2 = read('test/fixtures/migrations/unido-cda-v2.yaml');
const V3 = read('test/fixtures/migrations/unido-cda-v3.yaml');

const AGENCY = 'unido-ng';
const PLAN = 'clusterId clusterName fromVersion toVersion applied phaseMapping fromPhase toPhase problems newlyUnmet { gate kind detail role artefactType have need }';
const MIGRATE = `mutation($c: ID!, $v: Int!, $d: Boolean) { migrate(clusterId: $c, toVersion: $v, dryRun: $d) { ${PLAN} } }`;
const MIGRATE_ALL = `mutation($k: String!, $f: Int!, $v: Int!, $d: Boolean) {
  migrateAll(templateKey: $k, fromVersion: $f, toVersion: $v, dryRun: $d) { templateKey fromVersion toVersion dryRun clusters applied blocked plans { ${PLAN} } }
}`;
const STATE = 'id name templateVersion version phase status gates { gate to ready unmet { kind artefactType } } history { phase viaGate }';

describe('template versions in flight', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  let other: string;
  const api = clusterApi({ gql: (q, v, token) => t.gql(q, v, token) });
  const migrate = (token: string, clusterId: string, toVersion: number, dryRun?: boolean) =>
    t.gql(MIGRATE, { c: clusterId, v: toVersion, d: dryRun ?? null }, token);
  const migrateAll = (token: string, from: number, to: number, dryRun?: boolean) => t.gql(MIGRATE_ALL, { k: 'unido-cda', f: from, v: to, d: dryRun ?? null }, token);
  const state = (id: string) => ok(api.cluster(tok.auditor, id, STATE));
  const ids: Record<string, string> = {};

  // --- driving clusters on version 1 --------------------------------------------------------

  async function register(name: string): Promise<string> {
    return (await ok(api.register(tok.cda, { name, templateKey: 'unido-cda', attributes: { enterprise_count: 150 } }, 'id'))).id;
  }
  async function toDiagnostic(id: string): Promise<void> {
    const scores = ['importance', 'potential', 'viability', 'sustainability'].map((criterion) => ({ criterion, score: 4 }));
    await ok(api.score(tok.cda, id, scores));
    await ok(api.submit(tok.cda, { clusterId: id, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 150 } }));
    await ok(api.decide(tok.cda, { clusterId: id, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
    await ok(api.reach(tok.cda, id, 'cda_appointed'));
    await ok(api.decide(tok.pm, { clusterId: id, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
    await ok(api.advance(tok.cda, id, 'select_cluster', null, 'id'));
  }
  /** In diagnostic with the report endorsed twice: ready to pass endorse_diagnostic under version 1. */
  async function readyToEndorse(id: string): Promise<void> {
    await toDiagnostic(id);
    for (const userId of ['kemi', 'tunde']) await ok(api.assignRole(tok.admin, id, userId, 'cluster_commission'));
    const fields = { firms_surveyed: 40, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };
    const report = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(t, tok.cda), type: 'diagnostic_report', title: 'DSR', fields }));
    for (const who of ['c1', 'c2']) await ok(api.decide(tok[who], { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: report.id }));
  }
  async function toTrustBuilding(id: string): Promise<void> {
    await readyToEndorse(id);
    await ok(api.advance(tok.cda, id, 'endorse_diagnostic', null, 'id'));
  }
  async function toActionPlan(id: string): Promise<void> {
    await toTrustBuilding(id);
    await ok(api.record(tok.cda, { clusterId: id, indicator: 'joint_actions', period: '2025', value: 2 }));
    const charter = await ok(api.submit(tok.cda, { clusterId: id, type: 'governance_charter', title: 'Charter', fields: { members: 7, constituted_on: '2025-03-01' } }));
    await ok(api.decide(tok.pm, { clusterId: id, gate: 'governance_body_constituted', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: charter.id }));
    await ok(api.reach(tok.cda, id, 'governance_body_constituted'));
    await ok(api.decide(tok.c1, { clusterId: id, gate: 'confirm_trust', role: 'cluster_commission', outcome: 'APPROVE' }));
    await ok(api.advance(tok.cda, id, 'confirm_trust', null, 'id'));
  }

  beforeAll(async () => {
    t = await startTestApp('template-migrations');
    tok = await tokensFor(t, AGENCY, {
      admin: ['ada', ['agency_admin']],
      cda: ['chidi', ['cda']],
      pm: ['priya', ['programme_manager']],
      c1: ['kemi', ['cluster_commission']],
      c2: ['tunde', ['cluster_commission']],
      auditor: ['aude', ['auditor']],
    });
    other = await t.token({ userId: 'olu', agency: 'other-agency', roles: ['agency_admin'] });
    await ok(api.publish(tok.admin, V1));
    ids.selection = await register('Onitsha footwear');
    ids.diagnostic = await register('Aba leather');
    await readyToEndorse(ids.diagnostic);
    ids.trust = await register('Nnewi auto parts');
    await toTrustBuilding(ids.trust);
    ids.plan = await register('Kano textiles');
    await toActionPlan(ids.plan);
    ids.suspended = await register('Lagos garments');
    await ok(api.suspend(tok.admin, ids.suspended, 'elections'));
    ids.dropped = await register('Ibadan furniture');
    await ok(api.decide(tok.pm, { clusterId: ids.dropped, gate: 'drop', role: 'programme_manager', outcome: 'APPROVE' }));
    await ok(api.advance(tok.cda, ids.dropped, 'drop', null, 'id'));
  }, 120_000);
  afterAll(() => t.close());

  it('publishing version 2 changes nothing for running clusters', async () => {
    const before = await state(ids.plan);
    expect(await ok(api.publish(tok.admin, V2))).toEqual({ key: 'unido-cda', version: 2 });
    expect(await state(ids.plan)).toEqual(before);
    expect(before.templateVersion).toBe(1);
  });

  it('previews a cluster past the changed gate: nothing newly unmet', async () => {
    const plan = await ok(migrate(tok.admin, ids.plan, 2));
    expect(plan).toEqual({
      clusterId: ids.plan,
      clusterName: 'Kano textiles',
      fromVersion: 1,
      toVersion: 2,
      applied: false,
      phaseMapping: 'action_plan → action_plan (same id)',
      fromPhase: 'action_plan',
      toPhase: 'action_plan',
      problems: [],
      newlyUnmet: [],
    });
    expect((await state(ids.plan)).templateVersion).toBe(1);
  });

  it('previews a cluster before the changed gate: the stakeholder map is newly unmet', async () => {
    const plan = await ok(migrate(tok.admin, ids.diagnostic, 2, true));
    expect(plan).toMatchObject({ applied: false, phaseMapping: 'diagnostic → diagnostic (same id)', problems: [] });
    expect(plan.newlyUnmet).toEqual([
      { gate: 'endorse_diagnostic', kind: 'ARTEFACT', detail: expect.any(String), role: null, artefactType: 'stakeholder_map', have: 0, need: 1 },
    ]);
  });

  it('reports a cluster in a phase version 2 removed without a mapping, and leaves it alone even when asked to apply', async () => {
    const before = await state(ids.trust);
    const plan = await ok(migrate(tok.admin, ids.trust, 2, false));
    expect(plan).toMatchObject({ applied: false, fromPhase: 'trust_building', toPhase: null, phaseMapping: 'trust_building → (none)' });
    expect(plan.problems).toEqual([expect.stringContaining('phase trust_building has no counterpart in version 2')]);
    expect(await state(ids.trust)).toEqual(before);
  });

  it('refuses a finished or suspended cluster, anyone but an agency_admin, and unknown or same versions, with the right codes', async () => {
    const versions = await Promise.all(Object.values(ids).map(async (id) => (await state(id)).version));
    await refused(migrate(tok.admin, ids.dropped, 2), 'FINAL_PHASE');
    await refused(migrate(tok.admin, ids.suspended, 2), 'SUSPENDED');
    for (const who of ['cda', 'pm', 'c1', 'auditor']) {
      await refused(migrate(tok[who], ids.plan, 2), 'FORBIDDEN');
      await refused(migrateAll(tok[who], 1, 2), 'FORBIDDEN');
    }
    await refused(migrate(tok.admin, ids.plan, 9), 'NOT_FOUND');
    await refused(migrate(tok.admin, ids.plan, 1), 'BAD_USER_INPUT');
    await refused(migrateAll(tok.admin, 1, 1), 'BAD_USER_INPUT');
    await refused(migrateAll(tok.admin, 1, 9), 'NOT_FOUND');
    // Another agency sees neither the cluster nor the template.
    await refused(migrate(other, ids.plan, 2), 'NOT_FOUND');
    await refused(migrateAll(other, 1, 2), 'NOT_FOUND');
    // Nothing was recorded on any cluster.
    expect(await Promise.all(Object.values(ids).map(async (id) => (await state(id)).version))).toEqual(versions);
    for (const id of Object.values(ids)) expect((await state(id)).templateVersion).toBe(1);
  });

  it('applies one migration: MIGRATED is recorded, everything carries over, and later commands run under version 2', async () => {
    const before = await state(ids.plan);
    const plan = await ok(migrate(tok.admin, ids.plan, 2, false));
    expect(plan).toMatchObject({ applied: true, problems: [], newlyUnmet: [] });
    const after = await state(ids.plan);
    expect(after).toEqual({ ...before, templateVersion: 2, version: before.version + 1 });
    const trail = await ok(t.gql(`query($c: ID!) { auditTrail(clusterId: $c, first: 500) { edges { node { seq type actor role payload } } } }`, { c: ids.plan }, tok.auditor));
    const last = trail.edges[trail.edges.length - 1].node;
    expect(last).toEqual({ seq: after.version, type: 'MIGRATED', actor: 'ada', role: 'agency_admin', payload: { fromVersion: 1, toVersion: 2, from: 'action_plan', to: 'action_plan' } });
    // The stored snapshot equals the replay of the log, version 1's machine up to MIGRATED and version 2's after it.
    const replayed = await ok(t.gql(`query($c: ID!) { verifyReplay(clusterId: $c) { clustersChecked eventsChecked differences { clusterId } } }`, { c: ids.plan }, tok.auditor));
    expect(replayed).toEqual({ clustersChecked: 1, eventsChecked: after.version, differences: [] });
    await refused(migrate(tok.admin, ids.plan, 2), 'BAD_USER_INPUT');
  });

  it('previews every unfinished cluster of version 1 in bulk, and applies only those without problems', async () => {
    const dry = await ok(migrateAll(tok.admin, 1, 2));
    expect(dry).toMatchObject({ templateKey: 'unido-cda', fromVersion: 1, toVersion: 2, dryRun: true, applied: 0 });
    const byName = (plans: any[]) => Object.fromEntries(plans.map((p) => [p.clusterName, p]));
    const planned = byName(dry.plans);
    // The finished cluster and the one already migrated are not listed.
    expect(Object.keys(planned).sort()).toEqual(['Aba leather', 'Lagos garments', 'Nnewi auto parts', 'Onitsha footwear']);
    expect(dry.clusters).toBe(4);
    expect(dry.blocked).toBe(2);
    expect(planned['Lagos garments'].problems).toEqual([expect.stringContaining('suspended (elections)')]);
    expect(planned['Nnewi auto parts'].problems).toEqual([expect.stringContaining('no counterpart')]);
    expect(planned['Aba leather'].newlyUnmet.map((u: any) => u.artefactType)).toEqual(['stakeholder_map']);
    // In the selection phase the changed gate is not yet in sight: nothing newly unmet.
    expect(planned['Onitsha footwear']).toMatchObject({ problems: [], newlyUnmet: [] });
    for (const id of Object.values(ids)) expect((await state(id)).templateVersion).toBe(id === ids.plan ? 2 : 1);

    const applied = await ok(migrateAll(tok.admin, 1, 2, false));
    expect(applied).toMatchObject({ dryRun: false, clusters: 4, applied: 2, blocked: 2 });
    const done = byName(applied.plans);
    expect([done['Aba leather'].applied, done['Onitsha footwear'].applied, done['Lagos garments'].applied, done['Nnewi auto parts'].applied]).toEqual([true, true, false, false]);
    expect((await state(ids.diagnostic)).templateVersion).toBe(2);
    expect((await state(ids.selection)).templateVersion).toBe(2);
    expect((await state(ids.trust)).templateVersion).toBe(1);
    expect((await state(ids.suspended)).templateVersion).toBe(1);
    expect((await state(ids.dropped)).templateVersion).toBe(1);
    // The list finds the clusters a migration has not moved yet.
    const onV1 = await ok(api.clusters(tok.auditor, { filter: { templateKey: 'unido-cda', templateVersion: 1 } }));
    expect(onV1.edges.map((e: any) => e.node.name).sort()).toEqual(['Ibadan furniture', 'Lagos garments', 'Nnewi auto parts']);
    expect(onV1.totalCount).toBe(3);
    await refused(api.clusters(tok.auditor, { filter: { templateVersion: 0 } }), 'BAD_USER_INPUT');
  });

  it('a migrated cluster meets version 2\'s new requirement before it can pass the gate', async () => {
    const c = await state(ids.diagnostic);
    const gate = c.gates.find((g: any) => g.gate === 'endorse_diagnostic');
    expect(gate).toEqual({ gate: 'endorse_diagnostic', to: 'action_plan', ready: false, unmet: [{ kind: 'ARTEFACT', artefactType: 'stakeholder_map' }] });
    await refused(api.advance(tok.cda, ids.diagnostic, 'endorse_diagnostic'), 'GATE_NOT_READY');
    await ok(api.submit(tok.cda, { clusterId: ids.diagnostic, type: 'stakeholder_map', title: 'Stakeholders', fields: { stakeholders: 12 } }));
    const passed = await ok(api.advance(tok.cda, ids.diagnostic, 'endorse_diagnostic', null, 'phase templateVersion'));
    expect(passed).toEqual({ phase: 'action_plan', templateVersion: 2 });
  });

  it('maps a phase through a later version\'s migration section, and the visit goes on under the new phase', async () => {
    expect(await ok(api.publish(tok.admin, V3))).toEqual({ key: 'unido-cda', version: 3 });
    const before = await state(ids.trust);
    const plan = await ok(migrate(tok.admin, ids.trust, 3, false));
    expect(plan).toMatchObject({ applied: true, problems: [], phaseMapping: 'trust_building → action_plan (migration.phases of version 3)', toPhase: 'action_plan' });
    const after = await state(ids.trust);
    expect(after).toMatchObject({ templateVersion: 3, phase: 'action_plan', status: 'ACTIVE', version: before.version + 1 });
    expect(after.history).toEqual([...before.history.slice(0, -1), { phase: 'action_plan', viaGate: 'endorse_diagnostic' }]);
    expect(after.gates.map((g: any) => g.gate)).toEqual(['endorse_plan']);
  });

  it('checks a migration section against the published version it names, with its line', async () => {
    const bad = V3.replace('version: 3', 'version: 9').replace('  from: 1\n', '  from: 7\n');
    const published = await t.gql('mutation($s: String!) { publishTemplate(source: $s) { version } }', { s: bad }, tok.admin);
    const line = bad.split('\n').findIndex((l) => l === '  from: 7') + 1;
    expect(refusal(published, 'TEMPLATE_INVALID').extensions.problems).toEqual([
      { path: 'migration.from', line, column: 9, message: 'version 7 of template unido-cda is not published, so there is nothing to migrate from' },
    ]);
    const validation = await ok(t.gql('query($s: String!) { validateTemplate(source: $s) { valid errors { path line } } }', { s: bad }, tok.admin));
    expect(validation).toEqual({ valid: false, errors: [{ path: 'migration.from', line }] });
    const templates = await ok(t.gql('{ templates { key version } }', {}, tok.admin));
    expect(templates.map((x: any) => x.version).sort()).toEqual([1, 2, 3]);
  });

  it('npm run cli -- migrate prints the plan as a table, and applies it with --apply', async () => {
    const args = ['migrate', '--agency', AGENCY, '--template', 'unido-cda', '--from', '1', '--to', '3'];
    const dry = await runCli(t, args);
    // Only the suspended cluster is left on version 1: blocked, so the exit code is 1.
    expect(dry.status).toBe(1);
    const [head, ...rows] = dry.stdout.trim().split('\n');
    expect(head.split(/\s{2,}/)).toEqual(['CLUSTER', 'NAME', 'PHASE', 'NEWLY UNMET', 'PLAN']);
    expect(rows).toEqual([expect.stringMatching(new RegExp(`^${ids.suspended}\\s+Lagos garments\\s+selection\\s+-\\s+blocked: the cluster is suspended \\(elections\\)`))]);
    expect(dry.stderr).toBe('unido-cda 1 → 3: 1 unfinished cluster, 0 can migrate (dry run: add --apply), 1 with problems\n');

    await ok(api.resume(tok.admin, ids.suspended, 'id'));
    const preview = await runCli(t, args);
    expect(preview.status).toBe(0);
    expect(preview.stdout).toMatch(/selection\s+-\s+can migrate\n$/);
    expect((await state(ids.suspended)).templateVersion).toBe(1);

    const applied = await runCli(t, [...args, '--apply']);
    expect(applied.status).toBe(0);
    expect(applied.stdout.trim().split('\n')[0]).toMatch(/RESULT$/);
    expect(applied.stdout).toMatch(/selection\s+-\s+migrated\n$/);
    expect(applied.stderr).toBe('unido-cda 1 → 3: 1 unfinished cluster, 1 migrated, 0 with problems\n');
    expect((await state(ids.suspended)).templateVersion).toBe(3);
    const trail = await ok(t.gql(`query($c: ID!) { auditTrail(clusterId: $c, first: 500) { edges { node { type actor actorName role } } } }`, { c: ids.suspended }, tok.auditor));
    expect(trail.edges[trail.edges.length - 1].node).toEqual({ type: 'MIGRATED', actor: 'cli', actorName: expect.stringMatching(/^command line \(.+\)$/), role: 'agency_admin' });

    const none = await runCli(t, args);
    expect(none).toMatchObject({ status: 0, stdout: 'no unfinished cluster runs on version 1 of unido-cda\n' });
    const missing = await runCli(t, ['migrate', '--agency', AGENCY, '--template', 'nope', '--from', '1', '--to', '2']);
    expect(missing).toMatchObject({ status: 2, stderr: 'template nope version 1 not found\n' });
    const usage = await runCli(t, ['migrate', '--agency', AGENCY, '--template', 'unido-cda', '--from', 'one', '--to', '2']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/--from must be a template version \(a positive integer\)\nusage: npm run cli -- migrate --agency <slug> --template <key> --from <version> --to <version> \[--apply\]/);
  }, 120_000); // five command-line processes one after the other (over 30 s on a loaded machine)

  describe('a bulk migration racing other changes', () => {
    const admin = { userId: 'ada', agency: AGENCY, roles: ['agency_admin'] };
    const onV1 = async (name: string) => (await ok(api.register(tok.admin, { name, templateKey: 'unido-cda', templateVersion: 1, attributes: { enterprise_count: 150 } }, 'id'))).id as string;
    afterEach(() => jest.restoreAllMocks());

    it('leaves alone a cluster someone migrated elsewhere after it was planned', async () => {
      const moved = await onV1('Warri crafts');
      const kept = await onV1('Jos tin');
      const clusters = t.app.get(ClustersService);
      const migrate = clusters.migrate.bind(clusters);
      let raced = false;
      jest.spyOn(clusters, 'migrate').mockImplementation(async (...args) => {
        if (!raced && args[1] === moved) {
          raced = true;
          await migrate(args[0], moved, 3, false); // someone else, between the plan and its turn
        }
        return migrate(...args);
      });
      const bulk = await t.app.get(MigrationsService).migrateAll(admin, 'unido-cda', 1, 2, false);
      const outcome = (id: string) => bulk.outcomes.find((o) => o.plan.clusterId === id)!;
      expect(outcome(moved)).toMatchObject({ applied: false, plan: { problems: ['the cluster now runs on version 3, not 1: someone migrated it meanwhile'] } });
      expect(outcome(kept)).toMatchObject({ applied: true, plan: { problems: [] } });
      expect((await state(moved)).templateVersion).toBe(3);
      expect((await state(kept)).templateVersion).toBe(2);
    });

    it('stops at the first unexpected failure and migrates nothing after answering', async () => {
      const ids = [];
      for (let i = 0; i < 8; i++) ids.push(await onV1(`Batch ${i}`));
      const clusters = t.app.get(ClustersService);
      const migrate = clusters.migrate.bind(clusters);
      let calls = 0;
      jest.spyOn(clusters, 'migrate').mockImplementation(async (...args) => {
        calls += 1;
        if (calls === 2) throw new Error('connection lost');
        await new Promise((r) => setTimeout(r, 20));
        return migrate(...args);
      });
      await expect(t.app.get(MigrationsService).migrateAll(admin, 'unido-cda', 1, 2, false)).rejects.toThrow('connection lost');
      const callsWhenAnswered = calls;
      await new Promise((r) => setTimeout(r, 200));
      expect(calls).toBe(callsWhenAnswered);
      expect(calls).toBeLessThan(ids.length);
      const versions = await Promise.all(ids.map(async (id) => (await state(id)).templateVersion));
      expect(versions.filter((v) => v === 2)).toHaveLength(calls - 1);
      // A second run migrates the rest.
      jest.restoreAllMocks();
      const rest = await t.app.get(MigrationsService).migrateAll(admin, 'unido-cda', 1, 2, false);
      expect(rest.outcomes.filter((o) => o.applied)).toHaveLength(ids.length - (calls - 1));
    });
  });
});
