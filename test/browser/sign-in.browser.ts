import { expect, expectAccessible, signInWithToken, test, tokenFor } from './support/fixtures';

test.describe('signing in', () => {
  test('a new visitor is sent to the sign-in page, signs in with a token and sees who they are and their agency', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in/);
    await expect(page.getByRole('heading', { name: 'Sign in to Clusterflow' })).toBeVisible();
    await expectAccessible(page, 'the sign-in page');
    // What a new user sees at / after `npm ci && npm start` (the README shows it).
    if (process.env.UPDATE_SCREENSHOTS) await page.screenshot({ path: 'docs/images/console-sign-in.png' });

    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText('Paste a token first.')).toBeVisible();

    await page.getByRole('textbox', { name: 'Token' }).fill('not-a-token');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText(/The server refused this token/)).toBeVisible();

    await signInWithToken(page, 'chidi.cda');
    await expect(page.getByRole('group', { name: 'Who is signed in' })).toContainText('Agency: demo');
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Roles: cda');

    // A reload keeps the person signed in (the token is kept for the tab), a sign-out forgets it.
    await page.reload();
    await expect(page.getByRole('group', { name: 'Who is signed in' })).toContainText('Chidi CDA');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { name: 'Sign in to Clusterflow' })).toBeVisible();
    await page.goto('/clusters');
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fclusters/);
  });

  test('a visitor picks a demo person and is signed in as them', async ({ page }) => {
    await page.goto('/');
    const demo = page.getByRole('region', { name: 'Demo people' });
    await expect(demo.getByRole('button')).toHaveCount(8);
    await demo.getByRole('button', { name: 'Sign in as Priya Programme Manager' }).click();
    await expect(page).toHaveURL(/\/my-work$/);
    await expect(page.getByRole('group', { name: 'Who is signed in' })).toContainText('Priya Programme Manager');
    await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('programme_manager');
  });

  test('an expired token sends the person back to sign in, in words', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('textbox', { name: 'Token' }).fill(await tokenFor('chidi.cda', '-1m'));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText(/The server refused this token: .*expired/i)).toBeVisible();
  });

  test('the language is switched to French everywhere and remembered', async ({ page }) => {
    await signInWithToken(page, 'chidi.cda');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('Français');
    await expect(page.getByRole('link', { name: 'Modèles' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await page.reload();
    await expect(page.getByRole('link', { name: 'Modèles' })).toBeVisible();
    await expectAccessible(page, 'the layout in French');
    await page.getByRole('combobox', { name: 'Langue' }).selectOption('English');
    await expect(page.getByRole('link', { name: 'Templates' })).toBeVisible();
  });

  test('the API and GraphiQL keep their paths; client routes load the console', async ({ request }) => {
    const health = await request.post('/graphql', { data: { query: '{ health }' } });
    expect(await health.json()).toEqual({ data: { health: 'ok' } });
    expect((await request.get('/graphiql')).status()).toBe(200);
    const route = await request.get('/clusters/some-id');
    expect(route.status()).toBe(200);
    expect(await route.text()).toContain('<div id="root">');
    expect((await request.get('/assets/missing.js')).status()).toBe(404);
  });
});
