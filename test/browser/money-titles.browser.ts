import { expect, expectAccessible, gql, signInWithToken, test } from './support/fixtures';

/** A version 2 template with English and French titles and amounts in rupees. */
const TEMPLATE = `
key: money-titles
version: 1
languages: [en, fr]
title: { en: Money demo, fr: Démo monétaire }
attributes:
  cfc_cost: { type: money, currency: INR, title: { en: Common facility cost, fr: Coût du centre commun } }
derived:
  max_grant: attributes.cfc_cost * 0.7
phases:
  appraisal: { title: { en: Appraisal, fr: Évaluation } }
  done: { final: true }
gates:
  - { id: approve, from: appraisal, to: done }
`;

/**
 * Template language version 2 in the console: amounts are shown with their currency in the
 * person's language (Intl), attributes and derived values alike; titles follow the chosen
 * language where the template gives them.
 */
test('amounts show with their currency, and titles follow the language', async ({ page }) => {
  await gql('ada.admin', 'mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: TEMPLATE });
  const { registerCluster } = await gql('chidi.cda', 'mutation($i: RegisterClusterInput!) { registerCluster(input: $i) { id } }', {
    i: { name: 'Rajkot castings', templateKey: 'money-titles', attributes: { cfc_cost: '1234567.50' } },
  });
  await signInWithToken(page, 'chidi.cda');
  await page.goto(`/clusters/${registerCluster.id}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Rajkot castings' })).toBeVisible();
  await expect(page.getByText(/In phase “Appraisal”/)).toContainText('Money demo');
  const facts = page.getByRole('region', { name: 'Recorded facts' });
  await expect(facts).toContainText('Common facility cost');
  await expect(facts).toContainText('₹1,234,567.50');
  // 1,234,567.50 × 0.7 exactly.
  await expect(facts).toContainText('₹864,197.25');
  await expectAccessible(page, 'the cluster page with recorded facts');

  await page.getByRole('combobox', { name: 'Language' }).selectOption('Français');
  await expect(page.getByText(/En phase « Évaluation »/)).toContainText('Démo monétaire');
  const faits = page.getByRole('region', { name: 'Faits enregistrés' });
  await expect(faits).toContainText('Coût du centre commun');
  await expect(faits).toContainText(/1\s234\s567,50\s₹/);
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('English');
});
