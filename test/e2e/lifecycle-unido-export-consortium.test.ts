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
 * UNIDO export consortium, version 1 (templates/previous/unido-export-consortium.v1.yaml;
 * the shipped version 2, its yearly business plan and the migration to it are in
 * lifecycle-unido-v2.test.ts) over HTTP:
 *
 *   promotion -> member_recruitment -> feasibility -> business_plan -> incorporation
 *   -> operation -> established,
 *
 * and a second group of firms abandoned during promotion.
 *
 * `confirm_established` has `after: P12M`: it is first refused with an AFTER item, then the
 * server clock is moved (test/support/lifecycle.ts) past a year of operation.
 *
 * Not shown by this template: it has no loop (every gate moves forward or ends the
 * cluster), so approvals and milestones of an earlier visit cannot be re-checked after a
 * loop; and it has no milestones.
 */

const SOURCE = readFileSync(join(__dirname, '../../templates/previous/unido-export-consortium.v1.yaml'), 'utf8');
const KEY = 'unido-export-consortium';
const AGENCY = 'unido-co';
const START = '2025-01-15T08:00:00.000Z';

const questionnaire = (firm_name: string, committed = true) => ({
  type: 'member_questionnaire',
  title: `Questionnaire ${firm_name}`,
  fields: { firm_name, employees: 25, exports_already: false, committed },
});

describe('UNIDO export consortium lifecycle over GraphQL', () => {
  let t: TestApp;
  // `rosa` is a second CDA on the team who is also a UNIDO project coordinator;
  // `valentina` represents a member firm and is also a coordinator; `tomas` is a CDA of
  // another team and `otro` a member representative of another consortium.
  let admin: string, cda: string, rosa: string, tomas: string, pm: string, lucia: string, mateo: string, sofia: string, valentina: string, otro: string;
  let c: ClusterClient;

  beforeAll(async () => {
    t = await startTestApp('lifecycle-unido-consortium', MOVED_CLOCK_ENV);
    fakeServerClock(START);
    const token = (userId: string, roles: string[]) => t.token({ userId, agency: AGENCY, roles }, TOKEN_TTL);
    admin = await token('ada', ['agency_admin']);
    cda = await token('cda-camila', ['cda']);
    rosa = await token('rosa', ['cda', 'programme_manager']);
    tomas = await token('cda-tomas', ['cda']);
    pm = await token('pm-andres', ['programme_manager']);
    lucia = await token('rep-lucia', ['member_representative']);
    mateo = await token('rep-mateo', ['member_representative']);
    sofia = await token('rep-sofia', ['member_representative']);
    valentina = await token('valentina', ['member_representative', 'programme_manager']);
    otro = await token('rep-otro', ['member_representative']);
    expect(await publish(t, admin, SOURCE)).toBe(1);
  });

  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  it('registers the group of firms and assigns its member representatives', async () => {
    let cluster: ClusterData;
    ({ client: c, cluster } = await ClusterClient.register(t, cda, {
      name: 'Bogotá specialty coffee exporters',
      templateKey: KEY,
      country: 'CO',
      attributes: { prospective_members: 9, sector: 'specialty coffee', country: 'CO', region: 'Bogotá', consortium_type: 'promotional' },
    }));
    // No selection section: neither eligibility nor a score.
    expect(cluster).toMatchObject({ phase: 'promotion', status: 'ACTIVE', eligible: null, score: null, cdaIds: ['cda-camila'] });
    refused(await c.score(cda, { anything: 1 }), 'BAD_USER_INPUT');
    for (const rep of ['rep-lucia', 'rep-mateo', 'rep-sofia', 'valentina']) ok(await c.assignRole(admin, rep, 'member_representative'));
    cluster = ok<ClusterData>(await c.assignCda(admin, 'rosa'));
    expect(cluster.cdaIds).toEqual(['cda-camila', 'rosa']);
    expect(cluster.roleAssignments.map((a) => a.userId)).toEqual(['rep-lucia', 'rep-mateo', 'rep-sofia', 'valentina']);
    refused(await c.assignRole(admin, 'pm-andres', 'programme_manager'), 'BAD_USER_INPUT'); // agency-wide role
  });

  it('starts recruitment: self-approval refused, a rejected report resubmitted and approved', async () => {
    expectNotReady(await c.advance(cda, 'start_recruitment'), [
      { kind: 'ARTEFACT', artefactType: 'promotion_report', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'programme_manager', artefactType: 'promotion_report', have: 0, need: 1 },
    ]);
    const v1 = ok(await c.submit(rosa, { type: 'promotion_report', title: 'Promotion report', fields: { events_held: 2, firms_reached: 30 } }));
    const before = await c.get(cda);
    refused(await c.decide(rosa, { gate: 'start_recruitment', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v1.id }), 'FORBIDDEN');
    refused(await c.decide(rosa, { gate: 'start_recruitment', role: 'programme_manager', outcome: 'REJECT', artefactVersionId: v1.id }), 'FORBIDDEN');
    const after = await c.get(cda);
    expect(after.version).toBe(before.version);
    expect(after.decisions).toEqual([]);

    const rejection = ok(await c.decide(pm, { gate: 'start_recruitment', role: 'programme_manager', outcome: 'REJECT', artefactVersionId: v1.id, comment: 'reach more firms' }));
    expect(rejection.counts).toBe(true);
    expectNotReady(await c.advance(cda, 'start_recruitment'), [{ kind: 'APPROVAL', role: 'programme_manager', artefactType: 'promotion_report', have: 0, need: 1 }]);
    const v2 = ok(await c.submit(cda, { type: 'promotion_report', title: 'Promotion report, second round', artefactId: v1.artefactId, fields: { events_held: 4, firms_reached: 64 } }));
    expect(v2).toMatchObject({ number: 2, artefactId: v1.artefactId, submittedBy: 'cda-camila' });
    expect((await c.decision(cda, rejection.id)).counts).toBe(false);
    expect(ok(await c.decide(pm, { gate: 'start_recruitment', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v2.id })).counts).toBe(true);
    expect(ok<ClusterData>(await c.advance(cda, 'start_recruitment')).phase).toBe('member_recruitment');
  });

  it('confirms four committed firms; only a CDA of this cluster confirms', async () => {
    expectNotReady(await c.advance(cda, 'confirm_members'), [
      { kind: 'ARTEFACT', artefactType: 'member_questionnaire', have: 0, need: 4 },
      { kind: 'APPROVAL', role: 'cda', have: 0, need: 1 },
    ]);
    for (const firm of ['Café Andino', 'Tostadores del Sur', 'Finca La Esperanza']) ok(await c.submit(cda, questionnaire(firm)));
    const undecided = ok(await c.submit(cda, questionnaire('Cafés Monserrate', false)));
    refused(await c.decide(tomas, { gate: 'confirm_members', role: 'cda', outcome: 'APPROVE' }), 'FORBIDDEN');
    ok(await c.decide(cda, { gate: 'confirm_members', role: 'cda', outcome: 'APPROVE' }));
    expectNotReady(await c.advance(cda, 'confirm_members'), [{ kind: 'ARTEFACT', artefactType: 'member_questionnaire', have: 3, need: 4 }]);
    ok(await c.submit(cda, { ...questionnaire('Cafés Monserrate'), artefactId: undecided.artefactId }));
    const cluster = ok<ClusterData>(await c.advance(cda, 'confirm_members'));
    expect(cluster.phase).toBe('feasibility');
    expect(cluster.artefacts.filter((a) => a.type === 'member_questionnaire')).toHaveLength(4);
  });

  it('accepts the feasibility study: a replaced version loses its approvals, a person with two roles fills one place', async () => {
    expectNotReady(await c.advance(cda, 'accept_feasibility'), [
      { kind: 'ARTEFACT', artefactType: 'feasibility_study', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'member_representative', artefactType: 'feasibility_study', have: 0, need: 2 },
      { kind: 'APPROVAL', role: 'programme_manager', artefactType: 'feasibility_study', have: 0, need: 1 },
    ]);
    const v1 = ok(await c.submit(cda, { type: 'feasibility_study', title: 'Feasibility and SWOT', fields: { has_swot: true, is_feasible: true, target_markets: 3 } }));
    // A representative of another consortium holds the role but is not assigned here.
    refused(await c.decide(otro, { gate: 'accept_feasibility', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: v1.id }), 'FORBIDDEN');
    const luciaOnV1 = ok(await c.decide(lucia, { gate: 'accept_feasibility', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: v1.id }));
    expect(luciaOnV1.counts).toBe(true);

    const v2 = ok(await c.submit(cda, { type: 'feasibility_study', title: 'Feasibility and SWOT, with Korea', artefactId: v1.artefactId, fields: { has_swot: true, is_feasible: true, target_markets: 4 } }));
    expect((await c.decision(cda, luciaOnV1.id)).counts).toBe(false);
    refused(await c.decide(lucia, { gate: 'accept_feasibility', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: v1.id }), 'CONFLICT');
    expectNotReady(await c.advance(cda, 'accept_feasibility'), [
      { kind: 'APPROVAL', role: 'member_representative', artefactType: 'feasibility_study', have: 0, need: 2 },
      { kind: 'APPROVAL', role: 'programme_manager', artefactType: 'feasibility_study', have: 0, need: 1 },
    ]);

    // Valentina approves as a member representative and as the coordinator: two people
    // (Lucia and she) fill two of the three places, whichever way they are matched.
    const asRep = ok(await c.decide(valentina, { gate: 'accept_feasibility', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: v2.id }));
    const asPm = ok(await c.decide(valentina, { gate: 'accept_feasibility', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v2.id }));
    ok(await c.decide(lucia, { gate: 'accept_feasibility', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: v2.id }));
    const refusal = refused(await c.advance(cda, 'accept_feasibility'), 'GATE_NOT_READY');
    expect(refusal.extensions.unmet).toHaveLength(1);
    const [missing] = refusal.extensions.unmet;
    expect([
      { kind: 'APPROVAL', role: 'member_representative', artefactType: 'feasibility_study', have: 1, need: 2 },
      { kind: 'APPROVAL', role: 'programme_manager', artefactType: 'feasibility_study', have: 0, need: 1 },
    ]).toContainEqual({ kind: missing.kind, role: missing.role, artefactType: missing.artefactType, have: missing.have, need: missing.need });
    const cluster = await c.get(cda);
    expect([asRep.id, asPm.id].filter((id) => cluster.decisions.find((d) => d.id === id)!.counts)).toHaveLength(1);

    // A second representative: now Valentina can only be the coordinator.
    const mateoVote = ok(await c.decide(mateo, { gate: 'accept_feasibility', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: v2.id }));
    const passed = ok<ClusterData>(await c.advance(cda, 'accept_feasibility'));
    expect(passed.phase).toBe('business_plan');
    const counting = passed.decisions.filter((d) => d.gate === 'accept_feasibility' && d.counts).map((d) => d.decidedBy + ':' + d.role);
    expect(counting.sort()).toEqual(['rep-lucia:member_representative', 'rep-mateo:member_representative', 'valentina:programme_manager']);
    expect(passed.decisions.find((d) => d.id === mateoVote.id)!.counts).toBe(true);
  });

  it('suspends during the business plan and resumes in the same phase', async () => {
    travelDays(5);
    const before = await c.get(admin);
    const enteredAt = before.enteredPhaseAt;
    const suspended = ok<ClusterData>(await c.suspend(admin, 'coffee harvest: member firms unavailable'));
    const suspendedAt = Date.now() - 1000;
    expect(suspended).toMatchObject({ status: 'SUSPENDED', phase: 'business_plan', version: before.version + 1 });

    const plan = { type: 'business_plan', title: 'Business plan', fields: { has_export_marketing_plan: true, has_budget_and_fees: true, horizon_years: 5 } };
    refused(await c.submit(cda, plan), 'SUSPENDED');
    refused(await c.decide(pm, { gate: 'abandon', role: 'programme_manager', outcome: 'APPROVE' }), 'SUSPENDED');
    refused(await c.advance(cda, 'adopt_business_plan'), 'SUSPENDED');
    refused(await c.recordIndicator(cda, 'member_firms', '2025-Q2', 4), 'SUSPENDED');
    expect((await c.get(admin)).version).toBe(before.version + 1);
    const assigned = ok<ClusterData>(await c.assignRole(admin, 'rep-sofia-2', 'member_representative'));
    expect(assigned).toMatchObject({ status: 'SUSPENDED', version: before.version + 2 });
    expect(ok<ClusterData>(await c.assignCda(admin, 'cda-tomas')).cdaIds).toContain('cda-tomas');

    travelDays(14);
    const resumed = ok<ClusterData>(await c.resume(admin));
    const suspendedMs = Date.now() - 1000 - suspendedAt;
    expect(resumed).toMatchObject({ status: 'ACTIVE', phase: 'business_plan', enteredPhaseAt: enteredAt });
    expect(resumed.history[resumed.history.length - 1].suspendedDays).toBeCloseTo(suspendedMs / DAY_MS, 6);
    expect(resumed.history[resumed.history.length - 1].suspendedDays).toBeGreaterThan(14);
    expect(Math.abs(Date.parse(resumed.due!) - (addMonthsUtc(Date.parse(enteredAt), 3) + suspendedMs))).toBeLessThan(2);
  });

  it('adopts the business plan with three members and the coordinator, then incorporates', async () => {
    expectNotReady(await c.advance(cda, 'adopt_business_plan'), [
      { kind: 'ARTEFACT', artefactType: 'business_plan', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'member_representative', artefactType: 'business_plan', have: 0, need: 3 },
      { kind: 'APPROVAL', role: 'programme_manager', artefactType: 'business_plan', have: 0, need: 1 },
    ]);
    const plan = ok(await c.submit(cda, { type: 'business_plan', title: 'Business plan 2025-2030', fields: { has_export_marketing_plan: true, has_budget_and_fees: true, horizon_years: 5 } }));
    for (const rep of [lucia, mateo]) ok(await c.decide(rep, { gate: 'adopt_business_plan', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: plan.id }));
    ok(await c.decide(pm, { gate: 'adopt_business_plan', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: plan.id }));
    expectNotReady(await c.advance(cda, 'adopt_business_plan'), [
      { kind: 'APPROVAL', role: 'member_representative', artefactType: 'business_plan', have: 2, need: 3 },
    ]);
    // A fourth member rejects the plan: enough others approved, but the rejection blocks.
    const veto = ok(await c.decide(valentina, { gate: 'adopt_business_plan', role: 'member_representative', outcome: 'REJECT', artefactVersionId: plan.id, comment: 'fees too high' }));
    expect(veto.counts).toBe(true);
    ok(await c.decide(sofia, { gate: 'adopt_business_plan', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: plan.id }));
    const blocked = refused(await c.advance(cda, 'adopt_business_plan'), 'GATE_NOT_READY');
    expect(blocked.extensions.unmet).toEqual([expect.objectContaining({ kind: 'APPROVAL', role: 'member_representative', artefactType: 'business_plan', need: 3 })]);
    expect(blocked.extensions.unmet[0].detail).toContain('valentina');
    // Until she approves: her latest decision is the one that counts.
    ok(await c.decide(valentina, { gate: 'adopt_business_plan', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: plan.id }));
    expect((await c.decision(cda, veto.id)).counts).toBe(false);
    expect(ok<ClusterData>(await c.advance(cda, 'adopt_business_plan')).phase).toBe('incorporation');

    expectNotReady(await c.advance(cda, 'incorporate'), [
      { kind: 'ARTEFACT', artefactType: 'incorporation_papers', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'programme_manager', artefactType: 'incorporation_papers', have: 0, need: 1 },
    ]);
    const papers = ok(
      await c.submit(cda, {
        type: 'incorporation_papers',
        title: 'Statutes and registration',
        fields: { registration_number: 'S0051234', legal_form: 'association', incorporated_on: '2025-02-01', founding_members: 4 },
      }),
    );
    ok(await c.decide(pm, { gate: 'incorporate', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: papers.id }));
    expect(ok<ClusterData>(await c.advance(cda, 'incorporate')).phase).toBe('operation');
  });

  it('is established after a year of operation, with members, exports and a final assessment', async () => {
    const entered = (await c.get(cda)).enteredPhaseAt;
    let at = Date.now();
    expectNotReady(await c.advance(cda, 'confirm_established'), [
      { kind: 'AFTER', have: round2((at - Date.parse(entered)) / DAY_MS), need: afterNeed(entered, 12) },
      { kind: 'INDICATOR', indicator: 'member_firms', need: 3 },
      { kind: 'INDICATOR', indicator: 'joint_export_operations', need: 1 },
      { kind: 'ARTEFACT', artefactType: 'impact_assessment', have: 0, need: 1 },
      { kind: 'APPROVAL', role: 'programme_manager', artefactType: 'impact_assessment', have: 0, need: 1 },
    ]);

    ok(await c.recordIndicator(cda, 'member_firms', '2025-Q1', 2));
    ok(await c.recordIndicator(cda, 'joint_export_operations', '2025-Q1', 0));
    const midTerm = ok(await c.submit(cda, { type: 'impact_assessment', title: 'Mid-term assessment', fields: { assessment_type: 'mid_term', recommendation: 'continue_support' } }));
    const onMidTerm = ok(await c.decide(pm, { gate: 'confirm_established', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: midTerm.id }));
    at = Date.now();
    expectNotReady(await c.advance(cda, 'confirm_established'), [
      { kind: 'AFTER', have: round2((at - Date.parse(entered)) / DAY_MS), need: afterNeed(entered, 12) },
      { kind: 'INDICATOR', indicator: 'member_firms', have: 2, need: 3 },
      { kind: 'INDICATOR', indicator: 'joint_export_operations', have: 0, need: 1 },
      { kind: 'ARTEFACT', artefactType: 'impact_assessment', have: 0, need: 1 },
    ]);

    travelDays(200);
    ok(await c.recordIndicator(cda, 'member_firms', '2025-Q2', 6));
    ok(await c.recordIndicator(cda, 'joint_export_operations', '2025-Q2', 4));
    travelDays(170);
    ok(await c.recordIndicator(cda, 'joint_export_operations', '2025-Q4', 7));
    const final = ok(
      await c.submit(cda, { type: 'impact_assessment', title: 'Final assessment', artefactId: midTerm.artefactId, fields: { assessment_type: 'final', recommendation: 'established' } }),
    );
    expect(final.number).toBe(2);
    expect((await c.decision(cda, onMidTerm.id)).counts).toBe(false);
    expectNotReady(await c.advance(cda, 'confirm_established'), [
      { kind: 'APPROVAL', role: 'programme_manager', artefactType: 'impact_assessment', have: 0, need: 1 },
    ]);
    ok(await c.decide(pm, { gate: 'confirm_established', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: final.id }));
    const established = ok<ClusterData>(await c.advance(cda, 'confirm_established'));
    expect(established).toMatchObject({ phase: 'established', status: 'FINISHED', gates: [] });
    const aggregates = Object.fromEntries(established.indicators.map((i) => [i.indicator, i.aggregate]));
    expect(aggregates).toMatchObject({ member_firms: 6, joint_export_operations: 11 });
    expect(established.history.map((h) => h.phase)).toEqual(['promotion', 'member_recruitment', 'feasibility', 'business_plan', 'incorporation', 'operation', 'established']);
  });

  it('refuses every change after the consortium is established', async () => {
    const cluster = await c.get(cda);
    const assessment = cluster.artefacts.find((a) => a.type === 'impact_assessment')!;
    await expectFinished(c, { admin, cda, decider: pm }, {
      artefact: { type: 'impact_assessment', title: 'Afterthought', artefactId: assessment.id, fields: { assessment_type: 'final', recommendation: 'abandon' } },
      decision: { gate: 'confirm_established', role: 'programme_manager', outcome: 'REJECT', artefactVersionId: assessment.latest.id },
      gate: 'confirm_established',
      indicator: ['exports_usd', '2026', 1_000_000],
    });
    refused(await c.assignRole(admin, 'rep-nuevo', 'member_representative'), 'FINAL_PHASE');
  });

  it('abandons another group of firms during promotion', async () => {
    const { client: other } = await ClusterClient.register(t, cda, {
      name: 'Cali cocoa group',
      templateKey: KEY,
      attributes: { prospective_members: 3, sector: 'cocoa' },
    });
    expectNotReady(await other.advance(cda, 'abandon'), [{ kind: 'APPROVAL', role: 'programme_manager', have: 0, need: 1 }]);
    ok(await other.decide(pm, { gate: 'abandon', role: 'programme_manager', outcome: 'APPROVE', comment: 'too few firms interested' }));
    expect(ok<ClusterData>(await other.advance(cda, 'abandon'))).toMatchObject({ phase: 'abandoned', status: 'FINISHED' });
    await expectFinished(other, { admin, cda, decider: pm }, {
      artefact: { type: 'promotion_report', title: 'Late', fields: { events_held: 1, firms_reached: 3 } },
      decision: { gate: 'abandon', role: 'programme_manager', outcome: 'APPROVE' },
      gate: 'start_recruitment',
    });
  });
});
