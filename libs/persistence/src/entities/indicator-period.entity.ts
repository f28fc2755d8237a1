import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Projection for `indicatorReport` (the engine's `indicatorPeriodRows`): per cluster,
 * indicator and period, the value in force (superseded recordings left out; null for a
 * period with only a target), when it was recorded, the plan's target for the period and the
 * plan's baseline. Written in the statement of each INDICATOR_RECORDED and INDICATOR_PLAN_SET,
 * compared with the replay by the audit verifications. `numeric`, so sums are exact.
 */
@Entity({ tableName: 'indicator_period' })
// One indicator of one template across the agency, ordered by period, read from the index alone.
@Index({
  name: 'indicator_period_report_index',
  properties: ['agency', 'templateKey', 'indicator', 'period'],
  expression:
    'create index "indicator_period_report_index" on "indicator_period" ("agency", "template_key", "indicator", "period") include ("cluster_id", "value", "target", "baseline")',
})
export class IndicatorPeriodEntity {
  @PrimaryKey({ type: 'uuid' })
  clusterId!: string;

  @PrimaryKey({ type: 'text' })
  indicator!: string;

  @PrimaryKey({ type: 'text' })
  period!: string;

  @Property({ type: 'text' })
  agency!: string;

  /** The cluster's template (a migration keeps the key). */
  @Property({ type: 'text' })
  templateKey!: string;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  value: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  recordedAt: Date | null = null;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  target: string | null = null;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  baseline: string | null = null;
}
