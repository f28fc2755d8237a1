import { expect, expectAccessible, gql, test } from './support/fixtures';
import { startOidc, type OidcSetup } from './support/oidc';

/** The JWT's header and payload, unverified (the server verifies; the test reads what it was sent). */
function decode(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const [h, p] = token.split('.');
  const part = (s: string) => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  return { header: part(h), payload: part(p) };
}

const ACCESS_TOKEN_TTL = 75; // seconds: oidc-client-ts announces expiry 60 s ahead, so a renewal after about 15 s

/**
 * OpenID Connect sign-in against a real provider (oidc-provider) on 127.0.0.1: the console of
 * a server started with OIDC_ISSUER / OIDC_CLIENT_ID / OIDC_RESOURCE signs in through the
 * provider's own login and consent pages (authorization code flow with PKCE), keeps the
 * access token in memory only, sends it to the server (which verifies it through the keys named
 * by the provider's discovery document), renews it before it expires, signs in again through
 * the provider after a reload, and signs out at the provider.
 */
test.describe('signing in through an OpenID provider', () => {
  let oidc: OidcSetup;
  const clusterName = `Provider sign-in cluster ${Date.now()}`;

  test.beforeAll(async () => {
    // A cluster of the demo agency, recorded through the run's server (own-secret tokens).
    await gql('chidi.cda', `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }`, {
      input: { templateKey: 'unido-cda', name: clusterName, sector: 'Leather goods', region: 'Abia', country: 'Nigeria', attributes: { enterprise_count: 120, sector: 'Leather goods' } },
    });
    oidc = await startOidc(
      {
        amaka: { name: 'Amaka Okafor', email: 'amaka@agency.example', agency: 'demo', roles: ['cda', 'auditor'] },
        // A provider account whose agency claim is not an agency slug: the server refuses its tokens.
        stranger: { name: 'Stranger', email: 'stranger@elsewhere.example', agency: 'Some Ministry', roles: ['cda'] },
      },
      { accessTokenTTL: ACCESS_TOKEN_TTL },
    );
  });
  test.afterAll(async () => {
    await oidc?.stop();
  });

  test('a person signs in at the provider, works with the token it issued, is renewed, and signs out there', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: oidc.consoleUrl });
    const page = await context.newPage();
    const sent: string[] = [];
    page.on('request', (req) => {
      const auth = req.headers()['authorization'];
      if (req.url().startsWith(`${oidc.consoleUrl}/graphql`) && auth?.startsWith('Bearer ')) sent.push(auth.slice(7));
    });
    const grants: string[] = [];
    page.on('request', (req) => {
      if (req.url() === `${oidc.issuer}/token`) grants.push(new URLSearchParams(req.postData() ?? '').get('grant_type') ?? '');
    });

    // The sign-in page offers the provider only: no demo people, no token field.
    await page.goto('/clusters');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fclusters$/);
    await expect(page.getByRole('heading', { name: 'Sign in to Clusterflow' })).toBeVisible();
    const signInWith = page.getByRole('button', { name: 'Sign in with Agency Login' });
    await expect(signInWith).toBeVisible();
    await expect(page.getByRole('region', { name: 'Demo people' })).toHaveCount(0);
    await expect(page.getByRole('textbox', { name: 'Token' })).toHaveCount(0);
    await expectAccessible(page, 'the sign-in page with an OpenID provider');

    // The provider's own login and consent pages.
    await signInWith.click();
    await expect(page).toHaveURL(new RegExp(`^${oidc.issuer}/interaction/`));
    const authorize = new URL(page.url());
    await page.getByRole('textbox', { name: 'Enter any login' }).fill('amaka');
    await page.getByPlaceholder('and password').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    // Back in the console as that person, where the person was going, with the agency's data.
    await expect(page).toHaveURL(`${oidc.consoleUrl}/clusters`);
    const who = page.getByRole('group', { name: 'Who is signed in' });
    await expect(who).toContainText('Amaka Okafor');
    await expect(who).toContainText('Agency: demo');
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Roles: cda, auditor');
    await page.getByRole('textbox', { name: 'Search' }).fill(clusterName);
    await expect(page.getByRole('link', { name: clusterName })).toBeVisible();
    expect(authorize.origin).toBe(oidc.issuer);
    expect(grants).toEqual(['authorization_code']);

    // The token the server accepted is the provider's JWT access token for the resource, and it is
    // kept nowhere but in memory.
    const first = sent.at(-1)!;
    const { header, payload } = decode(first);
    expect(header).toMatchObject({ alg: 'RS256', typ: 'at+jwt', kid: 'test-rsa' });
    expect(payload).toMatchObject({ iss: oidc.issuer, aud: oidc.resource, sub: 'amaka', client_id: oidc.clientId, agency: 'demo', roles: ['cda', 'auditor'] });
    const stored = await page.evaluate('JSON.stringify({ local: { ...localStorage }, session: { ...sessionStorage } })');
    expect(stored).toMatch(/^\{"local":\{.*\},"session":\{.*\}\}$/);
    expect(stored).not.toContain(first);
    expect(stored).not.toMatch(/refresh_token|access_token/);

    // Renewed with the refresh token before it expires; the new token is used and accepted.
    await expect.poll(() => grants, { timeout: 45_000 }).toEqual(['authorization_code', 'refresh_token']);
    const prefix = clusterName.slice(0, 24);
    const answered = page.waitForResponse((r) => r.url() === `${oidc.consoleUrl}/graphql` && (r.request().postData() ?? '').includes(`"search":"${prefix}"`));
    await page.getByRole('textbox', { name: 'Search' }).fill(prefix);
    const answer = await answered;
    expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
    await expect(page.getByRole('link', { name: clusterName })).toBeVisible();
    const renewed = answer.request().headers()['authorization'].slice(7);
    expect(renewed).not.toBe(first);
    expect(decode(renewed).payload).toMatchObject({ aud: oidc.resource, sub: 'amaka' });
    expect(Number(decode(renewed).payload.exp)).toBeGreaterThan(Number(payload.exp));

    // A reload loses the in-memory token: the console goes back to the provider, which answers
    // at once (its session and the grant last), and the person is where they were.
    await page.reload();
    await expect(who).toContainText('Amaka Okafor');
    await expect(page).toHaveURL(`${oidc.consoleUrl}/clusters`);
    expect(grants.filter((g) => g === 'authorization_code')).toHaveLength(2);

    // Signing out ends the session at the provider (RP-initiated logout), back to the sign-in page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(new RegExp(`^${oidc.issuer}/session/end`));
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect(page).toHaveURL(new RegExp(`^${oidc.consoleUrl}/sign-in`));
    await expect(page.getByRole('button', { name: 'Sign in with Agency Login' })).toBeVisible();
    // Signed out here (no automatic return to the provider) and there (its login page again).
    await page.goto('/clusters');
    await expect(page.getByRole('button', { name: 'Sign in with Agency Login' })).toBeVisible();
    await page.getByRole('button', { name: 'Sign in with Agency Login' }).click();
    await expect(page.getByRole('textbox', { name: 'Enter any login' })).toBeVisible();
    await context.close();
  });

  test('a token the server refuses ends on a page saying why, with no loop back to the provider', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: oidc.consoleUrl });
    const page = await context.newPage();
    const grants: string[] = [];
    page.on('request', (req) => {
      if (req.url() === `${oidc.issuer}/token`) grants.push(new URLSearchParams(req.postData() ?? '').get('grant_type') ?? '');
    });
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in with Agency Login' }).click();
    await page.getByRole('textbox', { name: 'Enter any login' }).fill('stranger');
    await page.getByPlaceholder('and password').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    // The token request held back a moment: the callback page's spinner is a named progressbar meanwhile.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(
      `${oidc.issuer}/token`,
      async (route) => {
        await held;
        await route.fallback();
      },
      { times: 1 },
    );
    await page.getByRole('button', { name: 'Continue' }).click();

    await expect(page).toHaveURL(new RegExp(`^${oidc.consoleUrl}/sign-in/callback`));
    await expect(page.getByRole('progressbar', { name: 'Completing the sign-in' })).toBeVisible();
    await expectAccessible(page, 'the sign-in callback while it completes');
    release();
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('The sign-in did not complete');
    await expect(alert).toContainText("the token's agency claim must be an agency slug");
    await expectAccessible(page, 'the sign-in callback after a refusal');
    await page.getByRole('link', { name: 'Back to the sign-in page' }).click();
    await expect(page).toHaveURL(`${oidc.consoleUrl}/sign-in`);
    await expect(page.getByRole('button', { name: 'Sign in with Agency Login' })).toBeVisible();
    // Nothing brings the refused person back: no return to the provider, and no renewal when the
    // refused token would have been renewed (60 s before its expiry, about 15 s after it was issued).
    await page.waitForTimeout(ACCESS_TOKEN_TTL * 1000 - 60_000 + 5_000);
    await expect(page).toHaveURL(`${oidc.consoleUrl}/sign-in`);
    expect(grants).toEqual(['authorization_code']);
    await context.close();
  });
});

/** A provider that issues no refresh tokens: the console renews in a hidden iframe (prompt=none). */
test.describe('renewing without a refresh token', () => {
  let oidc: OidcSetup;
  test.beforeAll(async () => {
    oidc = await startOidc({ amaka: { name: 'Amaka Okafor', email: 'amaka@agency.example', agency: 'demo', roles: ['cda'] } }, { accessTokenTTL: ACCESS_TOKEN_TTL, refreshTokens: false });
  });
  test.afterAll(async () => {
    await oidc?.stop();
  });

  test('the access token is renewed through the provider in a hidden iframe, and the new one is accepted', async ({ browser }) => {
    const context = await browser.newContext({ baseURL: oidc.consoleUrl });
    const page = await context.newPage();
    const grants: string[] = [];
    const silent: string[] = [];
    const sent: string[] = [];
    page.on('request', (req) => {
      const auth = req.headers()['authorization'];
      if (req.url() === `${oidc.consoleUrl}/graphql` && auth) sent.push(auth.slice(7));
      if (req.url() === `${oidc.issuer}/token`) grants.push(new URLSearchParams(req.postData() ?? '').get('grant_type') ?? '');
      if (req.url().startsWith(`${oidc.issuer}/auth?`) && req.frame() !== page.mainFrame()) silent.push(new URL(req.url()).searchParams.get('prompt') ?? '');
    });
    await page.goto('/clusters');
    await page.getByRole('button', { name: 'Sign in with Agency Login' }).click();
    await page.getByRole('textbox', { name: 'Enter any login' }).fill('amaka');
    await page.getByPlaceholder('and password').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.getByRole('group', { name: 'Who is signed in' })).toContainText('Amaka Okafor');
    expect(grants).toEqual(['authorization_code']);
    const first = sent[0];

    await expect.poll(() => grants, { timeout: 45_000 }).toEqual(['authorization_code', 'authorization_code']);
    expect(silent).toEqual(['none']);
    const answered = page.waitForResponse((r) => r.url() === `${oidc.consoleUrl}/graphql` && (r.request().postData() ?? '').includes('"search":"Cluster"'));
    await page.getByRole('textbox', { name: 'Search' }).fill('Cluster');
    const answer = await answered;
    expect(((await answer.json()) as { errors?: unknown }).errors).toBeUndefined();
    const token = answer.request().headers()['authorization'].slice(7);
    expect(token).not.toBe(first);
    expect(decode(token).payload).toMatchObject({ aud: oidc.resource, sub: 'amaka' });
    // Still the person's page, not a reload: the renewal happened beside it.
    await expect(page).toHaveURL(`${oidc.consoleUrl}/clusters`);
    await context.close();
  });
});
