import type { Page } from '@playwright/test';
import { assignCommission, candidateCluster } from './support/clusters';
import { attachPdf, uploadedPdf } from './support/files';
import { expect, expectAccessible, expectNoHorizontalOverflow, gql, signInWithToken, test } from './support/fixtures';

const GATE = 'Endorse the Diagnostic Study Report → Trust building';

/** A candidate cluster taken into the diagnostic study, with two commission members assigned (as in approver.browser.ts). */
async function clusterInDiagnostic(name: string): Promise<string> {
  const id = await candidateCluster(name);
  await gql('priya.pm', `mutation($id: ID!) { decide(input: { clusterId: $id, gate: "select_cluster", role: "programme_manager", outcome: APPROVE }) { id } }`, { id });
  await gql('chidi.cda', `mutation($id: ID!) { advance(clusterId: $id, gate: "select_cluster") { id } }`, { id });
  await assignCommission(id, ['carlos.commission', 'chen.commission']);
  return id;
}

const DSR_FIELDS = { firms_surveyed: 80, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };

/** The bell's unread count, read from its accessible name ("Notifications, 3 unread" or "Notifications, none unread"). */
async function unreadCount(page: Page): Promise<number> {
  const name = await bell(page).getAttribute('aria-label');
  if (name === 'Notifications, none unread') return 0;
  const m = /^Notifications, (\d+) unread$/.exec(name ?? '');
  if (!m) throw new Error(`the bell is named “${name}”`);
  return Number(m[1]);
}

const bell = (page: Page) => page.getByRole('banner').getByRole('button', { name: /^Notifications, / });

/**
 * A commission member's bell counts what waits for them, live: the CDA submits a study in
 * their own browser and the member's count rises without a reload; they open the list,
 * mark one read, follow another to its cluster, mark all read; on the notifications page
 * they choose a daily digest, which is kept after a reload.
 */
test('the bell counts new notifications live, they lead to the cluster, are marked read, and the email choice is kept', async ({ browser, page }) => {
  const first = 'Kano tannery cluster';
  const second = 'Onitsha footwear cluster';
  const firstId = await clusterInDiagnostic(first);
  const secondId = await clusterInDiagnostic(second);
  await gql('carlos.commission', 'mutation { markNotificationsRead }');

  await signInWithToken(page, 'carlos.commission');
  await expect(bell(page)).toHaveAccessibleName('Notifications, none unread');

  // The CDA submits the first cluster's study in their own browser.
  const cdaContext = await browser.newContext({ baseURL: process.env.CONSOLE_URL });
  const cda = await cdaContext.newPage();
  await signInWithToken(cda, 'chidi.cda');
  await cda.goto(`/clusters/${firstId}`);
  await cda.getByRole('region', { name: GATE }).getByRole('button', { name: 'Submit the Diagnostic Study Report (DSR)' }).click();
  const form = cda.getByRole('dialog', { name: 'Submit a document' });
  await form.getByRole('textbox', { name: 'Title' }).fill(`${first} study`);
  await form.getByRole('textbox', { name: 'Firms surveyed' }).fill('80');
  for (const box of ['Contains a cluster map', /Contains vital statistics/, 'Contains a value-chain analysis', 'Contains an analysis of business development services', 'Contains a SWOT analysis']) {
    await form.getByRole('checkbox', { name: box }).check();
  }
  await attachPdf(cda, form, 'study.pdf', `${first} study`);
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(cda.getByText(`“${first} study” was submitted (version 1).`)).toBeVisible();
  await cdaContext.close();

  // Carlos's bell rises without a reload.
  await expect(bell(page)).toHaveAccessibleName(/^Notifications, \d+ unread$/);
  const afterFirst = await unreadCount(page);
  expect(afterFirst).toBeGreaterThanOrEqual(1);

  // A second study, submitted over the API: the count rises again.
  await gql('chidi.cda', `mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { id } }`, {
    input: { clusterId: secondId, type: 'diagnostic_report', title: `${second} study`, fields: DSR_FIELDS, files: [await uploadedPdf('chidi.cda', 'study.pdf', `${second} study`)] },
  });
  await expect.poll(() => unreadCount(page)).toBeGreaterThan(afterFirst);
  const afterSecond = await unreadCount(page);

  // The list: newest first, each with its cluster's link; mark the second cluster's one read.
  await bell(page).click();
  const latest = page.getByRole('list', { name: 'Latest notifications' });
  await expect(latest.getByRole('listitem').first()).toContainText(`Decision requested: Endorse the Diagnostic Study Report of ${second}`);
  await expect(latest.getByRole('listitem').first().getByText('Unread')).toBeVisible();
  await expectAccessible(page, 'the notifications panel');
  await latest.getByRole('button', { name: `Mark read: Decision requested: Endorse the Diagnostic Study Report of ${second}` }).first().click();
  await expect(page.getByText(`Marked read: Decision requested: Endorse the Diagnostic Study Report of ${second}`)).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName(`Notifications, ${afterSecond - 1} unread`);

  // Following the first cluster's notification opens its page and marks it read.
  await latest.getByRole('link', { name: first }).first().click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${firstId}$`));
  await expect(page.getByRole('heading', { level: 2, name: first })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName(afterSecond - 2 === 0 ? 'Notifications, none unread' : `Notifications, ${afterSecond - 2} unread`);

  // Mark all read: the count is gone, and the server agrees after a reload.
  if (afterSecond - 2 > 0) {
    await bell(page).click();
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect(page.getByText(/notifications? marked read\./)).toBeVisible();
    await expect(bell(page)).toHaveAccessibleName('Notifications, none unread');
  }
  await page.reload();
  await expect(bell(page)).toHaveAccessibleName('Notifications, none unread');

  // The notifications page: every notification, the unread ones (none now), and the email choice.
  await bell(page).click();
  await page.getByRole('link', { name: 'All notifications and email settings' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Notifications' })).toBeVisible();
  const all = page.getByRole('list', { name: 'Your notifications' });
  await expect(all.getByRole('listitem').filter({ hasText: `of ${first}` }).first()).toBeVisible();
  await expect(all.getByRole('link', { name: second }).first()).toHaveAttribute('href', `/clusters/${secondId}`);
  await page.getByRole('switch', { name: 'Unread only' }).check();
  await expect(page.getByText('Nothing unread: you have read every notification.')).toBeVisible();
  await page.getByRole('switch', { name: 'Unread only' }).uncheck();

  const email = page.getByRole('radiogroup', { name: 'Email me about notifications' });
  await expect(email.getByRole('radio', { name: 'Immediately: a mail for each notification' })).toBeChecked();
  await email.getByRole('radio', { name: 'Daily digest: one mail a day' }).check();
  await expect(page.getByText('Saved: you will get one mail a day with the day’s notifications.')).toBeVisible();
  await expectAccessible(page, 'the notifications page');
  await page.reload();
  await expect(page.getByRole('radiogroup', { name: 'Email me about notifications' }).getByRole('radio', { name: 'Daily digest: one mail a day' })).toBeChecked();
  // The language of notifications and mails: each template's own until chosen; the mail choice is kept with it.
  const language = page.getByRole('combobox', { name: 'Language of notifications and mails' });
  await expect(language).toHaveValue('');
  await language.selectOption('Français');
  await expect(page.getByText('Notifications and mails will be in Français where the template gives it.')).toBeVisible();
  await page.reload();
  await expect(page.getByRole('combobox', { name: 'Language of notifications and mails' })).toHaveValue('fr');
  const { notificationPreferences } = await gql('carlos.commission', '{ notificationPreferences { email language } }');
  expect(notificationPreferences).toEqual({ email: 'DAILY_DIGEST', language: 'fr' });
  await gql('carlos.commission', 'mutation { setNotificationPreferences(email: IMMEDIATE, language: null) { email } }');
});

test('on a 390 px wide phone, the bell’s panel fits the screen', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: process.env.CONSOLE_URL });
  const page = await context.newPage();
  await signInWithToken(page, 'priya.pm');
  await expect(bell(page)).toBeVisible();
  await bell(page).click();
  await expect(page.getByRole('link', { name: 'All notifications and email settings' })).toBeVisible();
  await expectNoHorizontalOverflow(page, 'the notifications panel');
  await expectAccessible(page, 'the notifications panel on a phone');
  // Escape closes it and gives the focus back to the bell.
  await page.keyboard.press('Escape');
  await expect(page.getByRole('region', { name: 'Notifications' })).toHaveCount(0);
  await expect(bell(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(bell(page)).toBeFocused();
  await bell(page).click();
  await expect(bell(page)).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('link', { name: 'All notifications and email settings' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Notifications' })).toBeVisible();
  await expectNoHorizontalOverflow(page, 'the notifications page');
  await context.close();
});
