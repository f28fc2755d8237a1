import { expect, expectAccessible, expectNoHorizontalOverflow, gql, signInWithToken, test } from './support/fixtures';

/** A steering committee's approval, whose conditions must be closed before the project completes. */
const TEMPLATE = `
key: conditional-console
version: 1
title: Conditional approval
roles:
  steering_committee: { title: Steering committee }
phases:
  appraisal: { title: Appraisal }
  implementation: { title: Implementation }
  completed: { title: Completed, final: true }
gates:
  - id: final_approval
    title: Final approval
    from: appraisal
    to: implementation
    requires:
      approvals: [ { role: steering_committee, count: 1 } ]
  - id: complete
    title: Completion
    from: implementation
    to: completed
    requires: { conditions: closed }
`;

const ROLE = 'Steering committee';

/**
 * Template language version 2 outcomes in the console, as an approver: a deferral shows as
 * deferred and counts for nothing (the gate still waits); an approval with two conditions
 * (checked before sending) lets the gate pass; the later gate shows itself blocked by the
 * open conditions, in words, with who set them; the CDA closes both (the approver may not:
 * no "Close condition" for them) and the approver's page shows the gate ready. Then the
 * page on a 390 px phone.
 */
test('an approver defers, then approves with two conditions; the later gate waits until the CDA closes both', async ({ browser, page }) => {
  await gql('ada.admin', 'mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: TEMPLATE });
  const { registerCluster } = await gql('chidi.cda', 'mutation($i: RegisterClusterInput!) { registerCluster(input: $i) { id } }', {
    i: { name: 'Moradabad brassware', templateKey: 'conditional-console' },
  });
  const clusterId = registerCluster.id as string;

  await signInWithToken(page, 'priya.pm');
  await page.goto(`/clusters/${clusterId}`);
  const gate = page.getByRole('region', { name: 'Final approval → Implementation' });
  const form = gate.getByRole('group', { name: `Your decision as ${ROLE}` });
  await expect(form).toBeVisible();

  // A deferral: recorded, shown as deferred, counts for nothing (the gate still needs the approval).
  await form.getByRole('textbox', { name: 'Comment' }).fill('Waiting for the land title.');
  await form.getByRole('button', { name: `Defer as ${ROLE}` }).click();
  await expect(page.getByText(`You deferred your decision on “Final approval” as ${ROLE}.`)).toBeVisible();
  const decisions = page.getByRole('region', { name: 'Decisions' }).first();
  await expect(decisions).toContainText('Deferred · counts for nothing');
  await expect(decisions).toContainText('Waiting for the land title.');
  await expect(gate.getByText('1 requirement missing')).toBeVisible();
  await expect(gate.getByText('Who must act: Steering committee')).toBeVisible();

  // Approve with conditions: an empty condition is refused next to its field, before anything is sent.
  await form.getByRole('button', { name: 'Approve with conditions…' }).click();
  const conditions = form.getByRole('group', { name: 'Conditions of the approval' });
  await conditions.getByRole('button', { name: `Approve with these conditions as ${ROLE}` }).click();
  await expect(conditions.getByText('Write the condition, or remove it.')).toBeVisible();
  await conditions.getByRole('textbox', { name: 'Condition 1' }).fill('Register the SPV');
  await conditions.getByRole('button', { name: 'Add a condition' }).click();
  await conditions.getByRole('textbox', { name: 'Condition 2' }).fill('Open an escrow account');
  await conditions.getByRole('button', { name: 'Add a condition' }).click();
  await conditions.getByRole('button', { name: 'Remove condition 3' }).click();
  await expect(conditions.getByRole('textbox', { name: 'Condition 3' })).toHaveCount(0);
  await expectAccessible(page, 'the decision form with conditions');
  await conditions.getByRole('button', { name: `Approve with these conditions as ${ROLE}` }).click();
  await expect(page.getByText(`You approved “Final approval” as ${ROLE} with 2 conditions.`)).toBeVisible();
  await expect(decisions).toContainText('Approved with conditions');
  await expect(decisions.getByRole('list', { name: /^Conditions set by Priya Programme Manager/ }).getByRole('listitem')).toHaveText([
    'Register the SPV — open',
    'Open an escrow account — open',
  ]);
  // The gate passes with the conditional approval; the CDA advances it.
  await expect(gate.getByText('Ready', { exact: true })).toBeVisible();
  await gql('chidi.cda', 'mutation($id: ID!) { advance(clusterId: $id, gate: "final_approval") { id } }', { id: clusterId });

  // The later gate is blocked by the open conditions, in words; the approver sees them but may not close them.
  const completion = page.getByRole('region', { name: 'Completion → Completed' });
  await expect(completion.getByText('Every condition of an approval must be closed: 2 are still open.')).toBeVisible();
  await expect(completion.getByText(/Who must act: the cluster’s CDA \(chidi\.cda\) or an agency admin/)).toBeVisible();
  const open = page.getByRole('region', { name: '2 open conditions' });
  await expect(open.getByRole('group', { name: 'Register the SPV' })).toContainText(`Set by Priya Programme Manager as ${ROLE} on “Final approval”`);
  await expect(open.getByRole('button', { name: 'Close condition' })).toHaveCount(0);
  await expectAccessible(page, 'the cluster page with open conditions');

  // The CDA closes both in their own browser, on a 390 px phone, each with a note (required).
  const cdaContext = await browser.newContext({ baseURL: process.env.CONSOLE_URL, viewport: { width: 390, height: 844 } });
  const cda = await cdaContext.newPage();
  await signInWithToken(cda, 'chidi.cda');
  await cda.goto(`/clusters/${clusterId}`);
  const cdaOpen = cda.getByRole('region', { name: '2 open conditions' });
  const spv = cdaOpen.getByRole('group', { name: 'Register the SPV' });
  await expect(spv).toBeVisible();
  await expectNoHorizontalOverflow(cda, 'the cluster page with open conditions on a phone');
  await cda.screenshot({ path: 'test-results/screens/conditions-open-phone.png', fullPage: true });
  await spv.getByRole('button', { name: 'Close condition' }).click();
  await spv.getByRole('button', { name: 'Close the condition' }).click();
  await expect(spv.getByText('Say how the condition was met.')).toBeVisible();
  await spv.getByRole('textbox', { name: 'How it was met' }).fill('SPV registered under the Companies Act');
  await spv.getByRole('button', { name: 'Close the condition' }).click();
  await expect(cda.getByText('The condition “Register the SPV” was closed.')).toBeVisible();
  const escrow = cda.getByRole('region', { name: '1 open condition' }).getByRole('group', { name: 'Open an escrow account' });
  await escrow.getByRole('button', { name: 'Close condition' }).click();
  await escrow.getByRole('textbox', { name: 'How it was met' }).fill('Escrow account opened');
  await escrow.getByRole('button', { name: 'Close the condition' }).click();
  await expect(cda.getByText('The condition “Open an escrow account” was closed.')).toBeVisible();
  await cdaContext.close();

  // The approver's page follows live: no open condition, the gate is ready, the record says who closed each.
  await expect(page.getByRole('region', { name: /open condition/ })).toHaveCount(0);
  await expect(completion.getByText('Ready', { exact: true })).toBeVisible();
  await expect(decisions.getByRole('list', { name: /^Conditions set by Priya Programme Manager/ }).getByRole('listitem').first()).toContainText(
    /Register the SPV — closed by chidi\.cda on .*: SPV registered under the Companies Act/,
  );

  // On a 390 px phone: the decisions as stacked cards, nothing wider than the screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('list', { name: 'Decisions' })).toContainText('Approved with conditions');
  await expectNoHorizontalOverflow(page, 'the cluster page with conditions on a phone');
  await page.screenshot({ path: 'test-results/screens/conditions-phone.png', fullPage: true });

  // In French, the requirement and outcomes are in French.
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole('combobox', { name: 'Language' }).selectOption('Français');
  await expect(page.getByRole('region', { name: 'Décisions' }).first()).toContainText('Approuvé sous conditions');
  await expect(page.getByRole('region', { name: 'Décisions' }).first()).toContainText('Ajourné · ne compte pas');
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('English');
});
