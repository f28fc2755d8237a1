import { ClustersService } from '@clusterflow/application/clusters/clusters.service';
import { DemoService } from '../../apps/api/src/demo/demo.service';
import { fakeServerClock, MOVED_CLOCK_ENV, TOKEN_TTL, travelDays } from '../support/clock';
import { clusterApi, ok, refused, tokensFor } from '../support/cluster-api';
import { pdfFiles } from '../support/files';
import { shippedTemplate } from '../support/shipped-templates';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The two UNIDO templates as shipped now (version 2, the programmes' current rules), over
 * GraphQL, published as the demo seed publishes them (version 1 from templates/previous/,
 * then version 2, which migrates from it):
 * - unido-cda: a selection the cluster's CDA does not score alone (the committee's scorecard,
 *   endorsed by two other members, the score agreeing with it, refused with the check's
 *   message until it does), the CDA appointed by the appointing authority before the DSR
 *   counts, no trust-building phase; a version 1 cluster in trust building previewed and
 *   moved to the action plan.
 * - unido-export-consortium: the business plan and budget in USD with their checks, the
 *   operating year expiring into the yearly review (the timers' engine rule, fired as the
 *   timers job fires it), the year's plan approved back into operation; a version 1
 *   consortium in operation migrated with every id kept.
 * - the demo seed on a fresh database publishes both versions, its clusters stay on version 1
 *   and a migration to version 2 is previewed for them.
 */
const AGENCY = 'unido-v2';
const PLAN = 'clusterId fromVersion toVersion applied phaseMapping fromPhase toPhase problems newlyUnmet { gate kind artefactType role milestone indicator }';
const MIGRATE = `mutation($c: ID!, $v: Int!, $d: Boolean) { migrate(clusterId: $c, toVersion: $v, dryRun: $d) { ${PLAN} } }`;
const STATE = 'id templateVersion version phase status gates { gate ready unmet { kind detail artefactType role milestone } }';
const DSR = { firms_surveyed: 60, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };
const SCORES = [
  { criterion: 'importance', score: 4 },
  { criterion: 'potential', score: 3 },
  { criterion: 'viability', score: 3 },
  { criterion: 'sustainability', score: 2 },
];

describe('the UNIDO templates as shipped (version 2)', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  const api = clusterApi({ gql: (q, v, token) => t.gql(q, v, token) });
  const state = (id: string) => ok(api.cluster(tok.auditor, id, STATE));
  const gate = async (id: string, g: string) => (await state(id)).gates.find((x: { gate: string }) => x.gate === g);
  const migrate = (clusterId: string, toVersion: number, dryRun: boolean) => ok(t.gql(MIGRATE, { c: clusterId, v: toVersion, d: dryRun }, tok.admin));

  beforeAll(async () => {
    t = await startTestApp('lifecycle-unido-v2', MOVED_CLOCK_ENV);
    fakeServerClock('2026-01-05T08:00:00.000Z');
    tok = await tokensFor(
      t,
      AGENCY,
      {
        admin: ['ada', ['agency_admin']],
        cda: ['chidi', ['cda']],
        pm: ['priya', ['programme_manager']],
        sc1: ['sade', ['selection_committee']],
        sc2: ['sam', ['selection_committee']],
        sc3: ['sol', ['selection_committee', 'cda']],
        auth: ['aisha', ['appointing_authority']],
        cc1: ['amaka', ['cluster_commission']],
        cc2: ['bayo', ['cluster_commission']],
        rep1: ['lucia', ['member_representative']],
        rep2: ['mateo', ['member_representative']],
        rep3: ['sofia', ['member_representative']],
        auditor: ['aude', ['auditor']],
      },
      TOKEN_TTL,
    );
    for (const key of ['unido-cda', 'unido-export-consortium']) {
      const versions = [];
      for (const source of shippedTemplate(key)) versions.push((await ok(api.publish(tok.admin, source))).version);
      expect(versions).toEqual([1, 2]);
    }
  }, 120_000);
  afterAll(async () => {
    jest.useRealTimers();
    await t.close();
  });

  it('answers English and French titles for both', async () => {
    for (const [key, fr] of [
      ['unido-cda', "Approche de développement des clusters de l'ONUDI"],
      ['unido-export-consortium', "Création de consortiums d'exportation de l'ONUDI"],
    ]) {
      const tpl = await ok(t.gql('query($k: String!) { template(key: $k) { version languages titles } }', { k: key }, tok.cda));
      expect(tpl).toMatchObject({ version: 2, languages: ['en', 'fr'] });
      expect(tpl.titles.fr.title).toBe(fr);
    }
  });

  describe('unido-cda', () => {
    let id: string;

    it('selection: the committee scores, two other members endorse, and the score entered must agree', async () => {
      id = (await ok(api.register(tok.cda, { name: 'Aba leather', templateKey: 'unido-cda', attributes: { enterprise_count: 150 } }, 'id templateVersion'))).id;
      expect((await state(id)).templateVersion).toBe(2);
      await ok(api.score(tok.cda, id, SCORES));
      await ok(api.submit(tok.cda, { clusterId: id, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 150 } }));
      // The cluster's CDA may not submit the committee's scorecard.
      await refused(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(t, tok.cda), type: 'selection_scorecard', title: 'Scorecard', fields: { weighted_score: 3.1, scored_on: '2026-01-20' } }), 'FORBIDDEN');
      const card = await ok(api.submit(tok.sc1, { clusterId: id, files: await pdfFiles(t, tok.sc1), type: 'selection_scorecard', title: 'Scorecard', fields: { weighted_score: 4.2, scored_on: '2026-01-20' } }));
      await refused(api.decide(tok.sc1, { clusterId: id, gate: 'select_cluster', role: 'selection_committee', outcome: 'APPROVE', artefactVersionId: card.id }), 'FORBIDDEN');
      for (const who of ['sc2', 'sc3']) await ok(api.decide(tok[who], { clusterId: id, gate: 'select_cluster', role: 'selection_committee', outcome: 'APPROVE', artefactVersionId: card.id }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
      // The score entered (3.1) is not the committee's (4.2): refused with the check's message.
      const refusal = await refused(api.advance(tok.cda, id, 'select_cluster'), 'GATE_NOT_READY');
      expect(refusal.extensions?.unmet).toEqual([expect.objectContaining({ kind: 'CHECK', detail: expect.stringContaining("the selection committee's scorecard") })]);
      const fixed = await ok(api.submit(tok.sc1, { clusterId: id, artefactId: card.artefactId, files: await pdfFiles(t, tok.sc1), type: 'selection_scorecard', title: 'Scorecard, corrected', fields: { weighted_score: 3.1, scored_on: '2026-01-21' } }));
      for (const who of ['sc2', 'sc3']) await ok(api.decide(tok[who], { clusterId: id, gate: 'select_cluster', role: 'selection_committee', outcome: 'APPROVE', artefactVersionId: fixed.id }));
      expect((await ok(api.advance(tok.cda, id, 'select_cluster', null, 'phase'))).phase).toBe('diagnostic');
    });

    it('diagnostic: the DSR counts once the appointing authority has appointed the CDA; the cluster goes on to the action plan', async () => {
      for (const who of ['amaka', 'bayo']) await ok(api.assignRole(tok.admin, id, who, 'cluster_commission'));
      const dsr = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(t, tok.cda), type: 'diagnostic_report', title: 'DSR', fields: DSR }));
      for (const who of ['cc1', 'cc2']) await ok(api.decide(tok[who], { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: dsr.id }));
      expect((await gate(id, 'endorse_diagnostic')).unmet).toEqual([expect.objectContaining({ kind: 'MILESTONE', milestone: 'cda_appointed' })]);
      // Not self-appointed: the CDA takes no decision there.
      await refused(api.decide(tok.cda, { clusterId: id, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }), 'BAD_USER_INPUT');
      await ok(api.decide(tok.auth, { clusterId: id, gate: 'cda_appointed', role: 'appointing_authority', outcome: 'APPROVE', comment: 'Chidi appointed for the diagnostic' }));
      await ok(api.reach(tok.cda, id, 'cda_appointed'));
      expect((await ok(api.advance(tok.cda, id, 'endorse_diagnostic', null, 'phase'))).phase).toBe('action_plan');
      const plan = await gate(id, 'endorse_plan');
      expect(plan.unmet.map((u: { kind: string; artefactType: string | null; milestone: string | null }) => `${u.kind}:${u.artefactType ?? u.milestone ?? ''}`)).toEqual(
        expect.arrayContaining(['ARTEFACT:action_plan', 'ARTEFACT:me_framework', 'INDICATOR:', 'MILESTONE:governance_body_constituted']),
      );
    });

    it('previews and applies the migration of a version 1 cluster in trust building to the action plan', async () => {
      const old = (await ok(api.register(tok.cda, { name: 'Kano textiles', templateKey: 'unido-cda', templateVersion: 1, attributes: { enterprise_count: 150 } }, 'id'))).id;
      await ok(api.score(tok.cda, old, SCORES));
      await ok(api.submit(tok.cda, { clusterId: old, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 150 } }));
      await ok(api.decide(tok.cda, { clusterId: old, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, old, 'cda_appointed'));
      await ok(api.decide(tok.pm, { clusterId: old, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.advance(tok.cda, old, 'select_cluster', null, 'id'));
      for (const who of ['amaka', 'bayo']) await ok(api.assignRole(tok.admin, old, who, 'cluster_commission'));
      const dsr = await ok(api.submit(tok.cda, { clusterId: old, files: await pdfFiles(t, tok.cda), type: 'diagnostic_report', title: 'DSR', fields: DSR }));
      for (const who of ['cc1', 'cc2']) await ok(api.decide(tok[who], { clusterId: old, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: dsr.id }));
      expect((await ok(api.advance(tok.cda, old, 'endorse_diagnostic', null, 'phase'))).phase).toBe('trust_building');

      const preview = await migrate(old, 2, true);
      expect(preview).toMatchObject({ fromVersion: 1, toVersion: 2, applied: false, fromPhase: 'trust_building', toPhase: 'action_plan', problems: [] });
      expect(preview.phaseMapping).toMatch(/^trust_building → action_plan/);
      expect(preview.newlyUnmet.map((u: { gate: string; kind: string; artefactType: string | null }) => `${u.gate}:${u.kind}:${u.artefactType ?? ''}`)).toEqual(
        expect.arrayContaining(['endorse_plan:ARTEFACT:action_plan', 'endorse_plan:ARTEFACT:me_framework', 'endorse_plan:INDICATOR:']),
      );
      expect(await state(old)).toMatchObject({ templateVersion: 1, phase: 'trust_building' });
      expect(await migrate(old, 2, false)).toMatchObject({ applied: true });
      expect(await state(old)).toMatchObject({ templateVersion: 2, phase: 'action_plan', status: 'ACTIVE' });
    });
  });

  describe('unido-export-consortium', () => {
    const KEY = 'unido-export-consortium';
    const PLAN_FIELDS = { plan_year: 2026, has_export_marketing_plan: true, has_budget_and_fees: true, horizon_years: 3, expenses: '120000.00', member_fees: '70000.00', capital_contributions: '15000.00', subsidy: '50000.00' };
    let id: string;

    async function adopt(clusterId: string, gateId: string, fields: Record<string, unknown>, artefactId?: string): Promise<string> {
      const plan = await ok(api.submit(tok.cda, { clusterId, artefactId, files: await pdfFiles(t, tok.cda), type: 'business_plan', title: `Business plan ${fields.plan_year}`, fields }));
      for (const who of ['rep1', 'rep2', 'rep3']) await ok(api.decide(tok[who], { clusterId, gate: gateId, role: 'member_representative', outcome: 'APPROVE', artefactVersionId: plan.id }));
      await ok(api.decide(tok.pm, { clusterId, gate: gateId, role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: plan.id }));
      return plan.artefactId;
    }

    it('adopts the business plan and budget in USD only within the subsidy share, then incorporates', async () => {
      id = (await ok(api.register(tok.cda, { name: 'Bogotá coffee exporters', templateKey: KEY, attributes: { prospective_members: 9, sector: 'coffee' } }, 'id'))).id;
      for (const who of ['lucia', 'mateo', 'sofia']) await ok(api.assignRole(tok.admin, id, who, 'member_representative'));
      const report = await ok(api.submit(tok.cda, { clusterId: id, type: 'promotion_report', title: 'Promotion', fields: { events_held: 3, firms_reached: 40 } }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'start_recruitment', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: report.id }));
      await ok(api.advance(tok.cda, id, 'start_recruitment', null, 'id'));
      for (const firm of ['Andino', 'Sur', 'Esperanza', 'Monserrate']) {
        await ok(api.submit(tok.cda, { clusterId: id, type: 'member_questionnaire', title: firm, fields: { firm_name: firm, employees: 20, exports_already: false, committed: true } }));
      }
      await ok(api.decide(tok.cda, { clusterId: id, gate: 'confirm_members', role: 'cda', outcome: 'APPROVE' }));
      await ok(api.advance(tok.cda, id, 'confirm_members', null, 'id'));
      const study = await ok(api.submit(tok.cda, { clusterId: id, type: 'feasibility_study', title: 'SWOT', fields: { has_swot: true, is_feasible: true } }));
      for (const who of ['rep1', 'rep2']) await ok(api.decide(tok[who], { clusterId: id, gate: 'accept_feasibility', role: 'member_representative', outcome: 'APPROVE', artefactVersionId: study.id }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'accept_feasibility', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: study.id }));
      await ok(api.advance(tok.cda, id, 'accept_feasibility', null, 'id'));

      // A subsidy of 70,000 on 120,000 of expenses is over the 50% share: refused with the check's message.
      const planId = await adopt(id, 'adopt_business_plan', { ...PLAN_FIELDS, subsidy: '70000.00' });
      const refusal = await refused(api.advance(tok.cda, id, 'adopt_business_plan'), 'GATE_NOT_READY');
      expect(refusal.extensions?.unmet).toEqual([expect.objectContaining({ kind: 'CHECK', detail: expect.stringContaining("exceeds its share of the year's expenses") })]);
      await adopt(id, 'adopt_business_plan', PLAN_FIELDS, planId);
      expect((await ok(api.advance(tok.cda, id, 'adopt_business_plan', null, 'phase'))).phase).toBe('incorporation');
      const papers = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(t, tok.cda), type: 'incorporation_papers', title: 'Statutes', fields: { registration_number: 'S1', legal_form: 'association', incorporated_on: '2026-02-01', founding_members: 4 } }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'incorporate', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: papers.id }));
      expect((await ok(api.advance(tok.cda, id, 'incorporate', null, 'phase'))).phase).toBe('operation');
    });

    it('after an operating year the consortium moves to the yearly review, and the year\'s plan and budget take it back into operation', async () => {
      const visits = async () => (await ok(api.cluster(tok.auditor, id, 'history { phase }'))).history.length as number;
      // Not yet a year: the timer does nothing.
      travelDays(300);
      expect(await t.app.get(ClustersService).fireTimers(AGENCY, id, await visits())).toEqual([]);
      travelDays(70);
      const fired = await t.app.get(ClustersService).fireTimers(AGENCY, id, await visits());
      expect(fired.map((e) => e.type)).toEqual(['PHASE_EXPIRED']);
      expect(await state(id)).toMatchObject({ phase: 'annual_review', status: 'ACTIVE' });
      // Last year's adoptions do not count for the new year's plan: a new version is adopted.
      const plan = (await ok(api.cluster(tok.auditor, id, 'artefacts { id type }'))).artefacts.find((a: { type: string }) => a.type === 'business_plan');
      expect((await gate(id, 'approve_annual_plan')).unmet.map((u: { kind: string; role: string | null }) => `${u.kind}:${u.role}`)).toEqual([
        'APPROVAL:member_representative',
        'APPROVAL:programme_manager',
      ]);
      await adopt(id, 'approve_annual_plan', { ...PLAN_FIELDS, plan_year: 2027, expenses: '150000.00', member_fees: '90000.00', subsidy: '60000.00' }, plan.id);
      expect((await ok(api.advance(tok.cda, id, 'approve_annual_plan', null, 'phase'))).phase).toBe('operation');
    });

    it('migrates a version 1 consortium in operation with every id kept', async () => {
      const old = (await ok(api.register(tok.cda, { name: 'Cali cocoa', templateKey: KEY, templateVersion: 1, attributes: { prospective_members: 5, sector: 'cocoa' } }, 'id'))).id;
      const preview = await migrate(old, 2, true);
      expect(preview).toMatchObject({ fromVersion: 1, toVersion: 2, applied: false, fromPhase: 'promotion', toPhase: 'promotion', problems: [], newlyUnmet: [] });
      expect(await migrate(old, 2, false)).toMatchObject({ applied: true });
      expect(await state(old)).toMatchObject({ templateVersion: 2, phase: 'promotion' });
    });
  });
});

describe('the demo seed with the shipped templates', () => {
  let t: TestApp;
  afterAll(() => t?.close());

  it('publishes version 1 and 2 of both UNIDO templates; its clusters stay on version 1 and can move to version 2', async () => {
    t = await startTestApp('unido-v2-demo');
    expect(await t.app.get(DemoService).seedIfNew()).toBe(true);
    expect(await t.app.get(DemoService).seedIfNew()).toBe(false); // a seeded database is left as it is
    const admin = await t.token({ userId: 'ada.admin', agency: 'demo', roles: ['agency_admin'] });
    const list = await ok(t.gql('{ templates { key version } }', {}, admin));
    for (const key of ['unido-cda', 'unido-export-consortium']) {
      expect(list.filter((x: { key: string }) => x.key === key).map((x: { version: number }) => x.version).sort()).toEqual([1, 2]);
    }
    const dry = await ok(
      t.gql('mutation { migrateAll(templateKey: "unido-cda", fromVersion: 1, toVersion: 2, dryRun: true) { clusters applied blocked plans { toPhase problems } } }', {}, admin),
    );
    // The demo's unfinished clusters (one dropped): none applied in a dry run, none blocked.
    expect(dry).toMatchObject({ clusters: 6, applied: 0, blocked: 0 });
    expect(dry.plans.map((p: { toPhase: string }) => p.toPhase)).not.toContain('trust_building');
  }, 180_000);
});
