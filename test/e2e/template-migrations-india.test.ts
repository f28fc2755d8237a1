import { pdfFiles } from '../support/files';
import { clusterApi, ok, tokensFor } from '../support/cluster-api';
import { shippedTemplate } from '../support/shipped-templates';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * Clusters on version 1 of the shipped India templates (as shipped before the 2022 guidelines
 * and the revamped SFURTI) migrate to version 2 through its `migration` section: a dry run
 * shows the plan (phases kept, MSE-CDP's renamed SPV gate with the decisions that keep
 * counting, the new checks a version 1 document does not meet), applying records it.
 */
const [MSE_V1, MSE_V2] = shippedTemplate('india-mse-cdp');
const [SFURTI_V1, SFURTI_V2] = shippedTemplate('india-sfurti');

const PLAN = 'clusterId clusterName fromVersion toVersion applied phaseMapping fromPhase toPhase problems gateMapping newlyUnmet { gate kind detail }';
const MIGRATE = `mutation($c: ID!, $v: Int!, $d: Boolean) { migrate(clusterId: $c, toVersion: $v, dryRun: $d) { ${PLAN} } }`;
const MIGRATE_ALL = `mutation($k: String!, $f: Int!, $v: Int!, $d: Boolean) {
  migrateAll(templateKey: $k, fromVersion: $f, toVersion: $v, dryRun: $d) { templateKey fromVersion toVersion dryRun clusters applied blocked plans { ${PLAN} } }
}`;
const STATE = 'templateVersion phase derived gates { gate ready unmet { kind detail } } decisions { gate role outcome counts }';

describe('the shipped India templates, version 1 to version 2', () => {
  let t: TestApp;
  let tok: Record<string, string>;
  const api = clusterApi({ gql: (q, v, token) => t.gql(q, v, token) });
  const ids: Record<string, string> = {};
  const migrate = (clusterId: string, dryRun: boolean) => ok(t.gql(MIGRATE, { c: clusterId, v: 2, d: dryRun }, tok.admin));
  const migrateAll = (key: string, dryRun: boolean) => ok(t.gql(MIGRATE_ALL, { k: key, f: 1, v: 2, d: dryRun }, tok.admin));
  const state = (id: string) => ok(api.cluster(tok.auditor, id, STATE));

  /** An MSE-CDP cluster on version 1 driven to spv_formation, its SPV papers approved under register_spv. */
  async function toSpvFormation(name: string): Promise<string> {
    const id = (await ok(api.register(tok.cda, { name, templateKey: 'india-mse-cdp', attributes: { state: 'Punjab', product: 'Knitwear', enterprise_count: 300, region_category: 'general' } }, 'id'))).id;
    const step = async (type: string, gate: string, fields: Record<string, unknown>, files = false) => {
      const v = await ok(api.submit(tok.cda, { clusterId: id, type, title: type, fields, ...(files ? { files: await pdfFiles(t, tok.cda) } : {}) }));
      await ok(api.decide(tok.pm, { clusterId: id, gate, role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v.id }));
      return v;
    };
    await step('cluster_proposal', 'accept_proposal', { recommended_by_state: true, units_in_cluster: 300 });
    await ok(api.advance(tok.cda, id, 'accept_proposal', null, 'id'));
    await step('diagnostic_study', 'accept_diagnostic', { units_surveyed: 80, has_swot: true, has_intervention_plan: true }, true);
    await ok(api.advance(tok.cda, id, 'accept_diagnostic', null, 'id'));
    await ok(api.record(tok.cda, { clusterId: id, indicator: 'soft_activities', period: '2025', value: 5 }));
    await step('soft_intervention_report', 'complete_soft_interventions', { activities_completed: 5 });
    await ok(api.advance(tok.cda, id, 'complete_soft_interventions', null, 'id'));
    await step('spv_incorporation', 'register_spv', { registration_number: 'U17299PB2025NPL000123', legal_form: 'section_8_company', incorporated_on: '2025-09-01', member_units: 40 });
    return id;
  }

  beforeAll(async () => {
    t = await startTestApp('template-migrations-india');
    tok = await tokensFor(t, 'dcmsme', {
      admin: ['asha', ['agency_admin']],
      cda: ['ravi', ['cda']],
      pm: ['anil', ['programme_manager']],
      auditor: ['arjun', ['auditor']],
    });
    expect(await ok(api.publish(tok.admin, MSE_V1))).toEqual({ key: 'india-mse-cdp', version: 1 });
    expect(await ok(api.publish(tok.admin, SFURTI_V1))).toEqual({ key: 'india-sfurti', version: 1 });
    ids.spv = await toSpvFormation('Ludhiana knitwear');
    ids.dpr = await toSpvFormation('Tiruppur knitwear');
    await ok(api.advance(tok.cda, ids.dpr, 'register_spv', null, 'id'));
    const dpr = await ok(api.submit(tok.cda, {
      clusterId: ids.dpr, type: 'dpr', title: 'DPR (version 1 fields)', files: await pdfFiles(t, tok.cda),
      fields: { project_cost_inr_crore: 9.5, goi_grant_share: 0.7, has_technical_feasibility: true, has_financial_feasibility: true },
    }));
    ids.dprVersion = dpr.id;
    ids.sfurti = (await ok(api.register(tok.cda, { name: 'Channapatna lacquerware', templateKey: 'india-sfurti', attributes: { artisan_count: 320, cluster_type: 'regular', nodal_agency_name: 'kvic' } }, 'id'))).id;
    expect(await ok(api.publish(tok.admin, MSE_V2))).toEqual({ key: 'india-mse-cdp', version: 2 });
    expect(await ok(api.publish(tok.admin, SFURTI_V2))).toEqual({ key: 'india-sfurti', version: 2 });
  }, 180_000);
  afterAll(() => t.close());

  it('MSE-CDP: a dry run shows the renamed SPV gate with its decision and the SPV rule newly unmet; applying moves the decision', async () => {
    const before = await state(ids.spv);
    expect(before).toMatchObject({ templateVersion: 1, phase: 'spv_formation' });
    const plan = await migrate(ids.spv, true);
    expect(plan).toEqual({
      clusterId: ids.spv,
      clusterName: 'Ludhiana knitwear',
      fromVersion: 1,
      toVersion: 2,
      applied: false,
      phaseMapping: 'spv_formation → spv_formation (same id)',
      fromPhase: 'spv_formation',
      toPhase: 'spv_formation',
      problems: [],
      gateMapping: ['register_spv → approve_spv (1 decision)'],
      // The version 1 papers say nothing of the special case or the largest holding.
      newlyUnmet: [
        { gate: 'approve_spv', kind: 'CHECK', detail: expect.stringMatching(/^The SPV has fewer member units than the guidelines ask .*could not be evaluated/) },
        { gate: 'approve_spv', kind: 'CHECK', detail: expect.stringMatching(/^One unit holds more than 10% of the SPV \(the rule could not be evaluated/) },
      ],
    });
    expect(await state(ids.spv)).toEqual(before);

    expect(await migrate(ids.spv, false)).toMatchObject({ applied: true, gateMapping: ['register_spv → approve_spv (1 decision)'] });
    const after = await state(ids.spv);
    expect(after).toMatchObject({ templateVersion: 2, phase: 'spv_formation' });
    expect(after.decisions).toEqual([
      { gate: 'accept_proposal', role: 'programme_manager', outcome: 'APPROVE', counts: true },
      { gate: 'accept_diagnostic', role: 'programme_manager', outcome: 'APPROVE', counts: true },
      { gate: 'complete_soft_interventions', role: 'programme_manager', outcome: 'APPROVE', counts: true },
      { gate: 'approve_spv', role: 'programme_manager', outcome: 'APPROVE', counts: true },
    ]);
    // The programme officer's approval still counts under the new id: only the SPV rule waits for complete papers.
    expect(after.gates.find((g: { gate: string }) => g.gate === 'approve_spv').unmet.map((u: { kind: string }) => u.kind)).toEqual(['CHECK', 'CHECK']);
  }, 60_000);

  it('MSE-CDP: migrateAll previews and migrates the rest; a DPR submitted under version 1 must be submitted again', async () => {
    const preview = await migrateAll('india-mse-cdp', true);
    expect(preview).toMatchObject({ templateKey: 'india-mse-cdp', fromVersion: 1, toVersion: 2, dryRun: true, clusters: 1, applied: 0, blocked: 0 });
    expect(preview.plans).toHaveLength(1);
    // The decision that passed register_spv is on record under the new id too.
    expect(preview.plans[0]).toMatchObject({ clusterName: 'Tiruppur knitwear', phaseMapping: 'dpr_preparation → dpr_preparation (same id)', problems: [], gateMapping: ['register_spv → approve_spv (1 decision)'] });
    expect(preview.plans[0].newlyUnmet.map((u: { gate: string; kind: string; detail: string }) => [u.gate, u.kind, u.detail.replace(/ \(the rule could not be evaluated.*$/, '')])).toEqual([
      ['approve_in_principle', 'CHECK', "The grant asked exceeds the grant share of the project's category"],
      ['approve_in_principle', 'CHECK', 'The grant asked exceeds the grant on the Rs 30 crore cap of the project cost'],
      ['approve_in_principle', 'CHECK', 'The SPV contributes less than 10% of the project cost'],
    ]);
    expect((await state(ids.dpr)).templateVersion).toBe(1);

    expect(await migrateAll('india-mse-cdp', false)).toMatchObject({ dryRun: false, clusters: 1, applied: 1, blocked: 0 });
    expect((await state(ids.dpr)).templateVersion).toBe(2);
    // A new version of the DPR, in rupees, meets the rules.
    const artefactId = (await ok(api.cluster(tok.auditor, ids.dpr, 'artefacts { id type }'))).artefacts.find((a: { type: string }) => a.type === 'dpr').id;
    await ok(api.submit(tok.cda, {
      clusterId: ids.dpr, artefactId, type: 'dpr', title: 'DPR in rupees', files: await pdfFiles(t, tok.cda),
      fields: { component: 'common_facility_centre', project_cost: 95000000, grant_asked: 66500000, spv_contribution: 9500000, has_technical_feasibility: true, has_financial_feasibility: true },
    }));
    const gate = (await state(ids.dpr)).gates.find((g: { gate: string }) => g.gate === 'approve_in_principle');
    expect(gate.unmet.map((u: { kind: string }) => u.kind)).toEqual(['APPROVAL', 'APPROVAL']);
  }, 60_000);

  it('SFURTI: phases and gates keep their ids; a version 1 regular cluster is capped as a mini cluster', async () => {
    const preview = await migrateAll('india-sfurti', true);
    expect(preview).toMatchObject({ clusters: 1, applied: 0, blocked: 0 });
    expect(preview.plans).toEqual([
      {
        clusterId: ids.sfurti,
        clusterName: 'Channapatna lacquerware',
        fromVersion: 1,
        toVersion: 2,
        applied: false,
        phaseMapping: 'call_for_proposals → call_for_proposals (same id)',
        fromPhase: 'call_for_proposals',
        toPhase: 'call_for_proposals',
        problems: [],
        gateMapping: [],
        newlyUnmet: [],
      },
    ]);
    expect(await migrateAll('india-sfurti', false)).toMatchObject({ clusters: 1, applied: 1, blocked: 0 });
    expect(await state(ids.sfurti)).toMatchObject({ templateVersion: 2, phase: 'call_for_proposals', derived: { project_cap: 15000000 } });
  }, 60_000);
});
