import { candidateCluster } from './support/clusters';
import { expect, expectAccessible, gql, signInWithToken, test } from './support/fixtures';

/** The link each kind of item shows (en.json's work.kind). */
const KIND: Record<string, (cluster: string) => string> = {
  DECIDE: (c) => `Decide on ${c}`,
  SUBMIT_ARTEFACT: (c) => `Submit a document for ${c}`,
  SCORE: (c) => `Score ${c}`,
  RECORD_INDICATOR: (c) => `Record an indicator of ${c}`,
  REACH_MILESTONE: (c) => `Mark a milestone of ${c} as reached`,
  ADVANCE: (c) => `Advance ${c}`,
  CLOSE_CONDITION: (c) => `Close a condition on ${c}`,
};

/**
 * My work: what waits on the signed-in person, in the API's order (overdue first), each item
 * one click from the gate where it is done; the page people land on after signing in.
 */
test('a programme manager lands on My work, sees it in the server’s order and acts in one click', async ({ page }) => {
  const name = 'Kano tannery cluster';
  const clusterId = await candidateCluster(name);

  await signInWithToken(page, 'priya.pm');
  await expect(page).toHaveURL(/\/my-work$/);
  await expect(page.getByRole('heading', { level: 2, name: 'My work' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' })).toBeVisible();

  const { myWork } = await gql('priya.pm', `{ myWork(first: 50) { totalCount edges { node { kind overdue cluster { name } } } } }`);
  expect(myWork.totalCount).toBeGreaterThan(0);
  const list = page.getByRole('list', { name: 'What waits on you' });
  await expect(list.getByRole('listitem')).toHaveCount(myWork.edges.length);
  await expect(page.getByRole('status').filter({ hasText: /waits? on you, overdue first/ })).toBeVisible();
  // The same items in the same order as the API gives them.
  const expected = myWork.edges.map((e: { node: { kind: string; cluster: { name: string } } }) => KIND[e.node.kind](e.node.cluster.name));
  expect((await list.getByRole('link').allTextContents()).map((s) => s.trim())).toEqual(expected);
  await expectAccessible(page, 'My work');

  // One click to the gate concerned, with the focus there; the approval is given on that page.
  const item = list.getByRole('listitem').filter({ has: page.getByRole('link', { name: `Decide on ${name}` }) }).first();
  await expect(item).toContainText('Gate “Select the cluster”');
  await item.getByRole('link', { name: `Decide on ${name}` }).click();
  await expect(page).toHaveURL(new RegExp(`/clusters/${clusterId}#gate-select_cluster$`));
  await expect(page.getByRole('heading', { name: 'Select the cluster → Diagnostic study' })).toBeFocused();
  const gate = page.getByRole('region', { name: 'Select the cluster → Diagnostic study' });
  await gate.getByRole('button', { name: 'Approve as Agency programme manager' }).click();
  await expect(page.getByText('You approved “Select the cluster” as Agency programme manager.')).toBeVisible();
  await expect(gate.getByText('Ready')).toBeVisible();

  // Back on My work, that item is gone.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'My work' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'What waits on you' }).or(page.getByText(/Nothing waits on you/))).toBeVisible();
  await expect(page.getByRole('link', { name: `Decide on ${name}` })).toHaveCount(0);
});

test('an auditor with nothing to do is told so in words', async ({ page }) => {
  await signInWithToken(page, 'aisha.auditor');
  await expect(page).toHaveURL(/\/my-work$/);
  await expect(page.getByText('Nothing waits on you now: no decision, document, score or gate in any cluster of your agency needs you.')).toBeVisible();
  await expect(page.getByRole('list', { name: 'What waits on you' })).toHaveCount(0);
  await expectAccessible(page, 'My work, empty');
});
