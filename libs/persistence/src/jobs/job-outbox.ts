import { Pool } from 'pg';
import { EventListener } from '../live-events';
import { JOB_APPLICATION_NAME, JOB_SCHEMA } from './job-queue';

/**
 * The job outbox's relay: moves the jobs commands wrote into `job_outbox` (in their own write
 * statement, cluster-commands.ts) into graphile-worker's queue, oldest first, in batches.
 *
 * Each batch is one statement: it deletes the rows it takes and adds them as jobs with the
 * library's `add_jobs`, so a row becomes a job exactly once, also across a crash (a statement
 * that did not commit leaves its rows for the next). One relay runs at a time across all
 * instances (a transaction-scoped advisory lock; the others skip), so batches enter the queue
 * in the order their commands committed their rows, and inside a batch each queue
 * (`queue_name`) gets one job listing its rows in order: a queue's work stays in order.
 *
 * A row with a job key is a job of its own (it has no order against the others of its batch);
 * when its key's job is waiting, that job keeps its run time (graphile-worker's
 * `preserve_run_at`: a retry's delay is not cut short). A batch stops before a second row with
 * the same job key (`add_jobs` may not touch one job twice in a statement); the next batch
 * takes it.
 *
 * The rows of a batch without a job key become one job per task (and queue), whose payload is
 * the list of their payloads in order: graphile-worker's batch jobs, so a task fed by the
 * outbox takes a list (and may answer one result per entry, so that only the failed entries
 * are tried again). Under load, one job then carries many commands' work.
 */

/** The advisory lock one relay holds while it moves a batch. */
const RELAY_LOCK = 'clusterflow:job-outbox';

/**
 * $1 the batch size. Answers `locked` (false: another relay is at work), `moved` and `added`,
 * and with `found` the rows the batch looked at (the relay's own statement: RELAY_SQL).
 */
const relaySql = (found: boolean) => `with go as (select pg_try_advisory_xact_lock(hashtext('${RELAY_LOCK}')) as locked),
  batch as (select id, job_key from job_outbox where (select locked from go) order by id limit $1::int),
  ranked as (select id, job_key, row_number() over (partition by job_key order by id) as n from batch),
  cut as (select coalesce(min(id) filter (where job_key is not null and n > 1), 9223372036854775807) as before from ranked),
  taken as (
    delete from job_outbox o using ranked r, cut
     where o.id = r.id and r.id < cut.before
    returning o.id, o.task, o.payload, o.queue_name, o.job_key, o.max_attempts
  ),
  -- One job per task and queue for the rows without a job key, its payload the list of theirs
  -- in order (graphile-worker's "batch job"); a row with a key stays a job of its own.
  jobs as (
    select task, queue_name, max_attempts, json_agg(payload order by id) as payload, null::text as job_key, min(id) as first
      from taken where job_key is null group by task, queue_name, max_attempts
    union all
    select task, queue_name, max_attempts, payload::json, job_key, id from taken where job_key is not null
  ),
  added as (
    select (select count(*)::int from ${JOB_SCHEMA}.add_jobs(array(
              select row(j.task, j.payload, j.queue_name, null, j.max_attempts, j.job_key, null, null)::${JOB_SCHEMA}.job_spec
                from jobs j order by j.first), true)) as n
     where exists (select 1 from taken)
  )
  select (select locked from go) as locked, (select count(*)::int from taken) as moved,${found ? ' (select count(*)::int from batch) as found,' : ''}
         (select n from added) as added`;

export const RELAY_OUTBOX_SQL = relaySql(false);
const RELAY_SQL = relaySql(true);

/** Rows one batch moves at most. */
export const RELAY_BATCH = 500;

export interface OutboxRelayOptions {
  url: string;
  log: { info(message: string): void; warn(message: string): void; debug(message: string): void };
  /** A look at the outbox this often, whatever happens (a command of an instance that is not listening, a missed notification). */
  pollMs?: number;
  /** How long a notification waits for others to join its batch. */
  gatherMs?: number;
  /**
   * Batches start at most this often (from the start of one to the start of the next). After a
   * quiet spell a notification waits only `gatherMs`; under a steady stream of commands each
   * batch carries this long's worth of them, so the queue's cost per job (the relay's
   * statement, the workers' fetch and completion, the job's own reads) is shared by many
   * commands instead of being paid every few commands.
   */
  minIntervalMs?: number;
}

/**
 * Runs the relay in this process: on every committed event (LISTEN on the events channel,
 * which every command's statement notifies), every `pollMs`, and at start. Notifications that
 * arrive while a batch is moving are gathered into one more run, and runs are paced
 * (`minIntervalMs`), so under load a batch carries many commands' jobs.
 */
export class OutboxRelay {
  private pool: Pool | null = null;
  private listener: EventListener<true> | null = null;
  private poll: NodeJS.Timeout | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private failing = false;
  /** When the last batch run started (performance.now()), -Infinity before the first. */
  private lastDrain = -Infinity;

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    this.pool = new Pool({ connectionString: this.options.url, max: 1, application_name: JOB_APPLICATION_NAME });
    this.pool.on('error', (e) => this.options.log.warn(`job outbox connection lost: ${e.message}`));
    this.listener = new EventListener<true>({
      url: this.options.url,
      applicationName: JOB_APPLICATION_NAME,
      // Any commit is a reason to look: the payload is not read (not parsed for each command).
      parse: () => true,
      onNotification: () => this.kick(),
      log: this.options.log,
    });
    await this.listener.start();
    this.poll = setInterval(() => this.kick(), this.options.pollMs ?? 1_000);
    this.poll.unref();
    this.kick();
  }

  /** Moves what is in the outbox soon (after `gatherMs`, paced by `minIntervalMs`), or once more after the batch moving now. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    const gather = this.options.gatherMs ?? 10;
    const paced = this.lastDrain + (this.options.minIntervalMs ?? 100) - performance.now();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.lastDrain = performance.now();
      this.running = this.drain().finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
    }, Math.max(gather, paced));
  }

  /** Batches until the outbox is empty (or another instance's relay holds it). */
  private async drain(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped || !this.pool) return;
        const { rows } = await this.pool.query<{ locked: boolean; moved: number; found: number }>({ name: 'cf_relay_outbox', text: RELAY_SQL, values: [RELAY_BATCH] });
        if (this.failing) this.options.log.info('the job outbox is moving again');
        this.failing = false;
        // Until a batch moves all it found and found less than a full batch: the outbox was
        // empty then (rows committed since are announced, and kick this relay again). A batch
        // cut short before a repeated job key, or a full one, may have left rows behind.
        const r = rows[0];
        if (!r?.locked || r.moved === 0 || (r.moved === r.found && r.found < RELAY_BATCH)) return;
      }
    } catch (e) {
      // Kept in the outbox; the next poll tries again. Said once per outage.
      if (!this.failing) this.options.log.warn(`cannot move jobs from the outbox into the queue (${(e as Error).message}); retrying`);
      this.failing = true;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.poll) clearInterval(this.poll);
    if (this.timer) clearTimeout(this.timer);
    this.poll = this.timer = null;
    await this.running?.catch(() => undefined);
    await this.listener?.stop();
    this.listener = null;
    await this.pool?.end().catch(() => undefined);
    this.pool = null;
  }
}
