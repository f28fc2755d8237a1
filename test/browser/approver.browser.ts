import { assignCommission, candidateCluster } from './support/clusters';
import { attachPdf, uploadedPdf, uploadedPdfWithToken } from './support/files';
import { expect, expectAccessible, gql, gqlWithToken, signInAs, signInWithToken, test, tokenForAnyone } from './support/fixtures';

const GATE = 'Endorse the Diagnostic Study Report → Trust building';
const ROLE = 'Cluster commission member';

/** A candidate cluster taken into the diagnostic study, with two commission members assigned. */
async function clusterInDiagnostic(name: string): Promise<string> {
  const id = await candidateCluster(name);
  await gql('priya.pm', `mutation($id: ID!) { decide(input: { clusterId: $id, gate: "select_cluster", role: "programme_manager", outcome: APPROVE }) { id } }`, { id });
  await gql('chidi.cda', `mutation($id: ID!) { advance(clusterId: $id, gate: "select_cluster") { id } }`, { id });
  await assignCommission(id, ['carlos.commission', 'chen.commission']);
  return id;
}

const DSR = (title: string) => ({
  type: 'diagnostic_report',
  title,
  fields: { firms_surveyed: 80, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: false },
});

/**
 * An approver rejects a document version with a comment, the CDA submits a new version in
 * their own browser, the approver (whose page follows live) approves it; and a commission
 * member who submitted a version is told plainly why they cannot decide on it.
 */
test('an approver rejects a version, approves the resubmitted one, and a submitter is told why they may not decide', async ({ browser, page }) => {
  const name = 'Ilorin textile cluster';
  const clusterId = await clusterInDiagnostic(name);
  await gql('chidi.cda', `mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { id } }`, {
    input: { clusterId, ...DSR(`${name} study`), files: [await uploadedPdf('chidi.cda', 'study.pdf')] },
  });

  // The commission member finds the decision in My work, one click from the gate.
  await signInWithToken(page, 'carlos.commission');
  await page.getByRole('link', { name: `Decide on ${name}` }).click();
  const gate = page.getByRole('region', { name: GATE });
  const v1 = gate.getByRole('group', { name: `Your decision as ${ROLE} on “${name} study”, version 1` });
  await expect(v1).toBeVisible();
  // The version's fields are shown with it.
  await expect(gate.getByText('Contains a SWOT analysis: No')).toBeVisible();
  await expectAccessible(page, 'the cluster page for an approver');
  await v1.getByRole('textbox', { name: 'Comment' }).fill('The SWOT analysis is missing.');
  await v1.getByRole('button', { name: `Reject as ${ROLE}` }).click();
  await expect(page.getByText(`You rejected “Endorse the Diagnostic Study Report” as ${ROLE}.`)).toBeVisible();
  const decisions = page.getByRole('region', { name: 'Decisions' }).first();
  await expect(decisions).toContainText('Rejected');
  await expect(decisions).toContainText('The SWOT analysis is missing.');

  // The CDA submits version 2 in their own browser.
  const cdaContext = await browser.newContext({ baseURL: process.env.CONSOLE_URL });
  const cda = await cdaContext.newPage();
  await signInWithToken(cda, 'chidi.cda');
  await cda.goto(`/clusters/${clusterId}`);
  await cda.getByRole('region', { name: GATE }).getByRole('button', { name: 'Submit the Diagnostic Study Report (DSR)' }).click();
  const form = cda.getByRole('dialog', { name: 'Submit a document' });
  await expect(form.getByText(`This adds a new version to “${name} study”.`)).toBeVisible();
  await form.getByRole('textbox', { name: 'Title' }).fill(`${name} study, revised`);
  await form.getByRole('textbox', { name: 'Firms surveyed' }).fill('95');
  for (const box of ['Contains a cluster map', /Contains vital statistics/, 'Contains a value-chain analysis', 'Contains an analysis of business development services', 'Contains a SWOT analysis']) {
    await form.getByRole('checkbox', { name: box }).check();
  }
  await attachPdf(cda, form, 'study-revised.pdf');
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(cda.getByText(`“${name} study, revised” was submitted (version 2).`)).toBeVisible();
  await cdaContext.close();

  // The approver's page shows version 2 without a reload; they approve it.
  const v2 = gate.getByRole('group', { name: `Your decision as ${ROLE} on “${name} study, revised”, version 2` });
  await expect(v2).toBeVisible();
  await v2.getByRole('textbox', { name: 'Comment' }).fill('Complete now.');
  await v2.getByRole('button', { name: `Approve as ${ROLE}` }).click();
  await expect(page.getByText(`You approved “Endorse the Diagnostic Study Report” as ${ROLE}.`)).toBeVisible();
  await expect(decisions).toContainText('Complete now.');
  // Carlos has approved the latest version: nothing more for him to do on this gate, and he is told why.
  await expect(gate.getByRole('button', { name: `Approve as ${ROLE}` })).toHaveCount(0);
  await expect(gate.getByText(new RegExp(`You approved “${name} study, revised” \\(version 2\\) on .*: deciding again would add nothing`))).toBeVisible();

  // A commission member who is also the cluster's CDA submits version 3, then may not decide on it.
  const dana = await tokenForAnyone('dana.cda', 'Dana CDA', ['cda', 'cluster_commission']);
  await gqlWithToken(dana, 'dana.cda', '{ me { userId } }');
  await gql('ada.admin', `mutation($id: ID!) { assignCda(clusterId: $id, userId: "dana.cda") { id } }`, { id: clusterId });
  await assignCommission(clusterId, ['dana.cda' as never]);
  const { cluster } = await gql('chidi.cda', `query($id: ID!) { cluster(id: $id) { artefacts { id type } } }`, { id: clusterId });
  const artefactId = cluster.artefacts.find((a: { type: string }) => a.type === 'diagnostic_report').id;
  await gqlWithToken(dana, 'dana.cda', `mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { number } }`, {
    input: { clusterId, artefactId, ...DSR(`${name} study, third`), fields: { ...DSR('').fields, has_swot: true }, files: [await uploadedPdfWithToken(dana, 'study-third.pdf')] },
  });
  const danaContext = await browser.newContext({ baseURL: process.env.CONSOLE_URL });
  const danaPage = await danaContext.newPage();
  await signInAs(danaPage, dana, 'Dana CDA');
  await danaPage.goto(`/clusters/${clusterId}`);
  const danaGate = danaPage.getByRole('region', { name: GATE });
  await expect(danaGate.getByText(`You hold the role ${ROLE} but cannot decide on this now`)).toBeVisible();
  await expect(danaGate.getByText(`You submitted “${name} study, third” (version 3): someone else must decide on it.`)).toBeVisible();
  await expect(danaGate.getByRole('button', { name: `Approve as ${ROLE}` })).toHaveCount(0);
  await expectAccessible(danaPage, 'the cluster page for a submitter');
  await danaContext.close();

  // A commission member not assigned to this cluster is told so.
  const eve = await tokenForAnyone('eve.commission', 'Eve Commission', ['cluster_commission']);
  const eveContext = await browser.newContext({ baseURL: process.env.CONSOLE_URL });
  const evePage = await eveContext.newPage();
  await signInAs(evePage, eve, 'Eve Commission');
  await evePage.goto(`/clusters/${clusterId}`);
  await expect(
    evePage.getByRole('region', { name: GATE }).getByText(`Only people assigned as ${ROLE} on this cluster may decide in that role here, and you are not assigned on it.`),
  ).toBeVisible();
  await eveContext.close();
});
