import { pdfFiles } from '../support/files';
import { MOVED_CLOCK_ENV } from '../support/clock';
import {
  afterNeed,
  ClusterClient,
  DAY_MS,
  expectFinished,
  expectNotReady,
  fakeServerClock,
  ok,
  publish,
  refused,
  round2,
  send,
  TOKEN_TTL,
  travelDays,
  type ClusterData,
} from '../support/lifecycle';
import { shippedTemplate } from '../support/shipped-templates';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * EU cluster management excellence labels (templates/eu-cluster-labels.yaml, version 2) over HTTP:
 *
 *   profile -> bronze_benchmarking -> bronze -> silver -> gold_assessment -> silver (Gold not
 *   achieved) -> gold_assessment -> gold -> gold_reassessment (a report below 80% refused by
 *   its check) -> gold,
 *
 * a second, ineligible cluster organisation withdrawn from profile validation, and first a
 * cluster on version 1 (templates/previous/eu-cluster-labels.v1.yaml, the version shipped
 * before) previewed and migrated onto version 2.
 *
 * `award_silver` has `after: P18M`, `reassess_gold` `after: P30M`: both are first refused with
 * AFTER items, then the server clock is moved (test/support/lifecycle.ts). This app runs no job
 * workers, so no phase expires here (the scheduler moving a Bronze label to `bronze_expired` is
 * test/e2e/eu-cluster-labels-expiry.test.ts, on the same template with durations of seconds).
 *
 * Not shown by this template: it has no milestones, so milestones resetting on a loop
 * cannot be shown; `cluster_manager` is the only `scope: cluster` role and no gate or
 * milestone names it, so its assignment is recorded but decides nothing.
 */

// templates/previous/eu-cluster-labels.v1.yaml (shipped before issue 17), then templates/eu-cluster-labels.yaml.
const [V1, SOURCE] = shippedTemplate('eu-cluster-labels');
const KEY = 'eu-cluster-labels';
const AGENCY = 'esca';
const START = '2025-01-15T08:00:00.000Z';

const unmetOf = (cluster: ClusterData, gate: string) => cluster.gates.find((g) => g.gate === gate)!.unmet;
const MIGRATE = `mutation($c: ID!, $v: Int!, $d: Boolean) {
  migrate(clusterId: $c, toVersion: $v, dryRun: $d) { fromVersion toVersion applied phaseMapping fromPhase toPhase problems newlyUnmet { gate kind detail role artefactType } }
}`;
const SILVER_CHECK = 'Silver needs at least three documented areas of improvement';

describe('EU cluster labels lifecycle over GraphQL', () => {
  let t: TestApp;
  // `eva` holds both esca_analyst and label_manager; `marta` is a gold assessor who also
  // operates the cluster's file (cda), so she submits the assessment report she wrote.
  let admin: string, cda: string, analyst: string, labelManager: string, eva: string, marta: string, pierre: string, group: string;
  let c: ClusterClient;
  let bronzeEnteredAt: string;
  let suspendedMs = 0;

  beforeAll(async () => {
    t = await startTestApp('lifecycle-eu-labels', MOVED_CLOCK_ENV);
    fakeServerClock(START);
    const token = (userId: string, roles: string[]) => t.token({ userId, agency: AGENCY, roles }, TOKEN_TTL);
    admin = await token('ada', ['agency_admin']);
    cda = await token('cda-ines', ['cda']);
    analyst = await token('an-jonas', ['esca_analyst']);
    labelManager = await token('lm-sofia', ['label_manager']);
    eva = await token('eva', ['esca_analyst', 'label_manager']);
    marta = await token('ga-marta', ['cda', 'gold_assessor']);
    pierre = await token('ga-pierre', ['gold_assessor']);
    group = await token('eg-lukas', ['excellence_group']);
    expect(await publish(t, admin, V1)).toBe(1);
  });

  it('migrates a Bronze holder of version 1 onto version 2, previewed first', async () => {
    // Driven to bronze on version 1 (the version shipped before issue 17).
    const { client: old, cluster: registered } = await ClusterClient.register(t, cda, {
      name: 'Nordic cleantech cluster',
      templateKey: KEY,
      attributes: { member_count: 30, member_type_count: 3, management_fte: 1.5, country: 'DK' },
    });
    expect(registered).toMatchObject({ phase: 'profile', eligible: true });
    const profile = ok(await old.submit(cda, { type: 'cluster_profile', title: 'Profile', fields: { organisation_name: 'NCC', legal_form: 'association', member_count: 30 } }));
    ok(await old.decide(analyst, { gate: 'validate_profile', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: profile.id }));
    ok(await old.advance(cda, 'validate_profile'));
    const bench = ok(await old.submit(cda, { files: await pdfFiles(t, cda), type: 'bronze_benchmarking', title: 'Bronze', fields: { interview_completed: true, benchmarked_on: '2025-01-16' } }));
    ok(await old.decide(analyst, { gate: 'award_bronze', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: bench.id }));
    ok(await old.decide(labelManager, { gate: 'award_bronze', role: 'label_manager', outcome: 'APPROVE' }));
    expect(ok<ClusterData>(await old.advance(cda, 'award_bronze')).phase).toBe('bronze');
    // Version 1's renewal gate, approved in this visit (it could never pass: the expiry came first).
    ok(await old.decide(labelManager, { gate: 'renew_bronze', role: 'label_manager', outcome: 'APPROVE' }));

    expect(await publish(t, admin, SOURCE)).toBe(2);
    const preview = ok(await send(t, MIGRATE, { c: old.id, v: 2, d: true }, admin));
    expect(preview).toMatchObject({ fromVersion: 1, toVersion: 2, applied: false, fromPhase: 'bronze', toPhase: 'bronze', problems: [] });
    // Silver now also needs the on-site audit and three areas of improvement.
    // (The check cannot be evaluated yet: there is no Silver benchmarking; its detail says so.)
    expect(preview.newlyUnmet.map((u: { gate: string; kind: string; artefactType: string | null; detail: string }) => [u.gate, u.kind, u.artefactType ?? u.detail])).toEqual([
      ['award_silver', 'ARTEFACT', 'silver_onsite_audit'],
      ['award_silver', 'CHECK', `${SILVER_CHECK} (the rule could not be evaluated: No such key: silver_benchmarking)`],
    ]);
    const applied = ok(await send(t, MIGRATE, { c: old.id, v: 2, d: false }, admin));
    expect(applied).toMatchObject({ fromVersion: 1, toVersion: 2, applied: true, problems: [] });
    const migrated = await old.get(cda);
    expect(migrated).toMatchObject({ phase: 'bronze', status: 'ACTIVE' });
    // Version 2 has no gate out of bronze that waits for the expiry.
    expect(migrated.gates.map((g) => g.gate).sort()).toEqual(['award_silver', 'withdraw']);
    expect(migrated.decisions.find((d) => d.gate === 'renew_bronze')!.counts).toBe(false);
  });

  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  it('registers a cluster organisation and assigns its cluster manager', async () => {
    let cluster: ClusterData;
    ({ client: c, cluster } = await ClusterClient.register(t, cda, {
      name: 'Basque aerospace cluster',
      templateKey: KEY,
      sector: 'aerospace',
      country: 'ES',
      attributes: { member_count: 42, member_type_count: 4, management_fte: 2.5, country: 'ES', eccp_listed: true, sme_member_share: 0.7, founded_on: '1997-06-01' },
    }));
    expect(cluster).toMatchObject({ phase: 'profile', status: 'ACTIVE', eligible: true, score: null, cdaIds: ['cda-ines'] });
    cluster = ok<ClusterData>(await c.assignRole(admin, 'cm-aitor', 'cluster_manager'));
    expect(cluster.roleAssignments).toEqual([{ userId: 'cm-aitor', role: 'cluster_manager' }]);
    // Agency-wide roles are not assigned per cluster.
    refused(await c.assignRole(admin, 'an-jonas', 'esca_analyst'), 'BAD_USER_INPUT');
  });

  it('validates the profile', async () => {
    expectNotReady(await c.advance(cda, 'validate_profile'), [
      { kind: 'ARTEFACT', artefactType: 'cluster_profile', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'esca_analyst', artefactType: 'cluster_profile', have: 0, need: 1 },
    ]);
    const profile = ok(await c.submit(cda, { type: 'cluster_profile', title: 'HEGAN profile', fields: { organisation_name: 'HEGAN', legal_form: 'association', member_count: 42 } }));
    ok(await c.decide(analyst, { gate: 'validate_profile', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: profile.id }));
    expect(ok<ClusterData>(await c.advance(cda, 'validate_profile')).phase).toBe('bronze_benchmarking');
  });

  it('awards Bronze: a rejected benchmarking resubmitted, and a person with both roles counted once', async () => {
    expectNotReady(await c.advance(cda, 'award_bronze'), [
      { kind: 'ARTEFACT', artefactType: 'bronze_benchmarking', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'esca_analyst', artefactType: 'bronze_benchmarking', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 },
    ]);
    const v1 = ok(await c.submit(cda, { files: await pdfFiles(t, cda), type: 'bronze_benchmarking', title: 'Bronze questionnaire', fields: { interview_completed: false, benchmarked_on: '2025-01-20' } }));
    const rejection = ok(await c.decide(analyst, { gate: 'award_bronze', role: 'esca_analyst', outcome: 'REJECT', artefactVersionId: v1.id, comment: 'interview missing' }));
    expect(rejection.counts).toBe(true);
    const v2 = ok(
      await c.submit(cda, { files: await pdfFiles(t, cda), type: 'bronze_benchmarking', title: 'Bronze questionnaire and interview', artefactId: v1.artefactId, fields: { interview_completed: true, benchmarked_on: '2025-01-28' } }),
    );
    expect(v2).toMatchObject({ number: 2, artefactId: v1.artefactId });
    expect((await c.decision(cda, rejection.id)).counts).toBe(false);

    // Eva validates the benchmarking and issues the label: she fills one requirement, not two.
    const evaAnalyst = ok(await c.decide(eva, { gate: 'award_bronze', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: v2.id }));
    const evaManager = ok(await c.decide(eva, { gate: 'award_bronze', role: 'label_manager', outcome: 'APPROVE' }));
    const refusal = refused(await c.advance(cda, 'award_bronze'), 'GATE_NOT_READY');
    expect(refusal.extensions.unmet).toHaveLength(1);
    expect(refusal.extensions.unmet[0]).toMatchObject({ kind: 'APPROVAL', have: 0, need: 1 });
    expect(['esca_analyst', 'label_manager']).toContain(refusal.extensions.unmet[0].role);
    let cluster = await c.get(cda);
    expect([evaAnalyst.id, evaManager.id].filter((id) => cluster.decisions.find((d) => d.id === id)!.counts)).toHaveLength(1);

    // The analyst who rejected version 1 approves version 2: Eva now counts as label manager.
    const jonas = ok(await c.decide(analyst, { gate: 'award_bronze', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: v2.id }));
    cluster = ok<ClusterData>(await c.advance(cda, 'award_bronze'));
    expect(cluster.phase).toBe('bronze');
    bronzeEnteredAt = cluster.enteredPhaseAt;
    const counts = Object.fromEntries(cluster.decisions.map((d) => [d.id, d.counts]));
    expect([counts[jonas.id], counts[evaManager.id], counts[evaAnalyst.id], counts[rejection.id]]).toEqual([true, true, false, false]);
  });

  it('refuses Silver before its time; no gate out of bronze competes with the expiry', async () => {
    const at = Date.now();
    const have = round2((at - Date.parse(bronzeEnteredAt)) / DAY_MS);
    expectNotReady(await c.advance(cda, 'award_silver'), [
      { kind: 'AFTER', have, need: afterNeed(bronzeEnteredAt, 18) },
      { kind: 'ARTEFACT', artefactType: 'silver_benchmarking', have: 0, need: 1 },
      { kind: 'ARTEFACT', artefactType: 'silver_onsite_audit', have: 0, need: 1 },
      { kind: 'CHECK' },
      { kind: 'APPROVAL', role: 'esca_analyst', artefactType: 'silver_benchmarking', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 },
    ]);
    const cluster = await c.get(cda);
    expect(cluster.gates.map((g) => g.gate).sort()).toEqual(['award_silver', 'withdraw']);
    // The renewal leaves bronze_expired (where the scheduler moves the label at 24 months), not bronze.
    expect(refused(await c.advance(cda, 'renew_bronze'), 'BAD_USER_INPUT').message).toMatch(/renew_bronze/);
    expect(cluster.due).toBeNull();
    expect(afterNeed(bronzeEnteredAt, 18)).toBeGreaterThan(540);
  });

  it('suspends the Bronze holder and resumes it in bronze; the wait for Silver excludes the suspension', async () => {
    travelDays(30);
    const before = await c.get(admin);
    const suspended = ok<ClusterData>(await c.suspend(admin, 'merger with a neighbouring cluster organisation'));
    const suspendedAt = Date.now() - 1000;
    expect(suspended).toMatchObject({ status: 'SUSPENDED', phase: 'bronze', version: before.version + 1 });

    refused(await c.submit(cda, { type: 'silver_benchmarking', title: 'Early', fields: { interview_completed: true, shows_improvement: true, improvement_areas: 3, benchmarked_on: '2025-03-01' } }), 'SUSPENDED');
    refused(await c.decide(labelManager, { gate: 'award_silver', role: 'label_manager', outcome: 'APPROVE' }), 'SUSPENDED');
    refused(await c.advance(cda, 'award_silver'), 'SUSPENDED');
    refused(await c.advance(cda, 'withdraw'), 'SUSPENDED');
    refused(await c.recordIndicator(cda, 'members', '2025', 44), 'SUSPENDED');
    expect((await c.get(admin)).version).toBe(before.version + 1);
    // Assignments go on while suspended.
    ok(await c.assignRole(admin, 'cm-nerea', 'cluster_manager'));
    const assigned = ok<ClusterData>(await c.assignCda(admin, 'ga-marta'));
    expect(assigned).toMatchObject({ status: 'SUSPENDED', cdaIds: ['cda-ines', 'ga-marta'], version: before.version + 3 });
    expect(assigned.roleAssignments.map((a) => a.userId)).toEqual(['cm-aitor', 'cm-nerea']);

    travelDays(60);
    const resumed = ok<ClusterData>(await c.resume(admin));
    suspendedMs = Date.now() - 1000 - suspendedAt;
    expect(resumed).toMatchObject({ status: 'ACTIVE', phase: 'bronze', enteredPhaseAt: bronzeEnteredAt });
    const visit = resumed.history[resumed.history.length - 1];
    expect(visit).toMatchObject({ phase: 'bronze', leftAt: null });
    expect(visit.suspendedDays).toBeCloseTo(suspendedMs / DAY_MS, 6);
    expect(resumed.history.slice(0, -1).every((h) => h.suspendedDays === 0)).toBe(true);
    expect(resumed.due).toBeNull(); // the label's end is its expiry, not a due date
  });

  it('awards Silver once 18 months outside suspension have passed, with three areas of improvement and the on-site audit', async () => {
    travelDays(400);
    const fields = { interview_completed: true, shows_improvement: true, improvement_areas: 2, benchmarked_on: '2026-04-02' };
    const v1 = ok(await c.submit(cda, { files: await pdfFiles(t, cda), type: 'silver_benchmarking', title: 'Silver benchmarking', fields }));
    const onV1 = ok(await c.decide(analyst, { gate: 'award_silver', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: v1.id }));
    expect(onV1.counts).toBe(true);
    // Only the label's experts submit the on-site audit report.
    const audit = { type: 'silver_onsite_audit', title: 'On-site audit', fields: { audited_on: '2026-04-20', gold_minimum_requirements_met: true } };
    refused(await c.submit(cda, { files: await pdfFiles(t, cda), ...audit }), 'FORBIDDEN');
    ok(await c.submit(pierre, { files: await pdfFiles(t, pierre), ...audit }));
    ok(await c.decide(labelManager, { gate: 'award_silver', role: 'label_manager', outcome: 'APPROVE' }));
    let cluster = await c.get(cda);
    expect(unmetOf(cluster, 'award_silver')).toContainEqual(expect.objectContaining({ kind: 'CHECK', detail: SILVER_CHECK }));
    // The third area documented: a new version, which voids the analyst's approval of the first.
    const v2 = ok(await c.submit(cda, { files: await pdfFiles(t, cda), type: 'silver_benchmarking', title: 'Silver benchmarking (three areas)', artefactId: v1.artefactId, fields: { ...fields, improvement_areas: 3 } }));
    expect((await c.decision(cda, onV1.id)).counts).toBe(false);
    cluster = await c.get(cda);
    expect(unmetOf(cluster, 'award_silver').map((u) => [u.kind, u.role, u.have, u.need])).toContainEqual(['APPROVAL', 'esca_analyst', 0, 1]);
    expect(unmetOf(cluster, 'award_silver').map((u) => u.kind)).not.toContain('CHECK');
    ok(await c.decide(analyst, { gate: 'award_silver', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: v2.id }));

    // Some 430 days in bronze count (490 elapsed, 60 suspended): still short of 18 months.
    const at = Date.now();
    expectNotReady(await c.advance(cda, 'award_silver'), [
      { kind: 'AFTER', have: round2((at - Date.parse(bronzeEnteredAt) - suspendedMs) / DAY_MS), need: afterNeed(bronzeEnteredAt, 18) },
    ]);
    // Elapsed time alone would already be enough; the suspension is what is missing.
    travelDays(afterNeed(bronzeEnteredAt, 18) - (Date.now() - Date.parse(bronzeEnteredAt)) / DAY_MS + 1);
    expect(refused(await c.advance(cda, 'award_silver'), 'GATE_NOT_READY').extensions.unmet).toEqual([expect.objectContaining({ kind: 'AFTER' })]);
    travelDays(61);
    cluster = ok<ClusterData>(await c.advance(cda, 'award_silver'));
    expect(cluster).toMatchObject({ phase: 'silver', status: 'ACTIVE' });
  });

  it('fails the first Gold attempt and returns to Silver', async () => {
    expectNotReady(await c.advance(cda, 'apply_for_gold'), [
      { kind: 'ARTEFACT', artefactType: 'gold_application', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 },
    ]);
    ok(await c.submit(cda, { type: 'gold_application', title: 'Gold application', fields: { submitted_on: '2026-09-01' } }));
    ok(await c.decide(labelManager, { gate: 'apply_for_gold', role: 'label_manager', outcome: 'APPROVE' }));
    expect(ok<ClusterData>(await c.advance(cda, 'apply_for_gold')).phase).toBe('gold_assessment');

    expectNotReady(await c.advance(cda, 'award_gold'), [
      { kind: 'SCORE', need: 80 },
      { kind: 'ARTEFACT', artefactType: 'gold_assessment_report', have: 0, need: 1 },
      { kind: 'CHECK' }, // all 31 indicators assessed: no report yet
      { kind: 'APPROVAL', role: 'gold_assessor', artefactType: 'gold_assessment_report', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'excellence_group', have: 0, need: 1 },
    ]);
    // Marta writes the report; she may not confirm it herself, and nothing is recorded.
    const report = ok(await c.submit(marta, { files: await pdfFiles(t, marta), type: 'gold_assessment_report', title: 'Gold assessment', fields: { site_visit_on: '2026-10-05', indicators_assessed: 31 } }));
    expect(report.submittedBy).toBe('ga-marta');
    const before = await c.get(cda);
    refused(await c.decide(marta, { gate: 'award_gold', role: 'gold_assessor', outcome: 'APPROVE', artefactVersionId: report.id }), 'FORBIDDEN');
    const after = await c.get(cda);
    expect(after.version).toBe(before.version);
    expect(after.decisions).toHaveLength(before.decisions.length);
    const confirmation = ok(await c.decide(pierre, { gate: 'award_gold', role: 'gold_assessor', outcome: 'APPROVE', artefactVersionId: report.id }));
    expect(confirmation.counts).toBe(true);

    const scored = ok<ClusterData>(await c.score(cda, { structure: 70, governance: 75, financing: 60, strategy: 80, services: 70, recognition: 65 }));
    expect(scored.score).toBeCloseTo(71);
    expectNotReady(await c.advance(cda, 'award_gold'), [
      { kind: 'SCORE', have: 71, need: 80 },
      { kind: 'APPROVAL', role: 'excellence_group', have: 0, need: 1 },
    ]);
    ok(await c.decide(labelManager, { gate: 'gold_not_achieved', role: 'label_manager', outcome: 'APPROVE', comment: 'retry after a year' }));
    const back = ok<ClusterData>(await c.advance(cda, 'gold_not_achieved'));
    expect(back.phase).toBe('silver');
  });

  it('retries Gold: visit approvals start afresh, the confirmation of the unchanged report still counts', async () => {
    let cluster = await c.get(cda);
    // The application is still there; the label manager's acceptance of the first visit is not.
    expect(unmetOf(cluster, 'apply_for_gold')).toEqual([expect.objectContaining({ kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 })]);
    expectNotReady(await c.advance(cda, 'apply_for_gold'), [{ kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 }]);
    ok(await c.decide(labelManager, { gate: 'apply_for_gold', role: 'label_manager', outcome: 'APPROVE' }));
    cluster = ok<ClusterData>(await c.advance(cda, 'apply_for_gold'));
    expect(cluster.phase).toBe('gold_assessment');

    // Pierre's confirmation of the unchanged report carries over; the group's approval
    // belongs to a visit, nor does the score reach 80 by itself.
    const pierreVote = cluster.decisions.find((d) => d.gate === 'award_gold' && d.decidedBy === 'ga-pierre')!;
    expect(pierreVote.counts).toBe(true);
    expectNotReady(await c.advance(cda, 'award_gold'), [
      { kind: 'SCORE', have: 71, need: 80 },
      { kind: 'APPROVAL', role: 'excellence_group', have: 0, need: 1 },
    ]);
    expect(unmetOf(cluster, 'gold_not_achieved')).toEqual([expect.objectContaining({ kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 })]);

    // The assessors re-score four areas; the other two keep their scores.
    const rescored = ok<ClusterData>(await c.score(cda, { governance: 90, financing: 75, strategy: 88, services: 84 }));
    expect(rescored.score).toBeCloseTo(80.65);
    ok(await c.decide(group, { gate: 'award_gold', role: 'excellence_group', outcome: 'APPROVE' }));
    const gold = ok<ClusterData>(await c.advance(cda, 'award_gold'));
    // Gold is held, not final: it is reassessed, and it expires.
    expect(gold).toMatchObject({ phase: 'gold', status: 'ACTIVE' });
    expect(gold.gates.map((g) => g.gate).sort()).toEqual(['reassess_gold', 'withdraw']);
    expect(gold.history.map((h) => [h.phase, h.viaGate])).toEqual([
      ['profile', null],
      ['bronze_benchmarking', 'validate_profile'],
      ['bronze', 'award_bronze'],
      ['silver', 'award_silver'],
      ['gold_assessment', 'apply_for_gold'],
      ['silver', 'gold_not_achieved'],
      ['gold_assessment', 'apply_for_gold'],
      ['gold', 'award_gold'],
    ]);
    expect(gold.decisions.find((d) => d.id === pierreVote.id)!.counts).toBe(true);
  });

  it('reassesses Gold after 30 months: a report below 80% is refused by its check, then the label is confirmed', async () => {
    let cluster = await c.get(cda);
    const goldEnteredAt = cluster.enteredPhaseAt;
    ok(await c.decide(labelManager, { gate: 'reassess_gold', role: 'label_manager', outcome: 'APPROVE' }));
    expectNotReady(await c.advance(cda, 'reassess_gold'), [{ kind: 'AFTER', have: round2((Date.now() - Date.parse(goldEnteredAt)) / DAY_MS), need: afterNeed(goldEnteredAt, 30) }]);
    travelDays(afterNeed(goldEnteredAt, 30) + 1);
    expect(ok<ClusterData>(await c.advance(cda, 'reassess_gold')).phase).toBe('gold_reassessment');

    const fields = { site_visit_on: '2029-05-10', indicators_assessed: 31, score_percent: 78.5 };
    const low = ok(await c.submit(marta, { files: await pdfFiles(t, marta), type: 'gold_reassessment_report', title: 'Gold reassessment', fields }));
    ok(await c.decide(pierre, { gate: 'confirm_gold', role: 'gold_assessor', outcome: 'APPROVE', artefactVersionId: low.id }));
    ok(await c.decide(group, { gate: 'confirm_gold', role: 'excellence_group', outcome: 'APPROVE' }));
    const refusal = refused(await c.advance(cda, 'confirm_gold'), 'GATE_NOT_READY');
    expect(refusal.extensions.unmet).toEqual([expect.objectContaining({ kind: 'CHECK', detail: 'Gold needs at least 80% on the quality indicators' })]);

    const good = ok(await c.submit(marta, { files: await pdfFiles(t, marta), type: 'gold_reassessment_report', title: 'Gold reassessment (recounted)', artefactId: low.artefactId, fields: { ...fields, score_percent: 82 } }));
    ok(await c.decide(pierre, { gate: 'confirm_gold', role: 'gold_assessor', outcome: 'APPROVE', artefactVersionId: good.id }));
    cluster = ok<ClusterData>(await c.advance(cda, 'confirm_gold'));
    expect(cluster).toMatchObject({ phase: 'gold', status: 'ACTIVE' });
    expect(cluster.history.slice(-3).map((h) => [h.phase, h.viaGate])).toEqual([
      ['gold', 'award_gold'],
      ['gold_reassessment', 'reassess_gold'],
      ['gold', 'confirm_gold'],
    ]);
  });

  it('withdraws an organisation below the ECCP thresholds', async () => {
    const { client: small, cluster } = await ClusterClient.register(t, cda, {
      name: 'Young photonics network',
      templateKey: KEY,
      attributes: { member_count: 9, member_type_count: 1, management_fte: 0.3, country: 'PT' },
    });
    expect(cluster.eligible).toBe(false);
    expectNotReady(await small.advance(cda, 'validate_profile'), [
      { kind: 'ELIGIBILITY', attribute: 'eccp_listed' },
      { kind: 'ELIGIBILITY', attribute: 'member_count', have: 9, need: 15 },
      { kind: 'ELIGIBILITY', attribute: 'member_type_count', have: 1, need: 2 },
      { kind: 'ELIGIBILITY', attribute: 'management_fte', have: 0.3, need: 0.5 },
      { kind: 'ARTEFACT', artefactType: 'cluster_profile', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'esca_analyst', artefactType: 'cluster_profile', have: 0, need: 1 },
    ]);
    ok(await small.decide(labelManager, { gate: 'withdraw', role: 'label_manager', outcome: 'APPROVE' }));
    expect(ok<ClusterData>(await small.advance(cda, 'withdraw'))).toMatchObject({ phase: 'withdrawn', status: 'FINISHED' });
    await expectFinished(small, { admin, cda, decider: labelManager }, {
      artefact: { type: 'cluster_profile', title: 'Late', fields: { organisation_name: 'YPN', legal_form: 'association', member_count: 9 } },
      decision: { gate: 'withdraw', role: 'label_manager', outcome: 'APPROVE' },
      gate: 'validate_profile',
    });
  });
});
