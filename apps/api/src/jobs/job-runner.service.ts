import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { parseCronItems, run, type Runner, type TaskList, type WorkerEvents } from 'graphile-worker';
import { Pool } from 'pg';
import { clusterTimerCandidates, collectJobQueues, JOB_APPLICATION_NAME, Jobs, JOB_SCHEMA, jobLogger, OutboxRelay, WorkerLiveness, type Queryable } from '@clusterflow/persistence';
import { ClustersService } from '@clusterflow/application/clusters/clusters.service';
import { APP_CONFIG } from '@clusterflow/application/config/config.module';
import type { AppConfig } from '@clusterflow/application/config/config';
import { Mailer } from '@clusterflow/application/notifications/mailer';
import { notificationTasks } from '@clusterflow/application/notifications/notification-jobs';
import { webhookTasks } from '@clusterflow/application/webhooks/webhook-jobs';
import { FilesService } from '@clusterflow/application/files/files.service';
import { fileTasks } from '@clusterflow/application/files/file-jobs';

export const JOB_RUNNER_OPTIONS = Symbol('JOB_RUNNER_OPTIONS');

export interface JobRunnerOptions {
  /** The database the ORM uses; the workers keep a small pool of their own on it. */
  databaseUrl: string;
}

/** Jobs run at once by one instance's workers. */
const CONCURRENCY = 4;

/**
 * The job queue's workers in the server process (graphile-worker's runner), unless WORKERS=false:
 * they pick up the jobs any instance enqueued (LISTEN/NOTIFY, and polling), move the commands'
 * jobs from the outbox into the queue (OutboxRelay, one instance at a time), and fire the
 * schedules, each occurrence once across all instances (graphile-worker's known_crontabs).
 * Started once the server is up (after the migrations), stopped with it: a job running then
 * finishes first; one a crashed instance was running is given back to the queue within about
 * a minute (persistence's jobs/worker-liveness.ts).
 */
@Injectable()
export class JobRunnerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger('Jobs');
  private runner: Runner | null = null;
  private mailer: Mailer | null = null;
  private pool: Pool | null = null;
  private liveness: WorkerLiveness | null = null;
  private relay: OutboxRelay | null = null;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JOB_RUNNER_OPTIONS) private readonly options: JobRunnerOptions,
    private readonly clusters: ClustersService,
    private readonly files: FilesService,
  ) {}

  /** The tasks the workers run (also for a test that runs one directly). */
  tasks(): TaskList {
    return {
      ...notificationTasks({ mailer: this.mailer, publicUrl: this.config.publicUrl, clusterTimers: (client) => this.fireClusterTimers(client) }),
      ...webhookTasks({ allowPrivate: this.config.webhookAllowPrivate, retryDelaysMs: this.config.webhookRetryDelaysMs }),
      ...fileTasks({ files: this.files, log: (m) => this.log.log(m) }),
      [Jobs.QUEUE_CLEANUP]: async (_payload, helpers) => {
        const removed = await helpers.withPgClient((client) => collectJobQueues(client));
        if (removed) this.log.log(`removed ${removed} job queues no job refers to any more`);
      },
    };
  }

  /**
   * The template's `escalate` and `expires` timers due now: the clusters the sieve finds (any
   * agency), each decided again and recorded by ClustersService.fireTimers under its lock, so a
   * timer run by several instances at once records each event once. The time is the clock's
   * when each is recorded under the lock (a late run never stamps an event before the cluster's last one). A
   * cluster that fails (busy, say) is logged and taken up by the next minute's run.
   */
  private async fireClusterTimers(client: Queryable): Promise<number> {
    let recorded = 0;
    for (const c of await clusterTimerCandidates(client, new Date())) {
      try {
        recorded += (await this.clusters.fireTimers(c.agency, c.clusterId, c.visit)).length;
      } catch (e) {
        this.log.warn(`timers of cluster ${c.clusterId} (${c.agency}): ${(e as Error).message}; trying again at the next run`);
      }
    }
    return recorded;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.workers) return;
    this.mailer = this.config.mail ? new Mailer(this.config.mail) : null;
    await this.startRunner();
    // The commands' jobs, from the outbox into the queue (one relay at a time across instances).
    this.relay = new OutboxRelay({
      url: this.options.databaseUrl,
      log: { info: (m) => this.log.log(m), warn: (m) => this.log.warn(m), debug: (m) => this.log.debug(m) },
    });
    await this.relay.start();
  }

  /**
   * Starts graphile-worker's runner; should it stop by itself (its database gone for good, say),
   * logs why and starts it again 5 s later, so the server never dies of it and works on once
   * the database is back.
   */
  private async startRunner(): Promise<void> {
    if (this.stopping) return;
    // The workers' own small pool, named in pg_stat_activity.
    this.pool = new Pool({ connectionString: this.options.databaseUrl, max: CONCURRENCY + 2, application_name: JOB_APPLICATION_NAME });
    // A connection lost while idle (pool) or checked out (client) is logged; the next job gets another.
    this.pool.on('error', (e) => this.log.warn(`job queue connection lost: ${e.message}`));
    this.pool.on('connect', (client) => client.on('error', (e) => this.log.warn(`job queue connection lost: ${e.message}`)));
    const logFor = { info: (m: string) => this.log.log(m), warn: (m: string) => this.log.warn(m) };
    this.liveness = new WorkerLiveness(this.options.databaseUrl, logFor, { sweepMs: 15_000, graceMs: 30_000 });
    await this.liveness.start();
    const events: WorkerEvents = new EventEmitter();
    events.on('worker:create', ({ worker }) => void this.liveness?.own(worker.workerId));
    this.runner = await run({
      pgPool: this.pool,
      events,
      schema: JOB_SCHEMA,
      concurrency: CONCURRENCY,
      noHandleSignals: true,
      pollInterval: 2_000,
      logger: jobLogger({ warn: (m) => this.log.warn(m), error: (m) => this.log.error(m), debug: (m) => this.log.debug(m) }),
      taskList: this.tasks(),
      parsedCronItems: parseCronItems([
        // Phase due dates, `escalate` and `expires`: each minute's occurrence runs once across instances.
        { task: Jobs.TIMERS, match: '* * * * *', options: { backfillPeriod: 0, jobKey: 'timers', maxAttempts: 1 } },
        // The daily digest; one occurrence missed while no instance ran is made up within 6 hours.
        { task: Jobs.DIGEST, match: `0 ${this.config.digestHourUtc} * * *`, options: { backfillPeriod: 6 * 3600_000, jobKey: 'digest', maxAttempts: 5 } },
        // Uploads not attached within 24 h, hourly; the last hour's run, missed while no instance ran, is made up at start.
        { task: Jobs.FILE_CLEANUP, match: '23 * * * *', options: { backfillPeriod: 3600_000, jobKey: 'file_cleanup', maxAttempts: 3 } },
        // The queue rows of finished webhook × cluster queues, daily; a run missed within 6 hours is made up at start.
        { task: Jobs.QUEUE_CLEANUP, match: '47 3 * * *', options: { backfillPeriod: 6 * 3600_000, jobKey: 'queue_cleanup', maxAttempts: 3 } },
      ]),
    });
    this.log.log(`job workers running (${CONCURRENCY} at a time)`);
    const runner = this.runner;
    runner.promise.then(
      () => undefined,
      (e: Error) => {
        if (this.stopping || this.runner !== runner) return;
        this.log.error(`the job workers stopped (${e.message}); starting them again in 5 s`);
        this.runner = null;
        setTimeout(() => void this.restart(), 5_000).unref();
      },
    );
  }

  private async restart(): Promise<void> {
    await this.liveness?.stop().catch(() => undefined);
    this.liveness = null;
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
    await this.startRunner().catch((e: Error) => {
      this.log.error(`could not start the job workers (${e.message}); trying again in 5 s`);
      setTimeout(() => void this.restart(), 5_000).unref();
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.relay?.stop();
    this.relay = null;
    const runner = this.runner;
    this.runner = null;
    await runner?.stop().catch((e: Error) => this.log.warn(`stopping the job workers: ${e.message}`));
    await this.liveness?.stop();
    this.liveness = null;
    this.mailer?.close();
    this.mailer = null;
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
  }
}
