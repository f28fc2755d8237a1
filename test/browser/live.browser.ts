import { candidateCluster } from './support/clusters';
import { expect, expectAccessible, signInWithToken, test } from './support/fixtures';

/**
 * Two people on one cluster, each in their own browser context: the programme manager
 * approves the selection in their role, and the CDA's page shows it at once (clusterEvents),
 * without a reload; the CDA's advance shows on the manager's page the same way.
 */
test('two browsers on one cluster see each other’s changes live; an approver approves in their role', async ({ browser }) => {
  const name = 'Ikorodu furniture cluster';
  const clusterId = await candidateCluster(name);
  const cdaContext = await browser.newContext({ baseURL: process.env.CONSOLE_URL });
  const pmContext = await browser.newContext({ baseURL: process.env.CONSOLE_URL });
  const cda = await cdaContext.newPage();
  const pm = await pmContext.newPage();
  await signInWithToken(cda, 'chidi.cda');
  await signInWithToken(pm, 'priya.pm');
  await cda.goto(`/clusters/${clusterId}`);
  await pm.goto(`/clusters/${clusterId}`);
  const cdaGate = cda.getByRole('region', { name: 'Select the cluster → Diagnostic study' });
  const pmGate = pm.getByRole('region', { name: 'Select the cluster → Diagnostic study' });
  await expect(cdaGate.getByText('1 requirement missing')).toBeVisible();
  // The CDA cannot approve for the programme manager; the manager can, in that role.
  await expect(cdaGate.getByRole('button', { name: /Approve/ })).toHaveCount(0);
  await expectAccessible(pm, 'the cluster page with a decision form');
  await pmGate.getByRole('textbox', { name: 'Comment' }).fill('Selected: strong potential');
  await pmGate.getByRole('button', { name: 'Approve as Agency programme manager' }).click();
  await expect(pm.getByText('You approved “Select the cluster” as Agency programme manager.')).toBeVisible();

  // The CDA's page changes by itself, and says who did what.
  await expect(cdaGate.getByText('Ready')).toBeVisible();
  await expect(cda.getByText('Priya Programme Manager: gave a decision')).toBeVisible();
  await cdaGate.getByRole('button', { name: 'Advance to Diagnostic study' }).click();
  await expect(pm.getByText(/In phase “Diagnostic study”/)).toBeVisible();
  await expect(pm.getByText('Chidi CDA: passed a gate')).toBeVisible();
  await cdaContext.close();
  await pmContext.close();
});
