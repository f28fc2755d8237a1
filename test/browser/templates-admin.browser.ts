import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, signInWithToken, test } from './support/fixtures';

/** Version 1 of the shipped template (the demo seed publishes it, then version 2): the source edited into version 3. */
const V1 = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');

async function replaceSource(page: Page, text: string) {
  const editor = page.getByRole('textbox', { name: 'Template source' });
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

/**
 * An agency admin reads the templates (list, versions, the diagram drawn by Mermaid, the
 * source), writes version 3 of unido-cda in the editor with a mistake (shown at its
 * line:column as they type), fixes it, publishes, previews moving the running clusters of
 * version 1 (the demo's; migrateAll dry run as a table) and applies it.
 */
test('an admin edits a template with an error, fixes it, publishes, previews and applies a migration', async ({ page }) => {
  await signInWithToken(page, 'ada.admin');
  await page.getByRole('link', { name: 'Templates' }).click();
  await expect(page.getByRole('heading', { name: 'Programme templates' })).toBeVisible();
  await expectAccessible(page, 'the templates list');
  await page.getByRole('link', { name: 'UNIDO Cluster Development Approach' }).click();
  await expect(page.getByText(/unido-cda, version 2, published by ada.admin/)).toBeVisible();
  // The diagram is drawn (Mermaid, loaded now), then the source.
  await expect(page.getByRole('img', { name: 'Phases and gates of UNIDO Cluster Development Approach' }).locator('svg')).toBeVisible({ timeout: 30_000 });
  await expectAccessible(page, 'a template with its diagram');
  await page.getByRole('tab', { name: 'Source (YAML)' }).click();
  await expect(page.getByLabel('Source (YAML)').last()).toContainText('key: unido-cda');

  await page.getByRole('link', { name: 'Edit as a new version' }).click();
  await expect(page.getByRole('heading', { name: 'New version of unido-cda' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Template source' })).toContainText('key: unido-cda');

  // Version 3 with a due period that is not a duration: the problem shows at its line.
  const broken = V1.replace(/^version: 1$/m, 'version: 3').replace('    due: P3M\n', '    due: three months\n');
  const line = broken.split('\n').findIndex((l) => l.includes('due: three months')) + 1;
  await replaceSource(page, broken);
  const problems = page.getByRole('region', { name: 'Problems' });
  await expect(problems.getByText(new RegExp(`^Line ${line}, column \\d+$`))).toBeVisible();
  await expect(problems).toContainText('error');
  await expect(page.getByRole('button', { name: 'Publish' })).toBeDisabled();
  await expectAccessible(page, 'the template editor with a problem');

  await replaceSource(page, broken.replace('    due: three months\n', '    due: P4M\n'));
  await expect(problems.getByText('No problems: ready to publish.')).toBeVisible();
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect(page.getByText('Published unido-cda version 3.')).toBeVisible();

  // Moving the running clusters of version 1: a dry run first, as a table, then applied.
  const migrate = page.getByRole('region', { name: 'Move the clusters of unido-cda to version 3' });
  await migrate.getByRole('combobox', { name: 'From version' }).selectOption('1');
  await migrate.getByRole('button', { name: 'Preview the migration' }).click();
  await expect(migrate.getByText(/^Dry run: \d+ clusters on version 1/)).toBeVisible();
  const plan = migrate.getByRole('region', { name: 'Migration plan, one row per cluster' });
  await expect(plan.getByRole('row', { name: /Kano textile weavers/ })).toContainText('Can move');
  await expectAccessible(page, 'the migration preview');
  await migrate.getByRole('button', { name: /^Apply to \d+ clusters?$/ }).click();
  await expect(migrate.getByText(/^\d+ clusters moved from version 1 to 3/)).toBeVisible();
  await expect(plan.getByRole('row', { name: /Kano textile weavers/ })).toContainText('Migrated');
});
