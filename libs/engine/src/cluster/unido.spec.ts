/**
 * A whole life on the shipped UNIDO template: every phase, the loop back to a revised
 * action plan (milestones and gate-level approvals start afresh, `of:` approvals of
 * unchanged documents survive), graduation, and an early drop, on version 1; then version 2's
 * rules (a selection the cluster's CDA does not score alone, the CDA appointed by the
 * programme, trust building through every phase) and the migration of version 1 clusters.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { ErrorCode } from '../errors';
import { dueAt } from './due';
import { indicatorSummaries } from './indicators';
import { countingDecisionIds, gateReadiness, milestoneStatuses } from './readiness';
import { eligibleOf, scoreOf } from './selection';
import { ADMIN, CDA_USER, pdfFile, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';

/** Version 1 of the shipped template (kept in templates/previous/ since the shipped file is version 2). */
const UNIDO = templateOf(readFileSync(join(__dirname, '../../../../templates/previous/unido-cda.v1.yaml'), 'utf8'));
/** The shipped template: version 2, the programme's current rules. */
const UNIDO_V2 = templateOf(readFileSync(join(__dirname, '../../../../templates/unido-cda.yaml'), 'utf8'));

const pm1 = person('pm1', 'programme_manager');
const pm2 = person('pm2', 'programme_manager');
const cc1 = person('cc1', 'cluster_commission');
const cc2 = person('cc2', 'cluster_commission');
const cc3 = person('cc3', 'cluster_commission');

const gate = (c: TestCluster, id: string) => gateReadiness(c.def, c.state, c.now).find((g) => g.gate === id)!;
const unmetKinds = (c: TestCluster, id: string) => gate(c, id).unmet.map((u) => `${u.kind}${u.role ? `:${u.role}` : ''}${u.milestone ? `:${u.milestone}` : ''}`);

const PLAN = { has_vision_statement: true, has_budget: true, has_logframe: true, has_kpis: true, total_budget_usd: 250000, horizon_months: 24 };

function registered(enterprises = 150): TestCluster {
  const c = new TestCluster(UNIDO, { attributes: { enterprise_count: enterprises, sector: 'Leather', women_led_share: 0.3 }, at: '2025-01-31T08:00:00.000Z' });
  for (const cc of ['cc1', 'cc2', 'cc3']) c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: cc, role: 'cluster_commission' });
  return c;
}

function passTranches(c: TestCluster, reports: { t2: string; t3: string }, fresh: boolean) {
  c.approve(pm1, 'tranche_1', 'programme_manager');
  c.reach(CDA_USER, 'tranche_1');
  if (fresh) c.approve(cc1, 'tranche_2', 'cluster_commission', reports.t2);
  c.approve(pm1, 'tranche_2', 'programme_manager');
  c.reach(CDA_USER, 'tranche_2');
  if (fresh) c.approve(cc2, 'tranche_3', 'cluster_commission', reports.t3);
  c.approve(pm2, 'tranche_3', 'programme_manager');
  c.reach(CDA_USER, 'tranche_3');
}

describe('UNIDO CDA template, end to end', () => {
  it('selects, studies, builds trust, plans, implements, loops back once and graduates', () => {
    const c = registered();
    expect(c.state.phase).toBe('selection');
    expect(eligibleOf(c.def, c.state.attributes)).toBe(true);
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-04-30T08:00:00.000Z'); // 31 Jan + P3M
    expect(unmetKinds(c, 'select_cluster')).toEqual(['ARTEFACT', 'APPROVAL:programme_manager', 'SCORE', 'MILESTONE:cda_appointed']);

    // --- selection
    c.submit(CDA_USER, 'cluster_map', { enterprises_mapped: 150, mapped_on: '2025-01-20' });
    c.run(CDA_USER, {
      type: 'SCORE',
      scores: [
        { criterion: 'importance', score: 4 },
        { criterion: 'potential', score: 3 },
        { criterion: 'viability', score: 3 },
        { criterion: 'sustainability', score: 2 },
      ],
    });
    expect(scoreOf(c.def, c.state.scores)).toBeCloseTo(3.1, 10);
    c.approve(CDA_USER, 'cda_appointed', 'cda'); // the assigned CDA confirms taking up the assignment
    c.reach(CDA_USER, 'cda_appointed');
    c.approve(pm1, 'select_cluster', 'programme_manager');
    expect(gate(c, 'select_cluster').ready).toBe(true);
    c.wait(10).advance(CDA_USER, 'select_cluster');

    // --- diagnostic: a rejected first version, then an endorsed second one
    expect(c.state.phase).toBe('diagnostic');
    const dsr = { firms_surveyed: 80, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: false, has_swot: true };
    const v1 = c.submit(CDA_USER, 'diagnostic_report', dsr, undefined, { files: [pdfFile('dsr.pdf')] });
    c.reject(cc1, 'endorse_diagnostic', 'cluster_commission', v1.versionId);
    c.approve(cc2, 'endorse_diagnostic', 'cluster_commission', v1.versionId);
    expect(unmetKinds(c, 'endorse_diagnostic')).toEqual(['ARTEFACT', 'APPROVAL:cluster_commission']);
    const v2 = c.submit(CDA_USER, 'diagnostic_report', { ...dsr, has_bds_analysis: true }, v1.artefactId, { files: [pdfFile('dsr-2.pdf')] });
    expect(gate(c, 'endorse_diagnostic').unmet).toEqual([expect.objectContaining({ kind: 'APPROVAL', have: 0, need: 2 })]);
    c.approve(cc1, 'endorse_diagnostic', 'cluster_commission', v2.versionId);
    c.approve(cc2, 'endorse_diagnostic', 'cluster_commission', v2.versionId);
    c.wait(30).advance(CDA_USER, 'endorse_diagnostic');

    // --- trust building
    expect(unmetKinds(c, 'confirm_trust')).toEqual(['APPROVAL:cluster_commission', 'INDICATOR', 'MILESTONE:governance_body_constituted']);
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'joint_actions', period: '2025-Q2', value: 1 });
    const charter = c.submit(CDA_USER, 'governance_charter', { members: 9, constituted_on: '2025-04-01' });
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'governance_body_constituted' }, ErrorCode.GATE_NOT_READY);
    c.approve(pm1, 'governance_body_constituted', 'programme_manager', charter.versionId);
    c.reach(CDA_USER, 'governance_body_constituted');
    c.approve(cc3, 'confirm_trust', 'cluster_commission');
    c.wait(30).advance(CDA_USER, 'confirm_trust');

    // --- action plan (visit 1)
    expect(c.state.phase).toBe('action_plan');
    c.approve(CDA_USER, 'planning_workshop_held', 'cda');
    c.reach(CDA_USER, 'planning_workshop_held');
    const plan = c.submit(CDA_USER, 'action_plan', PLAN, undefined, { files: [pdfFile('plan.pdf')] });
    const planCc = c.approve(cc1, 'endorse_plan', 'cluster_commission', plan.versionId);
    const planPm = c.approve(pm1, 'endorse_plan', 'programme_manager', plan.versionId);
    c.wait(20).advance(CDA_USER, 'endorse_plan');

    // --- implementation (visit 1)
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'tranche_2' }, ErrorCode.GATE_NOT_READY);
    const r1 = c.submit(CDA_USER, 'progress_report', { reporting_period: '2025-Q3' });
    const r2 = c.submit(CDA_USER, 'progress_report', { reporting_period: '2025-Q4' });
    passTranches(c, { t2: r1.versionId, t3: r2.versionId }, true);
    const report = c.submit(CDA_USER, 'implementation_report', { governance_operating: true, handed_over_to: 'Chamber of commerce' });
    c.approve(cc3, 'complete_implementation', 'cluster_commission', report.versionId);
    c.approve(pm2, 'complete_implementation', 'programme_manager', report.versionId);
    c.wait(300).advance(CDA_USER, 'complete_implementation');

    // --- monitoring: the assessment recommends a revised plan
    expect(c.state.phase).toBe('monitoring');
    c.submit(CDA_USER, 'impact_assessment', { assessment_type: 'mid_term', recommendation: 'revise_plan' });
    expect(unmetKinds(c, 'graduate')).toEqual(['ARTEFACT', 'APPROVAL:programme_manager', 'INDICATOR']);
    c.approve(pm1, 'revise_plan', 'programme_manager');
    c.wait(10).advance(CDA_USER, 'revise_plan');

    // --- action plan (visit 2): the workshop starts afresh; the unchanged plan keeps its endorsements
    expect(c.state.phase).toBe('action_plan');
    expect(c.state.visits.filter((v) => v.phase === 'action_plan').map((v) => v.n)).toEqual([4, 7]);
    expect(milestoneStatuses(c.def, c.state)).toEqual([{ milestone: 'planning_workshop_held', reached: false, reachedAt: null }]);
    expect(unmetKinds(c, 'endorse_plan')).toEqual(['MILESTONE:planning_workshop_held']);
    expect(countingDecisionIds(c.def, c.state)).toEqual(expect.arrayContaining([planCc, planPm]));
    // Revising the plan voids those endorsements: both must endorse the new version.
    const revised = c.submit(CDA_USER, 'action_plan', { ...PLAN, horizon_months: 12 }, plan.artefactId, { files: [pdfFile('plan-2.pdf')] });
    expect(unmetKinds(c, 'endorse_plan')).toEqual(['APPROVAL:cluster_commission', 'APPROVAL:programme_manager', 'MILESTONE:planning_workshop_held']);
    c.approve(cc2, 'endorse_plan', 'cluster_commission', revised.versionId);
    c.approve(pm2, 'endorse_plan', 'programme_manager', revised.versionId);
    c.approve(CDA_USER, 'planning_workshop_held', 'cda');
    c.reach(CDA_USER, 'planning_workshop_held');
    c.advance(CDA_USER, 'endorse_plan');

    // --- implementation (visit 2): tranches again; commission endorsements of unchanged reports survive
    expect(unmetKinds(c, 'complete_implementation')).toEqual(['MILESTONE:tranche_1', 'MILESTONE:tranche_2', 'MILESTONE:tranche_3']);
    passTranches(c, { t2: r1.versionId, t3: r2.versionId }, false);
    c.advance(CDA_USER, 'complete_implementation');

    // --- monitoring (visit 2): graduation
    const final = c.submit(CDA_USER, 'impact_assessment', { assessment_type: 'final', recommendation: 'graduate', evaluator: 'Independent' });
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'trust_stage', period: '2026', value: 3 });
    c.approve(pm2, 'graduate', 'programme_manager', final.versionId);
    expect(gate(c, 'graduate').ready).toBe(true);
    c.advance(CDA_USER, 'graduate');

    expect(c.state).toMatchObject({ phase: 'graduated', status: 'FINISHED', machine: 'graduated' });
    expect(c.state.visits.map((v) => v.phase)).toEqual([
      'selection',
      'diagnostic',
      'trust_building',
      'action_plan',
      'implementation',
      'monitoring',
      'action_plan',
      'implementation',
      'monitoring',
      'graduated',
    ]);
    expect(indicatorSummaries(c.def, c.state).find((s) => s.indicator === 'joint_actions')?.aggregate).toBe(1);
    c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'trust_stage', period: '2027', value: 3 }, ErrorCode.FINAL_PHASE);
  });

  it('counts a DSR or an action plan only with its file attached', () => {
    const c = registered();
    c.run(CDA_USER, { type: 'SCORE', scores: ['importance', 'potential', 'viability', 'sustainability'].map((criterion) => ({ criterion, score: 4 })) });
    c.submit(CDA_USER, 'cluster_map', { enterprises_mapped: 140 });
    c.approve(CDA_USER, 'cda_appointed', 'cda');
    c.reach(CDA_USER, 'cda_appointed');
    c.approve(pm1, 'select_cluster', 'programme_manager');
    c.advance(CDA_USER, 'select_cluster');
    const dsr = { firms_surveyed: 80, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };
    const bare = c.submit(CDA_USER, 'diagnostic_report', dsr);
    c.approve(cc1, 'endorse_diagnostic', 'cluster_commission', bare.versionId);
    c.approve(cc2, 'endorse_diagnostic', 'cluster_commission', bare.versionId);
    const unmet = gate(c, 'endorse_diagnostic').unmet;
    expect(unmet).toEqual([expect.objectContaining({ kind: 'ARTEFACT', artefactType: 'diagnostic_report', have: 0, need: 1 })]);
    expect(unmet[0].detail).toMatch(/with its file/);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'endorse_diagnostic' }, ErrorCode.GATE_NOT_READY);
    // A version with the report attached counts once endorsed.
    const filed = c.submit(CDA_USER, 'diagnostic_report', dsr, bare.artefactId, { files: [pdfFile('dsr.pdf')] });
    c.approve(cc1, 'endorse_diagnostic', 'cluster_commission', filed.versionId);
    c.approve(cc2, 'endorse_diagnostic', 'cluster_commission', filed.versionId);
    expect(gate(c, 'endorse_diagnostic').ready).toBe(true);
    expect(c.def.artefacts.action_plan.files).toMatchObject({ min: 1 });
  });

  it('drops an ineligible cluster early', () => {
    const c = registered(40);
    expect(eligibleOf(c.def, c.state.attributes)).toBe(false);
    expect(gate(c, 'select_cluster').unmet.find((u) => u.kind === 'ELIGIBILITY')).toMatchObject({ attribute: 'enterprise_count', have: 40, need: 100 });
    c.approve(pm1, 'drop', 'programme_manager');
    c.advance(ADMIN, 'drop');
    expect(c.state).toMatchObject({ phase: 'dropped', status: 'FINISHED' });
  });

  it('keeps a commission member of one cluster from deciding on another', () => {
    const c = registered();
    const other = new TestCluster(UNIDO, { attributes: { enterprise_count: 300 }, id: 'c2' });
    const cc9 = person('cc9', 'cluster_commission');
    other.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'cc9', role: 'cluster_commission' });
    c.refuse(cc9, c.decideCommand('drop', 'cluster_commission', 'APPROVE'), ErrorCode.FORBIDDEN);
    other.refuse(cc1, other.decideCommand('drop', 'cluster_commission', 'APPROVE'), ErrorCode.FORBIDDEN);
    // Assigned there, cc9 passes the role check and meets the next one: drop takes no commission decision.
    other.refuse(cc9, other.decideCommand('drop', 'cluster_commission', 'APPROVE'), ErrorCode.BAD_USER_INPUT);
  });
});

describe('the shipped UNIDO template, version 2 (current rules)', () => {
  const sc1 = person('sc1', 'selection_committee');
  const sc2 = person('sc2', 'selection_committee');
  const sc3 = person('sc3', 'selection_committee');
  const authority = person('auth1', 'appointing_authority');
  const gate2 = (c: TestCluster, id: string) => gateReadiness(c.def, c.state, c.now).find((g) => g.gate === id)!;
  const kinds = (c: TestCluster, id: string) => gate2(c, id).unmet.map((u) => `${u.kind}${u.role ? `:${u.role}` : ''}${u.milestone ? `:${u.milestone}` : ''}${u.artefactType ? `:${u.artefactType}` : ''}`);
  const SCORES = [
    { criterion: 'importance', score: 4 },
    { criterion: 'potential', score: 3 },
    { criterion: 'viability', score: 3 },
    { criterion: 'sustainability', score: 2 },
  ];
  const DSR = { firms_surveyed: 80, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };
  const ME = { has_causal_chain: true, has_collection_methods: true, has_responsibilities: true, has_frequencies: true, disaggregated: true };

  function selected(): TestCluster {
    const c = new TestCluster(UNIDO_V2, { attributes: { enterprise_count: 150, sector: 'Leather' }, at: '2026-01-05T08:00:00.000Z' });
    for (const cc of ['cc1', 'cc2']) c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: cc, role: 'cluster_commission' });
    c.run(CDA_USER, { type: 'SCORE', scores: SCORES });
    c.submit(CDA_USER, 'cluster_map', { enterprises_mapped: 140 });
    const card = c.submit(sc1, 'selection_scorecard', { weighted_score: 3.1, scored_on: '2026-01-20' }, undefined, { files: [pdfFile('scorecard.pdf')] });
    c.approve(sc2, 'select_cluster', 'selection_committee', card.versionId);
    c.approve(sc3, 'select_cluster', 'selection_committee', card.versionId);
    c.approve(pm1, 'select_cluster', 'programme_manager');
    c.advance(CDA_USER, 'select_cluster');
    return c;
  }

  it('declares English and French titles, the appointing authority and the selection committee', () => {
    expect(UNIDO_V2).toMatchObject({ key: 'unido-cda', version: 2, languages: ['en', 'fr'], title: 'UNIDO Cluster Development Approach' });
    expect(Object.keys(UNIDO_V2.roles)).toEqual(expect.arrayContaining(['appointing_authority', 'selection_committee', 'cluster_commission', 'programme_manager']));
    expect(UNIDO_V2.phases.map((p) => p.id)).toEqual(['selection', 'diagnostic', 'action_plan', 'implementation', 'monitoring', 'graduated', 'dropped']);
    expect(UNIDO_V2.migration).toMatchObject({ from: 1, phases: { trust_building: 'action_plan' } });
  });

  it('selection: the scorecard is the committee’s, endorsed by two other members, and the score entered must agree with it', () => {
    const c = new TestCluster(UNIDO_V2, { attributes: { enterprise_count: 150 }, at: '2026-01-05T08:00:00.000Z' });
    c.run(CDA_USER, { type: 'SCORE', scores: SCORES });
    c.submit(CDA_USER, 'cluster_map', { enterprises_mapped: 140 });
    // The cluster's CDA may not submit the scorecard.
    expect(c.refuse(CDA_USER, { type: 'SUBMIT_ARTEFACT', newArtefactId: c.id('art'), newVersionId: c.id('ver'), artefactType: 'selection_scorecard', title: 'Mine', fields: { weighted_score: 3.1, scored_on: '2026-01-20' } }, ErrorCode.FORBIDDEN).message).toMatch(/selection_committee/);
    // The committee scored it 4.2; the score entered (3.1) does not agree: the check is unmet.
    const card = c.submit(sc1, 'selection_scorecard', { weighted_score: 4.2, scored_on: '2026-01-20' }, undefined, { files: [pdfFile('scorecard.pdf')] });
    c.refuse(sc1, c.decideCommand('select_cluster', 'selection_committee', 'APPROVE', card.versionId), ErrorCode.FORBIDDEN); // its submitter
    c.approve(sc2, 'select_cluster', 'selection_committee', card.versionId);
    c.approve(sc3, 'select_cluster', 'selection_committee', card.versionId);
    c.approve(pm1, 'select_cluster', 'programme_manager');
    const check = gate2(c, 'select_cluster').unmet;
    expect(check).toEqual([expect.objectContaining({ kind: 'CHECK' })]);
    expect(check[0].detail).toMatch(/selection committee's scorecard/);
    // A corrected scorecard (3.1, as entered): its new version needs the two endorsements again.
    const fixed = c.submit(sc1, 'selection_scorecard', { weighted_score: 3.1, scored_on: '2026-01-21' }, card.artefactId, { files: [pdfFile('scorecard-2.pdf')] });
    expect(kinds(c, 'select_cluster')).toEqual(['APPROVAL:selection_committee:selection_scorecard']);
    c.approve(sc2, 'select_cluster', 'selection_committee', fixed.versionId);
    c.approve(sc3, 'select_cluster', 'selection_committee', fixed.versionId);
    expect(gate2(c, 'select_cluster').ready).toBe(true);
    c.advance(CDA_USER, 'select_cluster');
    expect(c.state.phase).toBe('diagnostic');
  });

  it('diagnostic: the CDA is appointed by the programme, not self-appointed, before the DSR is endorsed', () => {
    const c = selected();
    const dsr = c.submit(CDA_USER, 'diagnostic_report', DSR, undefined, { files: [pdfFile('dsr.pdf')] });
    c.approve(cc1, 'endorse_diagnostic', 'cluster_commission', dsr.versionId);
    c.approve(cc2, 'endorse_diagnostic', 'cluster_commission', dsr.versionId);
    expect(kinds(c, 'endorse_diagnostic')).toEqual(['MILESTONE:cda_appointed']);
    expect(c.refuse(CDA_USER, c.decideCommand('cda_appointed', 'cda', 'APPROVE'), ErrorCode.BAD_USER_INPUT).message).toMatch(/appointing_authority/);
    c.approve(authority, 'cda_appointed', 'appointing_authority');
    c.reach(CDA_USER, 'cda_appointed');
    c.advance(CDA_USER, 'endorse_diagnostic');
    // Trust building is no longer a phase: the diagnostic leads to the action plan.
    expect(c.state.phase).toBe('action_plan');

    // The plan needs the M&E framework (causal chain, disaggregated), a joint action and the governance body.
    const plan = c.submit(CDA_USER, 'action_plan', { has_vision_statement: true, has_budget: true, has_logframe: true, has_kpis: true, budget: '250000.00', horizon_months: 24 }, undefined, { files: [pdfFile('plan.pdf')] });
    c.approve(cc1, 'endorse_plan', 'cluster_commission', plan.versionId);
    c.approve(pm1, 'endorse_plan', 'programme_manager', plan.versionId);
    expect(kinds(c, 'endorse_plan')).toEqual(['ARTEFACT:me_framework', 'INDICATOR', 'MILESTONE:planning_workshop_held', 'MILESTONE:governance_body_constituted']);
    c.submit(CDA_USER, 'me_framework', ME, undefined, { files: [pdfFile('me.xlsx')] });
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'joint_actions', period: '2026-Q3', value: 1 });
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'women_led_firms', period: '2026-Q3', value: 31 });
    const charter = c.submit(CDA_USER, 'governance_charter', { members: 9, constituted_on: '2026-07-01' });
    c.approve(pm2, 'governance_body_constituted', 'programme_manager', charter.versionId);
    c.reach(CDA_USER, 'governance_body_constituted');
    c.approve(CDA_USER, 'planning_workshop_held', 'cda');
    c.reach(CDA_USER, 'planning_workshop_held');
    c.advance(CDA_USER, 'endorse_plan');
    expect(c.state.phase).toBe('implementation');
  });

  it('migrates a version 1 cluster in trust building to the action plan, saying what its phase now asks', () => {
    const c = registered();
    c.run(CDA_USER, { type: 'SCORE', scores: SCORES });
    c.submit(CDA_USER, 'cluster_map', { enterprises_mapped: 140 });
    c.approve(CDA_USER, 'cda_appointed', 'cda');
    c.reach(CDA_USER, 'cda_appointed');
    c.approve(pm1, 'select_cluster', 'programme_manager');
    c.advance(CDA_USER, 'select_cluster');
    const dsr = c.submit(CDA_USER, 'diagnostic_report', DSR, undefined, { files: [pdfFile('dsr.pdf')] });
    c.approve(cc1, 'endorse_diagnostic', 'cluster_commission', dsr.versionId);
    c.approve(cc2, 'endorse_diagnostic', 'cluster_commission', dsr.versionId);
    c.advance(CDA_USER, 'endorse_diagnostic');
    expect(c.state.phase).toBe('trust_building');
    const { plan, event } = c.migrate(ADMIN, UNIDO_V2);
    expect(plan.problems).toEqual([]);
    expect(event).toMatchObject({ type: 'MIGRATED', payload: { fromVersion: 1, toVersion: 2, from: 'trust_building', to: 'action_plan' } });
    expect(plan.newlyUnmet.map((u) => `${u.gate}:${u.kind}:${u.artefactType ?? u.milestone ?? u.indicator ?? ''}`)).toEqual(
      expect.arrayContaining(['endorse_plan:ARTEFACT:action_plan', 'endorse_plan:ARTEFACT:me_framework', 'endorse_plan:INDICATOR:joint_actions']),
    );
    expect(c.state).toMatchObject({ templateVersion: 2, phase: 'action_plan', status: 'ACTIVE' });
  });
});
