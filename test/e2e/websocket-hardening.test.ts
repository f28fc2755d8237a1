import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { MAX_SUBSCRIPTIONS_PER_CONNECTION, MAX_SUBSCRIPTIONS_PER_PERSON } from '../../apps/api/src/live/graphql-ws';
import { LiveEventsService } from '../../apps/api/src/live/live-events.service';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

/**
 * Issue 13 over graphql-ws and introspection: subscriptions are capped per connection and
 * per person, an operation graphql-ws cannot identify answers with a code, and in
 * production introspection needs a token unless INTROSPECTION=public.
 */
const AGENCY = 'ws-hardening';
const SUBSCRIBE = 'subscription { clusterEvents { id } }';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Outcome {
  errors: any[];
  done: boolean;
}

describe('WebSocket and introspection hardening (issue 13)', () => {
  let t: TestApp;
  let token: string;
  let url: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    t = await startTestApp('ws-hardening', { NODE_ENV: 'production' });
    token = await t.token({ userId: 'ann', name: 'Ann', agency: AGENCY, roles: ['auditor'] });
    url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await t?.close();
  });

  const connect = () => {
    const client = createClient({ url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${token}` }, onNonLazyError: () => undefined });
    clients.push(client);
    return client;
  };
  const subscribe = (client: Client, query = SUBSCRIBE, operationName?: string): Outcome => {
    const outcome: Outcome = { errors: [], done: false };
    client.subscribe(
      { query, operationName },
      {
        next: (r) => void (r.errors && outcome.errors.push(...r.errors)),
        error: (e) => {
          outcome.errors.push(...(Array.isArray(e) ? e : [e]));
          outcome.done = true;
        },
        complete: () => void (outcome.done = true),
      },
    );
    return outcome;
  };
  const live = () => t.app.get(LiveEventsService).subscriberCount(AGENCY);
  async function settle(predicate: () => boolean): Promise<void> {
    for (let i = 0; i < 500 && !predicate(); i++) await sleep(20);
  }

  it(`one connection holds at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions; one person at most ${MAX_SUBSCRIPTIONS_PER_PERSON}`, async () => {
    const client = connect();
    const first = Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION + 5 }, () => subscribe(client));
    await settle(() => live() === MAX_SUBSCRIPTIONS_PER_CONNECTION && first.filter((o) => o.done).length === 5);
    expect(live()).toBe(MAX_SUBSCRIPTIONS_PER_CONNECTION);
    const refused = first.filter((o) => o.done);
    expect(refused).toHaveLength(5);
    for (const o of refused) {
      expect(o.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
      expect(o.errors[0].message).toMatch(/at most 20 subscriptions at once/);
    }
    // More connections of the same person: the person's limit holds over all of them.
    const more = Array.from({ length: 3 }, () => connect());
    const outcomes = more.flatMap((c) => Array.from({ length: MAX_SUBSCRIPTIONS_PER_CONNECTION }, () => subscribe(c)));
    await settle(() => live() === MAX_SUBSCRIPTIONS_PER_PERSON && outcomes.filter((o) => o.done).length === outcomes.length + MAX_SUBSCRIPTIONS_PER_CONNECTION - MAX_SUBSCRIPTIONS_PER_PERSON);
    expect(live()).toBe(MAX_SUBSCRIPTIONS_PER_PERSON);
    expect(outcomes.filter((o) => o.done).every((o) => /one person may hold at most 50/.test(o.errors[0].message))).toBe(true);
    // Closing connections frees their share.
    await Promise.all([client, ...more].map((c) => c.dispose()));
    await settle(() => live() === 0);
    expect(live()).toBe(0);
    const again = subscribe(connect());
    await settle(() => live() === 1);
    expect(again.errors).toEqual([]);
  });

  it('an operation graphql-ws cannot identify answers BAD_USER_INPUT naming operationName', async () => {
    const client = connect();
    const two = subscribe(client, `subscription A { clusterEvents { id } } subscription B { clusterEvents { seq } }`);
    const unknown = subscribe(client, SUBSCRIBE.replace('subscription', 'subscription Known'), 'Unknown');
    await settle(() => two.done && unknown.done);
    expect(two.errors[0]).toMatchObject({ message: 'the document holds several operations: name the one to run in operationName', extensions: { code: 'BAD_USER_INPUT' } });
    expect(unknown.errors[0]).toMatchObject({ message: 'the document has no operation named "Unknown"', extensions: { code: 'BAD_USER_INPUT' } });
  });

  describe('introspection in production', () => {
    const INTROSPECT = '{ __schema { queryType { name } } }';

    it('needs a token (INTROSPECTION=token, the default); __typename does not', async () => {
      const anonymous = await t.gql(INTROSPECT);
      expect(anonymous.status).toBe(401);
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
      expect(anonymous.body.data).toBeUndefined();
      expect(codesOf(await t.gql('{ __type(name: "Cluster") { name } }'))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await t.gql(`${INTROSPECT}`, {}, 'not-a-token'))).toEqual(['UNAUTHENTICATED']);
      expect((await t.gql(INTROSPECT, {}, token)).body.data.__schema.queryType.name).toBe('Query');
      expect((await t.gql('{ __typename health }')).body.data).toEqual({ __typename: 'Query', health: 'ok' });
    });

    it('is open with INTROSPECTION=public', async () => {
      const open = await startTestApp('ws-hardening-public', { NODE_ENV: 'production', INTROSPECTION: 'public' });
      try {
        expect((await open.gql(INTROSPECT)).body.data.__schema.queryType.name).toBe('Query');
      } finally {
        await open.close();
      }
    });
  });
});
