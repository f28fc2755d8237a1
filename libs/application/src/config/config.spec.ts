import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has defaults that start an embedded database on port 3000', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: undefined, embeddedPgPort: 54329, seedDemo: true });
    expect(c.jwt).toMatchObject({ mode: 'secret', issuer: 'clusterflow', audience: 'clusterflow', algorithms: ['HS256'], agencyClaim: 'agency', rolesClaim: 'roles' });
    expect(c.dataDir.endsWith('.data')).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid configuration: PORT must be an integer from 1 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'Invalid configuration: PORT must be an integer from 1 to 65535 (got "70000")'],
    [{ DATABASE_URL: 'localhost:5432/db' }, 'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql:// (got "localhost:5432/db")'],
    [{ DATABASE_URL: 'postgres//oops' }, 'Invalid configuration: DATABASE_URL must be a URL like postgres://user:password@host:5432/database (got "postgres//oops")'],
    [{ JWT_SECRET: 'short' }, 'Invalid configuration: JWT_SECRET must be at least 32 characters long'],
    [{ DATABASE_URL: 'mysql://app:S3cr3t@db/x' }, 'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql:// (got "mysql://app:***@db/x")'],
    [{ JWT_JWKS_URL: 'https://idp.example/certs' }, 'Invalid configuration: JWT_ISSUER must be set when JWT_JWKS_URL is set; JWT_AUDIENCE must be set when JWT_JWKS_URL is set'],
    [{ LOG_LEVEL: 'loud' }, 'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")'],
  ])('names the bad variable in one line: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ PORT: '-1', SEED_DEMO: 'maybe' })).toThrow(/PORT .*; SEED_DEMO must be true or false/);
  });

  it('switches to JWKS mode with RS256/ES256 when a JWKS URL is given', () => {
    const c = loadConfig({ JWT_JWKS_URL: 'https://idp.example/certs', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'api' });
    expect(c.jwt).toMatchObject({ mode: 'jwks', algorithms: ['RS256', 'ES256'] });
    expect(() => loadConfig({ JWT_JWKS_URL: 'https://idp.example/certs', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a', JWT_ALGORITHMS: 'HS256' })).toThrow(/JWT_ALGORITHMS/);
    expect(loadConfig({ JWT_ALGORITHMS: 'HS512' }).jwt.algorithms).toEqual(['HS256']);
  });

  it('signs in through an OpenID provider: its tokens only, keys from its discovery document', () => {
    const c = loadConfig({ OIDC_ISSUER: 'https://idp.example/realms/a', OIDC_CLIENT_ID: 'console' });
    expect(c.oidc).toEqual({ issuer: 'https://idp.example/realms/a', clientId: 'console', scope: 'openid profile email', providerName: 'idp.example' });
    expect(c.jwt).toMatchObject({
      mode: 'jwks',
      jwksUrl: undefined,
      discoveryUrl: 'https://idp.example/realms/a/.well-known/openid-configuration',
      issuer: 'https://idp.example/realms/a',
      audience: 'console',
      algorithms: ['RS256', 'ES256'],
    });
    // The audience is the resource the console asks for; explicit JWT_* settings win.
    const r = loadConfig({ OIDC_ISSUER: 'https://idp.example/', OIDC_CLIENT_ID: 'c', OIDC_RESOURCE: 'urn:clusterflow', OIDC_SCOPE: 'openid  roles', OIDC_PROVIDER_NAME: 'Agency SSO', JWT_JWKS_URL: 'https://idp.example/certs', JWT_AUDIENCE: 'api' });
    expect(r.oidc).toMatchObject({ resource: 'urn:clusterflow', scope: 'openid roles', providerName: 'Agency SSO' });
    expect(r.jwt).toMatchObject({ jwksUrl: 'https://idp.example/certs', issuer: 'https://idp.example/', audience: 'api' });
    expect(r.jwt.discoveryUrl).toBeUndefined();
    expect(loadConfig({ OIDC_ISSUER: 'https://idp.example/', OIDC_CLIENT_ID: 'c', OIDC_RESOURCE: 'urn:clusterflow' }).jwt.audience).toBe('urn:clusterflow');
  });

  it.each([
    [{ OIDC_ISSUER: 'https://idp.example' }, 'Invalid configuration: OIDC_ISSUER and OIDC_CLIENT_ID must be set together'],
    [{ OIDC_CLIENT_ID: 'console' }, 'Invalid configuration: OIDC_ISSUER and OIDC_CLIENT_ID must be set together'],
    [{ OIDC_ISSUER: 'idp.example', OIDC_CLIENT_ID: 'c' }, 'Invalid configuration: OIDC_ISSUER must be an http(s) URL (got "idp.example"); OIDC_ISSUER and OIDC_CLIENT_ID must be set together'],
    [{ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'c', OIDC_SCOPE: 'profile' }, 'Invalid configuration: OIDC_SCOPE must include openid (got "profile")'],
    [{ OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'c', OIDC_RESOURCE: 'api' }, 'Invalid configuration: OIDC_RESOURCE must be an absolute URI without a fragment (got "api")'],
  ])('refuses an incomplete OpenID setting in one line: %j', (env, message) => {
    expect(() => loadConfig(env)).toThrow(new ConfigError(message));
  });

  it('seeds the demo only on the embedded database unless told otherwise', () => {
    expect(loadConfig({}).seedDemo).toBe(true);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://db/x', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('refuses SEED_DEMO=true with an identity provider\'s keys, and seeds no demo by default with them', () => {
    const jwks = { JWT_JWKS_URL: 'https://idp.example/certs', JWT_ISSUER: 'https://idp.example', JWT_AUDIENCE: 'api' };
    expect(() => loadConfig({ ...jwks, SEED_DEMO: 'true' })).toThrow(
      new ConfigError(
        'Invalid configuration: SEED_DEMO=true cannot be used with JWT_JWKS_URL: the demo agency\'s people sign in with tokens this server mints, and with an identity provider it mints none (unset one of the two)',
      ),
    );
    expect(loadConfig(jwks).seedDemo).toBe(false);
    expect(loadConfig({ ...jwks, SEED_DEMO: 'false' }).seedDemo).toBe(false);
    // Keys from the issuer's discovery document are an identity provider too.
    const oidc = { OIDC_ISSUER: 'https://idp.example', OIDC_CLIENT_ID: 'console' };
    expect(() => loadConfig({ ...oidc, SEED_DEMO: 'true' })).toThrow(/^Invalid configuration: SEED_DEMO=true cannot be used with OIDC_ISSUER: /);
    expect(loadConfig(oidc).seedDemo).toBe(false);
  });
});
