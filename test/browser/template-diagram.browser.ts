import { expect, expectAccessible, signInWithToken, test } from './support/fixtures';

/**
 * Template language version 2: a phase's expiry is drawn as a dashed arrow in the template's
 * diagram (stateDiagram-v2 has no dashed arrow; the console dashes the arrows the server labels
 * `expires after …`), the gates' arrows stay solid. The shipped EU labels template (version 2)
 * has six expiries: Bronze and Silver after P24M, a renewed Bronze and Gold after P36M, the
 * expired Bronze's renewal window after P12M and Gold's reassessment after P6M.
 */
test('the diagram draws a phase expiry as a dashed arrow and gates as solid ones', async ({ page }) => {
  await signInWithToken(page, 'ada.admin');
  await page.getByRole('link', { name: 'Templates' }).click();
  await page.getByRole('link', { name: 'EU Cluster Management Excellence Labels (Bronze, Silver, Gold)' }).click();
  const diagram = page.getByRole('img', { name: 'Phases and gates of EU Cluster Management Excellence Labels (Bronze, Silver, Gold)' });
  await expect(diagram.locator('svg')).toBeVisible({ timeout: 30_000 });
  await expect(diagram.getByText('expires after P12M')).toBeVisible();
  // The page's own getComputedStyle (the root tsconfig has no DOM types).
  type Styled = { getComputedStyle(e: unknown): { strokeDasharray: string } };
  const styles = await diagram.locator('svg path[data-edge="true"]').evaluateAll((paths) =>
    // A solid arrow's dash array is `none` or `0` (Mermaid's edge-pattern-solid); the expiry's is ours (6 4).
    paths.map((p) => ({ id: p.getAttribute('data-id'), dashed: !['none', '0', '0px'].includes((globalThis as unknown as Styled).getComputedStyle(p).strokeDasharray) })),
  );
  const labels = await diagram.locator('svg g.label[data-id]').evaluateAll((ls) => ls.map((l) => ({ id: l.getAttribute('data-id'), text: (l.textContent ?? '').trim() })));
  const expiries = labels.filter((l) => l.text.startsWith('expires after'));
  expect(expiries.map((l) => l.text).sort()).toEqual(
    ['expires after P12M', 'expires after P24M', 'expires after P24M', 'expires after P36M', 'expires after P36M', 'expires after P6M'],
  );
  // Exactly the expiries' arrows are dashed.
  expect(styles.filter((s) => s.dashed).map((s) => s.id).sort()).toEqual(expiries.map((l) => l.id).sort());
  expect(styles.length).toBeGreaterThan(5);
  await expectAccessible(page, 'a template diagram with an expiry');
});
