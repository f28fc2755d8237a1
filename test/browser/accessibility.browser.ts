import type { Browser, Page } from '@playwright/test';
import { clusterIdByName } from './support/clusters';
import { expect, expectAccessible, expectNoHorizontalOverflow, signInWithToken, test, type Person } from './support/fixtures';

/** Every page of the console, as the person it is for, with what shows once it is drawn. */
function pages(clusterId: string): { who: Person; path: string; heading: string | RegExp; what: string }[] {
  return [
    { who: 'priya.pm', path: '/my-work', heading: 'My work', what: 'My work' },
    { who: 'priya.pm', path: '/notifications', heading: 'Notifications', what: 'the notifications page' },
    { who: 'chidi.cda', path: '/clusters', heading: 'Clusters', what: 'the clusters list' },
    { who: 'chidi.cda', path: `/clusters/${clusterId}`, heading: 'Aba leather cluster', what: 'a cluster page (CDA)' },
    { who: 'ada.admin', path: `/clusters/${clusterId}`, heading: 'Aba leather cluster', what: 'a cluster page (agency admin)' },
    { who: 'chidi.cda', path: '/clusters/new', heading: 'Register a cluster', what: 'the registration form' },
    { who: 'ada.admin', path: '/people', heading: 'People and roles', what: 'people and roles' },
    { who: 'ada.admin', path: '/webhooks', heading: 'Webhooks', what: 'the webhooks page' },
    { who: 'ada.admin', path: '/templates', heading: 'Programme templates', what: 'the templates list' },
    { who: 'ada.admin', path: '/templates/unido-cda', heading: 'UNIDO Cluster Development Approach', what: 'a template' },
    { who: 'ada.admin', path: '/templates/unido-cda/edit', heading: 'New version of unido-cda', what: 'the template editor' },
    { who: 'ada.admin', path: '/templates/new', heading: 'A new template', what: 'the editor for a new template' },
    { who: 'aisha.auditor', path: '/approvals', heading: 'Approval history', what: 'the approval history' },
    { who: 'aisha.auditor', path: `/clusters/${clusterId}/audit`, heading: 'Audit trail of Aba leather cluster', what: 'a cluster’s audit trail' },
    { who: 'aisha.auditor', path: '/integrity', heading: 'Audit integrity', what: 'audit integrity' },
    { who: 'musa.me', path: '/dashboard?groupBy=ATTRIBUTE&attribute=sector', heading: 'Dashboard', what: 'the dashboard (an indicator by attribute)' },
    { who: 'aisha.auditor', path: '/no-such-page', heading: 'Page not found', what: 'the page for an unknown address' },
  ];
}

async function visitAll(browser: Browser, viewport: { width: number; height: number }, phone: boolean) {
  const clusterId = await clusterIdByName('Aba leather cluster');
  const contexts = new Map<Person, Page>();
  const pageFor = async (who: Person) => {
    let page = contexts.get(who);
    if (!page) {
      const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone, baseURL: process.env.CONSOLE_URL });
      page = await context.newPage();
      await signInWithToken(page, who);
      contexts.set(who, page);
    }
    return page;
  };

  // The sign-in page, before anyone signs in.
  const context = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone, baseURL: process.env.CONSOLE_URL });
  const visitor = await context.newPage();
  await visitor.goto('/sign-in');
  await expect(visitor.getByRole('heading', { name: 'Sign in to Clusterflow' })).toBeVisible();
  await expectAccessible(visitor, `the sign-in page${phone ? ' on a phone' : ''}`);
  if (phone) await expectNoHorizontalOverflow(visitor, 'the sign-in page');
  await context.close();

  for (const p of pages(clusterId)) {
    const page = await pageFor(p.who);
    await page.goto(p.path);
    await expect(page.getByRole('heading', { level: 2, name: p.heading })).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0); // nothing still loading (Mantine's Loader)
    await expectAccessible(page, `${p.what}${phone ? ' on a phone' : ''}`);
    if (phone) await expectNoHorizontalOverflow(page, p.what);
  }
  for (const page of contexts.values()) await page.context().close();
}

test.describe('every page of the console, as the person it is for: axe finds no serious or critical violation', () => {
  // 16 pages, each signed in and checked by axe: on a busy 2-core machine one pass took over 240 s.
  test.describe.configure({ timeout: 480_000 });
  test('on a desktop', async ({ browser }) => {
    await visitAll(browser, { width: 1280, height: 800 }, false);
  });

  test('on a 390 px wide phone, with nothing wider than the screen', async ({ browser }) => {
    await visitAll(browser, { width: 390, height: 844 }, true);
  });
});
