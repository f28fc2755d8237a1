import { codesOf, startTestApp, type TestApp } from '../support/test-app';

describe('query limits of the contract', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp('query-limits');
    token = await t.token({ userId: 'u', agency: 'demo', roles: ['cda'] });
  });
  afterAll(() => t.close());

  it('refuses more than 100 aliases with QUERY_TOO_COMPLEX, before running anything', async () => {
    const ok = await t.gql(`{ ${Array.from({ length: 100 }, (_, i) => `a${i}: health`).join(' ')} }`, {}, token);
    expect(ok.body.errors).toBeUndefined();
    const started = Date.now();
    const src = 'key: x\n';
    const res = await t.gql(`query($s: String!) { ${Array.from({ length: 1000 }, (_, i) => `a${i}: validateTemplate(source: $s) { valid }`).join(' ')} }`, { s: src }, token);
    expect(codesOf(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.body.data).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('validates one large source once, however many aliases ask for it', async () => {
    const big = `key: big\nversion: 1\ntitle: Big\nphases:\n${Array.from({ length: 4000 }, (_, i) => `  p${i}: { title: Phase ${i} }`).join('\n')}\n`;
    const started = Date.now();
    const res = await t.gql(`query($s: String!) { ${Array.from({ length: 100 }, (_, i) => `a${i}: validateTemplate(source: $s) { valid }`).join(' ')} }`, { s: big }, token);
    expect(res.body.errors).toBeUndefined();
    expect(Object.keys(res.body.data)).toHaveLength(100);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('refuses a depth over 15 with QUERY_TOO_COMPLEX, also through fragments', async () => {
    const nested = (depth: number) => {
      let q = 'key';
      for (let i = 0; i < depth - 2; i++) q = `__typename ... on ProgrammeTemplate { ${q} }`;
      return q;
    };
    expect(codesOf(await t.gql(`{ templates { ${nested(3)} } }`, {}, token))).toEqual([]);
    // Introspection types nest arbitrarily deep: ofType { ofType { ... } }.
    const deep = (n: number) => `{ __schema { types { ${'ofType { '.repeat(n)}name${' }'.repeat(n)} } } }`;
    expect(codesOf(await t.gql(deep(12), {}, token))).toEqual([]);
    expect(codesOf(await t.gql(deep(13), {}, token))).toEqual(['QUERY_TOO_COMPLEX']);
    expect(codesOf(await t.gql(deep(48), {}, token))).toEqual(['QUERY_TOO_COMPLEX']);
    const viaFragment = `query { __schema { types { ...F } } } fragment F on __Type { ${'ofType { '.repeat(20)}name${' }'.repeat(20)} }`;
    expect(codesOf(await t.gql(viaFragment, {}, token))).toEqual(['QUERY_TOO_COMPLEX']);
  });
});
