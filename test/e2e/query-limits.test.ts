import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getIntrospectionQuery, Lexer, Source, TokenKind } from 'graphql';
import type request from 'supertest';
import { MAX_COST, MAX_TOKENS } from '../../apps/api/src/graphql/limits';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

const UNIDO = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');

/** Every field of Cluster with every nested list: what a dashboard asking for everything sends. */
const FULL_CLUSTER = `id name sector region country attributes templateKey templateVersion phase status enteredPhaseAt due overdue
  cdaIds roleAssignments { userId role } score eligible version milestones { milestone reached reachedAt }
  gates { gate to ready unmet { kind detail role artefactType indicator milestone attribute have need } }
  artefacts { id type title latest { id artefactId number type title uri sha256 fields submittedBy submittedAt }
    versions { id artefactId number type title uri sha256 fields submittedBy submittedAt } }
  decisions { id clusterId clusterName gate role outcome comment decidedBy decidedAt counts
    artefactVersion { id artefactId number type title uri sha256 fields submittedBy submittedAt } }
  indicators { indicator aggregate baseline target progress values { indicator period value recordedBy recordedAt } targets { period value } }
  history { phase enteredAt leftAt viaGate suspendedDays }`;
const FULL_CLUSTER_FRAGMENT = `fragment C on Cluster { ${FULL_CLUSTER} }`;
const page = (first: number) => `{ clusters(first: ${first}) { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${FULL_CLUSTER} } } } }`;

const aliases = (n: number, field: (i: number) => string) => Array.from({ length: n }, (_, i) => `a${i}: ${field(i)}`).join(' ');

/** The lexical tokens of a document, as the parser counts them. */
function tokenCount(document: string): number {
  const lexer = new Lexer(new Source(document));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/**
 * The contract's limits (more than 100 aliases, a depth over 15) and the server's own
 * (tokens, directives, cost), each answered with one QUERY_TOO_COMPLEX error before anything
 * runs: no `data` at all, and a mutation sent beyond a limit has changed nothing. How fast
 * the refusals are is measured in bench/query-limits.bench.js.
 */
describe('query limits of the contract', () => {
  let t: TestApp;
  let token: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp('query-limits');
    token = await t.token({ userId: 'u', agency: 'demo', roles: ['cda'] });
    admin = await t.token({ userId: 'ada', agency: 'limits', roles: ['agency_admin'] });
  });
  afterAll(() => t.close());

  /** One QUERY_TOO_COMPLEX error with a message and nothing else in it; no data: nothing ran. */
  function tooComplex(res: request.Response, message: RegExp): void {
    expect(codesOf(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.body.data).toBeUndefined();
    expect(Object.keys(res.body.errors[0].extensions)).toEqual(['code']);
    expect(res.body.errors[0].message).toMatch(message);
    expect(res.status).toBe(400);
  }
  const templateKeys = async () => (await t.gql('{ templates { key } }', {}, admin)).body.data.templates.map((x: { key: string }) => x.key);

  describe('aliases: at most 100', () => {
    it('refuses more than 100 aliases with QUERY_TOO_COMPLEX, before running anything', async () => {
      const ok = await t.gql(`{ ${aliases(100, () => 'health')} }`, {}, token);
      expect(ok.body.errors).toBeUndefined();
      tooComplex(await t.gql(`{ ${aliases(101, () => 'health')} }`, {}, token), /Aliases limit of 100 exceeded, found 101/);
      // 1,000 aliases of a cheap field fit the token limit: the alias limit answers.
      tooComplex(await t.gql(`{ ${aliases(1000, () => 'health')} }`, {}, token), /Aliases limit of 100 exceeded, found 1000/);
      // 1,000 aliases of validateTemplate do not even fit the token limit.
      const res = await t.gql(`query($s: String!) { ${aliases(1000, () => 'validateTemplate(source: $s) { valid }')} }`, { s: 'key: x\n' }, token);
      tooComplex(res, /more than 5000 tokens/);
    });

    it('counts aliases inside fragments, and on __typename', async () => {
      const viaFragment = `query { ...F ...G } fragment F on Query { ${aliases(60, () => 'health')} } fragment G on Query { ${Array.from({ length: 41 }, (_, i) => `b${i}: __typename`).join(' ')} }`;
      tooComplex(await t.gql(viaFragment, {}, token), /Aliases limit of 100 exceeded, found 101/);
      tooComplex(await t.gql(`{ ${aliases(101, () => '__typename')} }`, {}, token), /Aliases limit/);
    });

    it('1,000 aliases of a mutation: refused, and nothing was published', async () => {
      tooComplex(await t.gql(`mutation($s: String!) { ${aliases(1000, () => 'publishTemplate(source: $s) { key }')} }`, { s: UNIDO }, admin), /tokens/);
      tooComplex(await t.gql(`mutation($s: String!) { ${aliases(101, () => 'publishTemplate(source: $s) { key }')} }`, { s: UNIDO }, admin), /Aliases limit/);
      expect(await templateKeys()).toEqual([]);
    });

    it('validates one large source once, however many aliases ask for it', async () => {
      const big = `key: big\nversion: 1\ntitle: Big\nphases:\n${Array.from({ length: 4000 }, (_, i) => `  p${i}: { title: Phase ${i} }`).join('\n')}\n`;
      const started = Date.now();
      const res = await t.gql(`query($s: String!) { ${aliases(100, () => 'validateTemplate(source: $s) { valid }')} }`, { s: big }, token);
      expect(res.body.errors).toBeUndefined();
      expect(Object.keys(res.body.data)).toHaveLength(100);
      expect(Date.now() - started).toBeLessThan(10_000);
    });
  });

  describe('depth: at most 15', () => {
    // Introspection types nest arbitrarily deep: ofType { ofType { ... } }; __schema { types { ... } } is 2 levels.
    const deep = (levels: number) => `{ __schema { types { ${'ofType { '.repeat(levels - 3)}name${' }'.repeat(levels - 3)} } } }`;

    it('refuses a depth over 15 with QUERY_TOO_COMPLEX, also through fragments', async () => {
      const nested = (depth: number) => {
        let q = 'key';
        for (let i = 0; i < depth - 2; i++) q = `__typename ... on ProgrammeTemplate { ${q} }`;
        return q;
      };
      expect(codesOf(await t.gql(`{ templates { ${nested(3)} } }`, {}, token))).toEqual([]);
      expect(codesOf(await t.gql(deep(15), {}, token))).toEqual([]);
      tooComplex(await t.gql(deep(16), {}, token), /depth limit of 15 exceeded, found 16/);
      tooComplex(await t.gql(deep(51), {}, token), /depth limit of 15 exceeded/);
      const viaFragment = `query { __schema { types { ...F } } } fragment F on __Type { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} }`;
      tooComplex(await t.gql(viaFragment, {}, token), /depth limit of 15 exceeded, found 23/);
      // Fragments, named or inline, do not add a level of their own.
      const spread = `query { __schema { types { ...F } } } fragment F on __Type { ... on __Type { ${'ofType { '.repeat(12)}name${' }'.repeat(12)} } }`;
      expect(codesOf(await t.gql(spread, {}, token))).toEqual([]);
    });

    it('a depth of 50: refused with nothing run', async () => {
      tooComplex(await t.gql(deep(50), {}, token), /depth limit of 15 exceeded, found 50/);
    });

    it('the introspection queries GraphiQL and code generators send fit the limits', async () => {
      for (const options of [{}, { descriptions: true, specifiedByUrl: true, directiveIsRepeatable: true, schemaDescription: true, inputValueDeprecation: true }]) {
        const res = await t.gql(getIntrospectionQuery(options), {}, token);
        expect(res.body.errors).toBeUndefined();
        expect(res.body.data.__schema.types.length).toBeGreaterThan(20);
      }
    });
  });

  describe('tokens: at most 5,000', () => {
    it('refuses a longer document while parsing, with QUERY_TOO_COMPLEX, and runs nothing', async () => {
      // A registration with a long list in its JSON attributes: exactly the limit, and one token more.
      const register = (n: number) => `mutation { registerCluster(input: { name: "n", templateKey: "no-such-template", attributes: { l: [${'1 '.repeat(n)}] } }) { id } }`;
      const fixed = tokenCount(register(0));
      expect(tokenCount(register(MAX_TOKENS - fixed))).toBe(MAX_TOKENS);
      // At the limit the request is parsed and runs (and there is no such template).
      expect(codesOf(await t.gql(register(MAX_TOKENS - fixed), {}, admin))).toEqual(['NOT_FOUND']);
      tooComplex(await t.gql(register(MAX_TOKENS - fixed + 1), {}, admin), /more than 5000 tokens/);
      tooComplex(await t.gql(`mutation($s: String!) { publishTemplate(source: $s) { ${'key '.repeat(MAX_TOKENS)}} }`, { s: UNIDO }, admin), /more than 5000 tokens/);
      tooComplex(await t.gql(`{ ${'health '.repeat(100_000)}}`, {}, token), /more than 5000 tokens/);
      expect(await templateKeys()).toEqual([]);
      expect((await t.gql('{ clusters { totalCount } }', {}, admin)).body.data.clusters.totalCount).toBe(0);
    });

    it('a large template in a `source:` string literal is one token: publishing it works', async () => {
      // About 750 KB of YAML (a real template and a long comment), inside the 1 MiB body.
      const padding = Array.from({ length: 8500 }, (_, i) => `# line ${i} of a long note kept with the template ${'.'.repeat(50)}`).join('\n');
      const source = `${UNIDO.replace(/^key: unido-cda$/m, 'key: big-unido')}\n${padding}\n`;
      expect(source.length).toBeGreaterThan(700_000);
      const literal = JSON.stringify(source);
      const publish = `mutation { publishTemplate(source: ${literal}) { key version } }`;
      expect(tokenCount(publish)).toBe(13);
      const res = await t.gql(publish, {}, admin);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.publishTemplate).toEqual({ key: 'big-unido', version: 1 });
      expect(await templateKeys()).toContain('big-unido');
      const check = await t.gql(`{ validateTemplate(source: ${literal}) { valid } }`, {}, token);
      expect(check.body.errors).toBeUndefined();
      expect(check.body.data.validateTemplate.valid).toBe(true);
    });
  });

  describe('directives: at most 50 in an operation', () => {
    it('50 pass; 51 are refused with nothing run', async () => {
      const ok = await t.gql(`{ ${aliases(50, () => 'health @include(if: true)')} }`, {}, token);
      expect(ok.body.errors).toBeUndefined();
      expect(Object.keys(ok.body.data)).toHaveLength(50);
      tooComplex(await t.gql(`{ ${aliases(51, () => 'health @include(if: true)')} }`, {}, token), /Directives limit of 50 exceeded, found 51/);
      const before = await templateKeys();
      tooComplex(await t.gql(`mutation($s: String!) { ${aliases(51, () => 'publishTemplate(source: $s) @skip(if: false) { key }')} }`, { s: UNIDO.replace(/^key: unido-cda$/m, 'key: directives') }, admin), /Directives limit/);
      // Directives in fragments count too.
      tooComplex(await t.gql(`{ ...F ...G } fragment F on Query { ${aliases(30, () => 'health @skip(if: false)')} } fragment G on Query { me @include(if: true) { ${Array.from({ length: 21 }, () => 'userId @include(if: true)').join(' ')} } }`, {}, token), /Directives limit/);
      expect(await templateKeys()).toEqual(before);
    });
  });

  describe(`cost: at most ${MAX_COST.toLocaleString('en')}`, () => {
    it('a page of 50 clusters with every nested list passes (the legitimate large query)', async () => {
      const res = await t.gql(page(50), {}, token);
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.clusters.edges).toEqual([]);
      // So do 100 aliases each asking for a whole cluster.
      const many = await t.gql(`query($id: ID!) { ${aliases(100, () => 'cluster(id: $id) { ...C }')} } ${FULL_CLUSTER_FRAGMENT}`, { id: '00000000-0000-4000-8000-000000000000' }, token);
      expect(codesOf(many)).toEqual([]);
      expect(Object.values(many.body.data)).toEqual(Array(100).fill(null));
    });

    it('a page of 500 with every nested list is refused with nothing run', async () => {
      tooComplex(await t.gql(page(500), {}, token), /Cost limit of 100000 exceeded/);
      tooComplex(await t.gql(page(200), {}, token), /Cost limit/);
    });

    it('one fragment spread 1,500 times in a mutation is refused, and nothing was published', async () => {
      const before = await templateKeys();
      const fragment = 'fragment T on ProgrammeTemplate { key version title publishedAt roles artefactTypes indicators criteria definition source sha256 diagram phases { id title final initial due milestones } gates { id from to title requires } warnings { path line column message } }';
      const res = await t.gql(`mutation($s: String!) { publishTemplate(source: $s) { ${'...T '.repeat(1500)}} } ${fragment}`, { s: UNIDO.replace(/^key: unido-cda$/m, 'key: spread') }, admin);
      tooComplex(res, /Cost limit of 100000 exceeded/);
      expect(await templateKeys()).toEqual(before);
    });
  });

  describe('what every refusal looks like', () => {
    it('one error, the first limit broken, even when a request breaks several', async () => {
      const deepType = `fragment D on __Type { ${'ofType { '.repeat(17)}name${' }'.repeat(17)} }`;
      // 101 aliases, each 20 deep: the alias limit answers, alone.
      tooComplex(await t.gql(`{ ${aliases(101, () => '__schema { types { ...D } }')} } ${deepType}`, {}, token), /Aliases limit/);
      // Too deep and too costly: the depth limit answers, alone.
      const both = `{ __schema { types { ...D } } clusters(first: 500) { edges { node { ...C } } } } ${deepType} ${FULL_CLUSTER_FRAGMENT}`;
      tooComplex(await t.gql(both, {}, token), /depth limit of 15 exceeded/);
      // Too many directives and too costly: the directive limit answers, alone.
      tooComplex(await t.gql(`{ ${aliases(51, () => 'health @include(if: true)')} clusters(first: 500) { edges { node { ...C } } } } ${FULL_CLUSTER_FRAGMENT}`, {}, token), /Directives limit/);
    });

    it('graphql-js\'s own budget for comparing fields: one field asked 2,400 times (fewer than 5,000 tokens)', async () => {
      tooComplex(await t.gql(`{ ${'health '.repeat(2400)}}`, {}, token), /too complex to validate/);
      expect((await t.gql(`{ ${'health '.repeat(200)}}`, {}, token)).body).toEqual({ data: { health: 'ok' } });
    });

    it('no "did you mean" hints that would spell out the schema, in validation or in variables', async () => {
      const typo = await t.gql('{ helth templats { ky } }', {}, token);
      expect(codesOf(typo)).toEqual(['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
      const enumTypo = await t.gql('{ clusters(sort: SCOR, filter: { stauts: ACTIV }) { totalCount } }', {}, token);
      expect(codesOf(enumTypo).length).toBeGreaterThan(0);
      const variable = await t.gql('mutation($i: DecisionInput!) { decide(input: $i) { id } }', { i: { clusterId: 'x', gat: 'g', role: 'r', outcome: 'APROVE' } }, token);
      expect(codesOf(variable).length).toBeGreaterThan(0);
      for (const res of [typo, enumTypo, variable]) {
        for (const e of res.body.errors) {
          expect(e.message).not.toMatch(/did you mean/i);
          expect(e.extensions.stacktrace).toBeUndefined();
        }
      }
      expect(typo.body.errors.map((e: { message: string }) => e.message)).toEqual(['Cannot query field "helth" on type "Query".', 'Cannot query field "templats" on type "Query".']);
    });
  });
});
