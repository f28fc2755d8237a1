import { expect, expectAccessible, signInWithToken, test } from './support/fixtures';

/**
 * A CDA registers a cluster through the form made from the template's attributes (the
 * server's errors beside the fields), records an indicator value and sets its plan; an agency
 * admin suspends it with a reason, then resumes it. Every action says what happened.
 */
test('a CDA registers a cluster and records its indicators; an admin suspends and resumes it', async ({ page, browser }) => {
  const name = 'Aba garment cluster';
  await signInWithToken(page, 'chidi.cda');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Clusters' }).click();
  await page.getByRole('link', { name: 'Register a cluster' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Register a cluster' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Programme template' }).click();
  await page.getByRole('option', { name: 'UNIDO Cluster Development Approach' }).click();
  // The newest version is offered first: version 2, the shipped rules (version 1 is the demo's clusters').
  await expect(page.getByRole('combobox', { name: 'Template version' })).toHaveValue('Version 2');
  await page.getByRole('textbox', { name: 'Name of the cluster' }).fill(name);
  // Sector, region and country are asked once: the template declares them as attributes.
  await page.getByRole('textbox', { name: 'Main trade or product' }).fill('Garments');
  await page.getByRole('textbox', { name: 'Country' }).fill('Nigeria');
  // The template's attributes, typed: a share above 1 and no enterprise count.
  await page.getByRole('textbox', { name: 'Share of women-led enterprises (0-1)' }).fill('1.5');
  await expectAccessible(page, 'the registration form');
  await page.getByRole('button', { name: 'Register the cluster' }).click();
  await expect(page.getByRole('textbox', { name: 'Number of enterprises' })).toHaveAccessibleDescription(/required/);
  await expect(page.getByRole('textbox', { name: 'Share of women-led enterprises (0-1)' })).toHaveAccessibleDescription(/at most 1/);
  await page.getByRole('textbox', { name: 'Number of enterprises' }).fill('320');
  await page.getByRole('textbox', { name: 'Share of women-led enterprises (0-1)' }).fill('0.4');
  await page.getByRole('button', { name: 'Register the cluster' }).click();
  await expect(page.getByText(`“${name}” was registered.`)).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
  await expect(page.getByText('Garments · Nigeria')).toBeVisible();
  const clusterUrl = page.url();

  // Indicators: a value for a period the server refuses, then a good one; then the plan.
  const indicators = page.getByRole('region', { name: 'Indicators' }).first();
  await indicators.getByRole('button', { name: 'Record an indicator value' }).click();
  const record = page.getByRole('dialog', { name: 'Record an indicator value' });
  await record.getByRole('combobox', { name: 'Indicator' }).click();
  await page.getByRole('option', { name: 'Joint actions completed (count)' }).click();
  await record.getByRole('textbox', { name: 'Period' }).fill('third quarter');
  await record.getByRole('textbox', { name: 'Value', exact: true }).fill('3');
  await record.getByRole('button', { name: 'Record the value' }).click();
  await expect(record.getByRole('textbox', { name: 'Period' })).toHaveAccessibleDescription(/2025-Q1|period/i);
  await record.getByRole('textbox', { name: 'Period' }).fill('2026-Q3');
  await expectAccessible(page, 'the indicator value form');
  await record.getByRole('button', { name: 'Record the value' }).click();
  await expect(page.getByText('Joint actions completed: 3 recorded for 2026-Q3.')).toBeVisible();

  await indicators.getByRole('button', { name: 'Set an indicator’s plan' }).click();
  const plan = page.getByRole('dialog', { name: 'Set an indicator’s plan' });
  await plan.getByRole('combobox', { name: 'Indicator' }).click();
  await page.getByRole('option', { name: 'Joint actions completed (count)' }).click();
  await plan.getByRole('textbox', { name: 'Baseline' }).fill('0');
  await plan.getByRole('textbox', { name: 'Period of target 1' }).fill('2026-Q4');
  await plan.getByRole('textbox', { name: 'Value of target 1' }).fill('6');
  await plan.getByRole('button', { name: 'Save the plan' }).click();
  await expect(page.getByText('The plan of Joint actions completed was saved (1 target).')).toBeVisible();
  const row = indicators.getByRole('row', { name: /Joint actions completed/ });
  await expect(row).toContainText('6 count');
  await expect(row).toContainText('50%');
  await expectAccessible(page, 'the cluster page with indicators');

  // The agency admin suspends it with a reason, then resumes it.
  const admin = await browser.newContext({ baseURL: process.env.CONSOLE_URL });
  const adminPage = await admin.newPage();
  await signInWithToken(adminPage, 'ada.admin');
  await adminPage.goto(clusterUrl);
  await adminPage.getByRole('button', { name: 'Suspend the cluster' }).click();
  const dialog = adminPage.getByRole('dialog', { name: 'Suspend the cluster' });
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(dialog.getByRole('textbox', { name: 'Reason for the suspension' })).toHaveAccessibleDescription(/.+/);
  await dialog.getByRole('textbox', { name: 'Reason for the suspension' }).fill('The cluster association is being re-formed.');
  await expectAccessible(adminPage, 'the suspension dialog');
  await dialog.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(adminPage.getByText(`“${name}” is suspended.`)).toBeVisible();
  await expect(adminPage.getByText('Suspended', { exact: true }).first()).toBeVisible();
  await adminPage.getByRole('button', { name: 'Resume the cluster' }).click();
  await expect(adminPage.getByText(`“${name}” is active again.`)).toBeVisible();
  await expect(adminPage.getByRole('button', { name: 'Suspend the cluster' })).toBeVisible();
  await admin.close();
});
