import { Client as PgClient } from 'pg';
import { startTestApp, type TestApp } from './test-app';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the job queue holds no job of `task` any more (all run), or fails after `timeoutMs`. */
export async function drainJobs(pg: PgClient, task: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await pg.query(`select count(*)::int as n from graphile_worker.jobs where task_identifier = $1`, [task])).rows[0].n > 0) {
    if (Date.now() > until) throw new Error(`the ${task} jobs did not run`);
    await sleep(50);
  }
}

/**
 * The `timers` job, enqueued `times` times at once (no job key, so that the workers of every
 * server instance on the database take them concurrently), then waits until all have run.
 */
export async function fireTimers(pg: PgClient, times: number, timeoutMs = 30_000): Promise<void> {
  for (let i = 0; i < times; i++) await pg.query(`select graphile_worker.add_job('timers', json_build_object('until', now()))`);
  await drainJobs(pg, 'timers', timeoutMs);
}

export interface TwoInstances {
  a: TestApp;
  b: TestApp;
  /** A connection of the test's own to the one database both instances use. */
  pg: PgClient;
  close(): Promise<void>;
}

/**
 * Two server instances on one scratch database (`label`, `label-b`), as the timer tests run
 * them, and a connection to it; what was started is closed again if a later step fails.
 */
export async function startTwoInstances(label: string, env: Record<string, string>): Promise<TwoInstances> {
  const a = await startTestApp(label, env);
  let b: TestApp | undefined;
  try {
    b = await startTestApp(`${label}-b`, env, { databaseUrl: a.databaseUrl });
    const pg = new PgClient({ connectionString: a.databaseUrl });
    await pg.connect();
    const second = b;
    return {
      a,
      b: second,
      pg,
      async close() {
        await pg.end();
        await second.close();
        await a.close();
      },
    };
  } catch (e) {
    await b?.close();
    await a.close();
    throw e;
  }
}
