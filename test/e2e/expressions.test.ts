import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';
import { clusterApi, ok, refused, type ClusterApi } from '../support/cluster-api';

const FIXTURES = join(__dirname, '../fixtures/templates');
const TEMPLATE = readFileSync(join(FIXTURES, 'ok/v2-expressions.yaml'), 'utf8');
const VALIDATE = 'query($source: String!) { validateTemplate(source: $source) { valid errors { path line column message } } }';

/**
 * Template expressions (CEL) over GraphQL: validateTemplate and publishTemplate answer an
 * expression problem at its line and column inside the expression (checked on the server's
 * template worker); a cluster's `derived` values; a DPR asking more than its category's grant
 * share is refused with the check's message and passes once within it.
 */
describe('template expressions', () => {
  let t: TestApp;
  let api: ClusterApi;
  let admin: string;
  let cda: string;

  beforeAll(async () => {
    t = await startTestApp('expressions', { LOG_LEVEL: 'error' });
    api = clusterApi(t);
    admin = await t.token({ userId: 'ada', agency: 'msme', roles: ['agency_admin'] });
    cda = await t.token({ userId: 'chidi', agency: 'msme', roles: ['cda'] });
    await ok(api.publish(admin, TEMPLATE));
  }, 120_000);
  afterAll(() => t.close(), 120_000);

  it('a misspelt field and a string compared with a number are TEMPLATE_INVALID problems inside the expression', async () => {
    const bad = TEMPLATE.replace('artefacts.dpr.goi_share <=', 'artefacts.dpr.goi_shar <=').replace("phase == 'appraisal'", 'phase == 1');
    const v = await t.gql(VALIDATE, { source: bad }, admin);
    expect(v.body.data.validateTemplate).toEqual({
      valid: false,
      errors: [
        { path: 'gates[0].requires.checks[0].expr', line: 31, column: 31, message: 'CEL type error: No such key: goi_shar' },
        { path: 'gates[0].requires.checks[1].expr', line: 33, column: 43, message: expect.stringMatching(/^CEL type error: no such overload: string == int/) },
      ],
    });
    const e = await refused(t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: bad.replace('key: expressions', 'key: expressions-bad') }, admin), 'TEMPLATE_INVALID');
    expect(e.extensions.problems ?? e.extensions.errors ?? e.message).toBeTruthy();
  });

  it('a DPR asking more than the grant share of its category is refused with the check\'s message', async () => {
    const c = await ok(api.register(cda, { name: 'Firozabad glass', templateKey: 'expressions', attributes: { state_category: 'general', cfc_cost: 50000000, units: 40 } }, 'id derived'));
    expect(c.derived).toEqual({ grant_share: 0.7, max_grant: 35000000 });
    const dpr = await ok(api.submit(cda, { clusterId: c.id, type: 'dpr', title: 'DPR', fields: { total_cost: 50000000, goi_share: 40000000 } }));
    const error = await refused(api.advance(cda, c.id, 'approve', null, 'id'), 'GATE_NOT_READY');
    expect(error.message).toBe('gate approve is not ready: The Government of India share exceeds the grant share for this category');
    expect(error.extensions.unmet).toEqual([expect.objectContaining({ kind: 'CHECK', detail: 'The Government of India share exceeds the grant share for this category' })]);
    const view = await ok(api.cluster(cda, c.id, 'gates { gate ready unmet { kind detail viewerCanAct } }'));
    expect(view.gates).toEqual([{ gate: 'approve', ready: false, unmet: [{ kind: 'CHECK', detail: 'The Government of India share exceeds the grant share for this category', viewerCanAct: false }] }]);
    await ok(api.submit(cda, { clusterId: c.id, artefactId: dpr.artefactId, type: 'dpr', title: 'DPR v2', fields: { total_cost: 50000000, goi_share: 35000000 } }));
    expect((await ok(api.advance(cda, c.id, 'approve', null, 'id phase'))).phase).toBe('done');
  }, 60_000);
});
