import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Projection of INDICATOR_RECORDED: every recording, superseded ones kept as history
 * (at most one row per cluster, indicator and period has `superseded_at` null).
 */
@Entity({ tableName: 'indicator_value' })
@Index({ name: 'indicator_value_cluster_id_indicator_index', properties: ['clusterId', 'indicator'] })
// The values in force of one indicator across the agency (indicatorReport): read from the index alone.
@Index({
  name: 'indicator_value_in_force_index',
  properties: ['agency', 'indicator', 'clusterId'],
  expression:
    'create index "indicator_value_in_force_index" on "indicator_value" ("agency", "indicator", "cluster_id") include ("period", "value", "recorded_at") where "superseded_at" is null',
})
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
