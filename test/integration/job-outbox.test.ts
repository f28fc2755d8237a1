import { Client } from 'pg';
import { OutboxRelay, RELAY_BATCH, RELAY_OUTBOX_SQL } from '@clusterflow/persistence';
import { createMigratedDatabase } from '../support/test-app';

/**
 * The job outbox's relay (jobs/job-outbox.ts) on a real database with graphile-worker's schema:
 * each row becomes a job once, in order, batched per task, also with relays racing.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const quiet = { info: () => undefined, warn: () => undefined, debug: () => undefined };

describe('the job outbox relay', () => {
  let db: { url: string; drop(): Promise<void> };
  let pg: Client;

  beforeAll(async () => {
    db = await createMigratedDatabase('job-outbox');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
  });

  afterAll(async () => {
    await pg.end();
    await db.drop();
  });

  beforeEach(async () => {
    await pg.query('delete from job_outbox; delete from graphile_worker._private_jobs');
  });

  const put = (rows: { task: string; n: number; queue?: string; key?: string }[]) =>
    pg.query(
      `insert into job_outbox (agency, task, payload, queue_name, job_key, max_attempts)
       select 'a', r.task, jsonb_build_object('n', r.n), r.queue, r.key, 3
         from jsonb_to_recordset($1::jsonb) as r(task text, n int, queue text, key text) order by r.n`,
      [JSON.stringify(rows.map((r) => ({ queue: null, key: null, ...r })))],
    );
  const relayOnce = async () => (await pg.query(RELAY_OUTBOX_SQL, [RELAY_BATCH])).rows[0];
  const jobs = async () =>
    (
      await pg.query(`select t.identifier as task, j.payload, q.queue_name as queue, j.key, j.max_attempts
                        from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
                        left join graphile_worker._private_job_queues q on q.id = j.job_queue_id order by j.id`)
    ).rows;
  const outbox = async () => (await pg.query('select count(*)::int as n from job_outbox')).rows[0].n;

  it('moves the rows of a batch into one job per task and queue, their payloads listed in order', async () => {
    await put([
      { task: 'notify', n: 1 },
      { task: 'hook', n: 2, queue: 'hook:c1' },
      { task: 'notify', n: 3 },
      { task: 'hook', n: 4, queue: 'hook:c1' },
      { task: 'hook', n: 5, queue: 'hook:c2' },
    ]);
    expect(await relayOnce()).toEqual({ locked: true, moved: 5, added: 3 });
    // (add_jobs orders the jobs of one call as it likes; a queue's order is kept inside its one job.)
    const byQueue = (list: { queue: string | null }[]) => [...list].sort((a, b) => String(a.queue).localeCompare(String(b.queue)));
    expect(byQueue(await jobs())).toEqual([
      { task: 'hook', payload: [{ n: 2 }, { n: 4 }], queue: 'hook:c1', key: null, max_attempts: 3 },
      { task: 'hook', payload: [{ n: 5 }], queue: 'hook:c2', key: null, max_attempts: 3 },
      { task: 'notify', payload: [{ n: 1 }, { n: 3 }], queue: null, key: null, max_attempts: 3 },
    ]);
    expect(await outbox()).toBe(0);
    // Nothing left: a second run moves nothing and adds nothing.
    expect(await relayOnce()).toEqual({ locked: true, moved: 0, added: null });
  });

  it('keeps a row with a job key a job of its own, and stops a batch before a key it already holds', async () => {
    await put([
      { task: 'mail', n: 1, key: 'k1' },
      { task: 'mail', n: 2, key: 'k2' },
      { task: 'mail', n: 3, key: 'k1' },
      { task: 'notify', n: 4 },
    ]);
    expect(await relayOnce()).toMatchObject({ moved: 2 });
    expect(await relayOnce()).toMatchObject({ moved: 2 });
    // The second k1 replaced the first (graphile-worker's job keys): its payload is the later one.
    const list = (await jobs()).map((j) => [j.task, j.key, j.payload]);
    expect(list.sort((a, b) => String(a[1]).localeCompare(String(b[1])))).toEqual([
      ['mail', 'k1', { n: 3 }],
      ['mail', 'k2', { n: 2 }],
      ['notify', null, [{ n: 4 }]],
    ]);
  });

  it('leaves the rows of a statement that rolls back, and a relay waits its turn while another holds the outbox', async () => {
    await put([{ task: 'notify', n: 1 }]);
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('begin');
      expect(await other.query(RELAY_OUTBOX_SQL, [RELAY_BATCH]).then((r) => r.rows[0])).toMatchObject({ locked: true, moved: 1 });
      // The other relay's batch is not committed: this one skips (the lock), moving nothing.
      expect(await relayOnce()).toEqual({ locked: false, moved: 0, added: null });
      await other.query('rollback');
    } finally {
      await other.end();
    }
    expect(await outbox()).toBe(1);
    expect(await jobs()).toEqual([]);
    expect(await relayOnce()).toMatchObject({ moved: 1, added: 1 });
  });

  it('relays run by several instances move every row exactly once, in commit order', async () => {
    const relays = [1, 2, 3].map(() => new OutboxRelay({ url: db.url, log: quiet, pollMs: 50, gatherMs: 1 }));
    await Promise.all(relays.map((r) => r.start()));
    try {
      for (let n = 1; n <= 600; n += 3) {
        await put([0, 1, 2].map((i) => ({ task: 'hook', n: n + i, queue: 'hook:c1' })));
        relays[n % 3].kick();
        if (n % 30 === 1) await sleep(5);
      }
      const until = Date.now() + 20_000;
      while ((await outbox()) > 0 && Date.now() < until) await sleep(20);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    expect(await outbox()).toBe(0);
    const listed = (await jobs()).flatMap((j) => j.payload.map((p: { n: number }) => p.n));
    expect(listed).toEqual(Array.from({ length: 600 }, (_, i) => i + 1));
  });

  it('paces its batches under a steady stream of commands: each carries many rows, none is lost or reordered', async () => {
    const run = async (minIntervalMs: number) => {
      await pg.query('delete from job_outbox; delete from graphile_worker._private_jobs');
      const relay = new OutboxRelay({ url: db.url, log: quiet, pollMs: 60_000, gatherMs: 1, minIntervalMs });
      await relay.start();
      const started = Date.now();
      let seconds = 0;
      try {
        // A command every 10 ms for about a second, each announcing itself as a commit does.
        for (let n = 1; n <= 100; n++) {
          await put([{ task: 'notify', n }]);
          relay.kick();
          await sleep(10);
        }
        const until = Date.now() + 20_000;
        while ((await outbox()) > 0 && Date.now() < until) await sleep(20);
        seconds = (Date.now() - started) / 1000;
      } finally {
        await relay.stop();
      }
      const all = await jobs();
      expect(all.flatMap((j) => j.payload.map((p: { n: number }) => p.n))).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      return { jobs: all.length, seconds };
    };
    // Unpaced, nearly every command is a job of its own; paced at 300 ms, at most one batch per 300 ms went (and a last one).
    expect((await run(0)).jobs).toBeGreaterThan(30);
    const paced = await run(300);
    expect(paced.jobs).toBeLessThanOrEqual(Math.ceil(paced.seconds / 0.3) + 1);
    expect(paced.jobs).toBeLessThan(30);
  });
});
