// A real OpenID provider (oidc-provider, ES-module-only, hence this child process) on
// loopback for the browser test of the console's OpenID Connect sign-in. Configured through
// the environment by test/browser/support/oidc.ts; prints one line `ready <issuer>`.
//
// - One public client (token_endpoint_auth_method none) doing the authorization code flow
//   with PKCE (S256, required), with refresh tokens, back to the console's /sign-in/callback;
//   RP-initiated logout back to /sign-in; CORS for the console's origin only.
// - Access tokens for one resource (RFC 8707, OIDC_TEST_RESOURCE) are JWTs signed RS256 with
//   the key the provider publishes at its jwks_uri, carrying the claims Clusterflow reads
//   (agency, roles, name, email under the server's default JWT_* names).
// - The bundled development login and consent pages (any password; the login is the account id).
import { generateKeyPairSync } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const port = Number(process.env.OIDC_TEST_PORT);
const consoleOrigin = process.env.OIDC_TEST_CONSOLE;
const resource = process.env.OIDC_TEST_RESOURCE;
const clientId = process.env.OIDC_TEST_CLIENT_ID;
const accessTokenTTL = Number(process.env.OIDC_TEST_ACCESS_TOKEN_TTL ?? 3600);
/** { [accountId]: { name, email, agency, roles } } */
const accounts = JSON.parse(process.env.OIDC_TEST_ACCOUNTS ?? '{}');
const issuer = `http://127.0.0.1:${port}`;

const key = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_name: 'Clusterflow console',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [`${consoleOrigin}/sign-in/callback`],
      post_logout_redirect_uris: [`${consoleOrigin}/sign-in`],
    },
  ],
  jwks: { keys: [{ ...key, kid: 'test-rsa', use: 'sig', alg: 'RS256' }] },
  pkce: { methods: ['S256'], required: () => true },
  clientBasedCORS: (_ctx, origin) => origin === consoleOrigin,
  claims: { openid: ['sub'], profile: ['name'], email: ['email'] },
  async findAccount(_ctx, sub) {
    const account = accounts[sub];
    if (!account) return undefined;
    return { accountId: sub, claims: async () => ({ sub, name: account.name, email: account.email }) };
  },
  async extraTokenClaims(_ctx, token) {
    const account = token.kind === 'AccessToken' ? accounts[token.accountId] : undefined;
    return account ? { agency: account.agency, roles: account.roles, name: account.name, email: account.email } : undefined;
  },
  // A public browser client gets refresh tokens (rotated at each use) without offline_access,
  // unless OIDC_TEST_REFRESH_TOKENS=false (then the console renews in a hidden iframe).
  issueRefreshToken: async (_ctx, client) => process.env.OIDC_TEST_REFRESH_TOKENS !== 'false' && client.grantTypeAllowed('refresh_token'),
  ttl: { AccessToken: accessTokenTTL, IdToken: 3600, RefreshToken: 24 * 3600, Session: 24 * 3600, Grant: 24 * 3600, Interaction: 3600, AuthorizationCode: 60 },
  // Plain http on loopback: cookies without Secure, so no SameSite=None.
  cookies: { keys: ['oidc-test-cookie-key'], long: { sameSite: 'lax' }, short: { sameSite: 'lax' } },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: async (_ctx, _client, oneOf) => oneOf,
      useGrantedResource: async () => false,
      async getResourceServerInfo(_ctx, indicator) {
        if (indicator !== resource) throw new errors.InvalidTarget();
        return { scope: 'clusterflow', accessTokenFormat: 'jwt', accessTokenTTL, jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
});
// Quiet about the development-only defaults this test relies on on purpose.
provider.on('server_error', (_ctx, err) => process.stderr.write(`oidc-provider server_error: ${err.stack}\n`));

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write(`ready ${issuer}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
