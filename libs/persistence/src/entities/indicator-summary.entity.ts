import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Projection for `indicatorReport` by cluster or attribute (the engine's `indicatorSummaryRows`):
 * per cluster and indicator, the values in force folded every way an indicator may declare
 * (exact sum and count, min, max, the latest period's) and the plan's baseline, target sum and
 * latest target, so a report reads one row per cluster. Written with `indicator_period`.
 */
@Entity({ tableName: 'indicator_summary' })
@Index({
  name: 'indicator_summary_report_index',
  properties: ['agency', 'templateKey', 'indicator'],
  expression:
    'create index "indicator_summary_report_index" on "indicator_summary" ("agency", "template_key", "indicator") include ("cluster_id", "value_sum", "value_count", "value_min", "value_max", "value_last", "baseline", "target_sum", "target_latest")',
})
export class IndicatorSummaryEntity {
  @PrimaryKey({ type: 'uuid' })
  clusterId!: string;

  @PrimaryKey({ type: 'text' })
  indicator!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'text' })
  templateKey!: string;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  valueSum: string | null = null;

  @Property({ type: 'integer' })
  valueCount!: number;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  valueMin: string | null = null;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  valueMax: string | null = null;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  valueLast: string | null = null;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  baseline: string | null = null;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  targetSum: string | null = null;

  @Property({ type: 'decimal', columnType: 'numeric', nullable: true })
  targetLatest: string | null = null;
}
