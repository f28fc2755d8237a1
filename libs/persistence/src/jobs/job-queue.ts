import { Logger, runMigrations, type LogFunctionFactory } from 'graphile-worker';

/**
 * The job queue: graphile-worker's tables in the application's own database (schema
 * `graphile_worker`), installed with the application's migrations (`applyMigrations`).
 *
 * Jobs are enqueued inside the transaction (usually the statement) that causes them: a
 * command's write statement inserts its jobs into the outbox table `job_outbox`
 * (cluster-commands.ts), which the relay moves into the queue in batches (job-outbox.ts); the
 * jobs' own follow-ups (notification.repository.ts) call the library's `graphile_worker.add_job`.
 * A rolled-back transaction enqueues nothing; a committed one leaves a job that runs once it is
 * picked up, also after a crash. The workers themselves run in the server (apps/api, `WORKERS`).
 */

export const JOB_SCHEMA = 'graphile_worker';

/** The `application_name` of the workers' connections (pg_stat_activity). */
export const JOB_APPLICATION_NAME = 'clusterflow-jobs';

/** The job names (graphile-worker's task identifiers). */
export const Jobs = {
  /** Writes a command's notices as notifications, one per person (and enqueues their mail). */
  NOTIFY: 'notify',
  /** Mails one notification (EmailMode IMMEDIATE); job key `mail:<notification id>`. */
  MAIL: 'mail',
  /** Daily (DIGEST_HOUR_UTC): a digest job for each person with DAILY_DIGEST and unmailed notifications. */
  DIGEST: 'digest',
  /** One person's digest mail; job key `digest:<agency>/<user id>`. */
  DIGEST_MAIL: 'digest_mail',
  /** Every minute: the timers that are due (DUE_SOON, OVERDUE), fired once across instances. */
  TIMERS: 'timers',
  /** Delivers a webhook's outbox for one cluster in seq order (webhook.repository.ts); job key and queue `webhook:<webhook id>:<cluster id>`. */
  WEBHOOK: 'webhook',
  /** Hourly: removes uploads not attached within 24 h (and the stored content nothing names any more), once across instances. */
  FILE_CLEANUP: 'file_cleanup',
  /** Daily: deletes graphile-worker's queue rows no job refers to any more (job-queue-gc.ts), once across instances. */
  QUEUE_CLEANUP: 'queue_cleanup',
} as const;

/** How often a job is tried before it is left failed (graphile-worker backs off exp(min(attempt, 10)) s, about 6 h in all). */
export const MAX_JOB_ATTEMPTS = 25;

/** graphile-worker's log through ours: warnings and errors only (it logs every job at info). */
export function jobLogger(log: { warn(message: string): void; error(message: string): void; debug?(message: string): void }): Logger {
  const factory: LogFunctionFactory = (scope) => (level, message) => {
    const text = scope.taskIdentifier ? `${scope.taskIdentifier}${scope.jobId ? ` #${scope.jobId}` : ''}: ${message}` : message;
    if (level === 'error') log.error(text);
    else if (level === 'warning') log.warn(text);
    else log.debug?.(text);
  };
  return new Logger(factory);
}

/** Installs or upgrades graphile-worker's schema (idempotent; safe from several processes). */
export async function installJobQueue(connectionString: string): Promise<void> {
  await runMigrations({ connectionString, schema: JOB_SCHEMA, logger: jobLogger({ warn: () => undefined, error: () => undefined }) });
}
