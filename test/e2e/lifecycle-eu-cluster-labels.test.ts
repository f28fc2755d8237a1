import { pdfFiles } from '../support/files';
import { MOVED_CLOCK_ENV } from '../support/clock';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  addMonthsUtc,
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
  TOKEN_TTL,
  travelDays,
  type ClusterData,
} from '../support/lifecycle';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * EU cluster management excellence labels (templates/eu-cluster-labels.yaml) over HTTP:
 *
 *   profile -> bronze_benchmarking -> bronze -> silver -> gold_assessment -> silver (Gold not
 *   achieved) -> gold_assessment -> gold,
 *
 * and a second, ineligible cluster organisation withdrawn from profile validation.
 *
 * `award_silver` has `after: P18M` and `renew_bronze` `after: P24M`: both are first refused
 * with AFTER items, then the server clock is moved (test/support/lifecycle.ts) so that 18
 * months outside suspension pass in bronze and the Silver label is awarded for real.
 * `renew_bronze` (the Bronze re-benchmarking loop) is only checked for its refusal.
 *
 * Not shown by this template: it has no milestones, so milestones resetting on a loop
 * cannot be shown; `cluster_manager` is the only `scope: cluster` role and no gate or
 * milestone names it, so its assignment is recorded but decides nothing.
 */

const SOURCE = readFileSync(join(__dirname, '../../templates/eu-cluster-labels.yaml'), 'utf8');
const KEY = 'eu-cluster-labels';
const AGENCY = 'esca';
const START = '2025-01-15T08:00:00.000Z';

const unmetOf = (cluster: ClusterData, gate: string) => cluster.gates.find((g) => g.gate === gate)!.unmet;

describe('EU cluster labels lifecycle over GraphQL', () => {
  let t: TestApp;
  // `eva` holds both esca_analyst and label_manager; `marta` is a gold assessor who also
  // operates the cluster's file (cda), so she submits the assessment report she wrote.
  let admin: string, cda: string, analyst: string, labelManager: string, eva: string, marta: string, pierre: string;
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
    expect(await publish(t, admin, SOURCE)).toBe(1);
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
      attributes: { member_count: 42, member_type_count: 4, management_fte: 2.5, country: 'ES', sme_member_share: 0.7, founded_on: '1997-06-01' },
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

  it('refuses Silver and the Bronze renewal before their time', async () => {
    const at = Date.now();
    const have = round2((at - Date.parse(bronzeEnteredAt)) / DAY_MS);
    expectNotReady(await c.advance(cda, 'award_silver'), [
      { kind: 'AFTER', have, need: afterNeed(bronzeEnteredAt, 18) },
      { kind: 'ARTEFACT', artefactType: 'silver_benchmarking', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'esca_analyst', artefactType: 'silver_benchmarking', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 },
    ]);
    ok(await c.decide(labelManager, { gate: 'renew_bronze', role: 'label_manager', outcome: 'APPROVE' }));
    const at2 = Date.now();
    expectNotReady(await c.advance(cda, 'renew_bronze'), [{ kind: 'AFTER', have: round2((at2 - Date.parse(bronzeEnteredAt)) / DAY_MS), need: afterNeed(bronzeEnteredAt, 24) }]);
    expect(afterNeed(bronzeEnteredAt, 18)).toBeGreaterThan(540);
  });

  it('suspends the Bronze holder and resumes it in bronze; the wait for Silver excludes the suspension', async () => {
    travelDays(30);
    const before = await c.get(admin);
    const suspended = ok<ClusterData>(await c.suspend(admin, 'merger with a neighbouring cluster organisation'));
    const suspendedAt = Date.now() - 1000;
    expect(suspended).toMatchObject({ status: 'SUSPENDED', phase: 'bronze', version: before.version + 1 });

    refused(await c.submit(cda, { type: 'silver_benchmarking', title: 'Early', fields: { interview_completed: true, shows_improvement: true, benchmarked_on: '2025-03-01' } }), 'SUSPENDED');
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
    expect(Math.abs(Date.parse(resumed.due!) - (addMonthsUtc(Date.parse(bronzeEnteredAt), 24) + suspendedMs))).toBeLessThan(2);
  });

  it('awards Silver once 18 months outside suspension have passed; an approval of a replaced version stops counting', async () => {
    travelDays(400);
    const fields = { interview_completed: true, shows_improvement: true, benchmarked_on: '2026-04-02' };
    const v1 = ok(await c.submit(cda, { files: await pdfFiles(t, cda), type: 'silver_benchmarking', title: 'Silver benchmarking', fields }));
    const onV1 = ok(await c.decide(analyst, { gate: 'award_silver', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: v1.id }));
    expect(onV1.counts).toBe(true);
    const v2 = ok(await c.submit(cda, { files: await pdfFiles(t, cda), type: 'silver_benchmarking', title: 'Silver benchmarking (corrected date)', artefactId: v1.artefactId, fields: { ...fields, benchmarked_on: '2026-04-03' } }));
    expect((await c.decision(cda, onV1.id)).counts).toBe(false);
    ok(await c.decide(labelManager, { gate: 'award_silver', role: 'label_manager', outcome: 'APPROVE' }));
    let cluster = await c.get(cda);
    expect(unmetOf(cluster, 'award_silver').map((u) => [u.kind, u.role, u.have, u.need])).toContainEqual(['APPROVAL', 'esca_analyst', 0, 1]);
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
      { kind: 'APPROVAL', role: 'gold_assessor', artefactType: 'gold_assessment_report', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 },
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
      { kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 },
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

    // Pierre's confirmation of the unchanged report carries over; the label manager's
    // decisions of the first attempt do not, nor does the score reach 80 by itself.
    const pierreVote = cluster.decisions.find((d) => d.gate === 'award_gold' && d.decidedBy === 'ga-pierre')!;
    expect(pierreVote.counts).toBe(true);
    expectNotReady(await c.advance(cda, 'award_gold'), [
      { kind: 'SCORE', have: 71, need: 80 },
      { kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 },
    ]);
    expect(unmetOf(cluster, 'gold_not_achieved')).toEqual([expect.objectContaining({ kind: 'APPROVAL', role: 'label_manager', have: 0, need: 1 })]);

    // The assessors re-score four areas; the other two keep their scores.
    const rescored = ok<ClusterData>(await c.score(cda, { governance: 90, financing: 75, strategy: 88, services: 84 }));
    expect(rescored.score).toBeCloseTo(80.65);
    ok(await c.decide(labelManager, { gate: 'award_gold', role: 'label_manager', outcome: 'APPROVE' }));
    const gold = ok<ClusterData>(await c.advance(cda, 'award_gold'));
    expect(gold).toMatchObject({ phase: 'gold', status: 'FINISHED', gates: [] });
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

  it('refuses every change after the Gold label', async () => {
    const cluster = await c.get(cda);
    const report = cluster.artefacts.find((a) => a.type === 'gold_assessment_report')!;
    await expectFinished(c, { admin, cda, decider: pierre }, {
      artefact: { type: 'gold_assessment_report', title: 'Amended', artefactId: report.id, fields: { site_visit_on: '2026-10-05', indicators_assessed: 32 } },
      decision: { gate: 'award_gold', role: 'gold_assessor', outcome: 'REJECT', artefactVersionId: report.latest.id },
      gate: 'award_gold',
      indicator: ['members', '2027', 50],
      scores: { structure: 99 },
    });
    refused(await c.assignRole(admin, 'cm-iker', 'cluster_manager'), 'FINAL_PHASE');
  });

  it('withdraws an organisation below the ECCP thresholds', async () => {
    const { client: small, cluster } = await ClusterClient.register(t, cda, {
      name: 'Young photonics network',
      templateKey: KEY,
      attributes: { member_count: 9, member_type_count: 1, management_fte: 0.3, country: 'PT' },
    });
    expect(cluster.eligible).toBe(false);
    expectNotReady(await small.advance(cda, 'validate_profile'), [
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
