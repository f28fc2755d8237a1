import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

const ISSUER = 'https://idp.example.test/realms/agencies';
const AUDIENCE = 'clusterflow-api';
const ME = '{ me { userId agency roles } }';

type Mode = 'jwks' | '500' | '503' | 'html' | 'not-a-jwks' | 'hang';

/**
 * The identity provider failing (an error status, a body that is not a JWKS, no answer, no
 * listener) is the server's trouble, not the caller's: every token that needs the provider's
 * keys answers SERVICE_UNAVAILABLE ("retry later"), never UNAUTHENTICATED ("get a new token").
 */
describe('an identity provider that fails', () => {
  let idp: Server;
  let mode: Mode = '500';
  let keys: JWK[];
  let rsa: KeyLike;
  let t: TestApp;
  const hanging: ServerResponse[] = [];

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    rsa = pair.privateKey as KeyLike;
    keys = [{ ...(await exportJWK(pair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' }];
    idp = createServer((_req, res) => {
      switch (mode) {
        case 'jwks':
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify({ keys }));
        case '500':
        case '503':
          res.statusCode = Number(mode);
          return res.end('{"error":"down"}');
        case 'html':
          res.setHeader('content-type', 'text/html');
          return res.end('<!doctype html><title>Sign in</title><p>Maintenance</p>');
        case 'not-a-jwks':
          res.setHeader('content-type', 'application/json');
          return res.end(JSON.stringify({ issuer: ISSUER, jwks_uri: 'elsewhere' }));
        case 'hang':
          hanging.push(res); // answered never; jose gives up after its time-out
      }
    });
    await new Promise<void>((ok) => idp.listen(0, '127.0.0.1', ok));
    const { port } = idp.address() as AddressInfo;
    t = await startTestApp('jwks_outage', { JWT_JWKS_URL: `http://127.0.0.1:${port}/certs`, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
  });
  afterAll(async () => {
    for (const res of hanging) res.destroy();
    await t.close();
    idp.closeAllConnections();
    await new Promise((ok) => idp.close(ok));
  });

  const sign = (kid: string, exp: string | number = '10m') =>
    new SignJWT({ agency: 'sme-ministry', roles: ['cda'] })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setSubject('eve')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(rsa);

  it.each<Mode>(['500', '503', 'html', 'not-a-jwks'])('answers SERVICE_UNAVAILABLE for every token while the provider answers %s', async (m) => {
    mode = m;
    // A good token, one naming a key the provider may have added since, and an expired one:
    // none of them can be judged without the keys.
    for (const token of [await sign('rsa-1'), await sign('rsa-2'), await sign('rsa-1', Math.floor(Date.now() / 1000) - 60)]) {
      const res = await t.gql(ME, {}, token);
      expect(codesOf(res)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(res.body.errors[0].message).toMatch(/identity provider/);
      expect(JSON.stringify(res.body)).not.toMatch(/JSON Web Key Set|200 OK|stack/);
    }
  });

  it('answers SERVICE_UNAVAILABLE when the provider does not answer in time', async () => {
    mode = 'hang';
    const started = Date.now();
    expect(codesOf(await t.gql(ME, {}, await sign('rsa-1')))).toEqual(['SERVICE_UNAVAILABLE']);
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it('recovers by itself once the provider answers again, and still refuses a key it does not publish', async () => {
    mode = 'jwks';
    const res = await t.gql(ME, {}, await sign('rsa-1'));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me).toEqual({ userId: 'eve', agency: 'sme-ministry', roles: ['cda'] });
    // The provider answered: a key it does not publish is the token's fault.
    expect(codesOf(await t.gql(ME, {}, await sign('rsa-2')))).toEqual(['UNAUTHENTICATED']);
  });

  it('answers SERVICE_UNAVAILABLE when nothing listens at the provider\'s address', async () => {
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
    const { port } = closed.address() as AddressInfo;
    await new Promise((ok) => closed.close(ok));
    const refused = await startTestApp('jwks_refused', { JWT_JWKS_URL: `http://127.0.0.1:${port}/certs`, JWT_ISSUER: ISSUER, JWT_AUDIENCE: AUDIENCE });
    try {
      expect(codesOf(await refused.gql(ME, {}, await sign('rsa-1')))).toEqual(['SERVICE_UNAVAILABLE']);
      // What can be refused without the keys still is: no token at all, and no JWT.
      expect(codesOf(await refused.gql(ME))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await refused.gql(ME, {}, 'not-a-jwt'))).toEqual(['UNAUTHENTICATED']);
    } finally {
      await refused.close();
    }
  });
});
