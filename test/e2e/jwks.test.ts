import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

const ISSUER = 'https://idp.example.test/realms/agencies';
const AUDIENCE = 'clusterflow-api';
const ME = '{ me { userId name agency roles } }';

/** An identity provider on loopback: a JWKS with an RSA and an EC key. */
describe('tokens from an identity provider (JWKS)', () => {
  let idp: Server;
  let t: TestApp;
  let rsa: KeyLike;
  let ec: KeyLike;
  let stranger: KeyLike;

  beforeAll(async () => {
    const rsaPair = await generateKeyPair('RS256');
    const ecPair = await generateKeyPair('ES256');
    rsa = rsaPair.privateKey as KeyLike;
    ec = ecPair.privateKey as KeyLike;
    stranger = (await generateKeyPair('RS256')).privateKey as KeyLike;
    const keys: JWK[] = [
      { ...(await exportJWK(rsaPair.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ecPair.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    idp = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((ok) => idp.listen(0, '127.0.0.1', ok));
    const { port } = idp.address() as AddressInfo;
    t = await startTestApp('jwks', {
      JWT_JWKS_URL: `http://127.0.0.1:${port}/certs`,
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
      // Keycloak-style claim names: a namespaced agency claim and roles nested in an object.
      JWT_AGENCY_CLAIM: 'https://clusterflow.example/agency',
      JWT_ROLES_CLAIM: 'realm_access.roles',
      JWT_NAME_CLAIM: 'preferred_username',
    });
  });
  afterAll(async () => {
    await t.close();
    await new Promise((ok) => idp.close(ok));
  });

  const sign = (key: KeyLike, alg: string, kid: string, overrides: { iss?: string; aud?: string } = {}) =>
    new SignJWT({ 'https://clusterflow.example/agency': 'sme-ministry', realm_access: { roles: ['auditor', 'cda'] }, preferred_username: 'Eve' })
      .setProtectedHeader({ alg, kid })
      .setSubject('eve')
      .setIssuer(overrides.iss ?? ISSUER)
      .setAudience(overrides.aud ?? AUDIENCE)
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(key);

  it.each([
    ['RS256', 'rsa-1'],
    ['ES256', 'ec-1'],
  ])('accepts a %s token and reads the configured claim names', async (alg, kid) => {
    const res = await t.gql(ME, {}, await sign(alg === 'RS256' ? rsa : ec, alg, kid));
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.me).toEqual({ userId: 'eve', name: 'Eve', agency: 'sme-ministry', roles: ['auditor', 'cda'] });
  });

  it('refuses another issuer, another audience, and a key the provider does not publish', async () => {
    for (const token of [
      await sign(rsa, 'RS256', 'rsa-1', { iss: 'https://evil.example.test' }),
      await sign(rsa, 'RS256', 'rsa-1', { aud: 'another-api' }),
      await sign(stranger, 'RS256', 'rsa-1'),
    ]) {
      expect(codesOf(await t.gql(ME, {}, token))).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('refuses an HS256 token even when signed with some secret', async () => {
    const token = await new SignJWT({ 'https://clusterflow.example/agency': 'sme-ministry' })
      .setProtectedHeader({ alg: 'HS256' }).setSubject('x').setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('1h')
      .sign(new TextEncoder().encode('s'.repeat(40)));
    const res = await t.gql(ME, {}, token);
    expect(codesOf(res)).toEqual(['UNAUTHENTICATED']);
  });
});
