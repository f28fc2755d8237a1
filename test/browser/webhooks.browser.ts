import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { candidateCluster } from './support/clusters';
import { expect, expectAccessible, signInWithToken, test } from './support/fixtures';

/**
 * An agency admin adds a webhook to a receiver on loopback (the test server runs with
 * WEBHOOK_ALLOW_PRIVATE=true), copies its secret (shown once), sees the deliveries after an
 * event, turns it off and deletes it after confirming. The receiver verifies each signature
 * with the `standardwebhooks` package and the secret the page showed.
 */
test('an agency admin adds a webhook, keeps its secret, sees its deliveries, turns it off and deletes it', async ({ page }) => {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/clusterflow`;
  try {
    await signInWithToken(page, 'ada.admin');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Webhooks' })).toBeVisible();

    // A URL the server refuses: said at the field.
    await page.getByRole('textbox', { name: 'URL' }).fill('ftp://example.org/x');
    await page.getByRole('button', { name: 'Add the webhook' }).click();
    await expect(page.getByRole('textbox', { name: 'URL' })).toHaveAccessibleDescription(/must start with https:\/\/ or http:\/\//);

    await page.getByRole('textbox', { name: 'URL' }).fill(url);
    await expect(page.getByRole('checkbox', { name: 'Every event type' })).toBeChecked();
    await page.getByRole('button', { name: 'Add the webhook' }).click();
    const created = page.getByRole('status').filter({ hasText: `Webhook to ${url} added` });
    await expect(created).toBeVisible();
    const secret = (await created.getByLabel('Signing secret').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    await expect(created.getByRole('button', { name: 'Copy the secret' })).toBeVisible();
    await expectAccessible(page, 'the webhooks page with a new secret');
    await created.getByRole('button', { name: 'I have stored the secret' }).click();
    await expect(page.getByText(secret)).toHaveCount(0);

    const list = page.getByRole('region', { name: 'The agency’s webhooks' }).first();
    await expect(list.getByRole('row', { name: new RegExp(url.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')) })).toContainText('Every event');

    // An event: the CDA registers a cluster (and prepares it: five events).
    const clusterId = await candidateCluster('Onitsha webhook cluster');
    await expect.poll(() => received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(5);
    for (const r of received) expect(() => new Webhook(secret).verify(r.body, r.headers as Record<string, string>)).not.toThrow();
    const first = JSON.parse(received[0].body);
    expect(first).toMatchObject({ type: 'REGISTERED', agency: 'demo', clusterId, event: { seq: 1, type: 'REGISTERED' } });

    await list.getByRole('button', { name: `Deliveries to ${url}` }).click();
    const deliveries = page.getByRole('region', { name: `Deliveries to ${url}` });
    await expect(deliveries.getByRole('row', { name: /REGISTERED/ })).toContainText('Delivered');
    await expect(deliveries.getByRole('row', { name: /MILESTONE_REACHED/ })).toContainText('204');
    await expectAccessible(page, 'the deliveries of a webhook');

    // Off: the notice says so, and the row.
    await list.getByRole('button', { name: `Turn off the webhook to ${url}` }).click();
    await expect(page.getByText(`The webhook to ${url} is off: it receives nothing until turned on again.`)).toBeVisible();
    await expect(list.getByRole('button', { name: `Turn on the webhook to ${url}` })).toBeVisible();

    // Deleted, after confirming.
    await list.getByRole('button', { name: `Delete the webhook to ${url}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete the webhook?' });
    await expect(dialog).toContainText(`${url} will receive nothing more`);
    await expectAccessible(page, 'the confirmation of a deletion');
    await dialog.getByRole('button', { name: 'Delete the webhook' }).click();
    await expect(page.getByText(`The webhook to ${url} was deleted.`)).toBeVisible();
    await expect(page.getByText('The agency has no webhooks yet.')).toBeVisible();
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
});

test('webhooks are in the navigation of agency admins only', async ({ page }) => {
  await signInWithToken(page, 'chidi.cda');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My work' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' })).toHaveCount(0);
});
