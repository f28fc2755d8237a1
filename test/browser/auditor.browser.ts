import { readFileSync } from 'node:fs';
import { candidateCluster } from './support/clusters';
import { expect, expectAccessible, gql, signInWithToken, test } from './support/fixtures';

/**
 * An auditor filters the approval history (keyset pages of 50), reads a cluster's audit trail,
 * verifies the agency, saves a signed head and verifies against it, and downloads an export.
 */
test('an auditor filters the approval history, verifies the agency against a saved head and downloads an export', async ({ page }) => {
  // 55 decisions by the programme manager on one cluster (alternating), the last a rejection.
  const clusterId = await candidateCluster('Nnewi auto parts cluster');
  for (let i = 0; i < 55; i++) {
    const outcome = i % 2 === 0 ? 'REJECT' : 'APPROVE';
    await gql('priya.pm', `mutation($id: ID!, $o: Outcome!, $c: String) { decide(input: { clusterId: $id, gate: "select_cluster", role: "programme_manager", outcome: $o, comment: $c }) { id } }`, {
      id: clusterId,
      o: outcome,
      c: `Review ${i + 1}`,
    });
  }

  await signInWithToken(page, 'aisha.auditor');
  await page.getByRole('link', { name: 'Approval history' }).click();
  await expect(page.getByRole('heading', { name: 'Approval history' })).toBeVisible();
  await page.getByRole('textbox', { name: 'Cluster id' }).fill(clusterId);
  await page.getByRole('textbox', { name: 'Decided by (user id)' }).fill('priya.pm');
  await page.getByRole('button', { name: 'Apply the filters' }).click();
  await expect(page.getByText('55 decisions (50 shown)')).toBeVisible();
  const table = page.getByRole('region', { name: 'Decisions, newest first' });
  await expect(table.getByRole('row').nth(1)).toContainText('Review 55');
  await expectAccessible(page, 'the approval history');
  await page.getByRole('button', { name: 'Load more' }).click();
  await expect(page.getByText('55 decisions (55 shown)')).toBeVisible();
  await expect(table.getByRole('row').last()).toContainText('Review 1');
  await expect(page.getByRole('button', { name: 'Load more' })).toHaveCount(0);

  // Only the rejections.
  await page.getByRole('combobox', { name: 'Outcome' }).click();
  await page.getByRole('option', { name: 'Rejected' }).click();
  await page.getByRole('button', { name: 'Apply the filters' }).click();
  await expect(page.getByText('28 decisions (28 shown)')).toBeVisible();
  // A day range that ends before today: nothing.
  await page.getByRole('textbox', { name: 'To (day, inclusive)' }).fill('2020-01-01');
  await page.getByRole('button', { name: 'Apply the filters' }).click();
  await expect(page.getByText('0 decisions (0 shown)')).toBeVisible();

  // The cluster's audit trail, from the cluster page.
  await page.goto(`/clusters/${clusterId}`);
  await page.getByRole('link', { name: 'Audit trail of this cluster' }).click();
  await expect(page.getByRole('heading', { name: 'Audit trail of Nnewi auto parts cluster' })).toBeVisible();
  const events = page.getByRole('region', { name: 'Events in order' });
  await expect(events.getByRole('row').nth(1)).toContainText('Registered');
  await page.getByRole('button', { name: 'Verify this cluster’s chain' }).click();
  await expect(page.getByText('The history is intact')).toBeVisible();
  await expectAccessible(page, 'a cluster’s audit trail');

  // The agency: verify, save a signed head, verify against it after more history is recorded.
  await page.getByRole('link', { name: 'Audit integrity' }).click();
  await page.getByRole('button', { name: 'Verify every cluster' }).click();
  await expect(page.getByRole('region', { name: 'Verify the agency’s history' }).getByText('The history is intact')).toBeVisible();
  const headDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Save the signed head' }).click();
  const head = JSON.parse(readFileSync(await (await headDownload).path(), 'utf8'));
  expect(head).toMatchObject({ agency: 'demo', keyId: expect.any(String), signature: expect.any(String) });
  await expect(page.getByRole('textbox', { name: 'Saved head' })).toHaveValue(/"signature"/);
  await gql('priya.pm', `mutation($id: ID!) { decide(input: { clusterId: $id, gate: "select_cluster", role: "programme_manager", outcome: APPROVE, comment: "After the head" }) { id } }`, { id: clusterId });
  await page.getByRole('button', { name: 'Verify against the saved head' }).click();
  const heads = page.getByRole('region', { name: 'Signed heads' });
  await expect(heads.getByText('The history is intact')).toBeVisible();
  // A head altered by hand is refused, in words.
  await page.getByRole('textbox', { name: 'Saved head' }).fill(JSON.stringify({ ...head, events: head.events + 1 }));
  await page.getByRole('button', { name: 'Verify against the saved head' }).click();
  await expect(heads.getByText('The history is not as recorded').or(heads.getByRole('alert'))).toBeVisible();
  await expectAccessible(page, 'the audit integrity page');

  const exportDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download the export (CSV)' }).click();
  const csv = await exportDownload;
  expect(csv.suggestedFilename()).toMatch(/\.csv$/);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text).toContain(clusterId);
});
