import request from 'supertest';
import { SignJWT } from 'jose';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

const ME = '{ me { userId name agency roles } }';

describe('identity and errors over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('identity');
  });
  afterAll(() => t.close());

  it('answers health without a token', async () => {
    const res = await t.gql('{ health }');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { health: 'ok' } });
  });

  it('tells the caller who they are from a token minted with the server secret', async () => {
    const token = await t.token({ userId: 'u-1', name: 'Uma', agency: 'unido-ng', roles: ['cda', 'programme_manager'] });
    const res = await t.gql(ME, {}, token);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me).toEqual({ userId: 'u-1', name: 'Uma', agency: 'unido-ng', roles: ['cda', 'programme_manager'] });
  });

  it.each([
    ['no token', undefined, 'a bearer token is required'],
    ['a malformed token', 'not-a-jwt', 'the token is malformed or not valid'],
  ])('refuses %s with UNAUTHENTICATED', async (_label, token, message) => {
    const res = await t.gql(ME, {}, token);
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.errors[0].message).toBe(message);
    expect(res.body.data).toBeNull();
  });

  it('refuses a header that is not a bearer token', async () => {
    const res = await request(t.app.getHttpServer()).post('/graphql').set('authorization', 'Basic abc').send({ query: ME });
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses an expired token', async () => {
    const secret = new TextEncoder().encode(require('node:fs').readFileSync(`${t.config.dataDir}/jwt-secret`, 'utf8').trim());
    const expired = await new SignJWT({ agency: 'demo', roles: ['cda'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('clusterflow').setAudience('clusterflow')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200).setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(secret);
    const res = await t.gql(ME, {}, expired);
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.errors[0].message).toBe('the token has expired');
  });

  const ownSecret = () => new TextEncoder().encode(require('node:fs').readFileSync(`${t.config.dataDir}/jwt-secret`, 'utf8').trim());

  it('refuses a token signed with another secret', async () => {
    const other = new TextEncoder().encode('x'.repeat(48));
    const forged = await new SignJWT({ agency: 'demo', roles: ['agency_admin'] })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('u').setIssuer('clusterflow').setAudience('clusterflow').setExpirationTime('1h').sign(other);
    expect(codesOf(await t.gql(ME, {}, forged))).toEqual(['UNAUTHENTICATED']);
  });

  it('refuses a token for another audience or issuer, one without expiry, and an unsigned one', async () => {
    const base = () => new SignJWT({ agency: 'demo', roles: ['agency_admin'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u');
    const tokens = [
      await base().setIssuer('clusterflow').setAudience('another-app').setExpirationTime('1h').sign(ownSecret()),
      await base().setIssuer('someone-else').setAudience('clusterflow').setExpirationTime('1h').sign(ownSecret()),
      await base().setIssuer('clusterflow').setAudience('clusterflow').sign(ownSecret()),
    ];
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    tokens.push(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'u', agency: 'demo', roles: ['agency_admin'], iss: 'clusterflow', aud: 'clusterflow', exp: 9999999999 })}.`);
    const messages = [];
    for (const token of tokens) {
      const res = await t.gql(ME, {}, token);
      expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
      messages.push(res.body.errors[0].message);
    }
    expect(messages[2]).toBe('the token has no expiry (exp)');
  });

  it('refuses a token without an agency claim', async () => {
    const secret = new TextEncoder().encode(require('node:fs').readFileSync(`${t.config.dataDir}/jwt-secret`, 'utf8').trim());
    const token = await new SignJWT({ roles: ['cda'] }).setProtectedHeader({ alg: 'HS256' }).setSubject('u')
      .setIssuer('clusterflow').setAudience('clusterflow').setExpirationTime('1h').sign(secret);
    const res = await t.gql(ME, {}, token);
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
    expect(res.body.errors[0].message).toMatch(/agency claim/);
  });

  it('keeps Apollo codes for syntax and schema errors, without stack traces', async () => {
    const parse = await t.gql('{ health ');
    expect(codesOf(parse)).toEqual(['GRAPHQL_PARSE_FAILED']);
    const invalid = await t.gql('{ nope }');
    expect(codesOf(invalid)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    for (const res of [parse, invalid]) expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|\bat .*\.js:\d+/);
  });

  it('answers a body over 1 MiB with 413 and QUERY_TOO_COMPLEX', async () => {
    const res = await t.gql(`{ health } # ${'x'.repeat(1024 * 1024)}`);
    expect(res.status).toBe(413);
    expect(codesOf(res)).toEqual(['QUERY_TOO_COMPLEX']);
  });

  it('answers a body that is not JSON with a GraphQL error body', async () => {
    const res = await request(t.app.getHttpServer()).post('/graphql').set('content-type', 'application/json').send('{"query": ');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].message).toBe('The request body is not valid JSON');
    expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('serves GraphiQL and its assets from its own files', async () => {
    const server = t.app.getHttpServer();
    const page = await request(server).get('/graphiql');
    expect(page.status).toBe(200);
    expect(page.text).toContain('/graphiql/assets/graphiql.js');
    expect(page.text).not.toMatch(/https?:\/\/(?!schemas)/); // no CDN
    for (const asset of ['react.js', 'react-dom.js', 'graphiql.js', 'graphiql.css', 'graphql-ws.js']) {
      const res = await request(server).get(`/graphiql/assets/${asset}`);
      expect(res.status).toBe(200);
      expect(res.text.length).toBeGreaterThan(1000);
    }
    expect((await request(server).get('/graphiql/assets/..%2Fpackage.json')).status).toBe(404);
  });
});

describe('a verified token without roles', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('roles-claim', { LOG_LEVEL: 'warn' }, { captureLogs: true });
  });
  afterAll(() => t?.close());

  const signed = (sub: string, claims: Record<string, unknown>) =>
    new SignJWT({ agency: 'demo', ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject(sub).setIssuer('clusterflow').setAudience('clusterflow').setExpirationTime('1h')
      .sign(new TextEncoder().encode(require('node:fs').readFileSync(`${t.config.dataDir}/jwt-secret`, 'utf8').trim()));
  const warnings = () => t.logs().filter((l) => l.level === 40 && /JWT_ROLES_CLAIM/.test(l.msg));

  it('logs one warning per person naming JWT_ROLES_CLAIM and its value, not one per request', async () => {
    const missing = await signed('nora', { realm_access: { roles: ['cda'] } });
    const empty = await signed('emil', { roles: [] });
    for (let i = 0; i < 3; i++) {
      for (const token of [missing, empty]) expect((await t.gql(ME, {}, token)).body.data.me.roles).toEqual([]);
    }
    // Another token of the same person (a refreshed one) is no new warning.
    expect((await t.gql(ME, {}, await signed('nora', { realm_access: { roles: ['cda'] }, name: 'Nora' }))).body.data.me.userId).toBe('nora');
    expect(warnings().map((l) => l.msg)).toEqual([
      'the token of nora (agency demo) has no "roles" claim, so they hold no role: JWT_ROLES_CLAIM is "roles"; if the identity provider puts the roles in another claim, set JWT_ROLES_CLAIM to its name (a dotted path such as realm_access.roles)',
      'the token of emil (agency demo) has an empty "roles" claim, so they hold no role: JWT_ROLES_CLAIM is "roles"; if the identity provider puts the roles in another claim, set JWT_ROLES_CLAIM to its name (a dotted path such as realm_access.roles)',
    ]);
    // A token with roles says nothing.
    await t.gql(ME, {}, await t.token({ userId: 'rita', agency: 'demo', roles: ['cda'] }));
    expect(warnings()).toHaveLength(2);
  });
});
