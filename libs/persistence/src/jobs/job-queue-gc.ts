import type { Queryable } from '../repositories/notification.repository';
import { JOB_SCHEMA } from './job-queue';

/**
 * graphile-worker keeps one row in `_private_job_queues` for every queue name it ever saw, and
 * each webhook and cluster that had a delivery has its own queue (`webhook:<webhook>:<cluster>`,
 * webhook.repository.ts), so the table grows with webhooks × clusters. The library deletes such
 * rows only in its `cleanup` task GC_JOB_QUEUES, whose statement this is, with one addition.
 *
 * Its jobs point at their queue without a foreign key, and `add_job`/`add_jobs` reuse an existing
 * queue row without locking it: a queue row deleted while a transaction adds a job to it would
 * leave that job pointing at no queue, never run. So the statement first takes the table in
 * SHARE ROW EXCLUSIVE mode, which waits for every transaction that is adding jobs to a queue (they
 * hold ROW EXCLUSIVE on it until they end) and holds new ones back for the few milliseconds of the
 * delete; it then sees their jobs and keeps their queues. A lock not had within `lockTimeoutMs`
 * gives up (an error; the schedule's next run tries again) rather than stall the queue.
 */
export const JOB_QUEUE_GC_SQL = `
  delete from ${JOB_SCHEMA}._private_job_queues q
   where q.locked_at is null
     and not exists (select 1 from ${JOB_SCHEMA}._private_jobs j where j.job_queue_id = q.id)`;

/** Deletes the queue rows no job refers to (see JOB_QUEUE_GC_SQL); answers how many. */
export async function collectJobQueues(db: Queryable, lockTimeoutMs = 5_000): Promise<number> {
  await db.query('begin');
  try {
    await db.query(`set local lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
    await db.query(`lock table ${JOB_SCHEMA}._private_job_queues in share row exclusive mode`);
    const { rowCount } = await db.query(JOB_QUEUE_GC_SQL);
    await db.query('commit');
    return rowCount ?? 0;
  } catch (e) {
    await db.query('rollback').catch(() => undefined);
    throw e;
  }
}
