import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { LiveEventsService } from '../../apps/api/src/live/live-events.service';
import { startTestApp, type TestApp } from '../support/test-app';

const AGENCY = 'unido-ng';
const MINIMAL = readFileSync(join(__dirname, '../fixtures/templates/ok/minimal.yaml'), 'utf8');

/** Debian's Chromium, as the browser tests find it (never a downloaded browser). */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
}

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * GraphiQL at /graphiql, in a real Chromium with no network beyond the server: queries over
 * HTTP and subscriptions over graphql-ws on the same path, both with the token of the Headers
 * tab, as a person would use it.
 */
describe('GraphiQL in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let admin: string;
  let clusterId: string;

  beforeAll(async () => {
    t = await startTestApp('graphiql');
    admin = await t.token({ userId: 'ada', name: 'Ada Admin', agency: AGENCY, roles: ['agency_admin'] });
    expect((await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: MINIMAL }, admin)).body.errors).toBeUndefined();
    clusterId = (await t.gql('mutation { registerCluster(input: { name: "Kano leather", templateKey: "demo" }) { id } }', {}, admin)).body.data.registerCluster.id;
    browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'] });
    const context = await browser.newContext();
    // Nothing but the server: GraphiQL must not need a CDN.
    const port = (t.app.getHttpServer().address() as AddressInfo).port;
    await context.route((url) => url.hostname !== '127.0.0.1', (route) => route.abort());
    page = await context.newPage();
    await page.goto(`http://127.0.0.1:${port}/graphiql`);
    await page.getByRole('button', { name: /^Execute query/ }).waitFor();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Replaces an editor's text as if pasted (CodeMirror would otherwise close brackets as they are typed). */
  async function fill(editor: 'Query Editor' | 'Headers', text: string): Promise<void> {
    await page.getByRole('region', { name: editor }).click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText(text);
  }
  const result = () => page.getByRole('region', { name: 'Result Window' }).innerText();
  const run = () => page.getByRole('button', { name: /^Execute query/ }).click();

  it('runs a query over HTTP with the token of the Headers tab', async () => {
    await fill('Headers', JSON.stringify({ Authorization: `Bearer ${admin}` }));
    await fill('Query Editor', '{ me { userId agency } }');
    await run();
    await waitFor('the answer', async () => (await result()).includes('"userId": "ada"'));
    expect(await result()).toContain(`"agency": "${AGENCY}"`);
  }, 60_000);

  it('runs a subscription over graphql-ws, showing each event as it is committed', async () => {
    const live = t.app.get(LiveEventsService);
    await fill('Query Editor', `subscription { clusterEvents(clusterId: "${clusterId}") { clusterId seq type actorName } }`);
    // GraphiQL parses the editor's text on a debounce and picks the transport (HTTP or graphql-ws)
    // from the parsed document: a person clicking at once after pasting would still send the
    // previous document's kind, so give it the pause a person takes.
    await page.waitForTimeout(1000);
    await run();
    await waitFor('the subscription on the server', () => live.subscriberCount(AGENCY) === 1);

    const assign = await t.gql('mutation($c: ID!) { assignCda(clusterId: $c, userId: "chidi") { version } }', { c: clusterId }, admin);
    expect(assign.body.errors).toBeUndefined();
    await waitFor('the event in the result pane', async () => (await result()).includes('"type": "CDA_ASSIGNED"'));
    const shown = await result();
    expect(shown).toContain(`"clusterId": "${clusterId}"`);
    expect(shown).toContain('"seq": 2');
    expect(shown).toContain('"actorName": "Ada Admin"');

    // Stopping it in GraphiQL ends it on the server.
    await page.getByRole('button', { name: /^Stop query/ }).click();
    await waitFor('the subscription to end on the server', () => live.subscriberCount(AGENCY) === 0);
  }, 60_000);

  it('shows a refused subscription with its code', async () => {
    await fill('Query Editor', 'subscription { clusterEvents(clusterId: "00000000-0000-4000-8000-000000000000") { seq } }');
    await run();
    await waitFor('the refusal', async () => (await result()).includes('NOT_FOUND'));
  }, 60_000);
});
