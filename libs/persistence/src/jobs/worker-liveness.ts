import { Client } from 'pg';
import { JOB_APPLICATION_NAME, JOB_SCHEMA } from './job-queue';

/** The first key of the advisory locks that say "this job worker is alive" (with hashtext(worker id)). */
const LOCK_SPACE = 0x636c6a77; // 'cljw'

export interface LivenessLog {
  info(message: string): void;
  warn(message: string): void;
}

/**
 * Jobs a crashed instance was running, given back to the queue within a minute instead of the
 * 4 hours graphile-worker waits before it takes a job's lock for stale.
 *
 * Each instance holds, on one connection of its own, a session advisory lock per worker of its
 * own (keyed by the worker id). PostgreSQL releases them when that connection ends, which is
 * when the process dies (kill -9 included). Every `sweepMs`, an instance looks at the jobs
 * locked for longer than `graceMs` by workers that are not its own, tries each worker's lock,
 * and when it gets it (nobody holds it: the worker is gone) unlocks that worker's jobs with
 * graphile-worker's `force_unlock_workers`; they run again, on any instance, as a retry would.
 */
export class WorkerLiveness {
  private client: Client | null = null;
  private readonly mine = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private sweeping: Promise<void> | null = null;
  /** The queries on the one connection, one after another (pg does not queue them for us without a warning). */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly log: LivenessLog,
    private readonly options: { sweepMs: number; graceMs: number },
  ) {}

  async start(): Promise<void> {
    await this.connection();
    this.timer = setInterval(() => void this.sweep(), this.options.sweepMs);
    this.timer.unref();
  }

  /** A worker of this instance: its lock is held for as long as the process lives. */
  own(workerId: string): Promise<void> {
    this.mine.add(workerId);
    return this.inTurn(async () => {
      const client = await this.connection().catch(() => null);
      await client?.query('select pg_advisory_lock($1, hashtext($2))', [LOCK_SPACE, workerId]).catch((e: Error) => this.log.warn(`worker liveness lock: ${e.message}`));
    });
  }

  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const next = this.turn.then(work, work);
    this.turn = next.catch(() => undefined);
    return next;
  }

  /** Unlocks the jobs of workers that are gone. */
  sweep(): Promise<void> {
    this.sweeping ??= this.inTurn(() => this.sweepOnce())
      .catch((e: Error) => this.log.warn(`looking for jobs of crashed workers: ${e.message}`))
      .finally(() => {
        this.sweeping = null;
      });
    return this.sweeping;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async sweepOnce(): Promise<void> {
    const client = await this.connection();
    const { rows } = await client.query<{ locked_by: string }>(
      `select distinct locked_by from ${JOB_SCHEMA}.jobs
        where locked_by is not null and locked_at < now() - $1 * interval '1 millisecond' and not (locked_by = any($2::text[]))`,
      [this.options.graceMs, [...this.mine]],
    );
    const gone: string[] = [];
    for (const { locked_by: worker } of rows) {
      const { rows: got } = await client.query<{ free: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as free', [LOCK_SPACE, worker]);
      if (!got[0]?.free) continue;
      gone.push(worker);
      await client.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_SPACE, worker]);
    }
    if (!gone.length) return;
    await client.query(`select ${JOB_SCHEMA}.force_unlock_workers($1::text[])`, [gone]);
    this.log.info(`gave back the jobs of ${gone.length} job worker(s) that are gone (a crashed or killed instance): ${gone.join(', ')}`);
  }

  /** The connection holding this instance's locks; made again (and the locks taken again) when lost. */
  private async connection(): Promise<Client> {
    if (this.client) return this.client;
    if (this.stopped) throw new Error('stopped');
    const client = new Client({ connectionString: this.url, application_name: JOB_APPLICATION_NAME, keepAlive: true });
    client.on('error', (e) => {
      this.log.warn(`worker liveness connection lost: ${e.message}`);
      if (this.client === client) this.client = null;
      client.end().catch(() => undefined);
    });
    await client.connect();
    for (const id of this.mine) await client.query('select pg_advisory_lock($1, hashtext($2))', [LOCK_SPACE, id]);
    this.client = client;
    return client;
  }
}
