import { candidateCluster } from './support/clusters';
import { expect, expectAccessible, signInWithToken, test } from './support/fixtures';

/**
 * An agency admin enters a person who has not signed in yet, changes their roles, finds them
 * by role, then makes them a CDA of a cluster and a member of its commission (a `scope:
 * cluster` role) and takes the CDA assignment back. Every action says what happened.
 */
test('an agency admin enters a person, gives roles, and assigns them on a cluster', async ({ page }) => {
  const clusterName = 'Enugu furniture cluster';
  const clusterId = await candidateCluster(clusterName);

  await signInWithToken(page, 'ada.admin');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'People and roles' })).toBeVisible();
  const list = page.getByRole('region', { name: 'The agency’s people' }).first();
  await expect(list).toContainText('chidi.cda');
  await expectAccessible(page, 'the people page');

  // The user id is required: the server says so.
  await page.getByRole('textbox', { name: 'Name' }).fill('Emeka CDA');
  await page.getByRole('button', { name: 'Add the person' }).click();
  await expect(page.getByRole('textbox', { name: 'User id' })).toHaveAccessibleDescription(/must not be empty/);
  await page.getByRole('textbox', { name: 'User id' }).fill('emeka.cda');
  await page.getByRole('textbox', { name: 'Email' }).fill('emeka@example.org');
  await page.getByRole('combobox', { name: 'Roles' }).fill('cda');
  await page.getByRole('combobox', { name: 'Roles' }).press('Enter');
  await page.getByRole('button', { name: 'Add the person' }).click();
  await expect(page.getByText('Emeka CDA was added with the roles: cda.')).toBeVisible();
  await expect(list.getByRole('row', { name: /emeka\.cda/ })).toContainText('emeka@example.org');

  // A second role.
  await list.getByRole('button', { name: 'Change Emeka CDA' }).click();
  await expect(page.getByRole('heading', { name: 'Change Emeka CDA' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Roles' }).fill('cluster_commission');
  await page.getByRole('combobox', { name: 'Roles' }).press('Enter');
  await page.getByRole('button', { name: 'Save the changes' }).click();
  await expect(page.getByText('Emeka CDA was saved with the roles: cda, cluster_commission.')).toBeVisible();

  // Those holding a role.
  await page.getByRole('combobox', { name: 'Holding the role' }).fill('cluster_commission');
  await page.getByRole('option', { name: 'cluster_commission', exact: true }).click();
  await expect(list.getByRole('row', { name: /emeka\.cda/ })).toBeVisible();
  await expect(list.getByRole('row', { name: /chidi\.cda/ })).toHaveCount(0);

  // On the cluster: Emeka becomes a CDA and a commission member; the CDA assignment is taken back.
  await page.goto(`/clusters/${clusterId}`);
  const team = page.getByRole('region', { name: 'Team' });
  await team.getByRole('combobox', { name: 'CDA to assign' }).fill('Emeka');
  await page.getByRole('option', { name: 'Emeka CDA (emeka.cda)' }).click();
  await team.getByRole('button', { name: 'Assign as CDA' }).click();
  await expect(page.getByText('Emeka CDA (emeka.cda) is now a CDA of this cluster.')).toBeVisible();
  await team.getByRole('combobox', { name: 'Person' }).fill('Emeka');
  await page.getByRole('option', { name: 'Emeka CDA (emeka.cda)' }).click();
  await team.getByRole('button', { name: 'Assign the role' }).click();
  await expect(page.getByText('Emeka CDA (emeka.cda) now holds Cluster commission member on this cluster.')).toBeVisible();
  await expectAccessible(page, 'the cluster page for an agency admin');
  await team.getByRole('button', { name: 'Remove emeka.cda as CDA' }).click();
  await expect(page.getByText('Emeka CDA (emeka.cda) is no longer a CDA of this cluster.')).toBeVisible();
  await expect(team.getByRole('button', { name: 'Remove emeka.cda as Cluster commission member' })).toBeVisible();
});

test('people is in the navigation of agency admins only', async ({ page }) => {
  await signInWithToken(page, 'chidi.cda');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' })).toHaveCount(0);
});
