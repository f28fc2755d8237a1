/**
 * The shipped India templates (version 2) in the engine: MSE-CDP's grant share by project cost
 * and region, its Rs 30 crore cap and the SPV rule; SFURTI's caps by cluster type, its grant of
 * 100% soft, 75% hard interventions and the fee, and the heritage artisan numbers. Amounts are
 * exact, so a grant asked at exactly the share passes and one paisa more does not.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadTemplate } from '../template/loader';
import { derivedValues } from './expressions';
import { readinessOf, targetOf } from './readiness';
import { CDA_USER, TestCluster } from '../../../../test/support/engine-harness';
import type { TemplateDefinition } from '../template/types';

const load = (key: string): TemplateDefinition => {
  const { template, errors, warnings } = loadTemplate(readFileSync(join(__dirname, `../../../../templates/${key}.yaml`), 'utf8'));
  expect({ errors, warnings }).toEqual({ errors: [], warnings: [] });
  return template!;
};
const checksOf = (def: TemplateDefinition, c: TestCluster, gate: string) =>
  readinessOf(def, c.state, targetOf(def, gate)!, c.now).unmet.filter((u) => u.kind === 'CHECK').map((u) => u.detail);

describe('india-mse-cdp version 2', () => {
  const def = load('india-mse-cdp');
  const OVER_SHARE = "The grant asked exceeds the grant share of the project's category";
  const OVER_CAP = 'The grant asked exceeds the grant on the Rs 30 crore cap of the project cost';
  const LOW_SPV = 'The SPV contributes less than 10% of the project cost';

  /** A cluster of `region` with a DPR of `cost` asking `grant` (rupees), the SPV giving the whole cost. */
  function withDpr(region: string | undefined, cost: string, grant: string): TestCluster {
    const c = new TestCluster(def, { attributes: { state: 'Punjab', product: 'Knitwear', enterprise_count: 300, ...(region ? { region_category: region } : {}) } });
    c.submit(CDA_USER, 'dpr', { component: 'common_facility_centre', project_cost: cost, grant_asked: grant, spv_contribution: cost, has_technical_feasibility: true, has_financial_feasibility: true });
    return c;
  }

  it.each([
    // region, project cost, share, the most that may be asked
    ['general', '95000000.00', 0.7, '66500000.00'],
    ['general', '100000000.00', 0.7, '70000000.00'], // Rs 10 crore is still in the 5-10 crore band
    ['general', '100000000.01', 0.6, '60000000.006'],
    ['general', '200000000.00', 0.6, '120000000.00'],
    ['north_east', '95000000.00', 0.8, '76000000.00'],
    ['aspirational', '250000000.00', 0.7, '175000000.00'],
    ['special_category', '50000000.00', 0.8, '40000000.00'], // version 1's value for the special areas
    ['island', '30000000.00', 0.8, '24000000.00'], // below Rs 5 crore the 5-10 crore share applies (design)
  ])('%s, cost %s: share %s, at most %s asked', (region, cost, share, max) => {
    const c = withDpr(region, cost, '1.00');
    expect(derivedValues(def, c.state, c.now).values).toMatchObject({ grant_share: share, max_grant: { amount: max, currency: 'INR' } });
    const exact = withDpr(region, cost, max.replace(/(\.\d\d)\d+$/, '$1'));
    expect(checksOf(def, exact, 'approve_in_principle')).toEqual([]);
    const more = withDpr(region, cost, (Math.round(Number(max) * 100 + 1) / 100).toFixed(2));
    expect(checksOf(def, more, 'approve_in_principle')).toEqual([OVER_SHARE]);
  });

  it('a project above Rs 30 crore is granted at most the share of Rs 30 crore (Rs 18 crore; Rs 21 crore in the special areas)', () => {
    expect(checksOf(def, withDpr('general', '400000000.00', '180000000.00'), 'approve_in_principle')).toEqual([]);
    expect(checksOf(def, withDpr('general', '400000000.00', '180000000.01'), 'approve_in_principle')).toEqual([OVER_CAP]);
    expect(checksOf(def, withDpr('hill', '400000000.00', '210000000.00'), 'approve_in_principle')).toEqual([]);
    expect(checksOf(def, withDpr('hill', '400000000.00', '240000000.00'), 'approve_in_principle')).toEqual([OVER_CAP]);
  });

  it('the SPV contributes at least 10% of the project cost; a cluster without a region category cannot be granted', () => {
    const c = withDpr('general', '95000000.00', '60000000.00');
    const dpr = c.state.artefacts[0];
    c.submit(CDA_USER, 'dpr', { component: 'marketing_hub', project_cost: '95000000.00', grant_asked: '60000000.00', spv_contribution: '9499999.99', has_technical_feasibility: true, has_financial_feasibility: true }, dpr.id);
    expect(checksOf(def, c, 'approve_in_principle')).toEqual([LOW_SPV]);
    expect(checksOf(def, withDpr(undefined, '95000000.00', '60000000.00'), 'approve_in_principle')).toEqual([
      expect.stringMatching(/^The grant asked exceeds the grant share of the project's category \(the rule could not be evaluated: /),
      expect.stringMatching(/^The grant asked exceeds the grant on the Rs 30 crore cap of the project cost \(the rule could not be evaluated: /),
    ]);
  });

  it('the SPV: a Section 8 company of 20 member units (10 in special cases), none holding more than 10%', () => {
    const spv = (fields: Record<string, unknown>) => {
      const c = new TestCluster(def, { attributes: { state: 'Punjab', product: 'Knitwear', enterprise_count: 300 } });
      c.submit(CDA_USER, 'spv_incorporation', { registration_number: 'U1', legal_form: 'section_8_company', incorporated_on: '2025-09-01', member_units: 20, largest_member_share: 0.1, special_case: false, ...fields });
      return checksOf(def, c, 'approve_spv');
    };
    expect(spv({})).toEqual([]);
    expect(spv({ member_units: 19 })).toEqual(['The SPV has fewer member units than the guidelines ask (20, or 10 in special cases)']);
    expect(spv({ member_units: 10, special_case: true })).toEqual([]);
    expect(spv({ member_units: 9, special_case: true })).toEqual(['The SPV has fewer member units than the guidelines ask (20, or 10 in special cases)']);
    expect(spv({ legal_form: 'cooperative', largest_member_share: 0.11 })).toEqual(['The SPV must be a Section 8 company', 'One unit holds more than 10% of the SPV']);
  });
});

describe('india-sfurti version 2', () => {
  const def = load('india-sfurti');
  const CAP = "The project cost exceeds the cap of the cluster's type (heritage Rs 8 crore, major Rs 3 crore, mini Rs 1.5 crore)";
  const GRANT = "The grant asked exceeds 100% of soft interventions, 75% of hard interventions and the technical agency's fee";
  const HERITAGE = 'A heritage cluster has 1,000 to 2,500 artisans (500 at least in the North-East, J&K and hill states)';

  const cluster = (attributes: Record<string, unknown>) => new TestCluster(def, { attributes: { artisan_count: 1200, nodal_agency_name: 'kvic', ...attributes } });
  /** A DSR of `cost` rupees: 10% soft (at most Rs 25 lakh), the fee 8%, the rest hard interventions; asks the most it may. */
  function withDsr(type: string, cost: number, changes: Record<string, unknown> = {}): TestCluster {
    const c = cluster({ cluster_type: type });
    const soft = Math.min(cost / 10, 2500000);
    const fee = cost * 0.08;
    const hard = cost - soft - fee;
    c.submit(CDA_USER, 'dsr', {
      artisans_surveyed: 100, has_swot: true, has_soft_interventions: true, has_hard_interventions: true,
      project_cost: cost, soft_interventions_cost: soft, hard_interventions_cost: hard, technical_agency_fee: fee, grant_asked: soft + hard * 0.75 + fee, ...changes,
    });
    return c;
  }

  it.each([
    ['heritage', 80000000, 80000000.01],
    ['major', 30000000, 30000000.01],
    ['mini', 15000000, 15000000.01],
  ])('a %s cluster: a project of Rs %s passes, one paisa more is over the cap', (type, cap, over) => {
    expect(checksOf(def, withDsr(type, cap), 'sanction_project')).toEqual([]);
    expect(checksOf(def, withDsr(type, cap, { project_cost: over }), 'sanction_project')).toEqual([CAP]);
  });

  it('soft interventions up to Rs 25 lakh, the fee up to 8%, the grant up to 100% soft + 75% hard + the fee', () => {
    const c = withDsr('major', 30000000);
    expect(derivedValues(def, c.state, c.now).values).toEqual({ project_cap: 30000000, heritage_min_artisans: 1000, max_grant: { amount: '23725000.00', currency: 'INR' } });
    expect(checksOf(def, withDsr('major', 30000000, { grant_asked: 23725000.01 }), 'sanction_project')).toEqual([GRANT]);
    expect(checksOf(def, withDsr('major', 30000000, { soft_interventions_cost: 2500000.01 }), 'sanction_project')).toEqual([
      'Soft interventions exceed Rs 25 lakh',
      'The soft and hard interventions and the fee exceed the project cost',
    ]);
    expect(checksOf(def, withDsr('major', 30000000, { technical_agency_fee: 2400000.01 }), 'sanction_project')).toEqual([
      "The technical agency's fee exceeds 8% of the project cost",
      'The soft and hard interventions and the fee exceed the project cost',
    ]);
  });

  it('a heritage cluster has 1,000 to 2,500 artisans, at least 500 with the relaxation; other types are not counted', () => {
    const heritage = (artisan_count: number, region_category?: string) =>
      checksOf(def, cluster({ cluster_type: 'heritage', artisan_count, ...(region_category ? { region_category } : {}) }), 'select_implementing_agency');
    expect([heritage(1000), heritage(2500), heritage(500, 'jammu_kashmir'), heritage(500, 'north_east')]).toEqual([[], [], [], []]);
    expect([heritage(999), heritage(2501), heritage(499, 'hill'), heritage(999, 'general')]).toEqual([[HERITAGE], [HERITAGE], [HERITAGE], [HERITAGE]]);
    expect(checksOf(def, cluster({ cluster_type: 'mini', artisan_count: 120 }), 'select_implementing_agency')).toEqual([]);
  });
});
