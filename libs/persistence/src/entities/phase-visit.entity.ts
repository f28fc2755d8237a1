import { BigIntType, Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Projection of the snapshot's phase visits: one row per visit of a cluster to a phase. */
@Entity({ tableName: 'phase_visit' })
export class PhaseVisitEntity {
  @Property({ type: 'text' })
  agency!: string;

  @PrimaryKey({ type: 'uuid' })
  clusterId!: string;

  /** 1 for the first visit of the cluster's life, then 2, 3... across all phases. */
  @PrimaryKey({ type: 'integer' })
  n!: number;

  @Property({ type: 'text' })
  phase!: string;

  @Property({ type: 'timestamptz' })
  enteredAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  leftAt: Date | null = null;

  /** The gate passed to enter; null for the initial phase. */
  @Property({ type: 'text', nullable: true })
  viaGate: string | null = null;

  /** Suspended time in this visit, in milliseconds, not counting an ongoing suspension. */
  @Property({ type: new BigIntType('number') })
  suspendedMs!: number;
}
