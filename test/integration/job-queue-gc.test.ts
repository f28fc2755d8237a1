import { Client } from 'pg';
import { collectJobQueues } from '@clusterflow/persistence';
import { createMigratedDatabase } from '../support/test-app';

/**
 * The daily clean-up of graphile-worker's queue rows (jobs/job-queue-gc.ts) on a real database:
 * it deletes the queues no job refers to, keeps a queue with a job or a lock, and never deletes
 * a queue that a transaction still open is adding a job to (it waits for it).
 */
describe('the job queue clean-up', () => {
  let db: { url: string; drop(): Promise<void> };
  let pg: Client;
  let other: Client;

  beforeAll(async () => {
    db = await createMigratedDatabase('job-queue-gc');
    pg = new Client({ connectionString: db.url });
    other = new Client({ connectionString: db.url });
    await Promise.all([pg.connect(), other.connect()]);
  });

  afterAll(async () => {
    await Promise.all([pg.end(), other.end()]);
    await db.drop();
  });

  beforeEach(async () => {
    await pg.query('delete from graphile_worker._private_jobs; delete from graphile_worker._private_job_queues');
  });

  const addJob = (c: Client, queue: string) => c.query(`select graphile_worker.add_job('hook', '{}'::json, queue_name := $1)`, [queue]);
  const queues = async () =>
    (await pg.query(`select queue_name from graphile_worker._private_job_queues order by queue_name`)).rows.map((r) => r.queue_name as string);
  /** Jobs whose queue row is gone: the workers would never run them. */
  const orphans = async () =>
    (
      await pg.query(`select count(*)::int as n from graphile_worker._private_jobs j
                       where j.job_queue_id is not null and not exists (select 1 from graphile_worker._private_job_queues q where q.id = j.job_queue_id)`)
    ).rows[0].n as number;

  it('deletes the queues no job refers to, and keeps those with a job or locked by a worker', async () => {
    await addJob(pg, 'webhook:w:done');
    await addJob(pg, 'webhook:w:waiting');
    await addJob(pg, 'webhook:w:running');
    await pg.query(`delete from graphile_worker._private_jobs j using graphile_worker._private_job_queues q
                     where q.id = j.job_queue_id and q.queue_name in ('webhook:w:done', 'webhook:w:running')`);
    await pg.query(`update graphile_worker._private_job_queues set locked_at = now(), locked_by = 'worker-1' where queue_name = 'webhook:w:running'`);
    expect(await collectJobQueues(pg)).toBe(1);
    expect(await queues()).toEqual(['webhook:w:running', 'webhook:w:waiting']);
    expect(await collectJobQueues(pg)).toBe(0);
  });

  it('waits for a transaction adding a job to an empty queue, and keeps that queue', async () => {
    await addJob(pg, 'webhook:w:race');
    await pg.query(`delete from graphile_worker._private_jobs`);
    // Another transaction adds a job to the (now empty) queue and has not committed yet.
    await other.query('begin');
    await addJob(other, 'webhook:w:race');
    let settled = false;
    const gc = collectJobQueues(pg).finally(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(settled).toBe(false);
    await other.query('commit');
    expect(await gc).toBe(0);
    expect(await queues()).toEqual(['webhook:w:race']);
    expect(await orphans()).toBe(0);
  });

  it('gives up after its lock timeout, deleting nothing, and leaves the connection usable', async () => {
    await addJob(pg, 'webhook:w:empty');
    await pg.query(`delete from graphile_worker._private_jobs`);
    await other.query('begin');
    await addJob(other, 'webhook:w:other');
    await expect(collectJobQueues(pg, 200)).rejects.toThrow(/lock timeout/);
    await other.query('rollback');
    expect(await queues()).toEqual(['webhook:w:empty']);
    expect(await collectJobQueues(pg)).toBe(1);
    expect(await queues()).toEqual([]);
  });
});
