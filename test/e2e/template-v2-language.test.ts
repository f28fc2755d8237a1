import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';
import { clusterApi, ok, refused, tokensFor, type ClusterApi } from '../support/cluster-api';

const FIXTURES = join(__dirname, '../fixtures/templates');
const MONEY = readFileSync(join(FIXTURES, 'ok/v2-money.yaml'), 'utf8');
const LANGUAGES = readFileSync(join(FIXTURES, 'ok/v2-languages.yaml'), 'utf8');
const VALIDATE = 'query($source: String!) { validateTemplate(source: $source) { valid errors { path line column message } } }';

/** Version 1 names the gate `endorse`; version 2 renames it `endorse_study` (migration.gates). */
const gated = (version: number, gate: string, migration = '') => `
key: renamed
version: ${version}
roles:
  pm: {}
artefacts:
  report: {}
phases:
  study: {}
  plan: {}
  done: { final: true }
gates:
  - id: ${gate}
    from: study
    to: plan
    requires:
      artefacts: [ { type: report } ]
      approvals: [ { role: pm, of: report }, { role: pm } ]
  - { id: finish, from: plan, to: done }
${migration}`;
const PLAN = 'clusterId fromVersion toVersion applied phaseMapping gateMapping problems newlyUnmet { gate kind role detail }';

/**
 * Template language version 2 over GraphQL: money (exact amounts, ISO 4217 currencies, no float
 * drift in checks), languages and title maps (ProgrammeTemplate.languages and titles), and
 * renamed gates across versions (decisions given under the old id keep counting after
 * migrate and migrateAll, previewed in a dry run).
 */
describe('template language version 2: money, languages, renamed gates', () => {
  let t: TestApp;
  let api: ClusterApi;
  let tok: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp('template-v2-language', { LOG_LEVEL: 'error' });
    api = clusterApi(t);
    tok = await tokensFor(t, 'msme', {
      admin: ['ada', ['agency_admin']],
      cda: ['chidi', ['cda']],
      pm: ['priya', ['pm']],
      pm2: ['pavel', ['pm']],
      auditor: ['aud', ['auditor']],
    });
    await ok(api.publish(tok.admin, MONEY));
    await ok(api.publish(tok.admin, LANGUAGES));
  }, 120_000);
  afterAll(() => t.close(), 120_000);

  it('a bad currency, an amount with three decimals and an unknown language are problems at their line and column', async () => {
    const bad = MONEY.replace('cfc_cost: { type: money, currency: INR', 'cfc_cost: { type: money, currency: INX').replace('min: 0.01 }', 'min: 0.015 }');
    const v = await t.gql(VALIDATE, { source: `languages: [en, zz]\n${bad}` }, tok.admin);
    expect(v.body.data.validateTemplate).toEqual({
      valid: false,
      errors: [
        { path: 'languages[1]', line: 1, column: 17, message: '`zz` is not an ISO 639-1 language code (such as en, fr, es)' },
        { path: 'attributes.cfc_cost.currency', line: 8, column: 38, message: '`INX` is not an ISO 4217 currency code (such as INR, EUR, USD)' },
        { path: 'selection.eligibility[0].min', line: 14, column: 35, message: '`turnover` is money: a threshold is an amount with at most two decimals' },
      ],
    });
    await refused(t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: bad.replace('key: money', 'key: money-bad') }, tok.admin), 'TEMPLATE_INVALID');
  });

  it('amounts are stored exactly as decimal strings, derived amounts carry their currency, and a share check has no float drift', async () => {
    const c = await ok(
      api.register(tok.cda, { name: 'Moradabad brass', templateKey: 'money', attributes: { state_category: 'north_east', cfc_cost: 1.15, turnover: '0.10' } }, 'id attributes derived eligible'),
    );
    expect(c.attributes).toEqual({ state_category: 'north_east', cfc_cost: '1.15', turnover: '0.10' });
    expect(c.eligible).toBe(true);
    expect(c.derived).toEqual({ grant_share: 0.8, max_grant: { amount: '0.92', currency: 'INR' }, own_share: null });
    // 1.15 × 0.8 is 0.92 exactly; in floats it is 0.9199999999999999 and 0.92 would be refused.
    const dpr = await ok(api.submit(tok.cda, { clusterId: c.id, type: 'dpr', title: 'DPR', fields: { total_cost: '0.30', goi_share: 0.2, state_share: 0.1, fee: 0.1 } }));
    expect(dpr.fields).toEqual({ total_cost: '0.30', goi_share: '0.20', state_share: '0.10', fee: '0.10' });
    // 0.20 + 0.10 <= 0.30 holds (in floats 0.1 + 0.2 > 0.3), and the own share is exactly zero.
    expect((await ok(api.cluster(tok.cda, c.id, 'derived'))).derived).toEqual({
      grant_share: 0.8,
      max_grant: { amount: '0.92', currency: 'INR' },
      own_share: { amount: '0.00', currency: 'INR' },
    });
    expect((await ok(api.cluster(tok.cda, c.id, 'gates { gate ready unmet { kind detail } }'))).gates).toEqual([{ gate: 'approve', ready: true, unmet: [] }]);

    const over = await ok(api.submit(tok.cda, { clusterId: c.id, artefactId: dpr.artefactId, type: 'dpr', title: 'DPR v2', fields: { total_cost: '1.15', goi_share: '0.93', state_share: 0, fee: 0.1 } }));
    expect(over.fields.goi_share).toBe('0.93');
    const e = await refused(api.advance(tok.cda, c.id, 'approve', null, 'id'), 'GATE_NOT_READY');
    expect(e.message).toBe('gate approve is not ready: The Government of India share exceeds the grant share for this category');
    await ok(api.submit(tok.cda, { clusterId: c.id, artefactId: dpr.artefactId, type: 'dpr', title: 'DPR v3', fields: { total_cost: '1.15', goi_share: '0.92', state_share: 0, fee: 0.1 } }));
    expect((await ok(api.advance(tok.cda, c.id, 'approve', null, 'phase'))).phase).toBe('done');
  }, 60_000);

  it('an amount with more than two decimals, or beyond the declared bounds, is BAD_USER_INPUT with its path, and nothing is recorded', async () => {
    const e = await refused(api.register(tok.cda, { name: 'Too precise', templateKey: 'money', attributes: { cfc_cost: 10.005 } }, 'id'), 'BAD_USER_INPUT');
    expect(e.extensions.problems).toEqual([
      { path: 'attributes.cfc_cost', message: 'must be an amount with at most two decimals, such as 1234.50 (a number or a decimal string)' },
    ]);
    const high = await refused(api.register(tok.cda, { name: 'Too big', templateKey: 'money', attributes: { cfc_cost: '1000000000.51' } }, 'id'), 'BAD_USER_INPUT');
    expect(high.extensions.problems).toEqual([{ path: 'attributes.cfc_cost', message: 'must be at most 1000000000.5 INR' }]);
    const list = await ok(api.clusters(tok.admin, { filter: { templateKey: 'money' } }, 'name'));
    expect(list.edges.map((edge: { node: { name: string } }) => edge.node.name)).toEqual(['Moradabad brass']);
  });

  it('ProgrammeTemplate gives its languages and every title by language; title fields answer in the default language', async () => {
    const q = 'query($k: String!) { template(key: $k) { title languages titles phases { key title } gates { key title } } }';
    const template = await ok(t.gql(q, { k: 'languages' }, tok.cda));
    expect(template).toMatchObject({
      title: 'Cluster development',
      languages: ['en', 'fr'],
      phases: [{ key: 'selection', title: 'Selection' }, { key: 'done', title: 'Done' }],
      gates: [{ key: 'select', title: 'Select the cluster' }],
    });
    expect(template.titles.fr).toMatchObject({ title: 'Développement de clusters', 'phases.selection.title': 'Sélection', 'gates[0].title': 'Sélectionner le cluster' });
    expect(template.titles.fr['phases.done.title']).toBeUndefined();
    expect(template.titles.en['phases.done.title']).toBe('Done');
    const v1 = await ok(t.gql(q, { k: 'money' }, tok.cda));
    expect([v1.languages, v1.titles]).toEqual([[], {}]);
  });

  it('decisions under a renamed gate keep counting after migration: previewed in a dry run, applied by migrate and migrateAll', async () => {
    await ok(api.publish(tok.admin, gated(1, 'endorse')));
    const ids: string[] = [];
    for (const name of ['Aba leather', 'Onitsha shoes']) {
      const c = await ok(api.register(tok.cda, { name, templateKey: 'renamed' }, 'id'));
      const report = await ok(api.submit(tok.cda, { clusterId: c.id, type: 'report', title: 'Report' }));
      await ok(api.decide(tok.pm, { clusterId: c.id, gate: 'endorse', role: 'pm', outcome: 'APPROVE', artefactVersionId: report.id }));
      await ok(api.decide(tok.pm2, { clusterId: c.id, gate: 'endorse', role: 'pm', outcome: 'APPROVE' }));
      ids.push(c.id);
    }
    // Naming a gate version 1 does not have is refused at its line and column.
    const ghost = gated(2, 'endorse_study', 'migration:\n  from: 1\n  gates: { ghost: endorse_study }');
    const invalid = await refused(t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: ghost }, tok.admin), 'TEMPLATE_INVALID');
    expect(JSON.stringify(invalid.extensions)).toContain('ghost is not a gate of version 1');
    const undeclared = await t.gql(VALIDATE, { source: gated(2, 'endorse_study', 'migration:\n  from: 1\n  gates: { endorse: endorse_plan }') }, tok.admin);
    expect(undeclared.body.data.validateTemplate.errors).toEqual([
      { path: 'migration.gates.endorse', line: 22, column: 21, message: 'gate `endorse` is renamed to `endorse_plan`, which this version does not declare (its gates: `endorse_study`, `finish`)' },
    ]);
    await ok(api.publish(tok.admin, gated(2, 'endorse_study', 'migration:\n  from: 1\n  gates: { endorse: endorse_study }')));

    const migrate = (id: string, dryRun: boolean) => t.gql(`mutation($c: ID!, $d: Boolean) { migrate(clusterId: $c, toVersion: 2, dryRun: $d) { ${PLAN} } }`, { c: id, d: dryRun }, tok.admin);
    const preview = await ok(migrate(ids[0], true));
    expect(preview).toEqual({
      clusterId: ids[0], fromVersion: 1, toVersion: 2, applied: false, phaseMapping: 'study → study (same id)',
      gateMapping: ['endorse → endorse_study (2 decisions)'], problems: [], newlyUnmet: [],
    });
    expect((await ok(api.cluster(tok.cda, ids[0], 'templateVersion decisions { gate }'))).decisions).toEqual([{ gate: 'endorse' }, { gate: 'endorse' }]);
    expect(await ok(migrate(ids[0], false))).toMatchObject({ applied: true, gateMapping: ['endorse → endorse_study (2 decisions)'] });

    const all = `mutation($d: Boolean) { migrateAll(templateKey: "renamed", fromVersion: 1, toVersion: 2, dryRun: $d) { clusters applied plans { ${PLAN} } } }`;
    const dry = await ok(t.gql(all, { d: true }, tok.admin));
    expect(dry).toMatchObject({ clusters: 1, applied: 0, plans: [{ clusterId: ids[1], gateMapping: ['endorse → endorse_study (2 decisions)'], newlyUnmet: [] }] });
    expect(await ok(t.gql(all, { d: false }, tok.admin))).toMatchObject({ clusters: 1, applied: 1 });

    for (const id of ids) {
      const c = await ok(api.cluster(tok.cda, id, 'templateVersion decisions { gate counts } gates { gate ready unmet { kind } }'));
      expect(c).toEqual({
        templateVersion: 2,
        decisions: [{ gate: 'endorse_study', counts: true }, { gate: 'endorse_study', counts: true }],
        gates: [{ gate: 'endorse_study', ready: true, unmet: [] }],
      });
      const history = await ok(t.gql('query($f: ApprovalFilter) { approvalHistory(filter: $f) { totalCount } }', { f: { clusterId: id, gate: 'endorse_study' } }, tok.auditor));
      expect(history.totalCount).toBe(2);
      expect((await ok(api.advance(tok.cda, id, 'endorse_study', null, 'phase'))).phase).toBe('plan');
      const verified = await ok(t.gql('query($c: ID) { verifyAuditTrail(clusterId: $c) { valid message } }', { c: id }, tok.auditor));
      expect(verified).toEqual({ valid: true, message: expect.stringContaining('every projection and signed head agrees') });
    }
  }, 120_000);
});
