import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { deliver } from '@clusterflow/application/webhooks/webhook-sender';
import { startTestApp, type TestApp } from '../support/test-app';
import { Client } from 'pg';
import { clusterApi, ok, refused, sleep, tokensFor, type ClusterApi } from '../support/cluster-api';
import { drainJobs } from '../support/timers-job';

/**
 * Webhooks (contract v2) end to end: commands over HTTP, the outbox in the command's statement,
 * the job queue's `webhook` jobs delivering to real HTTP receivers on loopback
 * (WEBHOOK_ALLOW_PRIVATE=true here, retries shortened with WEBHOOK_RETRY_DELAYS), every
 * request's signature verified with the `standardwebhooks` package.
 */

const UNIDO = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
const AGENCY = 'unido-ng';
const OTHER = 'other-agency';
/** Both server instances verify the same tokens. */
const JWT_SECRET = 'webhooks-test-secret-of-at-least-32-characters';
const CRITERIA = ['importance', 'potential', 'viability', 'sustainability'];

interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  /** The signature verified with the secret of the webhook the path belongs to. */
  verified: boolean;
  answered: number;
}

/** A receiver on loopback: `/ok/<name>` answers 204, `/flaky/<name>` 500 three times then 200, `/redirect` 302. */
async function startReceiver() {
  const received: Received[] = [];
  const secrets = new Map<string, string>();
  const flakyCount = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '';
      let answered = 204;
      if (path.startsWith('/flaky/')) {
        const n = (flakyCount.get(path) ?? 0) + 1;
        flakyCount.set(path, n);
        answered = n <= 3 ? 500 : 200;
      } else if (path.startsWith('/redirect')) {
        answered = 302;
        res.setHeader('location', '/ok/redirected');
      }
      let verified = false;
      const secret = secrets.get(path);
      if (secret) {
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>);
          verified = true;
        } catch {
          verified = false;
        }
      }
      let json: any = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      received.push({ path, headers: req.headers, body, json, verified, answered });
      res.statusCode = answered;
      res.end(answered === 200 ? 'thanks' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    received,
    secrets,
    at: (path: string) => received.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const WEBHOOK = 'id url events active createdAt secret';
const DELIVERY = 'id eventId type attempt status error at succeeded';

describe('webhooks', () => {
  let t: TestApp;
  let api: ClusterApi;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let tok: Record<string, string>;
  let foreign: Record<string, string>;

  const create = (token: string, url: string, events: string[]) =>
    t.gql(`mutation($u: String!, $e: [String!]!) { createWebhook(url: $u, events: $e) { ${WEBHOOK} } }`, { u: url, e: events }, token);
  /** A webhook to `path` on the receiver, its secret known to the receiver. */
  const webhookTo = async (path: string, events: string[], token = tok.admin) => {
    const w = (await ok(create(token, `${receiver.base}${path}`, events)));
    receiver.secrets.set(path, w.secret);
    return w as { id: string; secret: string };
  };
  const deliveriesOf = async (webhookId: string, args = '(first: 500)', token = tok.admin) =>
    (await ok(t.gql(`query($id: ID!) { webhookDeliveries(webhookId: $id${args.replace(/^\(/, ', ').replace(/\)$/, '')}) { pageInfo { hasNextPage endCursor } edges { cursor node { ${DELIVERY} } } } }`, { id: webhookId }, token)));
  const eventsOf = async (clusterId: string) =>
    (await ok(t.gql(`query($c: ID!) { auditTrail(clusterId: $c, first: 500) { edges { node { id seq type hash } } } }`, { c: clusterId }, tok.admin))).edges.map(
      (e: { node: { id: string; seq: number; type: string; hash: string } }) => e.node,
    );
  const register = async (name: string, token = tok.cda) => (await ok(api.register(token, { name, templateKey: 'unido-cda', attributes: { enterprise_count: 400 } }, 'id'))).id as string;
  const someCommands = async (clusterId: string, token = tok.cda) => {
    await ok(api.score(token, clusterId, CRITERIA.map((criterion) => ({ criterion, score: 4 }))));
    await ok(api.assignRole(tok.admin, clusterId, 'amaka', 'cluster_commission'));
    await ok(api.submit(token, { clusterId, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 400 } }));
  };

  beforeAll(async () => {
    receiver = await startReceiver();
    t = await startTestApp('webhooks', { JWT_SECRET, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_RETRY_DELAYS: '300ms,300ms,300ms,300ms,300ms,300ms', LOG_LEVEL: 'error' });
    api = clusterApi(t);
    tok = await tokensFor(t, AGENCY, { admin: ['ada', ['agency_admin']], cda: ['chidi', ['cda']], pm: ['priya', ['programme_manager']], auditor: ['audrey', ['auditor']] });
    foreign = await tokensFor(t, OTHER, { admin: ['zed', ['agency_admin']], cda: ['zoe', ['cda']] });
    await ok(api.publish(tok.admin, UNIDO));
    await ok(api.publish(foreign.admin, UNIDO));
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await receiver?.close();
  }, 120_000);

  it('creates a webhook for the agency admin, says its secret only then, and refuses everyone else', async () => {
    const w = (await ok(create(tok.admin, 'https://hooks.example.org/clusterflow', ['REGISTERED', 'ADVANCED'])));
    expect(w).toMatchObject({ url: 'https://hooks.example.org/clusterflow', events: ['REGISTERED', 'ADVANCED'], active: true });
    expect(w.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(w.secret.slice(6), 'base64')).toHaveLength(32);
    const list = (await ok(t.gql(`{ webhooks { ${WEBHOOK} } }`, {}, tok.admin)));
    expect(list).toEqual([{ ...w, secret: null }]);
    for (const who of ['cda', 'pm', 'auditor']) {
      const f = await refused(create(tok[who], 'https://hooks.example.org/x', ['*']), 'FORBIDDEN');
      expect(f.message).toBe('only agency_admin may see and change webhooks');
      await refused(t.gql(`{ webhooks { id } }`, {}, tok[who]), 'FORBIDDEN');
      await refused(t.gql(`query($id: ID!) { webhookDeliveries(webhookId: $id) { edges { cursor } } }`, { id: w.id }, tok[who]), 'FORBIDDEN');
      await refused(t.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: false) { id } }`, { id: w.id }, tok[who]), 'FORBIDDEN');
      await refused(t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: w.id }, tok[who]), 'FORBIDDEN');
    }
    expect(await ok(t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: w.id }, tok.admin))).toBe(true);
    expect((await ok(t.gql(`{ webhooks { id } }`, {}, tok.admin)))).toEqual([]);
    await refused(t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: w.id }, tok.admin), 'NOT_FOUND');
  });

  it('refuses a bad URL or unknown event types with the argument named, and writes nothing', async () => {
    const cases: [string, string[], RegExp][] = [
      ['ftp://hooks.example.org/x', ['*'], /^url must start with https:\/\/ or http:\/\/ \(got ftp:\)$/],
      ['not a url', ['*'], /^url "not a url" is not a URL/],
      ['', ['*'], /^url must not be empty$/],
      ['https://user:pw@hooks.example.org/x', ['*'], /^url must not hold a user name or password/],
      ['https://hooks.example.org/x', [], /^events must name at least one audit event type/],
      ['https://hooks.example.org/x', ['REGISTERED', 'NOPE'], /^events\[1\]: "NOPE" is not an audit event type \(one of REGISTERED, .*, or "\*"\)$/],
      ['https://hooks.example.org/x', ['*', 'REGISTERED'], /^events: "\*" \(every type\) stands alone$/],
    ];
    for (const [url, events, message] of cases) {
      const e = await refused(create(tok.admin, url, events), 'BAD_USER_INPUT');
      expect(e.message).toMatch(message);
    }
    expect((await ok(t.gql(`{ webhooks { id } }`, {}, tok.admin)))).toEqual([]);
  });

  it('delivers every committed event of a matching type, signed (Standard Webhooks), in seq order, and logs each delivery', async () => {
    const all = await webhookTo('/ok/all', ['*']);
    const some = await webhookTo('/ok/some', ['SCORED', 'ARTEFACT_SUBMITTED']);
    const clusterId = await register('Tannery cluster');
    await someCommands(clusterId);
    const events = await eventsOf(clusterId);
    expect(events.map((e: { type: string }) => e.type)).toEqual(['REGISTERED', 'SCORED', 'ROLE_ASSIGNED', 'ARTEFACT_SUBMITTED']);
    await waitFor('the deliveries', () => receiver.at('/ok/all').length === 4 && receiver.at('/ok/some').length === 2);
    await sleep(500);
    const got = receiver.at('/ok/all');
    expect(got).toHaveLength(4);
    expect(got.every((r) => r.verified)).toBe(true);
    expect(receiver.at('/ok/some').every((r) => r.verified)).toBe(true);
    // The body: { type, agency, clusterId, event } with the event's fields as stored.
    expect(got.map((r) => r.json.event.seq)).toEqual([1, 2, 3, 4]);
    expect(got.map((r) => r.json.event.hash)).toEqual(events.map((e: { hash: string }) => e.hash));
    expect(got[1].json).toMatchObject({ type: 'SCORED', agency: AGENCY, clusterId, event: { id: events[1].id, clusterId, seq: 2, type: 'SCORED', actor: 'chidi' } });
    expect(Object.keys(got[1].json.event).sort()).toEqual(['actor', 'actorName', 'at', 'clusterId', 'hash', 'id', 'payload', 'prevHash', 'role', 'seq', 'type']);
    expect(got[0].headers['webhook-id']).toBe(events[0].id);
    expect(got[0].headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(got[0].headers['content-type']).toBe('application/json');
    // A signature under another secret does not verify (the check can fail).
    expect(() => new Webhook(some.secret).verify(got[0].body, got[0].headers as Record<string, string>)).toThrow();
    expect(receiver.at('/ok/some').map((r) => r.json.type)).toEqual(['SCORED', 'ARTEFACT_SUBMITTED']);

    const log = await deliveriesOf(all.id);
    expect(log.edges.map((e: any) => e.node.type)).toEqual(['ARTEFACT_SUBMITTED', 'ROLE_ASSIGNED', 'SCORED', 'REGISTERED']);
    expect(log.edges.every((e: any) => e.node.succeeded && e.node.attempt === 1 && e.node.status === 204 && e.node.error === null)).toBe(true);
    expect(log.edges.map((e: any) => e.node.eventId)).toEqual([...events].reverse().map((e: { id: string }) => e.id));
    // Keyset pages: two of two.
    const first = await deliveriesOf(all.id, '(first: 2)');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await deliveriesOf(all.id, `(first: 2, after: "${first.pageInfo.endCursor}")`);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    expect([...first.edges, ...rest.edges].map((e: any) => e.node.id)).toEqual(log.edges.map((e: any) => e.node.id));
    await refused(t.gql(`query($id: ID!) { webhookDeliveries(webhookId: $id, after: "nope") { edges { cursor } } }`, { id: all.id }, tok.admin), 'BAD_USER_INPUT');

    // Turned off, it receives nothing; on again, what follows.
    await ok(t.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: false) { active } }`, { id: all.id }, tok.admin));
    await ok(t.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: false) { active } }`, { id: some.id }, tok.admin));
    await ok(api.suspend(tok.admin, clusterId, 'paused', 'id'));
    await sleep(1500);
    expect(receiver.at('/ok/all')).toHaveLength(4);
    expect((await ok(t.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: true) { ${WEBHOOK} } }`, { id: all.id }, tok.admin)))).toMatchObject({ active: true, secret: null });
    await ok(api.resume(tok.admin, clusterId, 'id'));
    await waitFor('the delivery after turning on', () => receiver.at('/ok/all').length === 5);
    expect(receiver.at('/ok/all')[4].json).toMatchObject({ type: 'RESUMED', event: { seq: 6 } });
    await ok(t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: all.id }, tok.admin));
    await ok(t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: some.id }, tok.admin));
  });

  it('the daily queue_cleanup job removes the queue rows of webhook × cluster queues with nothing left to deliver', async () => {
    const pg = new Client({ connectionString: t.databaseUrl });
    await pg.connect();
    try {
      const webhookQueues = async () =>
        (await pg.query(`select count(*)::int as n from graphile_worker._private_job_queues where queue_name like 'webhook:%'`)).rows[0].n as number;
      // The deliveries of the test before each left their webhook × cluster queue behind.
      expect(await webhookQueues()).toBeGreaterThan(0);
      await pg.query(`select graphile_worker.add_job('queue_cleanup', '{}'::json)`);
      await drainJobs(pg, 'queue_cleanup');
      expect(await webhookQueues()).toBe(0);
    } finally {
      await pg.end();
    }
  });

  it('retries a receiver that fails three times: it then gets every event once more, in order', async () => {
    const flaky = await webhookTo('/flaky/1', ['*']);
    const clusterId = await register('Foundry cluster');
    await someCommands(clusterId);
    const events = await eventsOf(clusterId);
    await waitFor('every event delivered', async () => (await deliveriesOf(flaky.id)).edges.filter((e: any) => e.node.succeeded).length === events.length);
    await sleep(800);
    const got = receiver.at('/flaky/1');
    expect(got.every((r) => r.verified)).toBe(true);
    // Three failures of the first event, then each event once, in seq order.
    expect(got.map((r) => [r.json.event.seq, r.answered])).toEqual([[1, 500], [1, 500], [1, 500], [1, 200], [2, 200], [3, 200], [4, 200]]);
    expect(new Set(got.slice(0, 4).map((r) => r.headers['webhook-id']))).toEqual(new Set([events[0].id]));
    const log = (await deliveriesOf(flaky.id)).edges.map((e: any) => e.node).reverse();
    expect(log.map((d: any) => [d.type, d.attempt, d.status, d.succeeded])).toEqual([
      ['REGISTERED', 1, 500, false],
      ['REGISTERED', 2, 500, false],
      ['REGISTERED', 3, 500, false],
      ['REGISTERED', 4, 200, true],
      ['SCORED', 1, 200, true],
      ['ROLE_ASSIGNED', 1, 200, true],
      ['ARTEFACT_SUBMITTED', 1, 200, true],
    ]);
    expect(log[0].error).toBe('the receiver answered 500');
    await ok(t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: flaky.id }, tok.admin));
  });

  it('gives up on an event after the last retry, logs it failed, and goes on with the next', async () => {
    // Nothing listens on port 1: every attempt fails.
    const dead = (await ok(create(tok.admin, 'http://127.0.0.1:1/gone', ['SCORED'])));
    const clusterId = await register('Weaving cluster');
    await ok(api.score(tok.cda, clusterId, CRITERIA.map((criterion) => ({ criterion, score: 3 }))));
    await ok(api.score(tok.cda, clusterId, CRITERIA.map((criterion) => ({ criterion, score: 4 }))));
    const [, first, second] = await eventsOf(clusterId);
    await waitFor('the failed deliveries', async () => (await deliveriesOf(dead.id)).edges.length === 14, 60_000);
    await sleep(500);
    const log = (await deliveriesOf(dead.id)).edges.map((e: any) => e.node).reverse();
    // Seven attempts at the first event (the first and six retries), then the next event's.
    expect(log.map((d: any) => [d.eventId, d.attempt])).toEqual([first.id, second.id].flatMap((id) => [1, 2, 3, 4, 5, 6, 7].map((n) => [id, n])));
    expect(log.every((d: any) => !d.succeeded && d.status === null)).toBe(true);
    expect(log[0].error).toMatch(/^ECONNREFUSED: /);
    expect(log[6].error).toMatch(/^ECONNREFUSED: .*; failed after 7 attempts$/);
    await ok(t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: dead.id }, tok.admin));
  });

  it('keeps agencies apart: another agency never sees, changes or receives this one\'s webhooks and events', async () => {
    const mine = await webhookTo('/ok/mine', ['*']);
    const theirs = await webhookTo('/ok/theirs', ['*'], foreign.admin);
    expect((await ok(t.gql(`{ webhooks { id } }`, {}, foreign.admin)))).toEqual([{ id: theirs.id }]);
    await refused(t.gql(`query($id: ID!) { webhookDeliveries(webhookId: $id) { edges { cursor } } }`, { id: mine.id }, foreign.admin), 'NOT_FOUND');
    await refused(t.gql(`mutation($id: ID!) { setWebhookActive(id: $id, active: false) { id } }`, { id: mine.id }, foreign.admin), 'NOT_FOUND');
    await refused(t.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: mine.id }, foreign.admin), 'NOT_FOUND');
    const ours = await register('Leather cluster');
    const other = await register('Their cluster', foreign.cda);
    await waitFor('both deliveries', () => receiver.at('/ok/mine').length === 1 && receiver.at('/ok/theirs').length === 1);
    await sleep(800);
    expect(receiver.at('/ok/mine').map((r) => [r.json.agency, r.json.clusterId])).toEqual([[AGENCY, ours]]);
    expect(receiver.at('/ok/theirs').map((r) => [r.json.agency, r.json.clusterId])).toEqual([[OTHER, other]]);
    expect((await ok(t.gql(`{ webhooks { id active } }`, {}, tok.admin)))).toEqual([{ id: mine.id, active: true }]);
  });

  it('refuses loopback, private and link-local addresses without WEBHOOK_ALLOW_PRIVATE, at creation and at delivery; follows no redirect', async () => {
    // A second instance on the same database, as deployed: WEBHOOK_ALLOW_PRIVATE unset.
    const strict = await startTestApp('webhooks-strict', { JWT_SECRET, WORKERS: 'false' }, { databaseUrl: t.databaseUrl });
    try {
      for (const url of [
        `${receiver.base}/ok/strict`,
        'http://localhost:8080/x',
        'http://10.1.2.3/x',
        'http://192.168.0.10/x',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]/x',
        'http://[::ffff:127.0.0.1]/x',
        'http://[::ffff:a9fe:a9fe]/x',
        'http://[fe80::1]/x',
        'http://[fd00::1]/x',
        'http://0.0.0.0/x',
      ]) {
        const e = await refused(strict.gql(`mutation($u: String!) { createWebhook(url: $u, events: ["*"]) { id } }`, { u: url }, tok.admin), 'BAD_USER_INPUT');
        expect(e.message).toMatch(/^url: .*, a (loopback|private|linkLocal|uniqueLocal|unspecified) address: webhooks go to public addresses only \(WEBHOOK_ALLOW_PRIVATE=true allows others\)$/);
      }
      expect(receiver.at('/ok/strict')).toEqual([]);
      // A public address is accepted (nothing is sent to it: no event follows).
      const pub = (await ok(strict.gql(`mutation { createWebhook(url: "https://93.184.215.14/hooks", events: ["MIGRATED"]) { id } }`, {}, tok.admin)));
      await ok(strict.gql(`mutation($id: ID!) { deleteWebhook(id: $id) }`, { id: pub.id }, tok.admin));
    } finally {
      await strict.close();
    }
    // At delivery: checked again (the address may have changed since creation).
    const message = { url: `${receiver.base}/ok/late`, secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`, id: 'msg_1', body: '{}', at: new Date() };
    const refusedNow = await deliver(message, { allowPrivate: false });
    expect(refusedNow).toEqual({ status: null, succeeded: false, error: expect.stringMatching(/^refused: 127\.0\.0\.1, a loopback address/) });
    expect(receiver.at('/ok/late')).toEqual([]);
    expect(await deliver(message, { allowPrivate: true })).toEqual({ status: 204, error: null, succeeded: true });
    // A redirect is a failure, and is not followed.
    const redirected = await deliver({ ...message, url: `${receiver.base}/redirect` }, { allowPrivate: true });
    expect(redirected).toEqual({ status: 302, succeeded: false, error: 'the receiver answered 302 (redirects are not followed)' });
    await sleep(200);
    expect(receiver.at('/ok/redirected')).toEqual([]);
    // A receiver that does not answer in time.
    const slow = createServer(() => undefined);
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    try {
      const timedOut = await deliver({ ...message, url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/` }, { allowPrivate: true, timeoutMs: 300 });
      expect(timedOut).toEqual({ status: null, succeeded: false, error: 'no answer within 0.3 s' });
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});
