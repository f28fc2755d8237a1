import request from 'supertest';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

const PUBLISH = 'mutation($source: String!) { publishTemplate(source: $source) { key } }';
const VALIDATE = 'query($source: String!) { validateTemplate(source: $source) { valid errors { path line column message } } }';

/** Hostile templates get a clear answer quickly, store nothing, and the server keeps serving. */
describe('bad template input over HTTP', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp('template-bad-input');
    admin = await t.token({ userId: 'ada', agency: 'unido-ng', roles: ['agency_admin'] });
  });
  afterAll(() => t.close());
  afterEach(async () => {
    expect((await t.gql('{ health }')).body.data.health).toBe('ok');
  });

  const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 12; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  const cases: [string, string][] = [
    ['a YAML bomb of nested aliases', bomb.join('\n') + '\n'],
    ['10,000 levels of flow nesting', '['.repeat(10_000) + ']'.repeat(10_000)],
    ['10,000 levels of block nesting', '- '.repeat(10_000) + 'x\n'],
    ['a text that is not a mapping', '- just\n- a list\n'],
  ];

  it.each(cases)('%s: TEMPLATE_INVALID with a message, quickly', async (_label, source) => {
    const started = Date.now();
    const res = await t.gql(PUBLISH, { source }, admin);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(codesOf(res)).toEqual(['TEMPLATE_INVALID']);
    expect(res.body.errors[0].extensions.problems.length).toBeGreaterThan(0);
    expect(res.body.errors[0].extensions.problems[0].message).toEqual(expect.any(String));
    const v = await t.gql(VALIDATE, { source }, admin);
    expect(v.body.data.validateTemplate.valid).toBe(false);
    expect((await t.gql('{ templates { key } }', {}, admin)).body.data.templates).toEqual([]);
  });

  it('a pattern that fails is said in words, as editors say it (the schema\'s patternErrorMessage), at its line:column', async () => {
    const source = 'key: Demo_Key\nversion: 1\nphases:\n  start: { due: 3 months }\n  Done: { final: true }\ngates:\n  - { id: go, from: start, to: Done }\n';
    const res = await t.gql(VALIDATE, { source }, admin);
    expect(res.body.data.validateTemplate.valid).toBe(false);
    const errors = res.body.data.validateTemplate.errors.map((e: { path: string; line: number; column: number; message: string }) => `${e.path} ${e.line}:${e.column} ${e.message}`);
    expect(errors).toEqual(
      expect.arrayContaining([
        'phases.start.due 4:17 `3 months`: must be an ISO 8601 duration in whole numbers, such as P30D (30 days), P2W, P6M, P18M, P1Y6M or PT12H',
        'key 1:6 `Demo_Key`: must be a template key: a lowercase letter, then 1 to 62 lowercase letters, digits or hyphens, such as unido-cda',
        'phases.Done 5:3 `Done`: must be an id: a lowercase letter, then up to 62 lowercase letters, digits or underscores, such as select_cluster',
      ]),
    );
    expect(errors.join('\n')).not.toMatch(/\^|\$|\[0-9\]/);
  });

  it('documents (files, submitters): each problem in words at its line:column', async () => {
    const source = [
      'key: docs',
      'version: 1',
      'roles: { technical_agency: {} }',
      'artefacts:',
      '  dpr:',
      '    submitters: [cda, consultant, auditor]',
      '    files: { min: 3, max: 2, accept: [pdf, exe] }',
      'phases:',
      '  start: {}',
      '  done: { final: true }',
      'gates:',
      '  - { id: go, from: start, to: done, requires: { artefacts: [ { type: dpr } ] } }',
      '',
    ].join('\n');
    const res = await t.gql(VALIDATE, { source }, admin);
    expect(res.body.data.validateTemplate.valid).toBe(false);
    const errors = res.body.data.validateTemplate.errors.map((e: { path: string; line: number; column: number; message: string }) => `${e.path} ${e.line}:${e.column} ${e.message}`);
    expect(errors).toEqual([
      'artefacts.dpr.submitters[1] 6:23 role `consultant` is not declared under `roles`',
      'artefacts.dpr.submitters[2] 6:35 role `auditor` is reserved for the platform and submits nothing',
      'artefacts.dpr.files.max 7:27 `max` (2) is below `min` (3): no version could both count and be accepted',
      'artefacts.dpr.files.accept[1] 7:44 must be one of `pdf`, `doc`, `docx`, `xls`, `xlsx`, `odt`, `ods`, `csv`, `txt`, `png`, `jpg`, `jpeg`, `zip`, not `exe`',
    ]);
  });

  it('a 5 MB template: 413 with QUERY_TOO_COMPLEX before any parsing', async () => {
    const source = `key: big\nversion: 1\ndescription: "${'x'.repeat(5 * 1024 * 1024)}"\n`;
    const res = await t.gql(PUBLISH, { source }, admin);
    expect(res.status).toBe(413);
    expect(codesOf(res)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('bytes that are not UTF-8 in the request: a clear error, nothing stored', async () => {
    const [before, after] = JSON.stringify({ query: PUBLISH, variables: { source: 'key: @@\nversion: 1\n' } }).split('@@');
    const invalid = Buffer.concat([Buffer.from(before), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(after)]);
    const res = await request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${admin}`).send(invalid);
    expect(res.status).toBeLessThan(500);
    expect(res.body.errors?.[0]?.extensions?.code).toEqual(expect.stringMatching(/TEMPLATE_INVALID|BAD_REQUEST|BAD_USER_INPUT/));
    expect((await t.gql('{ templates { key } }', {}, admin)).body.data.templates).toEqual([]);
  });
});
