import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

const SOURCE = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
const FIELDS = 'id key version title publishedAt sha256 diagram roles artefactTypes indicators criteria definition source warnings { path message } phases { id key title initial final due milestones } gates { id key from to title requires }';
const PUBLISH = `mutation($source: String!) { publishTemplate(source: $source) { ${FIELDS} } }`;

describe('publishing and reading templates over GraphQL', () => {
  let t: TestApp;
  let admin: string;
  let cda: string;
  let otherAdmin: string;
  beforeAll(async () => {
    t = await startTestApp('templates');
    admin = await t.token({ userId: 'ada', agency: 'unido-ng', roles: ['agency_admin'] });
    cda = await t.token({ userId: 'chidi', agency: 'unido-ng', roles: ['cda'] });
    otherAdmin = await t.token({ userId: 'olga', agency: 'other-agency', roles: ['agency_admin'] });
  });
  afterAll(() => t.close());

  it('refuses publishing by anyone but an agency_admin', async () => {
    const res = await t.gql(PUBLISH, { source: SOURCE }, cda);
    expect(codesOf(res)).toEqual(['FORBIDDEN']);
    expect((await t.gql('{ templates { key } }', {}, cda)).body.data.templates).toEqual([]);
  });

  it('refuses an invalid template with every problem, with line and column, and stores nothing', async () => {
    const broken = SOURCE.replace('key: unido-cda', 'key: Unido CDA').replace(/^version: 1$/m, 'version: zero');
    const res = await t.gql(PUBLISH, { source: broken }, admin);
    expect(codesOf(res)).toEqual(['TEMPLATE_INVALID']);
    const problems = res.body.errors[0].extensions.problems;
    expect(problems.map((p: { path: string }) => p.path)).toEqual(expect.arrayContaining(['key', 'version']));
    for (const p of problems) {
      expect(p.line).toBeGreaterThan(0);
      expect(p.column).toBeGreaterThan(0);
      expect(p.message).toEqual(expect.any(String));
    }
    expect((await t.gql('{ templates { key } }', {}, admin)).body.data.templates).toEqual([]);
  });

  it('publishes an immutable version with its source, hash, definition and diagram', async () => {
    const res = await t.gql(PUBLISH, { source: SOURCE }, admin);
    expect(res.body.errors).toBeUndefined();
    const tpl = res.body.data.publishTemplate;
    expect(tpl).toMatchObject({ key: 'unido-cda', version: 1, source: SOURCE });
    expect(tpl.sha256).toBe(require('node:crypto').createHash('sha256').update(SOURCE).digest('hex'));
    expect(tpl.diagram).toMatch(/^stateDiagram-v2/);
    expect(tpl.phases.filter((p: { initial: boolean }) => p.initial)).toHaveLength(1);
    expect(tpl.phases.some((p: { final: boolean }) => p.final)).toBe(true);
    expect(tpl.roles).toEqual(expect.arrayContaining(['cda', 'programme_manager', 'cluster_commission']));
    expect(tpl.definition.key).toBe('unido-cda');
    expect(tpl.gates.length).toBeGreaterThan(3);
    // Template-local identifiers are keys; ids are opaque and unique across the API.
    expect(tpl.phases.map((p: { key: string }) => p.key)).toEqual(tpl.definition.phases.map((p: { id: string }) => p.id));
    expect(tpl.gates.map((g: { key: string }) => g.key)).toEqual(tpl.definition.gates.map((g: { id: string }) => g.id));
    expect(tpl.gates.find((g: { key: string }) => g.key === 'select_cluster')).toBeDefined();
    const ids = [tpl.id, ...tpl.phases.map((p: { id: string }) => p.id), ...tpl.gates.map((g: { id: string }) => g.id)];
    expect(new Set(ids).size).toBe(ids.length);
    for (const part of [...tpl.phases, ...tpl.gates]) expect(part.id).not.toBe(part.key);

    const again = await t.gql(PUBLISH, { source: SOURCE }, admin);
    expect(again.body.data.publishTemplate.publishedAt).toBe(tpl.publishedAt);
    // The same version read again keeps its ids.
    expect(again.body.data.publishTemplate.id).toBe(tpl.id);
    expect(again.body.data.publishTemplate.phases.map((p: { id: string }) => p.id)).toEqual(tpl.phases.map((p: { id: string }) => p.id));
  });

  it('refuses other content under a published version with CONFLICT', async () => {
    const changed = SOURCE.replace(/^title: .*$/m, 'title: Something else');
    const res = await t.gql(PUBLISH, { source: changed }, admin);
    expect(codesOf(res)).toEqual(['CONFLICT']);
  });

  it('lists versions newest first and reads the latest or a given version', async () => {
    const v2 = SOURCE.replace(/^version: 1$/m, 'version: 2');
    expect((await t.gql(PUBLISH, { source: v2 }, admin)).body.errors).toBeUndefined();
    const list = await t.gql('{ templates(key: "unido-cda") { key version } }', {}, cda);
    expect(list.body.data.templates).toEqual([{ key: 'unido-cda', version: 2 }, { key: 'unido-cda', version: 1 }]);
    const latest = await t.gql('{ template(key: "unido-cda") { version } }', {}, cda);
    expect(latest.body.data.template).toEqual({ version: 2 });
    const first = await t.gql('{ template(key: "unido-cda", version: 1) { version } }', {}, cda);
    expect(first.body.data.template).toEqual({ version: 1 });
    expect((await t.gql('{ template(key: "nope") { version } }', {}, cda)).body.data.template).toBeNull();
  });

  it('never shows one agency another agency\'s templates', async () => {
    expect((await t.gql('{ templates { key } }', {}, otherAdmin)).body.data.templates).toEqual([]);
    expect((await t.gql('{ template(key: "unido-cda") { key } }', {}, otherAdmin)).body.data.template).toBeNull();
    // The same key and version can be published independently by another agency.
    const theirs = await t.gql(PUBLISH, { source: SOURCE }, otherAdmin);
    expect(theirs.body.errors).toBeUndefined();
    // Same keys, different ids: a normalising cache keeps the two agencies' versions apart.
    const ours = (await t.gql(`{ template(key: "unido-cda", version: 1) { ${FIELDS} } }`, {}, admin)).body.data.template;
    const other = theirs.body.data.publishTemplate;
    expect(other.phases.map((p: { key: string }) => p.key)).toEqual(ours.phases.map((p: { key: string }) => p.key));
    expect(other.id).not.toBe(ours.id);
    const ourIds = new Set([ours.id, ...ours.phases.map((p: { id: string }) => p.id), ...ours.gates.map((g: { id: string }) => g.id)]);
    for (const id of [other.id, ...other.phases.map((p: { id: string }) => p.id), ...other.gates.map((g: { id: string }) => g.id)]) expect(ourIds.has(id)).toBe(false);
  });

  it('validates a draft without publishing it', async () => {
    const ok = await t.gql('query($s: String!) { validateTemplate(source: $s) { valid errors { path } warnings { path } diagram } }', { s: SOURCE }, cda);
    expect(ok.body.data.validateTemplate).toMatchObject({ valid: true, errors: [] });
    expect(ok.body.data.validateTemplate.diagram).toMatch(/stateDiagram-v2/);
    const bad = await t.gql('query($s: String!) { validateTemplate(source: $s) { valid errors { path line column message } diagram } }', { s: 'key: [unclosed' }, cda);
    expect(bad.body.data.validateTemplate.valid).toBe(false);
    expect(bad.body.data.validateTemplate.diagram).toBeNull();
    expect(bad.body.data.validateTemplate.errors[0].line).toBe(1);
  });

  it('needs a token to validate', async () => {
    expect(codesOf(await t.gql('{ validateTemplate(source: "x: 1") { valid } }'))).toEqual(['UNAUTHENTICATED']);
  });
});
