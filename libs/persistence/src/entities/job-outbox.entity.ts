import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The job outbox: jobs a command causes, written by the command's own write statement (so a
 * rolled-back command leaves none and a committed one never loses one), then moved into the
 * job queue in batches, in order, by the relay (jobs/job-outbox.ts), each row once.
 *
 * Why not graphile-worker's `add_job` in the command's statement: it cost PostgreSQL about
 * 1 ms of a command's 1.5–2 ms (a PL/pgSQL function of four statements and a NOTIFY), halving
 * the gate cycle's throughput; an insert here costs a few hundredths of that, and the relay's
 * one `add_jobs` call per batch spreads the queue's cost over many commands.
 */
@Entity({ tableName: 'job_outbox' })
export class JobOutboxEntity {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  id!: string;

  @Property({ type: 'text' })
  agency!: string;

  /** graphile-worker's task identifier (`Jobs`). */
  @Property({ type: 'text' })
  task!: string;

  @Property({ type: 'jsonb' })
  payload!: unknown;

  /** Jobs of one queue run one at a time, in order. */
  @Property({ type: 'text', nullable: true })
  queueName?: string | null;

  @Property({ type: 'text', nullable: true })
  jobKey?: string | null;

  @Property({ type: 'smallint' })
  maxAttempts!: number;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  createdAt!: Date;
}
