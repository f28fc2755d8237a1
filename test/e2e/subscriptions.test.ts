import { readFileSync } from 'node:fs';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { eventHash } from '@clusterflow/engine';
import { LiveEventsService } from '../../apps/api/src/live/live-events.service';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

/**
 * Live events across server instances: two apps on one database; commands over HTTP on A,
 * `clusterEvents` over graphql-ws on B, through PostgreSQL LISTEN/NOTIFY.
 */

const SOURCE = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
/** Both instances verify each other's tokens, as servers behind one load balancer would. */
const ENV = { JWT_SECRET: 'subscriptions-test-secret-of-at-least-32-characters' };
const AGENCY = 'unido-ng';
const OTHER = 'other-agency';

const EVENT_FIELDS = 'id clusterId seq type actor actorName role at payload prevHash hash';
const SUBSCRIBE = `subscription($clusterId: ID) { clusterEvents(clusterId: $clusterId) { ${EVENT_FIELDS} } }`;

interface CloseInfo {
  code: number;
  reason: string;
}

interface Connection {
  client: Client;
  closes: CloseInfo[];
  dispose(): Promise<void>;
}

interface Subscription {
  events: any[];
  errors: any[];
  /** The errors that came as a graphql-ws `error` message (the operation refused), not within a `next`. */
  refused: any[];
  done: boolean;
  stop(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('clusterEvents across server instances', () => {
  let a: TestApp;
  let b: TestApp;
  let urlB: string;
  let liveB: LiveEventsService;
  let pg: PgClient;
  const tok: Record<string, string> = {};
  const connections: Connection[] = [];
  const subscriptions: Subscription[] = [];

  /** A graphql-ws connection to B; `authorization` is sent as connectionParams.authorization when given. */
  function connect(authorization?: string): Connection {
    const closes: CloseInfo[] = [];
    const client = createClient({
      url: urlB,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: authorization === undefined ? undefined : { authorization },
      onNonLazyError: () => undefined,
      on: { closed: (e) => closes.push({ code: (e as CloseInfo).code, reason: (e as CloseInfo).reason }) },
    });
    const connection = { client, closes, dispose: () => client.dispose() as Promise<void> };
    connections.push(connection);
    return connection;
  }

  function subscribe(connection: Connection, clusterId?: string | null, query = SUBSCRIBE): Subscription {
    const sub: Subscription = { events: [], errors: [], refused: [], done: false, stop: () => undefined };
    sub.stop = connection.client.subscribe<any>(
      { query, variables: clusterId === undefined ? {} : { clusterId } },
      {
        next: (result) => {
          if (result.errors) sub.errors.push(...result.errors);
          if (result.data?.clusterEvents) sub.events.push(result.data.clusterEvents);
        },
        error: (e) => {
          sub.errors.push(...(Array.isArray(e) ? e : [e]));
          if (Array.isArray(e)) sub.refused.push(...e);
          sub.done = true;
        },
        complete: () => {
          sub.done = true;
        },
      },
    );
    subscriptions.push(sub);
    return sub;
  }

  /** Subscribes and waits until B holds the subscription (so no event of the test is missed). */
  async function subscribed(connection: Connection, agency: string, clusterId?: string | null): Promise<Subscription> {
    const before = liveB.subscriberCount(agency);
    const sub = subscribe(connection, clusterId);
    await waitFor(`a ${agency} subscription on B`, () => liveB.subscriberCount(agency) === before + 1 || sub.done);
    expect(sub.errors).toEqual([]);
    return sub;
  }

  async function mutate(app: TestApp, query: string, variables: Record<string, unknown>, token: string): Promise<any> {
    const res = await app.gql(query, variables, token);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return Object.values(res.body.data)[0];
  }

  const register = (name: string, token: string) =>
    mutate(a, `mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "unido-cda", attributes: { enterprise_count: 150 } }) { id } }`, { n: name }, token);
  const submit = (id: string) => mutate(a, `mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "cluster_map", title: "Map", fields: { enterprises_mapped: 150 } }) { id } }`, { id }, tok.cda);
  const score = (id: string) =>
    mutate(
      a,
      `mutation($id: ID!) { scoreCluster(clusterId: $id, scores: [{criterion: "importance", score: 4}, {criterion: "potential", score: 4}, {criterion: "viability", score: 3}, {criterion: "sustainability", score: 3}]) { version } }`,
      { id },
      tok.cda,
    );
  const decideQuery = `mutation($id: ID!, $comment: String) { decide(input: { clusterId: $id, gate: "cda_appointed", role: "cda", outcome: APPROVE, comment: $comment }) { id } }`;

  async function trail(clusterId: string): Promise<any[]> {
    const page = await mutate(a, `query($id: ID!) { auditTrail(clusterId: $id) { edges { node { ${EVENT_FIELDS} } } } }`, { id: clusterId }, tok.auditor);
    return page.edges.map((e: { node: unknown }) => e.node);
  }

  beforeAll(async () => {
    a = await startTestApp('subscriptions', ENV);
    b = await startTestApp('subscriptions-b', ENV, { databaseUrl: a.databaseUrl });
    urlB = `ws://127.0.0.1:${(b.app.getHttpServer().address() as AddressInfo).port}/graphql`;
    liveB = b.app.get(LiveEventsService);
    tok.admin = await a.token({ userId: 'ada', agency: AGENCY, roles: ['agency_admin'] });
    tok.cda = await a.token({ userId: 'chidi', name: 'Chidi Okafor', agency: AGENCY, roles: ['cda'] });
    tok.auditor = await a.token({ userId: 'aud', agency: AGENCY, roles: ['auditor'] });
    tok.otherAdmin = await a.token({ userId: 'olga', agency: OTHER, roles: ['agency_admin'] });
    tok.otherAuditor = await a.token({ userId: 'oscar', agency: OTHER, roles: ['auditor'] });
    await mutate(a, 'mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: SOURCE }, tok.admin);
    await mutate(a, 'mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: SOURCE }, tok.otherAdmin);
    pg = new PgClient({ connectionString: a.databaseUrl });
    await pg.connect();
  });

  // Each test starts with no subscription open on B.
  afterEach(async () => {
    for (const sub of subscriptions.splice(0)) sub.stop();
    if (b) await waitFor('the subscriptions to end on B', () => liveB.subscriberCount() === 0);
  });

  afterAll(async () => {
    await Promise.all(connections.map((c) => c.dispose()));
    await pg?.end();
    await b?.close();
    await a?.close();
  });

  it('delivers every committed event on B, in order, with its fields and hash; one cluster, or the whole agency; never another agency\'s', async () => {
    const auditor = connect(`Bearer ${tok.auditor}`);
    const all = await subscribed(auditor, AGENCY);
    const other = await subscribed(connect(`Bearer ${tok.otherAuditor}`), OTHER);
    const x = (await register('Kano textiles', tok.cda)).id;
    // A cluster's subscription starts exactly after the version it finds (here 1).
    const onlyX = await subscribed(auditor, AGENCY, x);

    const y = (await register('Aba leather', tok.cda)).id;
    await score(y);
    await submit(x);
    await submit(y);
    await mutate(a, decideQuery, { id: y, comment: 'appointed' }, tok.cda);
    await mutate(a, decideQuery, { id: x, comment: null }, tok.cda);

    const order = [
      [x, 1],
      [y, 1],
      [y, 2],
      [x, 2],
      [y, 3],
      [y, 4],
      [x, 3],
    ];
    await waitFor('seven events on B', () => all.events.length >= order.length);
    await waitFor('two events of X on B', () => onlyX.events.length >= 2);
    expect(all.events.map((e) => [e.clusterId, e.seq])).toEqual(order);
    expect(onlyX.events.map((e) => [e.clusterId, e.seq])).toEqual([
      [x, 2],
      [x, 3],
    ]);

    // Exactly what the audit trail holds, field by field; each hash recomputes from the fields.
    const trailY = await trail(y);
    const trailX = await trail(x);
    expect(all.events.filter((e) => e.clusterId === y)).toEqual(trailY);
    expect(all.events.filter((e) => e.clusterId === x)).toEqual(trailX);
    expect(onlyX.events).toEqual(trailX.slice(1));
    for (const e of all.events) {
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(eventHash({ clusterId: e.clusterId, seq: e.seq, type: e.type, actor: e.actor, role: e.role, at: e.at, payload: e.payload, prevHash: e.prevHash })).toBe(e.hash);
    }
    expect(all.events[1]).toMatchObject({ type: 'REGISTERED', actor: 'chidi', actorName: 'Chidi Okafor', prevHash: '0'.repeat(64) });
    expect(all.events[1].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(all.events[5]).toMatchObject({ type: 'DECIDED', role: 'cda', prevHash: all.events[4].hash });
    expect(all.events[5].payload).toMatchObject({ gate: 'cda_appointed', outcome: 'APPROVE', comment: 'appointed' });

    // The other agency heard nothing of it, and hears its own.
    expect(other.events).toEqual([]);
    const own = (await register('Other cluster', tok.otherAdmin)).id;
    await waitFor('the other agency\'s event', () => other.events.length === 1);
    expect(other.events[0]).toMatchObject({ clusterId: own, seq: 1, type: 'REGISTERED', actor: 'olga' });
    await sleep(100);
    expect(all.events).toHaveLength(order.length);
    expect(onlyX.events).toHaveLength(2);
    expect([all, onlyX, other].flatMap((s) => s.errors)).toEqual([]);

  });

  it('announces nothing for a refused command or one rolled back at commit', async () => {
    const id = (await register('Onitsha footwear', tok.cda)).id;
    const sub = await subscribed(connect(`Bearer ${tok.cda}`), AGENCY, id);

    // Refused by the engine: nothing is written.
    const refused = await a.gql(`mutation($id: ID!) { advance(clusterId: $id, gate: "select_cluster") { id } }`, { id }, tok.cda);
    expect(codesOf(refused)).toEqual(['GATE_NOT_READY']);

    // Written, notified inside the transaction, then rolled back at COMMIT by a deferred trigger.
    await pg.query(`create function cf_test_refuse_at_commit() returns trigger language plpgsql as $$
      begin
        if new.payload->>'comment' = 'roll me back' then raise exception 'refused at commit by the test'; end if;
        return null;
      end $$`);
    await pg.query(`create constraint trigger cf_test_refuse_at_commit after insert on cluster_event
      deferrable initially deferred for each row execute function cf_test_refuse_at_commit()`);
    try {
      const rolledBack = await a.gql(decideQuery, { id, comment: 'roll me back' }, tok.cda);
      expect(codesOf(rolledBack)).toEqual(['INTERNAL']);
    } finally {
      await pg.query('drop trigger cf_test_refuse_at_commit on cluster_event');
      await pg.query('drop function cf_test_refuse_at_commit()');
    }
    const { rows } = await pg.query('select count(*)::int as n from cluster_event where cluster_id = $1', [id]);
    expect(rows[0].n).toBe(1);

    await mutate(a, decideQuery, { id, comment: 'kept' }, tok.cda);
    await waitFor('the committed decision', () => sub.events.length === 1);
    await sleep(100);
    expect(sub.events).toHaveLength(1);
    expect(sub.events[0]).toMatchObject({ clusterId: id, seq: 2, type: 'DECIDED', payload: expect.objectContaining({ comment: 'kept' }) });
  });

  it('answers NOT_FOUND at subscribe time for an unknown cluster or another agency\'s', async () => {
    const theirs = (await register('Lagos fashion', tok.admin)).id;
    const other = connect(`Bearer ${tok.otherAuditor}`);
    for (const clusterId of [theirs, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const sub = subscribe(other, clusterId);
      await waitFor('the refusal', () => sub.done);
      expect(sub.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      // As a graphql-ws `error` message: the subscription never started (not a `next` carrying errors).
      expect(sub.refused.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(sub.events).toEqual([]);
    }
    expect(liveB.subscriberCount(OTHER)).toBe(0);
  });

  it('refuses a connection without a token (4401) or with a bad one (4403), and closes one whose token expires (4403)', async () => {
    const missing = connect();
    const malformed = connect(tok.auditor); // no "Bearer "
    const forged = connect(`Bearer ${tok.auditor.slice(0, -4)}AAAA`);
    const expired = connect(`Bearer ${await a.token({ userId: 'aud', agency: AGENCY, roles: ['auditor'] }, -10)}`);
    await waitFor('the refusals', () => [missing, malformed, forged, expired].every((c) => c.closes.length > 0));
    expect(missing.closes[0]).toMatchObject({ code: 4401, reason: expect.stringContaining('bearer token is required') });
    expect(malformed.closes[0]).toMatchObject({ code: 4401, reason: expect.stringContaining('Bearer <token>') });
    expect(forged.closes[0]).toMatchObject({ code: 4403, reason: expect.stringContaining('signature') });
    expect(expired.closes[0]).toMatchObject({ code: 4403, reason: expect.stringContaining('expired') });

    const shortLived = connect(`Bearer ${await a.token({ userId: 'aud', agency: AGENCY, roles: ['auditor'] }, 2)}`); // exp is in whole seconds: 1 to 2 s from now
    const sub = await subscribed(shortLived, AGENCY);
    await waitFor('the expiry', () => shortLived.closes.length > 0, 4000);
    expect(shortLived.closes[0]).toMatchObject({ code: 4403, reason: 'Forbidden: the token has expired' });
    expect(sub.done).toBe(true);
    await waitFor('the expired subscription to end on B', () => liveB.subscriberCount() === 0);
  });

  it('applies the query limits and serves only subscriptions over WebSocket', async () => {
    const c = connect(`Bearer ${tok.auditor}`);
    const cases: [string, string][] = [
      [`subscription { clusterEvents { ${Array.from({ length: 101 }, (_, i) => `a${i}: id`).join(' ')} } }`, 'QUERY_TOO_COMPLEX'],
      ['subscription { clusterEvents { nope } }', 'GRAPHQL_VALIDATION_FAILED'],
      ['subscription { clusterEvents { id ', 'GRAPHQL_PARSE_FAILED'],
      ['{ me { userId } }', 'BAD_USER_INPUT'],
    ];
    for (const [query, code] of cases) {
      const sub = subscribe(c, undefined, query);
      await waitFor(`the ${code} refusal`, () => sub.done);
      expect(sub.errors.map((e) => e.extensions?.code)).toEqual([code]);
      expect(sub.refused.map((e) => e.extensions?.code)).toEqual([code]);
      expect(JSON.stringify(sub.errors)).not.toMatch(/stack|Did you mean/);
    }
    expect(c.closes).toEqual([]);
  });

  it('answers a subscription sent over HTTP with BAD_USER_INPUT, naming where subscriptions are served', async () => {
    for (const token of [tok.auditor, undefined]) {
      const res = await b.gql(SUBSCRIBE, {}, token);
      expect(res.status).toBe(400);
      expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors[0].message).toBe('subscriptions are served over WebSocket at /graphql');
      expect(res.body.data).toBeUndefined();
    }
  });

  it('closes a socket that sends a message over 1 MiB (1009), as the HTTP body limit refuses such a body', async () => {
    // graphql-ws reports every socket error with console.error (not through the app's logger).
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const ws = new WebSocket(urlB, 'graphql-transport-ws');
      const closed = new Promise<CloseInfo>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
      ws.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${tok.auditor}`, padding: 'x'.repeat(1024 * 1024) } }));
      expect((await closed).code).toBe(1009);
      expect(consoleError).toHaveBeenCalledWith(expect.stringContaining('Internal error emitted on a WebSocket socket'), expect.objectContaining({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' }));
    } finally {
      consoleError.mockRestore();
    }
  });

  it('keeps delivering after the LISTEN connection is cut (it reconnects by itself)', async () => {
    const id = (await register('Aba garments', tok.cda)).id;
    const sub = await subscribed(connect(`Bearer ${tok.auditor}`), AGENCY, id);
    const listeners = () =>
      pg
        .query(`select pid from pg_stat_activity where datname = current_database() and application_name = 'clusterflow-listener'`)
        .then((r) => r.rows.map((row) => row.pid as number));
    const before = await listeners();
    expect(before).toHaveLength(2); // one per instance
    await pg.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [before]);
    await waitFor('B to notice', () => !liveB.listening, 5000).catch(() => undefined); // may already be back
    await waitFor('both instances to listen again', async () => liveB.listening && (await listeners()).filter((p) => !before.includes(p)).length === 2);

    await submit(id);
    await waitFor('the event after the reconnect', () => sub.events.length === 1);
    expect(sub.events[0]).toMatchObject({ clusterId: id, seq: 2, type: 'ARTEFACT_SUBMITTED' });
  });

  it('ends open subscriptions and closes their sockets when an instance shuts down, even with a peer that never answers', async () => {
    const c = connect(`Bearer ${tok.auditor}`);
    const sub = await subscribed(c, AGENCY);
    // A peer that completes the upgrade and then never answers anything, a close included.
    const mute = netConnect((b.app.getHttpServer().address() as AddressInfo).port, '127.0.0.1');
    const upgraded = new Promise<void>((resolve) => mute.once('data', (d) => (String(d).startsWith('HTTP/1.1 101') ? resolve() : undefined)));
    mute.write(
      'GET /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n',
    );
    await upgraded;
    const muteClosed = new Promise((resolve) => mute.once('close', resolve));
    try {
      const started = Date.now();
      await b.close();
      expect(Date.now() - started).toBeLessThan(5000); // ws alone would wait 30 s for the mute peer
      await waitFor('the socket to close', () => c.closes.length > 0);
      expect(c.closes[0].code).toBe(1001);
      expect(sub.done).toBe(true);
      await muteClosed;
    } finally {
      mute.destroy();
      b = undefined as unknown as TestApp; // closed; afterAll skips it
    }
  });
});
