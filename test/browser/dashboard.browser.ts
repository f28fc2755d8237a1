import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { expect, expectAccessible, expectNoHorizontalOverflow, signInWithToken, test } from './support/fixtures';

/**
 * The M&E officer's dashboard on the demo's history (apps/api/src/demo/demo-history.ts), whose
 * figures below do not depend on the seeding date nor on what the other browser tests add
 * (they move clusters no further than trust building and record no joint actions).
 */
test('an M&E officer reads the dashboard, groups an indicator by cluster and downloads the report', async ({ page }) => {
  await signInWithToken(page, 'musa.me');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Dashboard' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Programme template' })).toHaveValue(/^UNIDO Cluster Development Approach \(\d+ clusters\)$/);

  // Where the clusters are: Onitsha alone is implementing, Ilorin was dropped.
  const phases = page.getByRole('region', { name: 'Clusters per phase' });
  await expect(phases.getByRole('row', { name: /^Implementation/ }).getByRole('cell').first()).toHaveText('1');
  await expect(phases.getByRole('row', { name: /^Dropped/ }).getByRole('cell').first()).toHaveText('1');

  // Time in phase: Nnewi's one completed implementation (240 days less its last 4 hours), two trust-building visits.
  const durations = page.getByRole('region', { name: 'Time in phase' });
  const implementation = durations.getByRole('row', { name: /^Implementation/ }).getByRole('cell');
  await expect(implementation).toHaveText(['2', '1', '1', '239.8 days', '239.8 days', '239.8 days']);
  await expect(durations.getByRole('row', { name: /^Trust building/ }).getByRole('cell').nth(3)).toHaveText('134.7 days');

  // Nnewi's revised plan waits for both endorsements.
  const gates = page.getByRole('region', { name: 'Bottleneck gates' });
  const plan = gates.getByRole('row', { name: /^Endorse the action plan/ }).getByRole('cell');
  await expect(plan.nth(0)).toHaveText('1');
  await expect(plan.nth(2)).toHaveText('approvals (1)');
  await expectAccessible(page, 'the dashboard');

  // The indicator report: joint actions by period, then by cluster.
  const indicators = page.getByRole('region', { name: 'Indicator report' });
  await expect(indicators.getByRole('combobox', { name: 'Indicator' })).toHaveValue('Joint actions completed (count)');
  await expect(indicators.getByRole('img', { name: /^Chart of Joint actions completed by Period/ })).toBeVisible();
  await indicators.getByText('Cluster', { exact: true }).click();
  await expect(page).toHaveURL(/groupBy=CLUSTER/);
  const table = indicators.getByRole('region', { name: 'Joint actions completed by Cluster' });
  await expect(table.getByRole('row', { name: /^Nnewi auto parts/ }).getByRole('cell')).toHaveText(['1', '10', '0', '8', '125%']);
  await expect(table.getByRole('row', { name: /^Onitsha garment makers/ }).getByRole('cell')).toHaveText(['1', '7', '0', '8', '88%']);
  await expect(indicators.getByRole('img', { name: /^Chart of Joint actions completed by Cluster/ })).toBeVisible();

  // Downloaded as the table shows it.
  const csvDownload = page.waitForEvent('download');
  await indicators.getByRole('button', { name: 'Download Joint actions completed by Cluster as CSV' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe('indicator-unido-cda-joint_actions-cluster.csv');
  const lines = readFileSync(await csv.path(), 'utf8').trim().split(/\r\n/);
  expect(lines[0]).toBe('key,label,clusters,value,baseline,target,progress');
  expect(lines.find((l) => l.includes(',Nnewi auto parts,'))).toMatch(/,Nnewi auto parts,1,10,0,8,1\.25$/);
  const xlsxDownload = page.waitForEvent('download');
  await indicators.getByRole('button', { name: 'Download Joint actions completed by Cluster as XLSX' }).click();
  const xlsx = await xlsxDownload;
  expect(xlsx.suggestedFilename()).toBe('indicator-unido-cda-joint_actions-cluster.xlsx');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await xlsx.path());
  const rows = workbook.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
  expect(rows.find((r) => r[1] === 'Onitsha garment makers')?.slice(2)).toEqual([1, 7, 0, 8, 0.875]);
  await expect(page.getByText('Downloaded indicator-unido-cda-joint_actions-cluster.xlsx.')).toBeVisible();

  // In French, numbers are written the French way.
  await page.getByRole('combobox', { name: 'Language' }).selectOption('Français');
  await expect(page.getByRole('heading', { level: 2, name: 'Tableau de bord' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Temps passé par phase' }).getByRole('row', { name: /^Implementation/ }).getByRole('cell').nth(3)).toHaveText(/^239,8 jours$/);
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('English');
});

test('the dashboard is usable on a 390 px phone', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: process.env.CONSOLE_URL });
  const page = await context.newPage();
  await signInWithToken(page, 'musa.me');
  await page.goto('/dashboard?groupBy=CLUSTER');
  await expect(page.getByRole('heading', { level: 2, name: 'Dashboard' })).toBeVisible();
  // The tables are cards on a phone, each figure with its column's name: no column cut at the edge.
  const report = page.getByRole('region', { name: 'Indicator report' }).getByRole('list', { name: 'Joint actions completed by Cluster' });
  await expect(report.getByRole('listitem').filter({ hasText: 'Nnewi auto parts' })).toContainText('Progress: 125%');
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  const durations = page.getByRole('region', { name: 'Time in phase' }).getByRole('list', { name: 'Time in phase' });
  await expect(durations.getByRole('listitem').filter({ hasText: 'Implementation' })).toContainText('Longest: ');
  await expect(page.getByRole('region', { name: 'Bottleneck gates' }).getByRole('list', { name: 'Bottleneck gates' }).getByRole('listitem').filter({ hasText: 'Endorse the action plan' })).toContainText('Clusters waiting: ');
  await expect(page.getByRole('region', { name: 'Clusters per phase' }).getByRole('list', { name: 'Clusters per phase' }).getByRole('listitem').filter({ hasText: 'Implementation' })).toContainText('Clusters: 1');
  await expect(page.getByRole('table')).toHaveCount(0);
  await expectNoHorizontalOverflow(page, 'the dashboard');
  await page.screenshot({ path: 'test-results/screens/dashboard-phone.png', fullPage: true });
  await expectAccessible(page, 'the dashboard on a phone');
  await context.close();
});
