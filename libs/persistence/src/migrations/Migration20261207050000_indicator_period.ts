import { Migration } from '@mikro-orm/migrations';

/**
 * indicatorReport reads a projection keyed for it (issue 18): per cluster, indicator and
 * period, the value in force, its recording time, the period's target and the plan's baseline,
 * as exact `numeric`, found through an index on (agency, template, indicator, period) holding
 * the figures. Existing clusters are projected here from their snapshots (the same rows the
 * engine's `indicatorPeriodRows` gives; the audit verifications compare them with the replay).
 */
export class Migration20261207050000_indicator_period extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "indicator_period" ("cluster_id" uuid not null, "indicator" text not null, "period" text not null, "agency" text not null, "template_key" text not null, "value" numeric null, "recorded_at" timestamptz null, "target" numeric null, "baseline" numeric null, constraint "indicator_period_pkey" primary key ("cluster_id", "indicator", "period"));`);
    this.addSql(`create index "indicator_period_report_index" on "indicator_period" ("agency", "template_key", "indicator", "period") include ("cluster_id", "value", "target", "baseline");`);
    this.addSql(`insert into "indicator_period" ("cluster_id", "indicator", "period", "agency", "template_key", "value", "recorded_at", "target", "baseline")
      select c.id, i.key, p.period, c.agency, c.template_key, v.value, v.recorded_at, t.value, (i.value ->> 'baseline')::numeric
        from "cluster" c
        cross join lateral jsonb_each(coalesce(c.snapshot -> 'indicators', '{}'::jsonb)) i
        cross join lateral (
          select x ->> 'period' as period from jsonb_array_elements(coalesce(i.value -> 'values', '[]'::jsonb)) x where x ->> 'supersededAt' is null
          union
          select x ->> 'period' from jsonb_array_elements(coalesce(i.value -> 'targets', '[]'::jsonb)) x
        ) p
        left join lateral (
          select (x ->> 'value')::numeric as value, (x ->> 'recordedAt')::timestamptz as recorded_at
            from jsonb_array_elements(coalesce(i.value -> 'values', '[]'::jsonb)) x
           where x ->> 'supersededAt' is null and x ->> 'period' = p.period limit 1
        ) v on true
        left join lateral (
          select (x ->> 'value')::numeric as value from jsonb_array_elements(coalesce(i.value -> 'targets', '[]'::jsonb)) x where x ->> 'period' = p.period limit 1
        ) t on true;`);
    this.addSql(`create table "indicator_summary" ("cluster_id" uuid not null, "indicator" text not null, "agency" text not null, "template_key" text not null, "value_sum" numeric null, "value_count" int not null, "value_min" numeric null, "value_max" numeric null, "value_last" numeric null, "baseline" numeric null, "target_sum" numeric null, "target_latest" numeric null, constraint "indicator_summary_pkey" primary key ("cluster_id", "indicator"));`);
    this.addSql(`create index "indicator_summary_report_index" on "indicator_summary" ("agency", "template_key", "indicator") include ("cluster_id", "value_sum", "value_count", "value_min", "value_max", "value_last", "baseline", "target_sum", "target_latest");`);
    this.addSql(`insert into "indicator_summary" ("cluster_id", "indicator", "agency", "template_key", "value_sum", "value_count", "value_min", "value_max", "value_last", "baseline", "target_sum", "target_latest")
      select cluster_id, indicator, max(agency), max(template_key), sum(value), count(value)::int, min(value), max(value),
             (array_agg(value order by period desc) filter (where value is not null))[1], max(baseline), sum(target),
             (array_agg(target order by period desc) filter (where target is not null))[1]
        from "indicator_period" group by cluster_id, indicator;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "indicator_summary" cascade;`);
    this.addSql(`drop table if exists "indicator_period" cascade;`);
  }

}
