import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Timers that have fired (DUE_SOON, OVERDUE; `escalate` and `expires` record events instead): one row per
 * cluster, phase visit and kind, written by the statement that notifies, so a timer fires once
 * across all instances and never again for the same visit.
 */
@Entity({ tableName: 'timer_fired' })
export class TimerFiredEntity {
  @PrimaryKey({ type: 'uuid' })
  clusterId!: string;

  /** The phase visit (`PhaseVisitState.n`) the timer was set for. */
  @PrimaryKey({ type: 'integer' })
  visit!: number;

  @PrimaryKey({ type: 'text' })
  kind!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'timestamptz' })
  firedAt!: Date;
}
