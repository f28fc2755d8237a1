import { Client } from 'pg';
import { EntityManager } from '@mikro-orm/postgresql';
import { ClusterCommandStore, MAX_WAITING_COMMANDS_PER_CLUSTER, type ClusterRow } from '@clusterflow/persistence';
import { startTestApp, type TestApp } from '../support/test-app';

const TEMPLATE = `
key: queue
version: 1
title: Queue
artefacts:
  report: { title: Report }
phases:
  draft: { title: Draft }
  done: { title: Done, final: true }
gates:
  - id: finish
    from: draft
    to: done
    requires: { artefacts: [ { type: report } ] }
`;

/**
 * The in-process per-cluster command queue (keyed-queue.ts, used by ClusterCommandStore):
 * a burst of commands on one cluster waits in the queue, not in PostgreSQL's lock queue
 * with a pooled connection each, so the pool (20 connections) stays free for the others.
 */
describe('commands queued on one cluster', () => {
  let t: TestApp;
  let admin: string;
  let blocker: Client;
  beforeAll(async () => {
    t = await startTestApp('cluster-command-queue');
    admin = await t.token({ userId: 'ada', agency: 'queue-agency', roles: ['agency_admin'] });
    expect((await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: TEMPLATE }, admin)).body.errors).toBeUndefined();
    blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker?.end();
    await t?.close();
  });

  const register = async (name: string): Promise<string> => {
    const res = await t.gql(`mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "queue" }) { id } }`, { n: name }, admin);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.registerCluster.id;
  };

  /** Backends of this test's database that wait for a lock (a command waiting for a cluster row). */
  const lockWaiters = async (): Promise<number> => {
    const { rows } = await blocker.query(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
    );
    return rows[0].n;
  };

  it('holds at most one connection for 100 waiting commands on one cluster, and serves another cluster meanwhile', async () => {
    const busy = await register('Busy');
    const other = await register('Other');
    const em = t.app.get(EntityManager);
    const pool = (em.getConnection().getKnex().client as unknown as { pool: { numUsed(): number; numPendingAcquires(): number } }).pool;
    const store = new ClusterCommandStore(em);

    const whileLocked = async () => {
      // One command has taken a connection and waits for the lock ...
      for (let i = 0; i < 200 && (await lockWaiters()) === 0; i++) await new Promise((r) => setTimeout(r, 25));
      expect(await lockWaiters()).toBe(1);
      expect({ used: pool.numUsed(), waitingForOne: pool.numPendingAcquires() }).toEqual({ used: 1, waitingForOne: 0 });

      // ... and the other cluster is still served, queries and commands, while the lock is held.
      const read = await t.gql(`query($id: ID!) { cluster(id: $id) { name version } }`, { id: other }, admin);
      expect(read.body).toEqual({ data: { cluster: { name: 'Other', version: 1 } } });
      const submit = await t.gql(`mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "report", title: "R" }) { id } }`, { id: other }, admin);
      expect(submit.body.errors).toBeUndefined();
      const advance = await t.gql(`mutation($id: ID!) { advance(clusterId: $id, gate: "finish") { phase version } }`, { id: other }, admin);
      expect(advance.body.data.advance).toEqual({ phase: 'done', version: 3 });

      // Still one connection for the busy cluster: the 99 others wait without one.
      expect(await lockWaiters()).toBe(1);
      expect(pool.numUsed()).toBe(1);
    };

    // Another process holds the busy cluster's row lock, so its commands cannot finish.
    await blocker.query('begin');
    await blocker.query('select id from cluster where id = $1 for update', [busy]);
    const commands = Array.from({ length: 100 }, () =>
      store.withLockedCluster<ClusterRow | null>('queue-agency', busy, async (row) => ({ write: null, value: row })),
    );
    try {
      await whileLocked();
    } finally {
      await blocker.query('commit');
    }
    const rows = await Promise.all(commands);
    expect(rows.map((r) => r?.id)).toEqual(new Array(100).fill(busy));
    expect(pool.numUsed()).toBe(0);
  });

  it(`refuses at once, with SERVICE_UNAVAILABLE and writing nothing, a command beyond ${MAX_WAITING_COMMANDS_PER_CLUSTER} waiting on one cluster`, async () => {
    const busy = await register('Crowded');
    const store = new ClusterCommandStore(t.app.get(EntityManager));
    const ran: number[] = [];

    // Another process holds the row lock: the first command runs (and waits for the lock), the
    // next MAX_WAITING_COMMANDS_PER_CLUSTER wait in the queue, and the queue is then full.
    await blocker.query('begin');
    await blocker.query('select id from cluster where id = $1 for update', [busy]);
    let refused: { status: number; body: any };
    let commands: Promise<unknown>[];
    try {
      commands = Array.from({ length: 1 + MAX_WAITING_COMMANDS_PER_CLUSTER }, (_, i) =>
        store.withLockedCluster('queue-agency', busy, async () => {
          ran.push(i);
          return { write: null, value: i };
        }),
      );
      // One more, over GraphQL as a client would send it: a command that would write an event.
      refused = await t.gql(
        `mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "report", title: "Too many" }) { id } }`,
        { id: busy },
        admin,
      );
      // Answered while the lock is still held: refused at once, not after waiting its turn.
      expect(ran).toEqual([]);
    } finally {
      await blocker.query('commit');
    }
    expect(refused.body.data).toBeNull();
    expect(refused.body.errors).toHaveLength(1);
    expect(refused.body.errors[0]).toMatchObject({
      message: `cluster ${busy} is busy: ${MAX_WAITING_COMMANDS_PER_CLUSTER} commands are waiting; retry later`,
      extensions: { code: 'SERVICE_UNAVAILABLE' },
    });

    // The accepted commands all run, in order, once the lock is released ...
    await expect(Promise.all(commands)).resolves.toEqual(ran);
    expect(ran).toEqual(Array.from({ length: 1 + MAX_WAITING_COMMANDS_PER_CLUSTER }, (_, i) => i));
    // ... and the refused one wrote nothing: no event, no artefact, the cluster as registered.
    const { rows } = await blocker.query(
      `select (select version from cluster where id = $1) as version,
              (select count(*)::int from cluster_event where cluster_id = $1) as events,
              (select count(*)::int from artefact_version where cluster_id = $1) as artefacts`,
      [busy],
    );
    expect(rows[0]).toEqual({ version: 1, events: 1, artefacts: 0 });

    // With the queue drained, the same command goes through.
    const retried = await t.gql(`mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "report", title: "Retry" }) { id } }`, { id: busy }, admin);
    expect(retried.body.errors).toBeUndefined();
  });

  it('refuses with SERVICE_UNAVAILABLE, writing nothing, a command whose cluster row another process holds past the lock timeout', async () => {
    const held = await register('Held');
    const store = new ClusterCommandStore(t.app.get(EntityManager), { rowLockTimeoutMs: 300 });
    let ran = false;
    await blocker.query('begin');
    await blocker.query('select id from cluster where id = $1 for update', [held]);
    let outcome: unknown;
    try {
      outcome = await store
        .withLockedCluster('queue-agency', held, async () => {
          ran = true;
          return { write: null, value: 'ran' };
        })
        .catch((e) => e);
    } finally {
      await blocker.query('commit');
    }
    expect(ran).toBe(false);
    expect(outcome).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: `cluster ${held} is busy: another process held it for 0.3 s; retry later` });
    // The connection went back to the pool in a usable state: the next command on it runs.
    await expect(store.withLockedCluster('queue-agency', held, async (row) => ({ write: null, value: row?.version }))).resolves.toBe(1);
  });
});
