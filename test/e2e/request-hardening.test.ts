import request from 'supertest';
import { Client } from 'pg';
import { ReplayVerifier } from '@clusterflow/application/audit/replay-verifier';
import { MAX_NODES } from '../../apps/api/src/graphql/request-limits';
import { RACE_TEMPLATE } from '../support/race-template';
import { codesOf, countStatements, startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 13's smaller holes and request limits, over HTTP as a client sends them: every input
 * is validated (filters too), text with NUL is BAD_USER_INPUT, JSON values are bounded, the
 * cost counts `first` given as a variable, a request asks for a bounded number of list
 * items, heavy fields run once per request and stop when the client leaves, `health` is one
 * ping however often it is asked, and reading heads writes only when the history changed.
 */
const AGENCY = 'hardening';
const aliases = (n: number, field: (i: number) => string) => Array.from({ length: n }, (_, i) => `a${i}: ${field(i)}`).join(' ');

describe('request hardening (issue 13)', () => {
  let t: TestApp;
  let admin: string;
  let auditor: string;
  let db: Client;

  beforeAll(async () => {
    t = await startTestApp('hardening', { NODE_ENV: 'production' });
    admin = await t.token({ userId: 'ada', name: 'Ada', agency: AGENCY, roles: ['agency_admin'] });
    auditor = await t.token({ userId: 'aud', name: 'Aud', agency: AGENCY, roles: ['auditor'] });
    expect((await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: RACE_TEMPLATE }, admin)).body.errors).toBeUndefined();
    for (let i = 0; i < 40; i++) {
      const res = await t.gql('mutation($n: String!) { registerCluster(input: { templateKey: "race", name: $n, region: "Kano" }) { id } }', { n: `Cluster ${i}` }, admin);
      expect(res.body.errors).toBeUndefined();
    }
    db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  describe('filters are validated like every input', () => {
    const list = (filter: Record<string, unknown>) => t.gql('query($f: ClusterFilter) { clusters(filter: $f) { totalCount } }', { f: filter }, auditor);

    it('search of at most 500 characters; 900 KB is BAD_USER_INPUT before any SQL', async () => {
      expect((await list({ search: 'k'.repeat(500) })).body.data.clusters.totalCount).toBe(0);
      let res!: request.Response;
      const statements = await countStatements(async () => (res = await list({ search: 'x'.repeat(900 * 1024) })));
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toMatch(/^filter\.search: search must be shorter than or equal to 500 characters/);
      expect(statements).toBe(0);
      expect((await list({ search: 'kano' })).body.data.clusters.totalCount).toBe(40);
    });

    it.each([
      [{ phase: 'Not A Phase' }, /^filter\.phase: phase must be a phase key/],
      [{ phase: 'x'.repeat(64) }, /^filter\.phase: phase must be a phase key/],
      [{ templateKey: 'Race!' }, /^filter\.templateKey: templateKey must be a template key/],
    ])('%j is BAD_USER_INPUT', async (filter, message) => {
      const res = await list(filter);
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toMatch(message);
    });

    it('a NUL character in any text is BAD_USER_INPUT (not SERVICE_UNAVAILABLE), in variables and in the document', async () => {
      for (const res of [
        await list({ search: 'a\u0000b' }),
        await list({ phase: 'a\u0000' }),
        await t.gql('{ clusters(filter: { search: "a\\u0000b" }) { totalCount } }', {}, auditor),
        await t.gql('mutation($n: String!) { registerCluster(input: { templateKey: "race", name: $n }) { id } }', { n: 'Nul\u0000' }, admin),
      ]) {
        expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.body.errors[0].message).toBe('Text may not contain the NUL character (U+0000)');
      }
    });
  });

  describe('JSON inputs', () => {
    const register = (attributes: unknown) =>
      t.gql('mutation($a: JSON) { registerCluster(input: { templateKey: "race", name: "J", attributes: $a }) { id } }', { a: attributes }, admin);

    it('nested 3,000 levels deep: BAD_USER_INPUT (was INTERNAL, a stack overflow)', async () => {
      let deep: unknown = 1;
      for (let i = 0; i < 3000; i++) deep = { a: deep };
      const res = await register({ x: deep });
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toMatch(/at most 32 levels deep/);
    });

    it('a `constructor` key: BAD_USER_INPUT naming it (was INTERNAL)', async () => {
      for (const attributes of [{ constructor: 1 }, { constructor: { a: 1 } }, JSON.parse('{ "__proto__": { "a": 1 } }'), { toString: 'x' }]) {
        const res = await register(attributes);
        expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      }
      const res = await t.gql('mutation { registerCluster(input: { templateKey: "race", name: "J", attributes: { constructor: { a: 1 } } }) { id } }', {}, admin);
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toMatch(/attributes\.constructor is not declared/);
    });
  });

  it('a persisted-query hash, with or without a token: PERSISTED_QUERY_NOT_SUPPORTED', async () => {
    const body = { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } };
    for (const auth of [undefined, `Bearer ${auditor}`]) {
      const req = request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json');
      const res = await (auth ? req.set('authorization', auth) : req).send(body);
      expect(codesOf(res)).toEqual(['PERSISTED_QUERY_NOT_SUPPORTED']);
    }
  });

  describe('cost and list items count `first` as the request gives it', () => {
    it('100 aliases of clusters(first: $f) with f = 500: QUERY_TOO_COMPLEX, nothing runs', async () => {
      let res!: request.Response;
      const statements = await countStatements(async () => {
        res = await t.gql(`query($f: Int) { ${aliases(100, () => 'clusters(first: $f) { edges { node { id name } } }')} }`, { f: 500 }, auditor);
      });
      expect(res.status).toBe(400);
      expect(codesOf(res)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(res.body.errors[0].message).toMatch(/^Query Cost limit of 100000 exceeded, found \d+/);
      expect(statements).toBe(0);
    });

    it(`more than ${MAX_NODES} list items in one request: QUERY_TOO_COMPLEX; up to it, served`, async () => {
      const q = (n: number) => `query($f: Int = 500) { ${aliases(n, () => 'clusters(first: $f) { totalCount }')} }`;
      const over = await t.gql(q(MAX_NODES / 500 + 1), {}, auditor);
      expect(codesOf(over)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(over.body.errors[0].message).toBe(`The query asks for up to ${MAX_NODES + 500} list items (the sum of \`first\` over its paged fields); at most ${MAX_NODES} per request`);
      // The default page size counts too: 50 each.
      const defaults = await t.gql(`{ ${aliases(MAX_NODES / 50 + 1, () => 'clusters { totalCount }')} }`, {}, auditor);
      expect(codesOf(defaults)).toEqual(['QUERY_TOO_COMPLEX']);
      const within = await t.gql(q(MAX_NODES / 500), {}, auditor);
      expect(within.body.errors).toBeUndefined();
      expect(within.body.data.a0.totalCount).toBeGreaterThanOrEqual(40);
    });

    it('first over 500 as a variable stays BAD_USER_INPUT', async () => {
      const res = await t.gql('query($f: Int) { clusters(first: $f) { totalCount } }', { f: 501 }, auditor);
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
    });
  });

  describe('heavy fields', () => {
    it.each(['verifyReplay { valid }', 'verifyAuditTrail { valid }', 'auditHead { root }'])('%s twice in one request (aliases or fragments): QUERY_TOO_COMPLEX', async (field) => {
      const name = field.split(' ')[0];
      for (const query of [`{ a: ${field} b: ${field} }`, `{ ...F a: ${field} } fragment F on Query { ${field} }`]) {
        const res = await t.gql(query, {}, auditor);
        expect(codesOf(res)).toEqual(['QUERY_TOO_COMPLEX']);
        expect(res.body.errors[0].message).toBe(`\`${name}\` may be asked for once per request, not 2 times`);
      }
      expect((await t.gql(`{ ${field} }`, {}, auditor)).body.errors).toBeUndefined();
    });

    it('verifyReplay stops when the client disconnects', async () => {
      const replay = jest.spyOn(ReplayVerifier.prototype, 'cluster');
      try {
        // Each replay takes a while: the client leaves after the first few.
        const original = replay.getMockImplementation();
        const real = original ?? ReplayVerifier.prototype.cluster;
        replay.mockImplementation(async function (this: ReplayVerifier, ...args) {
          await new Promise((r) => setTimeout(r, 50));
          return real.apply(this, args);
        });
        const { port } = t.app.getHttpServer().address() as { port: number };
        const controller = new AbortController();
        const asked = fetch(`http://127.0.0.1:${port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${auditor}` },
          body: JSON.stringify({ query: '{ verifyReplay { valid clustersChecked } }' }),
          signal: controller.signal,
        }).catch((e: Error) => e);
        await new Promise((r) => setTimeout(r, 300));
        controller.abort();
        expect(String(await asked)).toMatch(/abort/i);
        // The server notices the closed socket, and the replay stops at its next cluster.
        await new Promise((r) => setTimeout(r, 1500));
        const stopped = replay.mock.calls.length;
        await new Promise((r) => setTimeout(r, 1500));
        expect(replay.mock.calls.length).toBe(stopped);
        expect(stopped).toBeLessThan(40);
      } finally {
        replay.mockRestore();
      }
    });
  });

  it('health: 100 aliases make at most one database ping', async () => {
    let res!: request.Response;
    await new Promise((r) => setTimeout(r, 1100)); // no ping is fresh
    const statements = await countStatements(async () => (res = await t.gql(`{ ${aliases(100, () => 'health')} }`)));
    expect(res.body.data.a99).toBe('ok');
    expect(statements).toBeLessThanOrEqual(1);
  });

  it('auditHead, verifications and exports store a head only when the history changed since the last', async () => {
    const heads = async () => Number((await db.query('select count(*) from audit_head where agency = $1', [AGENCY])).rows[0].count);
    const first = (await t.gql('{ auditHead { root at signature } }', {}, auditor)).body.data.auditHead;
    const stored = await heads();
    for (let i = 0; i < 20; i++) {
      const again = (await t.gql('{ auditHead { root at signature } verifyAuditTrail { valid } }', {}, auditor)).body.data;
      expect(again.auditHead).toEqual(first);
      expect(again.verifyAuditTrail.valid).toBe(true);
    }
    await Promise.all(Array.from({ length: 10 }, () => t.gql('{ auditHead { root } }', {}, auditor)));
    expect(await heads()).toBe(stored);
    await t.gql('mutation { registerCluster(input: { templateKey: "race", name: "One more" }) { id } }', {}, admin);
    const changed = (await t.gql('{ auditHead { root at signature } }', {}, auditor)).body.data.auditHead;
    expect(changed.root).not.toBe(first.root);
    expect(await heads()).toBe(stored + 1);
  }, 90_000); // each of the signed-head routes twice, with audit verifications over the agency in between
});
