import type { Page } from '@playwright/test';
import { assignCommission, candidateCluster, clusterIdByName } from './support/clusters';
import { attachPdf } from './support/files';
import { expect, expectAccessible, expectNoHorizontalOverflow, gql, signInWithToken, test } from './support/fixtures';

/**
 * A CDA takes a cluster from selection through the diagnostic study: opens it from the
 * portfolio, reads what the selection gate still needs and who must act, scores it, sees the
 * programme manager's approval arrive live, advances; submits the Diagnostic Study Report
 * through the form generated from the template's fields (the server's error shows beside the
 * field it concerns), sees the checklist change, and advances once the commission endorsed it.
 * Other people's steps go through GraphQL as those people.
 */
async function cdaJourney(page: Page, clusterName: string, { checkA11y, phone = false }: { checkA11y: boolean; phone?: boolean }) {
  // On a phone, no page of the journey is wider than the screen.
  const fits = async (what: string) => {
    if (phone) await expectNoHorizontalOverflow(page, what);
  };
  await signInWithToken(page, 'chidi.cda');
  await expect(page.getByRole('heading', { level: 2, name: 'My work' })).toBeVisible();
  await fits('My work');
  await page.goto('/clusters');
  await expect(page.getByRole('heading', { level: 2, name: 'Clusters' })).toBeVisible();
  await fits('the clusters list');
  await page.getByRole('textbox', { name: 'Search' }).fill(clusterName);
  await page.getByRole('link', { name: clusterName }).click();
  await expect(page.getByRole('heading', { level: 2, name: clusterName })).toBeVisible();
  const clusterId = page.url().split('/clusters/')[1];
  if (checkA11y) await expectAccessible(page, 'the cluster page in selection');
  await fits('the cluster page in selection');

  // The selection gate: everything holds but the programme manager's approval.
  const selectGate = page.getByRole('region', { name: 'Select the cluster → Diagnostic study' });
  await expect(selectGate.getByText('1 requirement missing')).toBeVisible();
  await expect(selectGate.getByText('Who must act: Agency programme manager')).toBeVisible();
  await expect(selectGate.getByRole('button', { name: /Approve/ })).toHaveCount(0);

  // Score again: the total is recomputed by the server.
  await page.getByRole('button', { name: 'Score the cluster' }).click();
  const dialog = page.getByRole('dialog', { name: 'Score the cluster' });
  await dialog.getByRole('textbox', { name: 'Importance' }).fill('5');
  await dialog.getByRole('textbox', { name: 'Potential to be promoted' }).fill('4');
  await dialog.getByRole('textbox', { name: 'Viability' }).fill('4');
  await dialog.getByRole('textbox', { name: 'Sustainability' }).fill('3');
  await dialog.getByRole('button', { name: 'Save the scores' }).click();
  await expect(page.getByText('The scores were saved; the cluster’s score is now 4.1.')).toBeVisible();
  await expect(dialog).toBeHidden();

  // The programme manager approves elsewhere: the page shows it without a reload.
  await gql('priya.pm', `mutation($id: ID!) { decide(input: { clusterId: $id, gate: "select_cluster", role: "programme_manager", outcome: APPROVE, comment: "Selected" }) { id } }`, { id: clusterId });
  await expect(selectGate.getByText('Ready')).toBeVisible();
  await selectGate.getByRole('button', { name: 'Advance to Diagnostic study' }).click();
  await expect(page.getByText('The cluster moved to Diagnostic study.')).toBeVisible();

  // Diagnostic: the report and two commission endorsements are missing.
  const endorseGate = page.getByRole('region', { name: 'Endorse the Diagnostic Study Report → Trust building' });
  await expect(endorseGate.getByText('2 requirements missing')).toBeVisible();
  await expect(endorseGate.getByText(/Diagnostic Study Report \(DSR\) with has_swot = true.*needed; 0 submitted/)).toBeVisible();
  await expect(endorseGate.getByText('Who must act: Cluster commission member')).toBeVisible();
  if (checkA11y) await expectAccessible(page, 'the cluster page in diagnostic');
  await fits('the cluster page in diagnostic');

  await endorseGate.getByRole('button', { name: 'Submit the Diagnostic Study Report (DSR)' }).click();
  const form = page.getByRole('dialog', { name: 'Submit a document' });
  await form.getByRole('textbox', { name: 'Title' }).fill(`${clusterName} diagnostic study`);
  await form.getByRole('checkbox', { name: 'Contains a cluster map' }).check();
  await form.getByRole('checkbox', { name: /Contains vital statistics/ }).check();
  await form.getByRole('checkbox', { name: 'Contains a value-chain analysis' }).check();
  await form.getByRole('checkbox', { name: 'Contains an analysis of business development services' }).check();
  await form.getByRole('checkbox', { name: 'Contains a SWOT analysis' }).check();
  if (checkA11y) await expectAccessible(page, 'the document form');
  await fits('the document form');
  // Firms surveyed is required: the server says so, next to the field.
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form.getByRole('textbox', { name: 'Firms surveyed' })).toHaveAccessibleDescription(/is required/);
  await form.getByRole('textbox', { name: 'Firms surveyed' }).fill('120');
  await form.getByRole('textbox', { name: 'Date of the stakeholder validation workshop' }).fill('2026-11-20');
  // The template wants the report itself: the CDA chooses its PDF and waits for the upload.
  await attachPdf(page, form, 'diagnostic-study.pdf', `${clusterName} diagnostic study`);
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(page.getByText(`“${clusterName} diagnostic study” was submitted (version 1).`)).toBeVisible();

  // The checklist changed: only the endorsements are missing now.
  await expect(endorseGate.getByText('1 requirement missing')).toBeVisible();
  await expect(endorseGate.getByText(/approval/i)).toBeVisible();

  // Two commission members endorse it (the admin assigns them to this cluster first).
  await assignCommission(clusterId, ['carlos.commission', 'chen.commission']);
  const { cluster } = await gql('chidi.cda', `query($id: ID!) { cluster(id: $id) { gates { unmet { artefactVersionId } } } }`, { id: clusterId });
  const versionId = cluster.gates[0].unmet[0].artefactVersionId;
  for (const who of ['carlos.commission', 'chen.commission'] as const) {
    await gql(who, `mutation($id: ID!, $v: ID!) { decide(input: { clusterId: $id, gate: "endorse_diagnostic", role: "cluster_commission", outcome: APPROVE, artefactVersionId: $v }) { id } }`, { id: clusterId, v: versionId });
  }
  await expect(endorseGate.getByText('Ready')).toBeVisible();
  await endorseGate.getByRole('button', { name: 'Advance to Trust building' }).click();
  await expect(page.getByText('The cluster moved to Trust building.')).toBeVisible();

  // The timeline shows the three visits, the current one last.
  const timeline = page.getByLabel('Phase timeline');
  await expect(timeline.getByText('Selection of clusters', { exact: true })).toBeVisible();
  await expect(timeline.getByText('Diagnostic study', { exact: true })).toBeVisible();
  await expect(timeline.getByText('Entered through “Endorse the Diagnostic Study Report”')).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: clusterName })).toBeVisible();
  await expect(page.getByText(/In phase “Trust building”/)).toBeVisible();
  if (checkA11y) await expectAccessible(page, 'the cluster page in trust building');
  await fits('the cluster page in trust building');
  // Documents and decisions: a table on a desktop, stacked rows on a phone.
  if (phone) {
    await expect(page.getByRole('list', { name: 'Documents' })).toContainText(`${clusterName} diagnostic study`);
    await expect(page.getByRole('list', { name: 'Decisions' })).toContainText('Approved');
    await expect(page.getByRole('table')).toHaveCount(0);
  } else {
    await expect(page.getByRole('region', { name: 'Documents' }).first().getByRole('table')).toContainText(`${clusterName} diagnostic study`);
  }
  await page.goto(`/clusters/${clusterId}/audit`);
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  await fits('the cluster’s audit trail');
  return clusterId;
}

test.describe('a CDA takes a cluster from selection through the diagnostic study', () => {
  test('on a desktop, the demo cluster', async ({ page }) => {
    const id = await cdaJourney(page, 'Aba leather cluster', { checkA11y: true });
    await page.goto(`/clusters/${id}`);
    await expect(page.getByRole('heading', { level: 2, name: 'Aba leather cluster' })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/cda-desktop.png', fullPage: true });
  });

  test('on a 390 px wide phone', async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: process.env.CONSOLE_URL });
    const page = await context.newPage();
    const name = 'Onitsha footwear cluster';
    await candidateCluster(name);
    expect(await clusterIdByName(name)).toBeTruthy();
    const id = await cdaJourney(page, name, { checkA11y: true, phone: true });
    await page.goto(`/clusters/${id}`);
    await expect(page.getByRole('heading', { level: 2, name })).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/cda-phone.png', fullPage: true });
    await context.close();
  });
});
