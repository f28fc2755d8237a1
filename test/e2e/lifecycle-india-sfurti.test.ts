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
  addMonthsUtc,
  type ClusterData,
} from '../support/lifecycle';
import { startTestApp, type TestApp } from '../support/test-app';
import { shippedTemplate } from '../support/shipped-templates';

/**
 * SFURTI (templates/india-sfurti.yaml, version 2: the revamped scheme's cluster types and
 * caps) over HTTP, as the nodal agency's and the
 * implementing agency's client tools would drive it:
 *
 *   call_for_proposals -> dsr_preparation -> ssc_sanction -> dsr_preparation (returned for
 *   revision) -> ssc_sanction -> implementation (three tranches) -> completed,
 *
 * and a second, ineligible cluster dropped from call_for_proposals.
 *
 * `select_implementing_agency` has `after: P1M`: the server clock is moved (see
 * test/support/lifecycle.ts), so the month is really waited for, less the time suspended.
 *
 * Not shown by this template: no role has `scope: cluster` (so there is nothing to
 * assignRole, and assignRole is refused); the phases a loop passes through again
 * (dsr_preparation, ssc_sanction) have no milestones, so milestones resetting on a
 * re-entered phase cannot be shown here (the tranches' phase, implementation, is visited once).
 */

/** Version 1 as shipped before, then the current version 2 (its `migration` names version 1). */
const [SOURCE_V1, SOURCE] = shippedTemplate('india-sfurti');
const KEY = 'india-sfurti';
const AGENCY = 'kvic';
const START = '2025-01-15T08:00:00.000Z';

const PROPOSAL = { agency_name: 'Ramanagara Artisans Welfare Society', legal_form: 'society', years_of_experience: 6, land_available: false };
/** Amounts in rupees: Rs 2.5 crore, within the Rs 3 crore cap of a major cluster. */
const DSR = {
  artisans_surveyed: 240, has_swot: true, has_soft_interventions: true, has_hard_interventions: false,
  project_cost: 25000000, soft_interventions_cost: 2000000, hard_interventions_cost: 20000000, technical_agency_fee: 2000000, grant_asked: 19000000,
};
/** Rs 4.8 crore: over the cap of a major cluster. */
const DSR_OVER_CAP = { ...DSR, has_hard_interventions: true, project_cost: 48000000, soft_interventions_cost: 2500000, hard_interventions_cost: 40000000, technical_agency_fee: 3840000, grant_asked: 36340000 };
/** Rs 2.9 crore, asking exactly 100% of soft, 75% of hard interventions and the 8% fee. */
const DSR_REVISED = { ...DSR, has_hard_interventions: true, project_cost: '29000000.00', soft_interventions_cost: '2500000.00', hard_interventions_cost: '24000000.00', technical_agency_fee: '2320000.00', grant_asked: '22820000.00' };

describe('SFURTI lifecycle over GraphQL', () => {
  let t: TestApp;
  // One person per role; `cdeTwo` is a second CDE of the implementing agency who also
  // sits on the Project Steering Committee, and `kiran` holds both tranche roles.
  let admin: string, cde: string, cdeTwo: string, screener: string, tech: string, nodal: string, kiran: string, psc: string, ssc: string;
  let c: ClusterClient;
  let registered: ClusterData;

  beforeAll(async () => {
    t = await startTestApp('lifecycle-sfurti', MOVED_CLOCK_ENV);
    fakeServerClock(START);
    const token = (userId: string, roles: string[]) => t.token({ userId, agency: AGENCY, roles }, TOKEN_TTL);
    admin = await token('ada', ['agency_admin']);
    cde = await token('cde-ravi', ['cda']);
    cdeTwo = await token('cde-sunil', ['cda', 'project_steering_committee']);
    screener = await token('scr-meena', ['screening_committee']);
    tech = await token('ta-arjun', ['technical_agency']);
    nodal = await token('na-lakshmi', ['nodal_agency']);
    kiran = await token('kiran', ['technical_agency', 'nodal_agency']);
    psc = await token('psc-vikram', ['project_steering_committee']);
    ssc = await token('ssc-anita', ['scheme_steering_committee']);
    expect(await publish(t, admin, SOURCE_V1)).toBe(1);
    expect(await publish(t, admin, SOURCE)).toBe(2);
  });

  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  it('registers an eligible cluster in the call for proposals', async () => {
    ({ client: c, cluster: registered } = await ClusterClient.register(t, cde, {
      name: 'Channapatna lacquerware',
      templateKey: KEY,
      sector: 'handicraft',
      region: 'Karnataka',
      country: 'IN',
      attributes: { artisan_count: 320, cluster_type: 'major', nodal_agency_name: 'kvic', product: 'lacquerware toys', state: 'Karnataka' },
    }));
    expect(registered).toMatchObject({ phase: 'call_for_proposals', status: 'ACTIVE', version: 1, eligible: true, score: null, cdaIds: ['cde-ravi'] });
    expect(Date.parse(registered.enteredPhaseAt)).toBe(Date.parse(START) + 2000); // publishing versions 1 and 2 took the first two seconds
    expect(Date.parse(registered.due!)).toBe(addMonthsUtc(Date.parse(registered.enteredPhaseAt), 2));
    // No SFURTI role is cluster-scoped: every role decides agency-wide, nothing to assign.
    refused(await c.assignRole(admin, 'psc-vikram', 'project_steering_committee'), 'BAD_USER_INPUT');
  });

  it('refuses to select the implementing agency, naming every missing requirement', async () => {
    const at = Date.now();
    expectNotReady(await c.advance(cde, 'select_implementing_agency'), [
      { kind: 'ARTEFACT', artefactType: 'ia_proposal', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'screening_committee', artefactType: 'ia_proposal', have: 0, need: 1 },
      { kind: 'SCORE', need: 60 },
      { kind: 'AFTER', have: round2((at - Date.parse(registered.enteredPhaseAt)) / DAY_MS), need: 31 },
    ]);
    expect((await c.get(cde)).version).toBe(1); // a refused advance records nothing
  });

  it('takes a rejected proposal back as version 2 and approves that', async () => {
    const v1 = ok(await c.submit(cde, { type: 'ia_proposal', title: 'Proposal of the RAWS', fields: PROPOSAL }));
    expect(v1).toMatchObject({ number: 1, type: 'ia_proposal', submittedBy: 'cde-ravi' });
    const rejection = ok(
      await c.decide(screener, { gate: 'select_implementing_agency', role: 'screening_committee', outcome: 'REJECT', artefactVersionId: v1.id, comment: 'no land for a CFC' }),
    );
    expect(rejection).toMatchObject({ outcome: 'REJECT', counts: true, decidedBy: 'scr-meena', artefactVersion: { id: v1.id, number: 1 } });
    expect((await c.gate(cde, 'select_implementing_agency')).unmet).toContainEqual(
      expect.objectContaining({ kind: 'APPROVAL', role: 'screening_committee', artefactType: 'ia_proposal', have: 0, need: 1 }),
    );

    const v2 = ok(await c.submit(cde, { type: 'ia_proposal', title: 'Proposal of the RAWS, land leased', artefactId: v1.artefactId, fields: { ...PROPOSAL, land_available: true } }));
    expect(v2).toMatchObject({ artefactId: v1.artefactId, number: 2 });
    expect((await c.decision(cde, rejection.id)).counts).toBe(false); // voided by the new version
    // Deciding on the old version is now a conflict.
    refused(await c.decide(screener, { gate: 'select_implementing_agency', role: 'screening_committee', outcome: 'APPROVE', artefactVersionId: v1.id }), 'CONFLICT');
    const approval = ok(await c.decide(screener, { gate: 'select_implementing_agency', role: 'screening_committee', outcome: 'APPROVE', artefactVersionId: v2.id }));
    expect(approval).toMatchObject({ outcome: 'APPROVE', counts: true, artefactVersion: { number: 2 } });

    const cluster = await c.get(cde);
    expect(cluster.artefacts).toHaveLength(1);
    expect(cluster.artefacts[0].versions.map((v) => v.number)).toEqual([1, 2]);
    expect(cluster.decisions.map((d) => [d.outcome, d.counts])).toEqual([
      ['REJECT', false],
      ['APPROVE', true],
    ]);
  });

  it('scores the proposal: below the pass mark, then above it', async () => {
    const partial = ok<ClusterData>(await c.score(cde, { artisan_base: 70, agency_capacity: 65, market_potential: 60 }));
    expect(partial.score).toBeNull(); // not every criterion scored yet
    ok(await c.score(cde, { convergence: 0 }));
    let at = Date.now();
    expectNotReady(await c.advance(cde, 'select_implementing_agency'), [
      { kind: 'SCORE', have: 55.5, need: 60 },
      { kind: 'AFTER', have: round2((at - Date.parse(registered.enteredPhaseAt)) / DAY_MS), need: 31 },
    ]);
    const rescored = ok<ClusterData>(await c.score(cde, { convergence: 50 }));
    expect(rescored.score).toBeCloseTo(63);
    at = Date.now();
    expectNotReady(await c.advance(cde, 'select_implementing_agency'), [{ kind: 'AFTER', have: round2((at - Date.parse(registered.enteredPhaseAt)) / DAY_MS), need: 31 }]);
  });

  it('suspends and resumes in the same phase; the month of the call excludes the suspension', async () => {
    travelDays(10);
    const before = await c.get(admin);
    const suspended = ok<ClusterData>(await c.suspend(admin, 'State assembly elections: model code of conduct'));
    const suspendedAt = Date.now() - 1000;
    expect(suspended).toMatchObject({ status: 'SUSPENDED', phase: 'call_for_proposals', version: before.version + 1 });

    const [proposal] = before.artefacts;
    refused(await c.submit(cde, { type: 'ia_proposal', title: 'Late', artefactId: proposal.id, fields: PROPOSAL }), 'SUSPENDED');
    refused(
      await c.decide(screener, { gate: 'select_implementing_agency', role: 'screening_committee', outcome: 'REJECT', artefactVersionId: proposal.latest.id }),
      'SUSPENDED',
    );
    refused(await c.advance(cde, 'select_implementing_agency'), 'SUSPENDED');
    refused(await c.advance(cde, 'drop_project'), 'SUSPENDED');
    refused(await c.score(cde, { convergence: 60 }), 'SUSPENDED');
    refused(await c.recordIndicator(cde, 'trainings_held', '2025-01', 1), 'SUSPENDED');
    refused(await c.suspend(admin, 'twice'), 'SUSPENDED');
    expect((await c.get(admin)).version).toBe(before.version + 1);
    // Administrative changes go on: a second CDE joins the team.
    const assigned = ok<ClusterData>(await c.assignCda(admin, 'cde-sunil'));
    expect(assigned).toMatchObject({ status: 'SUSPENDED', cdaIds: ['cde-ravi', 'cde-sunil'], version: before.version + 2 });

    travelDays(20);
    const during = await c.get(admin);
    expect(during.overdue).toBe(false);
    expect(during.history[0].suspendedDays).toBeCloseTo((Date.now() - 1000 - suspendedAt) / DAY_MS, 6);

    const resumed = ok<ClusterData>(await c.resume(admin));
    const suspendedMs = Date.now() - 1000 - suspendedAt;
    expect(resumed).toMatchObject({ status: 'ACTIVE', phase: 'call_for_proposals', enteredPhaseAt: registered.enteredPhaseAt });
    expect(resumed.history).toHaveLength(1);
    expect(resumed.history[0].suspendedDays).toBeCloseTo(suspendedMs / DAY_MS, 6);
    expect(resumed.history[0].suspendedDays).toBeGreaterThan(20);
    // The due date moves by the time suspended.
    expect(Math.abs(Date.parse(resumed.due!) - (addMonthsUtc(Date.parse(registered.enteredPhaseAt), 2) + suspendedMs))).toBeLessThan(2);

    // About ten days count towards the month, not thirty.
    const at = Date.now();
    const refusal = refused(await c.advance(cde, 'select_implementing_agency'), 'GATE_NOT_READY');
    expect(refusal.extensions.unmet).toEqual([expect.objectContaining({ kind: 'AFTER', have: round2((at - Date.parse(registered.enteredPhaseAt) - suspendedMs) / DAY_MS), need: 31 })]);
    expect(refusal.extensions.unmet[0].have).toBeCloseTo(10, 1);
  });

  it('selects the implementing agency once a month outside suspension has passed', async () => {
    travelDays(21);
    const advanced = ok<ClusterData>(await c.advance(cde, 'select_implementing_agency'));
    expect(advanced).toMatchObject({ phase: 'dsr_preparation', status: 'ACTIVE' });
    expect(advanced.history.map((h) => [h.phase, h.viaGate])).toEqual([
      ['call_for_proposals', null],
      ['dsr_preparation', 'select_implementing_agency'],
    ]);
    expect(advanced.history[0].leftAt).toBe(advanced.history[1].enteredAt);
    // The approval that passed the gate is frozen as counting; the voided rejection is not.
    expect(advanced.decisions.map((d) => d.counts)).toEqual([false, true]);
  });

  it('refuses self-approval of the DSR, and drops an approval when a new version comes', async () => {
    expectNotReady(await c.advance(cde, 'approve_dpr'), [
      { kind: 'ARTEFACT', artefactType: 'dsr', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'project_steering_committee', artefactType: 'dsr', have: 0, need: 1 },
    ]);
    // Sunil, a CDE who sits on the PSC, submits the DSR...
    const v1 = ok(await c.submit(cdeTwo, { files: await pdfFiles(t, cdeTwo), type: 'dsr', title: 'DSR Channapatna', fields: DSR }));
    expectNotReady(await c.advance(cde, 'approve_dpr'), [
      { kind: 'ARTEFACT', artefactType: 'dsr', have: 0, need: 1 }, // no costed hard interventions yet
      { kind: 'APPROVAL', role: 'project_steering_committee', artefactType: 'dsr', have: 0, need: 1 },
    ]);
    // ...and may neither approve nor reject his own version; nothing is recorded.
    const before = await c.get(cde);
    refused(await c.decide(cdeTwo, { gate: 'approve_dpr', role: 'project_steering_committee', outcome: 'APPROVE', artefactVersionId: v1.id }), 'FORBIDDEN');
    refused(await c.decide(cdeTwo, { gate: 'approve_dpr', role: 'project_steering_committee', outcome: 'REJECT', artefactVersionId: v1.id }), 'FORBIDDEN');
    const after = await c.get(cde);
    expect(after.version).toBe(before.version);
    expect(after.decisions).toHaveLength(before.decisions.length);

    const onV1 = ok(await c.decide(psc, { gate: 'approve_dpr', role: 'project_steering_committee', outcome: 'APPROVE', artefactVersionId: v1.id }));
    expect(onV1.counts).toBe(true);
    expectNotReady(await c.advance(cde, 'approve_dpr'), [{ kind: 'ARTEFACT', artefactType: 'dsr', have: 0, need: 1 }]);

    const v2 = ok(await c.submit(cde, { files: await pdfFiles(t, cde), type: 'dsr', title: 'DSR Channapatna with CFC', artefactId: v1.artefactId, fields: DSR_OVER_CAP }));
    expect(v2.number).toBe(2);
    expect((await c.decision(cde, onV1.id)).counts).toBe(false);
    expectNotReady(await c.advance(cde, 'approve_dpr'), [{ kind: 'APPROVAL', role: 'project_steering_committee', artefactType: 'dsr', have: 0, need: 1 }]);
    const onV2 = ok(await c.decide(psc, { gate: 'approve_dpr', role: 'project_steering_committee', outcome: 'APPROVE', artefactVersionId: v2.id }));
    expect(onV2.counts).toBe(true);
    expect(ok<ClusterData>(await c.advance(cde, 'approve_dpr')).phase).toBe('ssc_sanction');
  });

  it('loops back for revision: visit approvals start afresh, the DPR approval follows the document', async () => {
    let cluster = await c.get(cde);
    const gates = Object.fromEntries(cluster.gates.map((g) => [g.gate, g]));
    expect(Object.keys(gates).sort()).toEqual(['drop_project', 'return_for_revision', 'sanction_project']);
    expect(gates.return_for_revision.unmet).toEqual([expect.objectContaining({ kind: 'APPROVAL', role: 'scheme_steering_committee', have: 0, need: 1 })]);
    // The DPR the PSC approved is over the Rs 3 crore cap of a major cluster: the SSC cannot sanction it.
    expect(gates.sanction_project.unmet.map((u: { kind: string; detail?: string }) => [u.kind, u.detail])).toEqual([
      ['APPROVAL', expect.any(String)],
      ['CHECK', "The project cost exceeds the cap of the cluster's type (heritage Rs 8 crore, major Rs 3 crore, mini Rs 1.5 crore)"],
    ]);
    expect(ok(await send(t, 'query($id: ID!) { cluster(id: $id) { derived } }', { id: registered.id }, cde)).derived).toEqual({
      project_cap: 30000000, heritage_min_artisans: 1000, max_grant: { amount: '36340000.00', currency: 'INR' },
    });

    // The nodal officer would rather drop the project, but the SSC returns the DPR instead.
    const dropVote = ok(await c.decide(nodal, { gate: 'drop_project', role: 'nodal_agency', outcome: 'APPROVE' }));
    expect(dropVote.counts).toBe(true);
    const returnVote = ok(await c.decide(ssc, { gate: 'return_for_revision', role: 'scheme_steering_committee', outcome: 'APPROVE', comment: 'bring the project within the Rs 3 crore cap' }));
    cluster = ok<ClusterData>(await c.advance(cde, 'return_for_revision'));
    expect(cluster.phase).toBe('dsr_preparation');
    const counts = (id: string) => cluster.decisions.find((d) => d.id === id)!.counts;
    expect(counts(dropVote.id)).toBe(false); // a visit's gate approval, unused, ends with the visit
    expect(counts(returnVote.id)).toBe(true); // used to pass return_for_revision: frozen

    // Back in dsr_preparation: the PSC's approval of the unchanged DSR version 2 still counts...
    const dsr = cluster.artefacts.find((a) => a.type === 'dsr')!;
    const pscVote = cluster.decisions.find((d) => d.gate === 'approve_dpr' && d.artefactVersion?.number === 2)!;
    expect(counts(pscVote.id)).toBe(true);
    expect(cluster.gates.find((g) => g.gate === 'approve_dpr')).toMatchObject({ ready: true, unmet: [] });
    // ...while the nodal officer's drop approval, given in the previous visit of another phase, does not.
    expect(cluster.gates.find((g) => g.gate === 'drop_project')!.unmet).toEqual([
      expect.objectContaining({ kind: 'APPROVAL', role: 'nodal_agency', have: 0, need: 1 }),
    ]);

    // The revision the SSC asked for is a new version, which the PSC must approve again; the
    // technical agency writes it (a submitter of the DSR besides the cluster's CDEs).
    const v3 = ok(await c.submit(tech, { files: await pdfFiles(t, tech), type: 'dsr', title: 'DSR Channapatna, revised', artefactId: dsr.id, fields: DSR_REVISED }));
    expect(v3).toMatchObject({ number: 3, fields: DSR_REVISED });
    // The version-2 approval was frozen when approve_dpr was first passed, so its `counts`
    // stays true (docs/decisions.md: "for good"), but it no longer fills the requirement.
    expect((await c.decision(cde, pscVote.id)).counts).toBe(true);
    expectNotReady(await c.advance(cde, 'approve_dpr'), [{ kind: 'APPROVAL', role: 'project_steering_committee', artefactType: 'dsr', have: 0, need: 1 }]);
    ok(await c.decide(psc, { gate: 'approve_dpr', role: 'project_steering_committee', outcome: 'APPROVE', artefactVersionId: v3.id }));
    cluster = ok<ClusterData>(await c.advance(cde, 'approve_dpr'));
    expect(cluster.phase).toBe('ssc_sanction');

    // Second visit of ssc_sanction: the first visit's SSC and nodal approvals no longer count.
    const again = Object.fromEntries(cluster.gates.map((g) => [g.gate, g]));
    expect(again.return_for_revision).toMatchObject({ ready: false, unmet: [expect.objectContaining({ kind: 'APPROVAL', role: 'scheme_steering_committee', have: 0, need: 1 })] });
    expect(again.drop_project).toMatchObject({ ready: false, unmet: [expect.objectContaining({ kind: 'APPROVAL', role: 'nodal_agency', have: 0, need: 1 })] });
    expect(again.sanction_project.unmet).toEqual([expect.objectContaining({ kind: 'APPROVAL', role: 'scheme_steering_committee', artefactType: 'dsr', have: 0, need: 1 })]);

    ok(await c.decide(ssc, { gate: 'sanction_project', role: 'scheme_steering_committee', outcome: 'APPROVE', artefactVersionId: v3.id }));
    cluster = ok<ClusterData>(await c.advance(cde, 'sanction_project'));
    expect(cluster.history.map((h) => [h.phase, h.viaGate])).toEqual([
      ['call_for_proposals', null],
      ['dsr_preparation', 'select_implementing_agency'],
      ['ssc_sanction', 'approve_dpr'],
      ['dsr_preparation', 'return_for_revision'],
      ['ssc_sanction', 'approve_dpr'],
      ['implementation', 'sanction_project'],
    ]);
  });

  it('releases the three tranches only when approved, each once', async () => {
    const cluster = await c.get(cde);
    expect(cluster.milestones.map((m) => [m.milestone, m.reached])).toEqual([
      ['tranche_1', false],
      ['tranche_2', false],
      ['tranche_3', false],
    ]);
    expectNotReady(await c.advance(cde, 'complete_project'), [
      { kind: 'MILESTONE', milestone: 'tranche_1' },
      { kind: 'MILESTONE', milestone: 'tranche_2' },
      { kind: 'MILESTONE', milestone: 'tranche_3' },
      { kind: 'ARTEFACT', artefactType: 'completion_report', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'technical_agency', artefactType: 'completion_report', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'nodal_agency', artefactType: 'completion_report', have: 0, need: 1 },
    ]);
    expectNotReady(await c.reach(cde, 'tranche_1'), [
      { kind: 'APPROVAL', role: 'technical_agency', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'nodal_agency', have: 0, need: 1 },
    ]);
    expectNotReady(await c.reach(cde, 'tranche_3'), [
      { kind: 'MILESTONE', milestone: 'tranche_2' },
      { kind: 'ARTEFACT', artefactType: 'utilisation_certificate', have: 0, need: 2 },
      { kind: 'APPROVAL', role: 'technical_agency', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'nodal_agency', have: 0, need: 1 },
    ]);

    // Tranche 1: the technical agency recommends, the nodal agency confirms.
    ok(await c.decide(tech, { gate: 'tranche_1', role: 'technical_agency', outcome: 'APPROVE', comment: 'recommended' }));
    expectNotReady(await c.reach(cde, 'tranche_1'), [{ kind: 'APPROVAL', role: 'nodal_agency', have: 0, need: 1 }]);
    ok(await c.decide(nodal, { gate: 'tranche_1', role: 'nodal_agency', outcome: 'APPROVE' }));
    const first = ok<ClusterData>(await c.reach(cde, 'tranche_1'));
    expect(first.phase).toBe('implementation');
    expect(first.milestones[0]).toMatchObject({ milestone: 'tranche_1', reached: true });
    expect(first.milestones[0].reachedAt).not.toBeNull();
    refused(await c.reach(cde, 'tranche_1'), 'BAD_USER_INPUT'); // once per visit
    refused(await c.decide(nodal, { gate: 'tranche_1', role: 'nodal_agency', outcome: 'APPROVE' }), 'BAD_USER_INPUT');

    // Tranche 2 needs a utilisation certificate for the first.
    ok(await c.decide(tech, { gate: 'tranche_2', role: 'technical_agency', outcome: 'APPROVE' }));
    ok(await c.decide(nodal, { gate: 'tranche_2', role: 'nodal_agency', outcome: 'APPROVE' }));
    expectNotReady(await c.reach(cde, 'tranche_2'), [{ kind: 'ARTEFACT', artefactType: 'utilisation_certificate', have: 0, need: 1 }]);
    ok(await c.submit(cde, { type: 'utilisation_certificate', title: 'UC tranche 1', fields: { tranche_number: 1, amount_utilised_inr_lakh: 120 } }));
    ok(await c.reach(cde, 'tranche_2'));

    // Tranche 3 needs certificates for both earlier tranches.
    ok(await c.decide(tech, { gate: 'tranche_3', role: 'technical_agency', outcome: 'APPROVE' }));
    ok(await c.decide(nodal, { gate: 'tranche_3', role: 'nodal_agency', outcome: 'APPROVE' }));
    expectNotReady(await c.reach(cde, 'tranche_3'), [{ kind: 'ARTEFACT', artefactType: 'utilisation_certificate', have: 1, need: 2 }]);
    ok(await c.submit(cde, { type: 'utilisation_certificate', title: 'UC tranche 2', fields: { tranche_number: 2, amount_utilised_inr_lakh: 200 } }));
    const third = ok<ClusterData>(await c.reach(cde, 'tranche_3'));
    expect(third.milestones.every((m) => m.reached)).toBe(true);
    refused(await c.reach(cde, 'tranche_3'), 'BAD_USER_INPUT');

    ok(await c.recordIndicator(cde, 'sales_inr_lakh', '2025-Q3', 38));
    ok(await c.recordIndicator(cde, 'sales_inr_lakh', '2025-Q4', 44));
    expect((await c.get(cde)).indicators.find((i) => i.indicator === 'sales_inr_lakh')!.aggregate).toBe(82);
  });

  it('counts a person holding both roles once on the completion gate', async () => {
    const report = ok(await c.submit(cde, { type: 'completion_report', title: 'Completion report', fields: { cfc_operational: true, artisans_benefited: 310 } }));
    // Kiran holds technical_agency and nodal_agency and approves in both.
    const asTech = ok(await c.decide(kiran, { gate: 'complete_project', role: 'technical_agency', outcome: 'APPROVE', artefactVersionId: report.id }));
    const asNodal = ok(await c.decide(kiran, { gate: 'complete_project', role: 'nodal_agency', outcome: 'APPROVE', artefactVersionId: report.id }));
    const refusal = refused(await c.advance(cde, 'complete_project'), 'GATE_NOT_READY');
    expect(refusal.extensions.unmet).toHaveLength(1);
    expect(refusal.extensions.unmet[0]).toMatchObject({ kind: 'APPROVAL', artefactType: 'completion_report', have: 0, need: 1 });
    expect(['technical_agency', 'nodal_agency']).toContain(refusal.extensions.unmet[0].role);
    const kiranCounts = [(await c.decision(cde, asTech.id)).counts, (await c.decision(cde, asNodal.id)).counts];
    expect(kiranCounts.filter(Boolean)).toHaveLength(1);

    // Another nodal officer confirms: Kiran now counts as the technical agency.
    const lakshmi = ok(await c.decide(nodal, { gate: 'complete_project', role: 'nodal_agency', outcome: 'APPROVE', artefactVersionId: report.id }));
    const done = ok<ClusterData>(await c.advance(cde, 'complete_project'));
    expect(done).toMatchObject({ phase: 'completed', status: 'FINISHED', due: null, overdue: false, gates: [], milestones: [] });
    const counting = done.decisions.filter((d) => d.gate === 'complete_project' && d.counts).map((d) => d.id);
    expect(counting.sort()).toEqual([asTech.id, lakshmi.id].sort());
  });

  it('refuses every change after the final phase', async () => {
    const cluster = await c.get(cde);
    const report = cluster.artefacts.find((a) => a.type === 'completion_report')!;
    await expectFinished(c, { admin, cda: cde, decider: nodal }, {
      artefact: { type: 'completion_report', title: 'Addendum', artefactId: report.id, fields: { cfc_operational: true, artisans_benefited: 320 } },
      decision: { gate: 'complete_project', role: 'nodal_agency', outcome: 'REJECT', artefactVersionId: report.latest.id },
      gate: 'complete_project',
      milestone: 'tranche_1',
      indicator: ['sales_inr_lakh', '2026-Q1', 50],
      scores: { convergence: 90 },
    });
  });

  it('drops an ineligible cluster from the call for proposals', async () => {
    const { client: small, cluster } = await ClusterClient.register(t, admin, {
      name: 'Sikar coir',
      templateKey: KEY,
      attributes: { artisan_count: 60, cluster_type: 'mini', nodal_agency_name: 'coir_board' },
    });
    expect(cluster).toMatchObject({ eligible: false, cdaIds: [], phase: 'call_for_proposals' });
    const at = Date.now();
    expectNotReady(await small.advance(admin, 'select_implementing_agency'), [
      { kind: 'ARTEFACT', artefactType: 'ia_proposal', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'screening_committee', artefactType: 'ia_proposal', have: 0, need: 1 },
      { kind: 'SCORE', need: 60 },
      { kind: 'ELIGIBILITY', attribute: 'artisan_count', have: 60, need: 100 },
      { kind: 'AFTER', have: round2((at - Date.parse(cluster.enteredPhaseAt)) / DAY_MS), need: afterNeed(cluster.enteredPhaseAt, 1) },
    ]);
    expectNotReady(await small.advance(admin, 'drop_project'), [{ kind: 'APPROVAL', role: 'nodal_agency', have: 0, need: 1 }]);
    ok(await small.decide(nodal, { gate: 'drop_project', role: 'nodal_agency', outcome: 'APPROVE', comment: 'below the artisan threshold' }));
    const dropped = ok<ClusterData>(await small.advance(admin, 'drop_project'));
    expect(dropped).toMatchObject({ phase: 'dropped', status: 'FINISHED' });
    await expectFinished(small, { admin, cda: admin, decider: nodal }, {
      artefact: { type: 'ia_proposal', title: 'Too late', fields: PROPOSAL },
      decision: { gate: 'drop_project', role: 'nodal_agency', outcome: 'APPROVE' },
      gate: 'drop_project',
    });
    // The finished clusters are listed as such.
    const list = ok(await send(t, '{ clusters(filter: { status: FINISHED }) { totalCount edges { node { name phase } } } }', {}, admin));
    expect(list.totalCount).toBe(2);
  });

  it('a heritage cluster needs 1,000 to 2,500 artisans, at least 500 in the North-East, J&K and hill states', async () => {
    const check = 'A heritage cluster has 1,000 to 2,500 artisans (500 at least in the North-East, J&K and hill states)';
    const checks = (cluster: ClusterData) =>
      cluster.gates.find((g) => g.gate === 'select_implementing_agency')!.unmet.filter((u) => u.kind === 'CHECK').map((u) => (u as { detail?: string }).detail);
    const plains = await ClusterClient.register(t, admin, { name: 'Pochampally ikat', templateKey: KEY, attributes: { artisan_count: 800, cluster_type: 'heritage', nodal_agency_name: 'kvic' } });
    expect(checks(plains.cluster)).toEqual([check]);
    const hills = await ClusterClient.register(t, admin, { name: 'Kullu shawls', templateKey: KEY, attributes: { artisan_count: 800, cluster_type: 'heritage', region_category: 'hill', nodal_agency_name: 'kvic' } });
    expect(checks(hills.cluster)).toEqual([]);
    const tooMany = await ClusterClient.register(t, admin, { name: 'Varanasi silk', templateKey: KEY, attributes: { artisan_count: 3000, cluster_type: 'heritage', region_category: 'hill', nodal_agency_name: 'kvic' } });
    expect(checks(tooMany.cluster)).toEqual([check]);
  });
});
