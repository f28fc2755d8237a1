import { pdfFiles } from '../support/files';
import { randomUUID } from 'node:crypto';
import { addMonthsUtc, atServerTime, DAY_MS } from '../support/clock';
import { allPages, expected, expectFilters, gateOf, names, notReady, ok, refused, sortedUnmet, unmetOf, unmet, type ClusterApi, type Person } from '../support/cluster-api';
import { clusterSuite } from '../support/cluster-suite';
import { shippedTemplate } from '../support/shipped-templates';

/** Version 1 as shipped before, then the current version 2 (its `migration` names version 1). */
const INDIA = shippedTemplate('india-mse-cdp');

/**
 * One cluster of India's MSE Cluster Development Programme (templates/india-mse-cdp.yaml,
 * version 2: the 2022 guidelines), driven over GraphQL from the state government's proposal
 * to a completed common facility centre: the SPV rule and the grant share of the DPR's
 * category are checks (a DPR asking more than its share is refused with the check's
 * message), the in-principle approval is given with conditions that must be closed before
 * the final approval. The steps build on each other and run in order.
 *
 * What this template does not allow, and so is not exercised here:
 * - a loop back through an earlier phase: every gate moves forward or out (see the UNIDO
 *   test for visits, where gate-level approvals and milestones start afresh);
 * - `scope: cluster` roles: every role is agency-wide, so there is no assignRole to make
 *   (assignRole is refused as bad input below);
 * - selection scores and eligibility: there is no `selection`, so `score` and `eligible`
 *   stay null and scoreCluster is bad input.
 */
describe('india-mse-cdp over GraphQL', () => {
  const people: Record<string, Person> = {
    admin: ['asha', ['agency_admin']],
    cda: ['ravi', ['cda']],
    cda2: ['meena', ['cda']],
    cdaPm: ['kiran', ['cda', 'programme_manager']],
    pm: ['anil', ['programme_manager']],
    pm2: ['sunita', ['programme_manager']],
    sg: ['gurpreet', ['state_government']],
    sc1: ['rao', ['steering_committee']],
    sc2: ['iyer', ['steering_committee']],
    dual: ['devi', ['state_government', 'steering_committee']],
    auditor: ['arjun', ['auditor']],
  };
  const suite = clusterSuite('lifecycle-india', 'dcmsme', people, INDIA);
  const { api, tok, uid, read, expectVersion, decisionsBy, expectEachRefused, resumeAfterPause, approveInBothRoles } = suite;

  describe("one cluster's life", () => {
    let id: string;

    it('the agency_admin registers the cluster and builds the CDA team', async () => {
      const c = await ok(
        api.register(tok.admin, {
          name: 'Ludhiana knitwear',
          templateKey: 'india-mse-cdp',
          sector: 'Hosiery',
          region: 'Punjab',
          country: 'India',
          attributes: { state: 'Punjab', district: 'Ludhiana', product: 'Knitwear', enterprise_count: 850, employment: 12000, region_category: 'general' },
        }),
      );
      id = c.id;
      expect(c).toMatchObject({ phase: 'proposal', status: 'ACTIVE', version: 1, cdaIds: [], score: null, eligible: null, milestones: [], templateKey: 'india-mse-cdp' });
      expect(await ok(api.cluster(tok.auditor, id, 'templateVersion derived'))).toEqual({
        templateVersion: 2,
        // Known before any document: the region's category and the cap; the grant share needs the DPR, the SPV minimum its papers.
        derived: { special_area: false, grant_cap: 180000000, grant_share: null, max_grant: null, spv_min_members: null },
      });
      expect(Date.parse(c.due)).toBe(addMonthsUtc(Date.parse(c.enteredPhaseAt), 3));
      expect(c.gates.map((g: { gate: string; to: string }) => [g.gate, g.to])).toEqual([['accept_proposal', 'diagnostic_study'], ['drop_cluster', 'rejected']]);
      expect(c.indicators.map((i: { indicator: string }) => i.indicator)).toEqual(['soft_activities', 'cfc_user_units', 'cfc_revenue_inr', 'employment', 'turnover_inr_crore', 'exports_inr_crore']);

      // No selection section: nothing to score. No scope: cluster role: nothing to assign per cluster.
      expect((await refused(api.score(tok.admin, id, [{ criterion: 'importance', score: 3 }]), 'BAD_USER_INPUT')).message).toMatch(/no selection/);
      await refused(api.assignRole(tok.admin, id, uid('sc1'), 'steering_committee'), 'BAD_USER_INPUT');
      await refused(api.assignRole(tok.admin, id, uid('cda'), 'cda'), 'BAD_USER_INPUT');
      await expectVersion(id, 1);

      await ok(api.assignCda(tok.admin, id, uid('cda')));
      expect((await ok(api.assignCda(tok.admin, id, uid('cdaPm')))).cdaIds).toEqual(['ravi', 'kiran']);
    });

    it('proposal: a refused advance names every missing requirement; a rejected proposal comes back as version 2 and is approved', async () => {
      expect(await notReady(api.advance(tok.cda, id, 'accept_proposal'))).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'cluster_proposal', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', artefactType: 'cluster_proposal', have: 0, need: 1 }),
      ]));
      await expectVersion(id, 3);
      const v1 = await ok(api.submit(tok.cda, { clusterId: id, type: 'cluster_proposal', title: 'Proposal: Ludhiana knitwear cluster', uri: 'https://example.org/proposal.pdf', fields: { recommended_by_state: false, units_in_cluster: 850 } }));
      expect(v1).toMatchObject({ number: 1, uri: 'https://example.org/proposal.pdf', submittedBy: 'ravi' });
      // Not yet forwarded by the state: the document does not meet the gate's `where`.
      expect(unmetOf(await read(id), 'accept_proposal')).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'cluster_proposal', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', artefactType: 'cluster_proposal', have: 0, need: 1 }),
      ]));
      const rejection = await ok(api.decide(tok.pm, { clusterId: id, gate: 'accept_proposal', role: 'programme_manager', outcome: 'REJECT', artefactVersionId: v1.id, comment: 'not forwarded by the state government' }));
      expect(rejection).toMatchObject({ outcome: 'REJECT', counts: true, decidedBy: 'anil' });
      expect(gateOf(await read(id), 'accept_proposal').unmet.find((u: { kind: string }) => u.kind === 'APPROVAL').detail).toMatch(/rejected by anil/);

      const sha = 'AB'.repeat(32);
      const v2 = await ok(api.submit(tok.cda, { clusterId: id, type: 'cluster_proposal', title: 'Proposal, forwarded', artefactId: v1.artefactId, sha256: sha, fields: { recommended_by_state: true, units_in_cluster: 850 } }));
      expect(v2).toMatchObject({ artefactId: v1.artefactId, number: 2, sha256: sha.toLowerCase(), uri: null });
      let c = await read(id);
      expect(c.decisions.map((d: { id: string; counts: boolean }) => [d.id, d.counts])).toEqual([[rejection.id, false]]);
      expect(unmetOf(c, 'accept_proposal')).toEqual([unmet('APPROVAL', { role: 'programme_manager', artefactType: 'cluster_proposal', have: 0, need: 1 })]);
      const approval = await ok(api.decide(tok.pm, { clusterId: id, gate: 'accept_proposal', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v2.id }));
      expect(approval).toMatchObject({ counts: true, artefactVersion: { id: v2.id, number: 2 } });
      c = await ok(api.advance(tok.cda, id, 'accept_proposal'));
      expect(c).toMatchObject({ phase: 'diagnostic_study', status: 'ACTIVE' });
      expect(c.artefacts).toHaveLength(1);
      expect(c.artefacts[0].versions.map((x: { number: number }) => x.number)).toEqual([1, 2]);
    });

    it('diagnostic study: no self-approval (nothing recorded); a new version voids the approval of the old', async () => {
      const v1 = await ok(api.submit(tok.cdaPm, { clusterId: id, files: await pdfFiles(suite.t, tok.cdaPm), type: 'diagnostic_study', title: 'Diagnostic study', fields: { units_surveyed: 200, has_swot: true, has_intervention_plan: true } }));
      const before = await read(id);
      for (const outcome of ['APPROVE', 'REJECT']) {
        await refused(api.decide(tok.cdaPm, { clusterId: id, gate: 'accept_diagnostic', role: 'programme_manager', outcome, artefactVersionId: v1.id }), 'FORBIDDEN');
      }
      const after = await read(id);
      expect(after.version).toBe(before.version);
      expect(after.decisions).toEqual(before.decisions);

      const approval = await ok(api.decide(tok.pm, { clusterId: id, gate: 'accept_diagnostic', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v1.id }));
      expect(approval.counts).toBe(true);
      expect(gateOf(await read(id), 'accept_diagnostic')).toMatchObject({ ready: true, unmet: [] });

      const v2 = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(suite.t, tok.cda), type: 'diagnostic_study', title: 'Diagnostic study (revised)', artefactId: v1.artefactId, fields: { units_surveyed: 240, has_swot: true, has_intervention_plan: true } }));
      const c = await read(id);
      expect(c.decisions.find((d: { id: string }) => d.id === approval.id)).toMatchObject({ counts: false, outcome: 'APPROVE', artefactVersion: { id: v1.id, number: 1 } });
      const voided = [unmet('APPROVAL', { role: 'programme_manager', artefactType: 'diagnostic_study', have: 0, need: 1 })];
      expect(unmetOf(c, 'accept_diagnostic')).toEqual(voided);
      expect(await notReady(api.advance(tok.cda, id, 'accept_diagnostic'))).toEqual(voided);
      // kiran submitted version 1, not version 2: she may decide on version 2.
      expect((await ok(api.decide(tok.cdaPm, { clusterId: id, gate: 'accept_diagnostic', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v2.id }))).counts).toBe(true);
      expect((await ok(api.advance(tok.cda, id, 'accept_diagnostic'))).phase).toBe('soft_interventions');
    });

    it('soft interventions: suspended and resumed in the same phase', async () => {
      expect(await notReady(api.advance(tok.cda, id, 'complete_soft_interventions'))).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'soft_intervention_report', have: 0, need: 1 }),
        unmet('INDICATOR', { indicator: 'soft_activities', need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', artefactType: 'soft_intervention_report', have: 0, need: 1 }),
      ]));
      const before = await read(id);
      const suspended = await ok(api.suspend(tok.admin, id, 'Model code of conduct for state elections'));
      expect(suspended).toMatchObject({ phase: 'soft_interventions', status: 'SUSPENDED', overdue: false, version: before.version + 1 });
      const version = suspended.version;
      const blocked: (() => ReturnType<ClusterApi['advance']>)[] = [
        () => api.submit(tok.cda, { clusterId: id, type: 'soft_intervention_report', title: 'Report', fields: { activities_completed: 3 } }),
        () => api.decide(tok.pm, { clusterId: id, gate: 'complete_soft_interventions', role: 'programme_manager', outcome: 'APPROVE' }),
        () => api.advance(tok.cda, id, 'complete_soft_interventions'),
        () => api.record(tok.cda, { clusterId: id, indicator: 'soft_activities', period: '2025-Q3', value: 1 }),
        () => api.plan(tok.cda, { clusterId: id, indicator: 'soft_activities', baseline: 0, targets: [] }),
        () => api.reach(tok.cda, id, 'grant_instalment_1'),
        () => api.score(tok.admin, id, [{ criterion: 'importance', score: 3 }]),
        () => api.suspend(tok.admin, id, 'twice'),
      ];
      await expectEachRefused(id, version, 'SUSPENDED', blocked);
      // Assigning CDAs still works.
      expect((await ok(api.assignCda(tok.admin, id, uid('cda2')))).cdaIds).toEqual(['ravi', 'kiran', 'meena']);
      await resumeAfterPause(id, before, { phase: 'soft_interventions', version: version + 2, viaGate: 'accept_diagnostic' });
      expect(Date.parse(before.due)).toBe(addMonthsUtc(Date.parse(before.enteredPhaseAt), 18));
    });

    it('soft interventions: indicators per period (recording again supersedes) and their plan', async () => {
      await ok(api.record(tok.cda, { clusterId: id, indicator: 'soft_activities', period: '2025-Q3', value: 4 }));
      await ok(api.record(tok.cda2, { clusterId: id, indicator: 'soft_activities', period: '2025-Q3', value: 6, note: 'two more workshops reported late' }));
      await ok(api.record(tok.cda, { clusterId: id, indicator: 'soft_activities', period: '2025-Q4', value: 2 }));
      const plan = await ok(api.plan(tok.cda, { clusterId: id, indicator: 'soft_activities', baseline: 0, targets: [{ period: '2025-Q3', value: 5 }, { period: '2025-Q4', value: 5 }] }));
      expect(plan).toEqual({
        indicator: 'soft_activities', aggregate: 8, baseline: 0, target: 10, progress: 0.8,
        values: [{ period: '2025-Q3', value: 6 }, { period: '2025-Q4', value: 2 }],
        targets: [{ period: '2025-Q3', value: 5 }, { period: '2025-Q4', value: 5 }],
      });
      await ok(api.plan(tok.cda, { clusterId: id, indicator: 'cfc_user_units', baseline: 0, targets: [{ period: '2025', value: 20 }, { period: '2026', value: 40 }] }));
      await ok(api.record(tok.cda, { clusterId: id, indicator: 'cfc_user_units', period: '2025', value: 10 }));
      const c = await read(id);
      expect(c.indicators.find((i: { indicator: string }) => i.indicator === 'cfc_user_units')).toMatchObject({ aggregate: 10, baseline: 0, target: 40, progress: 0.25 });
      expect(c.indicators.find((i: { indicator: string }) => i.indicator === 'soft_activities').values.map((x: { period: string; value: number; recordedBy: string }) => [x.period, x.value, x.recordedBy])).toEqual([
        ['2025-Q3', 6, 'meena'],
        ['2025-Q4', 2, 'ravi'],
      ]);
      // One indicator, one kind of period.
      await refused(api.record(tok.cda, { clusterId: id, indicator: 'soft_activities', period: '2026', value: 1 }), 'BAD_USER_INPUT');
      await refused(api.plan(tok.cda, { clusterId: id, indicator: 'cfc_user_units', targets: [{ period: '2027-Q1', value: 50 }] }), 'BAD_USER_INPUT');
      await expectVersion(id, c.version);

      const report = await ok(api.submit(tok.cda2, { clusterId: id, type: 'soft_intervention_report', title: 'Soft interventions completed', fields: { activities_completed: 14 } }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'complete_soft_interventions', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: report.id }));
      expect((await ok(api.advance(tok.cda, id, 'complete_soft_interventions'))).phase).toBe('spv_formation');
    });

    it('SPV formation: the incorporation papers are checked against their declared fields, then against the SPV rule', async () => {
      const fields = { registration_number: 'U17299PB2025NPL000123', legal_form: 'section_8_company', incorporated_on: '2025-09-01', member_units: 40, largest_member_share: 0.08, special_case: false };
      const bad = await refused(api.submit(tok.cda, { clusterId: id, type: 'spv_incorporation', title: 'SPV', fields: { ...fields, legal_form: 'llp', member_units: 0 } }), 'BAD_USER_INPUT');
      expect(bad.extensions.problems!.map((p) => p.path).sort()).toEqual(['fields.legal_form', 'fields.member_units']);
      // A society of 15 units, one of them holding 12%: approved by the programme officer, but not an SPV the guidelines accept.
      const society = await ok(api.submit(tok.cda, { clusterId: id, type: 'spv_incorporation', title: 'SPV (society)', fields: { ...fields, legal_form: 'society', member_units: 15, largest_member_share: 0.12 } }));
      await ok(api.decide(tok.pm2, { clusterId: id, gate: 'approve_spv', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: society.id }));
      const refusal = await refused(api.advance(tok.cda, id, 'approve_spv'), 'GATE_NOT_READY');
      expect(refusal.extensions.unmet!.map((u) => [u.kind, u.detail])).toEqual([
        ['CHECK', 'The SPV must be a Section 8 company'],
        ['CHECK', 'The SPV has fewer member units than the guidelines ask (20, or 10 in special cases)'],
        ['CHECK', 'One unit holds more than 10% of the SPV'],
      ]);
      const papers = await ok(api.submit(tok.cda, { clusterId: id, type: 'spv_incorporation', title: 'SPV incorporation', artefactId: society.artefactId, fields }));
      expect(papers.fields).toEqual(fields);
      expect((await ok(api.cluster(tok.auditor, id, 'derived'))).derived).toMatchObject({ spv_min_members: 20 });
      await ok(api.decide(tok.pm2, { clusterId: id, gate: 'approve_spv', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: papers.id }));
      expect((await ok(api.advance(tok.cda, id, 'approve_spv'))).phase).toBe('dpr_preparation');
    });

    it('DPR: asking more than its category\'s grant share is refused with the check\'s message', async () => {
      // Without a DPR the grant rules cannot be evaluated yet: each check is unmet, saying why.
      const none = await refused(api.advance(tok.cda, id, 'approve_in_principle'), 'GATE_NOT_READY');
      expect(sortedUnmet(none.extensions.unmet!)).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'dpr', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'state_government', artefactType: 'dpr', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'steering_committee', artefactType: 'dpr', have: 0, need: 1 }),
        unmet('CHECK'), unmet('CHECK'), unmet('CHECK'),
      ]));
      expect(none.extensions.unmet!.filter((u) => u.kind === 'CHECK').map((u) => u.detail)).toEqual([
        'The grant asked exceeds the grant share of the project\'s category (the rule could not be evaluated: No such key: dpr)',
        'The grant asked exceeds the grant on the Rs 30 crore cap of the project cost (the rule could not be evaluated: No such key: dpr)',
        'The SPV contributes less than 10% of the project cost (the rule could not be evaluated: No such key: dpr)',
      ]);
      // Rs 9.5 crore in a general district: 70%, so at most Rs 6.65 crore; Rs 7 crore asked.
      const fields = { component: 'common_facility_centre', project_cost: '95000000.00', grant_asked: '70000000.00', spv_contribution: '9500000.00', state_share: '19000000.00', has_technical_feasibility: true, has_financial_feasibility: true };
      const dpr = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(suite.t, tok.cda), type: 'dpr', title: 'DPR: common facility centre', fields }));
      expect(dpr.fields).toEqual(fields);
      expect((await ok(api.cluster(tok.auditor, id, 'derived'))).derived).toEqual({
        special_area: false, grant_share: 0.7, max_grant: { amount: '66500000.00', currency: 'INR' }, grant_cap: 180000000, spv_min_members: 20,
      });
      const error = await refused(api.advance(tok.cda, id, 'approve_in_principle'), 'GATE_NOT_READY');
      expect(error.extensions.unmet!.filter((u) => u.kind === 'CHECK').map((u) => u.detail)).toEqual(['The grant asked exceeds the grant share of the project\'s category']);
      expect(error.message).toContain('The grant asked exceeds the grant share of the project\'s category');
      expect(unmetOf(await read(id), 'approve_in_principle')).toContainEqual(unmet('CHECK'));
      // The SPV's contribution below 10% is refused too; then a DPR within the share.
      await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(suite.t, tok.cda), type: 'dpr', title: 'DPR, revised', artefactId: dpr.artefactId, fields: { ...fields, grant_asked: '66500000.00', spv_contribution: '9499999.99' } }));
      const low = await refused(api.advance(tok.cda, id, 'approve_in_principle'), 'GATE_NOT_READY');
      expect(low.extensions.unmet!.filter((u) => u.kind === 'CHECK').map((u) => u.detail)).toEqual(['The SPV contributes less than 10% of the project cost']);
    });

    it('DPR: one person holding both roles counts once across the two approval requirements; the committee approves with conditions', async () => {
      const fields = { component: 'common_facility_centre', project_cost: '95000000.00', grant_asked: '66500000.00', spv_contribution: '9500000.00', has_technical_feasibility: true, has_financial_feasibility: true };
      const artefactId = (await read(id)).artefacts.find((a: { type: string }) => a.type === 'dpr').id;
      const dpr = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(suite.t, tok.cda), type: 'dpr', title: 'DPR: common facility centre, final', artefactId, fields }));
      // devi is both the state's nodal officer and a steering committee member.
      await approveInBothRoles(id, 'dual', 'approve_in_principle', ['state_government', 'steering_committee'], { artefactVersionId: dpr.id, artefactType: 'dpr' });
      expect(decisionsBy(await read(id), 'dual')).toHaveLength(2);
      // The other state officer is not needed: a second steering committee member frees devi for the state's place.
      await ok(api.decide(tok.sc1, { clusterId: id, gate: 'approve_in_principle', role: 'steering_committee', outcome: 'APPROVE_WITH_CONDITIONS', artefactVersionId: dpr.id, conditions: ['Land leased to the SPV', 'State share sanctioned'] }));
      const c = await read(id);
      expect(gateOf(c, 'approve_in_principle')).toMatchObject({ ready: true, unmet: [] });
      expect(decisionsBy(c, 'dual').map((d: { role: string; counts: boolean }) => [d.role, d.counts])).toEqual([['state_government', true], ['steering_committee', false]]);
      expect(decisionsBy(c, 'sc1').map((d: { counts: boolean }) => d.counts)).toEqual([true]);
      expect((await ok(api.advance(tok.cda, id, 'approve_in_principle'))).phase).toBe('in_principle_approved');
    });

    it('in-principle approved: the final approval is a new decision of the committee; a stale expectedVersion is a conflict', async () => {
      // The committee's approval of the DPR was given on the other gate, so it does not count here.
      expect(await notReady(api.advance(tok.cda, id, 'approve_final'))).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'financial_closure', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'steering_committee', have: 0, need: 1 }),
        unmet('CONDITIONS', { have: 2, need: 0 }),
      ]));
      // The conditions of the in-principle approval are closed by the CDA, with a note.
      const open = (await ok(api.cluster(tok.auditor, id, 'openConditions { id text }'))).openConditions;
      expect(open.map((x: { text: string }) => x.text)).toEqual(['Land leased to the SPV', 'State share sanctioned']);
      for (const condition of open) {
        await ok(suite.t.gql('mutation($c: ID!, $k: ID!, $n: String!) { closeCondition(clusterId: $c, conditionId: $k, note: $n) { id } }', { c: id, k: condition.id, n: 'documented in the financial closure' }, tok.cda));
      }
      await ok(api.submit(tok.cda, { clusterId: id, type: 'financial_closure', title: 'Conditions for final approval', fields: { land_with_spv: true, state_share_sanctioned: true, spv_contribution_deposited: true, bank_loan_sanctioned: false } }));
      // A decision at the committee's meeting: not bound to a document.
      await refused(api.decide(tok.sc2, { clusterId: id, gate: 'approve_final', role: 'steering_committee', outcome: 'APPROVE', artefactVersionId: (await read(id)).artefacts.find((a: { type: string }) => a.type === 'dpr').latest.id }), 'BAD_USER_INPUT');
      await ok(api.decide(tok.sc2, { clusterId: id, gate: 'approve_final', role: 'steering_committee', outcome: 'APPROVE', comment: 'minuted at the 58th meeting' }));
      const c = await read(id);
      expect(gateOf(c, 'approve_final')).toMatchObject({ ready: true, unmet: [] });
      await refused(api.advance(tok.cda, id, 'approve_final', c.version - 1), 'CONFLICT');
      await expectVersion(id, c.version);
      const advanced = await ok(api.advance(tok.cda, id, 'approve_final', c.version));
      expect(advanced).toMatchObject({ phase: 'hard_intervention', version: c.version + 1 });
      expect(advanced.milestones).toEqual([
        { milestone: 'grant_instalment_1', reached: false, reachedAt: null },
        { milestone: 'grant_instalment_2', reached: false, reachedAt: null },
      ]);
    });

    it('hard intervention: two grant instalments, then the CFC is completed', async () => {
      expect(await notReady(api.reach(tok.cda, id, 'grant_instalment_2'))).toEqual(expected([
        unmet('MILESTONE', { milestone: 'grant_instalment_1' }),
        unmet('ARTEFACT', { artefactType: 'cfc_progress_report', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', artefactType: 'cfc_progress_report', have: 0, need: 1 }),
      ]));
      expect(await notReady(api.advance(tok.cda, id, 'complete_cfc'))).toEqual(expected([
        unmet('MILESTONE', { milestone: 'grant_instalment_1' }),
        unmet('MILESTONE', { milestone: 'grant_instalment_2' }),
        unmet('ARTEFACT', { artefactType: 'cfc_completion_report', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', artefactType: 'cfc_completion_report', have: 0, need: 1 }),
      ]));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'grant_instalment_1', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, id, 'grant_instalment_1'));
      await refused(api.reach(tok.cda, id, 'grant_instalment_1'), 'BAD_USER_INPUT');
      const progress = await ok(api.submit(tok.cda, { clusterId: id, type: 'cfc_progress_report', title: 'Utilisation certificate 1', fields: { grant_utilised_inr_crore: 3.2 } }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'grant_instalment_2', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: progress.id }));
      const reached = await ok(api.reach(tok.cda, id, 'grant_instalment_2'));
      expect(reached.milestones.map((m: { reached: boolean }) => m.reached)).toEqual([true, true]);

      // Progress is not clamped at 1.
      await ok(api.record(tok.cda, { clusterId: id, indicator: 'cfc_user_units', period: '2026', value: 45 }));
      expect((await read(id)).indicators.find((i: { indicator: string }) => i.indicator === 'cfc_user_units')).toMatchObject({ aggregate: 45, target: 40, progress: 1.125 });

      const completion = await ok(api.submit(tok.cda2, { clusterId: id, type: 'cfc_completion_report', title: 'CFC commissioned', fields: { cfc_operational: true, commissioned_on: '2026-03-15' } }));
      await ok(api.decide(tok.pm2, { clusterId: id, gate: 'complete_cfc', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: completion.id }));
      const done = await ok(api.advance(tok.cda2, id, 'complete_cfc'));
      expect(done).toMatchObject({ phase: 'completed', status: 'FINISHED', gates: [], due: null, overdue: false, milestones: [] });
      expect(done.history.map((h: { phase: string; viaGate: string | null }) => [h.phase, h.viaGate])).toEqual([
        ['proposal', null],
        ['diagnostic_study', 'accept_proposal'],
        ['soft_interventions', 'accept_diagnostic'],
        ['spv_formation', 'complete_soft_interventions'],
        ['dpr_preparation', 'approve_spv'],
        ['in_principle_approved', 'approve_in_principle'],
        ['hard_intervention', 'approve_final'],
        ['completed', 'complete_cfc'],
      ]);
      expect(done.history.map((h: { suspendedDays: number }) => h.suspendedDays > 0)).toEqual([false, false, true, false, false, false, false, false]);
    });

    it('after the final phase, any change is refused with FINAL_PHASE and nothing changes', async () => {
      const before = await read(id);
      const changes: (() => ReturnType<ClusterApi['advance']>)[] = [
        () => api.submit(tok.cda, { clusterId: id, type: 'cfc_progress_report', title: 'Late', fields: { grant_utilised_inr_crore: 1 } }),
        () => api.decide(tok.pm, { clusterId: id, gate: 'complete_cfc', role: 'programme_manager', outcome: 'REJECT' }),
        () => api.record(tok.cda, { clusterId: id, indicator: 'cfc_revenue_inr', period: '2026-04', value: 100000 }),
        () => api.plan(tok.cda, { clusterId: id, indicator: 'cfc_revenue_inr', targets: [{ period: '2026-04', value: 1 }] }),
        () => api.score(tok.admin, id, [{ criterion: 'importance', score: 1 }]),
        () => api.reach(tok.cda, id, 'grant_instalment_1'),
        () => api.advance(tok.admin, id, 'reject_project'),
        () => api.suspend(tok.admin, id, 'audit'),
        () => api.resume(tok.admin, id),
        () => api.assignCda(tok.admin, id, 'new-cda'),
        () => api.unassignCda(tok.admin, id, 'ravi'),
        () => api.assignRole(tok.admin, id, 'rao', 'steering_committee'),
        () => api.unassignRole(tok.admin, id, 'rao', 'steering_committee'),
      ];
      await expectEachRefused(id, before.version, 'FINAL_PHASE', changes);
      expect(await read(id)).toEqual(before);
    });

    it('another cluster is dropped at the proposal stage: the other final phase', async () => {
      const c = await ok(api.register(tok.cda2, { name: 'Moradabad brassware', templateKey: 'india-mse-cdp', region: 'Uttar Pradesh', attributes: { state: 'Uttar Pradesh', product: 'Brassware', enterprise_count: 600 } }));
      expect(c.cdaIds).toEqual(['meena']);
      expect(await notReady(api.advance(tok.cda2, c.id, 'drop_cluster'))).toEqual([unmet('APPROVAL', { role: 'programme_manager', have: 0, need: 1 })]);
      await ok(api.decide(tok.pm2, { clusterId: c.id, gate: 'drop_cluster', role: 'programme_manager', outcome: 'APPROVE', comment: 'state withdrew the proposal' }));
      expect(await ok(api.advance(tok.cda2, c.id, 'drop_cluster'))).toMatchObject({ phase: 'rejected', status: 'FINISHED' });
      await refused(api.decide(tok.pm, { clusterId: c.id, gate: 'drop_cluster', role: 'programme_manager', outcome: 'APPROVE' }), 'FINAL_PHASE');
    });
  });

  describe('the clusters list and cluster(id)', () => {
    const list = async (args: Parameters<ClusterApi['clusters']>[1], token = tok.auditor) => ok(api.clusters(token, args));
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      for (const [name, region, state] of [
        ['Tiruppur knitwear', 'Tamil Nadu', 'Tamil Nadu'],
        ['Kolhapur foundry', 'Maharashtra', 'Maharashtra'],
        ['Aligarh locks', 'Uttar Pradesh', 'Uttar Pradesh'],
      ]) {
        const c = await ok(api.register(tok.cda, { name, region, templateKey: 'india-mse-cdp', attributes: { state, product: name.split(' ')[1], enterprise_count: 300 } }, 'id'));
        ids[name] = c.id;
      }
      await ok(api.suspend(tok.admin, ids['Kolhapur foundry'], 'monsoon'));
    });

    it('filters by phase, status, templateKey, search and overdue, with totalCount', async () => {
      const all = await list({});
      expect(names(all)).toEqual(['Ludhiana knitwear', 'Moradabad brassware', 'Tiruppur knitwear', 'Kolhapur foundry', 'Aligarh locks']);
      expect(all.totalCount).toBe(5);
      const cases: [Record<string, unknown>, string[]][] = [
        [{ phase: 'proposal' }, ['Tiruppur knitwear', 'Kolhapur foundry', 'Aligarh locks']],
        [{ phase: 'completed' }, ['Ludhiana knitwear']],
        [{ status: 'FINISHED' }, ['Ludhiana knitwear', 'Moradabad brassware']],
        [{ status: 'SUSPENDED' }, ['Kolhapur foundry']],
        [{ status: 'ACTIVE' }, ['Tiruppur knitwear', 'Aligarh locks']],
        [{ templateKey: 'india-mse-cdp' }, ['Ludhiana knitwear', 'Moradabad brassware', 'Tiruppur knitwear', 'Kolhapur foundry', 'Aligarh locks']],
        [{ templateKey: 'unido-cda' }, []],
        [{ search: 'KNITWEAR' }, ['Ludhiana knitwear', 'Tiruppur knitwear']],
        [{ search: 'uttar' }, ['Moradabad brassware', 'Aligarh locks']],
        [{ search: 'hosiery' }, ['Ludhiana knitwear']],
        [{ search: 'india' }, ['Ludhiana knitwear']],
        [{ search: 'uttar', status: 'ACTIVE' }, ['Aligarh locks']],
        [{ overdue: true }, []],
        [{ overdue: false }, ['Ludhiana knitwear', 'Moradabad brassware', 'Tiruppur knitwear', 'Kolhapur foundry', 'Aligarh locks']],
      ];
      await expectFilters(list, cases);
    });

    it('after the three months of a proposal, the active proposals are overdue; finished and suspended ones never are', async () => {
      await atServerTime(Date.now() + 100 * DAY_MS, async () => {
        const later = await suite.t.token({ userId: 'arjun', agency: 'dcmsme', roles: ['auditor'] });
        await expectFilters((args) => list(args, later), [
          [{ overdue: true }, ['Tiruppur knitwear', 'Aligarh locks']],
          [{ overdue: false }, ['Ludhiana knitwear', 'Moradabad brassware', 'Kolhapur foundry']],
        ]);
        expect(await ok(api.cluster(later, ids['Kolhapur foundry'], 'status overdue'))).toEqual({ status: 'SUSPENDED', overdue: false });
      });
    });

    it('pages with first/after; SCORE order puts every (unscored) cluster once', async () => {
      for (const sort of ['REGISTERED_AT', 'SCORE', 'NAME']) {
        const pages = await allPages((args) => list({ sort, first: 2, ...args }), 5);
        for (const page of pages) {
          expect(page.totalCount).toBe(5);
          expect(page.edges.every((e: { node: { score: number | null } }) => e.node.score === null)).toBe(true);
        }
        const seen = pages.flatMap(names);
        expect(seen).toHaveLength(5);
        expect([...seen].sort()).toEqual(['Aligarh locks', 'Kolhapur foundry', 'Ludhiana knitwear', 'Moradabad brassware', 'Tiruppur knitwear']);
        if (sort === 'NAME') expect(seen).toEqual([...seen].sort());
      }
      const filtered = await list({ filter: { phase: 'proposal' }, first: 2 });
      expect(names(filtered)).toEqual(['Tiruppur knitwear', 'Kolhapur foundry']);
      expect(filtered).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      const rest = await list({ filter: { phase: 'proposal' }, first: 2, after: filtered.pageInfo.endCursor });
      expect(names(rest)).toEqual(['Aligarh locks']);
      expect(rest).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    });

    it('cluster(id) for every member of the agency; null for unknown ids and for other agencies', async () => {
      for (const who of ['pm', 'sc1', 'cda2', 'auditor']) {
        expect(await ok(api.cluster(tok[who], ids['Aligarh locks'], 'id name cdaIds'))).toEqual({ id: ids['Aligarh locks'], name: 'Aligarh locks', cdaIds: ['ravi'] });
      }
      const outsider = await suite.t.token({ userId: 'asha', agency: 'other-agency', roles: ['agency_admin', 'auditor'] });
      expect(await ok(api.cluster(outsider, ids['Aligarh locks']))).toBeNull();
      expect(await ok(api.clusters(outsider, {}))).toMatchObject({ totalCount: 0, edges: [] });
      expect(await ok(api.cluster(tok.auditor, randomUUID()))).toBeNull();
      expect(await ok(api.cluster(tok.auditor, '42'))).toBeNull();
    });
  });
});
