import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

const RESOURCE = 'urn:clusterflow:api';
const ME = '{ me { userId name agency roles } }';

/**
 * OIDC_ISSUER without JWT_JWKS_URL: the server reads the issuer's discovery document for its
 * `jwks_uri` when a token first needs the keys, keeps the issuer and audience checks (the
 * audience defaults to OIDC_RESOURCE, the resource the console asks the provider for), and
 * treats a discovery document it cannot use as the provider failing (SERVICE_UNAVAILABLE),
 * reading it again with the next token.
 */
describe('keys learned from the OpenID provider discovery document', () => {
  let idp: Server;
  let issuer: string;
  let discovery: 'ok' | 'down' | 'other-issuer' = 'down';
  const requests: string[] = [];
  let keys: JWK[];
  let rsa: KeyLike;
  let t: TestApp;

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    rsa = pair.privateKey as KeyLike;
    keys = [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }];
    idp = createServer((req, res) => {
      requests.push(req.url!);
      res.setHeader('content-type', 'application/json');
      if (req.url === '/realms/a/.well-known/openid-configuration') {
        if (discovery === 'down') {
          res.statusCode = 503;
          return res.end('{}');
        }
        return res.end(JSON.stringify({ issuer: discovery === 'ok' ? issuer : 'https://elsewhere.example', jwks_uri: `${issuer}/protocol/certs` }));
      }
      if (req.url === '/realms/a/protocol/certs') return res.end(JSON.stringify({ keys }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((ok) => idp.listen(0, '127.0.0.1', ok));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}/realms/a`;
    t = await startTestApp('oidc_discovery', { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: 'console', OIDC_RESOURCE: RESOURCE });
  });
  afterAll(async () => {
    await t.close();
    idp.closeAllConnections();
    await new Promise((ok) => idp.close(ok));
  });

  const sign = (overrides: { iss?: string; aud?: string } = {}) =>
    new SignJWT({ agency: 'sme-ministry', roles: ['cda'], name: 'Ola' })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1', typ: 'at+jwt' })
      .setSubject('ola')
      .setIssuer(overrides.iss ?? issuer)
      .setAudience(overrides.aud ?? RESOURCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(rsa);

  it('answers SERVICE_UNAVAILABLE while the document cannot be used, then verifies tokens through the keys it names', async () => {
    expect(codesOf(await t.gql(ME, {}, await sign()))).toEqual(['SERVICE_UNAVAILABLE']);
    discovery = 'other-issuer';
    expect(codesOf(await t.gql(ME, {}, await sign()))).toEqual(['SERVICE_UNAVAILABLE']);
    expect(requests.filter((u) => u.includes('certs'))).toEqual([]);

    discovery = 'ok';
    const res = await t.gql(ME, {}, await sign());
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me).toEqual({ userId: 'ola', name: 'Ola', agency: 'sme-ministry', roles: ['cda'] });
    // The document is read once it has been used; later tokens need no request for it.
    const reads = requests.filter((u) => u.endsWith('openid-configuration')).length;
    expect((await t.gql(ME, {}, await sign())).body.errors).toBeUndefined();
    expect(requests.filter((u) => u.endsWith('openid-configuration')).length).toBe(reads);
  });

  it('keeps the issuer and audience checks: the client id is not the audience when a resource is configured', async () => {
    discovery = 'ok';
    for (const token of [await sign({ iss: 'https://elsewhere.example' }), await sign({ aud: 'console' }), await sign({ aud: 'urn:other' })]) {
      expect(codesOf(await t.gql(ME, {}, token))).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('offers no demo sign-in, naming the setting', async () => {
    const res = await t.gql('{ demoPeople { userId } }');
    expect(codesOf(res)).toEqual(['FORBIDDEN']);
    expect(res.body.errors[0].message).toMatch(/OIDC_ISSUER/);
  });
});
