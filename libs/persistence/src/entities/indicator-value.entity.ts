import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Projection of INDICATOR_RECORDED: every recording, superseded ones kept as history
 * (at most one row per cluster, indicator and period has `superseded_at` null).
 */
@Entity({ tableName: 'indicator_value' })
@Index({ name: 'indicator_value_cluster_id_indicator_index', properties: ['clusterId', 'indicator'] })
@Index({ name: 'indicator_value_agency_indicator_index', properties: ['agency', 'indicator'] })
export class IndicatorValueEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'uuid' })
  clusterId!: string;

  @Property({ type: 'text' })
  indicator!: string;

  @Property({ type: 'text' })
  period!: string;

  @Property({ type: 'double' })
  value!: number;

  @Property({ type: 'text', nullable: true })
  note: string | null = null;

  @Property({ type: 'text' })
  recordedBy!: string;

  @Property({ type: 'timestamptz' })
  recordedAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  supersededAt: Date | null = null;

  /** The INDICATOR_RECORDED event. */
  @Property({ type: 'uuid' })
  eventId!: string;
}
