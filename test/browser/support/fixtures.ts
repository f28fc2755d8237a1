import AxeBuilder from '@axe-core/playwright';
import { expect, test as base, type Page } from '@playwright/test';
import { SignJWT } from 'jose';

/** The demo agency's people (apps/api/src/demo/demo-users.ts), by user id. */
export const PEOPLE = {
  'ada.admin': { name: 'Ada Admin', roles: ['agency_admin'] },
  'chidi.cda': { name: 'Chidi CDA', roles: ['cda'] },
  'priya.pm': { name: 'Priya Programme Manager', roles: ['programme_manager', 'steering_committee', 'scheme_steering_committee', 'nodal_agency', 'label_manager'] },
  'carlos.commission': { name: 'Carlos Commission', roles: ['cluster_commission', 'member_representative', 'state_government', 'project_steering_committee'] },
  'chen.commission': { name: 'Chen Commission', roles: ['cluster_commission', 'member_representative', 'screening_committee', 'esca_analyst'] },
  'tara.expert': { name: 'Tara Technical Expert', roles: ['technical_agency', 'gold_assessor'] },
  'aisha.auditor': { name: 'Aisha Auditor', roles: ['auditor'] },
  'musa.me': { name: 'Musa M&E Officer', roles: ['me_officer'] },
} as const;
export type Person = keyof typeof PEOPLE;

export function consoleUrl(): string {
  const url = process.env.CONSOLE_URL;
  if (!url) throw new Error('CONSOLE_URL is not set: run the browser tests with `npm run test:browser`');
  return url;
}

/** A token for a demo person, signed with the test server's secret, as `npm run cli -- token` would. */
export async function tokenFor(userId: Person, ttl = '2h'): Promise<string> {
  const person = PEOPLE[userId];
  return tokenForAnyone(userId, person.name, [...person.roles], ttl);
}

/** A token for someone of the demo agency who is not among the demo people (roles of a test's choosing). */
export async function tokenForAnyone(userId: string, name: string, roles: string[], ttl = '2h'): Promise<string> {
  return new SignJWT({ agency: 'demo', roles, name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(userId)
    .setIssuer('clusterflow')
    .setAudience('clusterflow')
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(new TextEncoder().encode(process.env.CONSOLE_JWT_SECRET!));
}

/** GraphQL over HTTP as a person: for what other people do in a journey, outside the browser under test. */
export async function gql<T = any>(userId: Person, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  return gqlWithToken<T>(await tokenFor(userId), userId, query, variables);
}

/** GraphQL over HTTP with a given token. */
export async function gqlWithToken<T = any>(token: string, userId: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${consoleUrl()}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(`GraphQL error as ${userId}: ${body.errors.map((e) => e.message).join('; ')}`);
  return body.data as T;
}

/** Signs in through the sign-in page, by pasting the person's token. */
export async function signInWithToken(page: Page, userId: Person): Promise<void> {
  await signInAs(page, await tokenFor(userId), PEOPLE[userId].name);
}

/** Signs in by pasting a token; `name` is the name it carries. */
export async function signInAs(page: Page, token: string, name: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Token' }).fill(token);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/sign-in/);
  // The person's name shows in the header (wide screens) and in the menu (phones).
  await expect(page.getByText(name, { exact: true }).first()).toBeAttached();
}

/** axe-core on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`).join('\n');
  expect(bad.length, `axe on ${what}:\n${report}`).toBe(0);
}

export const test = base.extend({
  // The server the global setup started (its port is known only then).
  baseURL: async ({ baseURL: _configured }, use) => {
    await use(consoleUrl());
  },
});

export { expect };

/**
 * Nothing on the page is wider than the window (no sideways scrolling of the whole page), once
 * the layout has settled: right after a resize the shell's navbar slides away and the main
 * column's padding follows it for a few hundred milliseconds, so the check is retried for up to
 * 5 s and fails only on a width that stays.
 */
export async function expectNoHorizontalOverflow(page: Page, what: string): Promise<void> {
  const measure = async () =>
    (await page.evaluate('({ scrollWidth: document.scrollingElement.scrollWidth, innerWidth: window.innerWidth })')) as { scrollWidth: number; innerWidth: number };
  let last = await measure();
  await expect
    .poll(
      async () => {
        last = await measure();
        return last.scrollWidth - last.innerWidth;
      },
      { message: `${what}: the page stays wider than its window`, timeout: 5_000 },
    )
    .toBeLessThanOrEqual(0);
  expect(last.scrollWidth, `${what}: the page is ${last.scrollWidth} px wide in a ${last.innerWidth} px window`).toBeLessThanOrEqual(last.innerWidth);
}
