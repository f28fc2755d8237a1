import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClusterState, UnmetKind } from '@clusterflow/engine';
import { withPooledClient } from './pooled-client';

const GATES_BACKFILL_KEY = 'gate-unmet-projection';
const GATES_BACKFILL_BATCH = 500;

/**
 * Portfolio analytics (contract v2, "Portfolio analytics and reports"): each report is one
 * prepared statement over the projections (`cluster`, `phase_visit`, `indicator_period`, the
 * cluster row's `gate_unmet`), computed in PostgreSQL; the caller adds titles from the
 * template definitions. Every statement takes the agency as its first parameter.
 * The statements are exported so that the bench runs the same SQL on `pg` as its baseline.
 */

/** Clusters by template, version, phase and status, with how many are overdue at $3. */
export const PORTFOLIO_SQL = `select template_key, template_version, phase, status, count(*)::int as clusters,
    count(*) filter (where due_at < $3::timestamptz)::int as overdue
  from cluster
 where agency = $1 and ($2::text is null or template_key = $2)
 group by template_key, template_version, phase, status`;

/**
 * Phase visits of the template's clusters (of one version when $3 is given), by phase:
 * time in phase is the visit's length less its suspended time, in days, over completed visits.
 */
export const PHASE_DURATIONS_SQL = `with v as (
  select v.phase, v.left_at, c.status,
         case when v.left_at is not null
              then (extract(epoch from (v.left_at - v.entered_at)) * 1000 - v.suspended_ms) / 86400000.0 end as days
    from cluster c
    join phase_visit v on v.agency = c.agency and v.cluster_id = c.id
   where c.agency = $1 and c.template_key = $2 and ($3::int is null or c.template_version = $3)
)
select phase, count(*)::int as visits, count(left_at)::int as completed,
       count(*) filter (where left_at is null and status <> 'FINISHED')::int as current,
       percentile_cont(0.5) within group (order by days) as p50,
       percentile_cont(0.9) within group (order by days) as p90,
       max(days) as max
  from v
 group by phase`;

/** Every unmet kind but AFTER (the engine's `UnmetKind`): `gate_unmet` keeps them; AFTER comes from `notBefore`. */
const STORED_KINDS = ['ARTEFACT', 'APPROVAL', 'SCORE', 'ELIGIBILITY', 'INDICATOR', 'MILESTONE', 'CONDITIONS', 'CHECK'] as const satisfies readonly Exclude<UnmetKind, 'AFTER'>[];

/**
 * Active (not suspended, not finished) clusters of the template by gate out of their phase,
 * where the gate is not ready at $3: a time-independent unmet kind in `gate_unmet`, or its
 * `after:` not yet passed (AFTER). Only the gates on the way forward count: $4 lists them as
 * `<phase>/<gate>` (the engine's `isForwardGate`), so loops back and exits are left out. Per
 * gate: how many wait, their median wait (days since the row's `waiting_since`: in the current
 * visit, suspension excluded) and how many miss each kind (a column per kind, a closed set).
 * The JSON is read with its own operators, never converted to records: `notBefore` (ISO 8601
 * in UTC, as the engine writes it) is compared as text with $5, the same moment as $3 in the
 * same form.
 *
 * Two steps, both hashed (no sort of the waiting rows): `w` unpacks each row's gates once and
 * counts them per gate, set of unmet kinds and AFTER-or-not, keeping the start of each
 * cluster's wait in an array per group (a handful of groups: the kinds are a closed set); then
 * per gate the kinds are tested on those few groups, not on every cluster, and the median is
 * taken over the waits of the gate's groups (the same values, so the same percentile as one
 * ordered-set aggregate over the rows). Run without parallel workers
 * (GATE_BOTTLENECKS_SETTINGS): see docs/decisions.md.
 */
export const GATE_BOTTLENECKS_SQL = `with w as (
  select g ->> 'gate' as gate, g -> 'unmet' as unmet, coalesce(g ->> 'notBefore' > $5::text, false) as after, count(*) as n,
         array_agg(coalesce(c.waiting_since, c.entered_phase_at)) as since
    from cluster c
   cross join lateral jsonb_array_elements(c.gate_unmet) g
   where c.agency = $1 and c.template_key = $2 and c.status = 'ACTIVE' and c.phase || '/' || (g ->> 'gate') = any($4::text[])
     and (jsonb_array_length(g -> 'unmet') > 0 or g ->> 'notBefore' > $5::text)
   group by 1, 2, 3
)
select w.gate, sum(w.n)::int as waiting,
       (select percentile_cont(0.5) within group (order by extract(epoch from ($3::timestamptz - t)) / 86400.0)
          from w w2 cross join lateral unnest(w2.since) t where w2.gate = w.gate) as median,
       ${STORED_KINDS.map((k) => `coalesce(sum(w.n) filter (where w.unmet ? '${k}'), 0)::int as "${k}"`).join(',\n       ')},
       coalesce(sum(w.n) filter (where w.after), 0)::int as "AFTER"
  from w
 group by w.gate`;

/**
 * The settings GATE_BOTTLENECKS_SQL runs under (`set local`, in its own transaction): no
 * parallel workers. On a 10,000-cluster portfolio the planner picks a parallel scan of
 * `cluster`, which took twice the time of the serial plan or more (starting the workers and
 * passing each row's JSON through the gather).
 */
export const GATE_BOTTLENECKS_SETTINGS = 'set local max_parallel_workers_per_gather = 0';

/** How `indicatorReport` groups values. */
export type IndicatorGroupBy = 'PERIOD' | 'CLUSTER' | 'PHASE' | 'ATTRIBUTE';

/** The per-cluster aggregation an indicator declares (the template's `aggregation`). */
export type IndicatorAggregation = 'sum' | 'avg' | 'max' | 'min' | 'last';

/** Where an ATTRIBUTE group's key comes from: a column of the cluster row, or the snapshot's typed attributes. */
export type AttributeSource = { column: 'sector' | 'region' | 'country' } | { attribute: string };

/**
 * The values in force (superseded ones left out) of one indicator of the template's
 * clusters, grouped: first per cluster with the indicator's own aggregation, then across
 * clusters (summed for `sum`, averaged for the others). Baseline and target come from each
 * cluster's plan: for PERIOD groups the target of that period, else the plan's target (the sum
 * of period targets for `sum`, else the latest period's). Everything is read from the
 * projections, `numeric`, so sums are exact: PERIOD and PHASE from `indicator_period` (one row
 * per cluster, indicator and period), CLUSTER and ATTRIBUTE from `indicator_summary` (one row
 * per cluster and indicator); the cluster row only for a cluster's name or an attribute.
 */
function indicatorReportSql(groupBy: IndicatorGroupBy, attribute: AttributeSource | null, aggregation: IndicatorAggregation): string {
  const across = aggregation === 'sum' ? 'sum' : 'avg';
  if (groupBy === 'PERIOD') {
    // One value in force per cluster and period: each cluster's aggregate over a period is that value.
    return `select ip.period as key, null::text as label, count(*)::int as clusters,
       ${across}(ip.value) as value, ${across}(ip.baseline) as baseline, ${across}(ip.target) as target
  from indicator_period ip
 where ip.agency = $1 and ip.template_key = $2 and ip.indicator = $3 and ip.value is not null
 group by ip.period
 order by ip.period`;
  }
  const target = aggregation === 'sum' ? 's.target_sum' : 's.target_latest';
  if (groupBy !== 'PHASE') {
    // A cluster's key is the same for all its values: its summary row has its value and its plan.
    const key = groupBy === 'CLUSTER' ? 'c.id::text' : attribute && 'column' in attribute ? `coalesce(c.${attribute.column}, '')` : `coalesce(c.snapshot -> 'attributes' ->> $4::text, '')`;
    const label = groupBy === 'CLUSTER' ? 'c.name' : 'null::text';
    return `select ${key} as key, max(${label}) as label, count(*)::int as clusters,
       ${across}(${SUMMARY_VALUE[aggregation]}) as value, ${across}(s.baseline) as baseline, ${across}(${target}) as target
  from indicator_summary s
  join cluster c on c.agency = $1 and c.id = s.cluster_id
 where s.agency = $1 and s.template_key = $2 and s.indicator = $3 and s.value_count > 0
 group by 1
 order by 1`;
  }
  // PHASE: the phase of the visit each value was recorded in, so one cluster's values may fall in several groups.
  return `with keyed as (
  select (select pv.phase from phase_visit pv
           where pv.agency = $1 and pv.cluster_id = ip.cluster_id and pv.entered_at <= ip.recorded_at
           order by pv.n desc limit 1) as key,
         ip.cluster_id, ip.period, ip.value
    from indicator_period ip
   where ip.agency = $1 and ip.template_key = $2 and ip.indicator = $3 and ip.value is not null
), per_cluster as (
  select key, cluster_id, ${PER_CLUSTER[aggregation]} as value
    from keyed group by key, cluster_id
)
select p.key, null::text as label, count(*)::int as clusters,
       ${across}(p.value) as value, ${across}(s.baseline) as baseline, ${across}(${target}) as target
  from per_cluster p
  join indicator_summary s on s.agency = $1 and s.cluster_id = p.cluster_id and s.indicator = $3
 group by p.key
 order by p.key`;
}

/** Each aggregation's value of one cluster, from its `indicator_summary` row. */
const SUMMARY_VALUE: Record<IndicatorAggregation, string> = {
  sum: 's.value_sum',
  avg: 's.value_sum / s.value_count',
  max: 's.value_max',
  min: 's.value_min',
  last: 's.value_last',
};

/** Each aggregation's per-cluster expression (`last`: the value of the latest period). */
const PER_CLUSTER: Record<IndicatorAggregation, string> = {
  sum: 'sum(value)',
  avg: 'avg(value)',
  max: 'max(value)',
  min: 'min(value)',
  last: '(array_agg(value order by period desc))[1]',
};

/** Where an ATTRIBUTE report's key comes from, as a statement variant: a typed attribute or one of the row's columns. */
export type AttributeVariant = 'attribute' | 'sector' | 'region' | 'country';

/**
 * The statement `indicatorReport` runs for a grouping, attribute source and aggregation (a
 * closed set of texts, each prepared once per connection). Parameters: $1 agency, $2 template
 * key, $3 indicator, and $4 the attribute's name for a typed attribute.
 */
export function indicatorReportStatement(groupBy: IndicatorGroupBy, variant: AttributeVariant | null, aggregation: IndicatorAggregation): { name: string; text: string } {
  const source: AttributeSource | null = groupBy !== 'ATTRIBUTE' ? null : !variant || variant === 'attribute' ? { attribute: '' } : { column: variant };
  const which = groupBy === 'ATTRIBUTE' ? (variant ?? 'attribute') : groupBy.toLowerCase();
  return { name: `cf_indicator_report_${which}_${aggregation}`, text: indicatorReportSql(groupBy, source, aggregation) };
}

export interface PortfolioRow {
  templateKey: string;
  templateVersion: number;
  phase: string;
  status: string;
  clusters: number;
  overdue: number;
}

export interface PhaseDurationRow {
  phase: string;
  visits: number;
  completed: number;
  current: number;
  p50Days: number | null;
  p90Days: number | null;
  maxDays: number | null;
}

export interface GateBottleneckRow {
  gate: string;
  waiting: number;
  medianWaitDays: number | null;
  /** Clusters per unmet kind, most frequent first. */
  unmetKinds: { key: string; count: number }[];
}

export interface IndicatorGroupRow {
  key: string;
  /** The cluster's name for CLUSTER groups. */
  label: string | null;
  clusters: number;
  value: number | null;
  baseline: number | null;
  target: number | null;
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export class AnalyticsRepository {
  constructor(private readonly em: EntityManager) {}

  async portfolio(agency: string, templateKey: string | null, now: Date): Promise<PortfolioRow[]> {
    const rows = await this.run('cf_portfolio', PORTFOLIO_SQL, [required(agency), templateKey, now.toISOString()]);
    return rows.map((r) => ({
      templateKey: r.template_key,
      templateVersion: r.template_version,
      phase: r.phase,
      status: r.status,
      clusters: r.clusters,
      overdue: r.overdue,
    }));
  }

  async phaseDurations(agency: string, templateKey: string, version: number | null): Promise<PhaseDurationRow[]> {
    const rows = await this.run('cf_phase_durations', PHASE_DURATIONS_SQL, [required(agency), templateKey, version]);
    return rows.map((r) => ({
      phase: r.phase,
      visits: r.visits,
      completed: r.completed,
      current: r.current,
      p50Days: num(r.p50),
      p90Days: num(r.p90),
      maxDays: num(r.max),
    }));
  }

  /** `forward`: the gates on the way forward, as `<phase>/<gate>` (see GATE_BOTTLENECKS_SQL). */
  async gateBottlenecks(agency: string, templateKey: string, now: Date, forward: readonly string[]): Promise<GateBottleneckRow[]> {
    const rows = await this.run('cf_gate_bottlenecks', GATE_BOTTLENECKS_SQL, [required(agency), templateKey, now.toISOString(), forward, now.toISOString()], GATE_BOTTLENECKS_SETTINGS);
    return rows.map((r) => ({
      gate: r.gate,
      waiting: r.waiting,
      medianWaitDays: num(r.median),
      unmetKinds: [...STORED_KINDS, 'AFTER' as const]
        .filter((k) => r[k] > 0)
        .map((k) => ({ key: k, count: r[k] as number }))
        .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)),
    }));
  }

  /**
   * One indicator's report. `attribute` is required for ATTRIBUTE (the caller has checked
   * that the template declares it, or that it is one of the row's columns).
   */
  async indicatorReport(
    agency: string,
    input: { templateKey: string; indicator: string; aggregation: IndicatorAggregation; groupBy: IndicatorGroupBy; attribute: AttributeSource | null },
  ): Promise<IndicatorGroupRow[]> {
    const { templateKey, indicator, aggregation, groupBy, attribute } = input;
    if (groupBy === 'ATTRIBUTE' && !attribute) throw new Error('an attribute is required to group by attribute');
    const variant: AttributeVariant | null = groupBy !== 'ATTRIBUTE' ? null : attribute && 'column' in attribute ? attribute.column : 'attribute';
    const attr = groupBy === 'ATTRIBUTE' && attribute && 'attribute' in attribute ? attribute.attribute : null;
    const { name, text } = indicatorReportStatement(groupBy, variant, aggregation);
    const rows = await this.run(name, text, [required(agency), templateKey, indicator, ...(attr !== null ? [attr] : [])]);
    return rows.map((r) => ({ key: r.key ?? '', label: r.label, clusters: r.clusters, value: num(r.value), baseline: num(r.baseline), target: num(r.target) }));
  }

  /**
   * Projects `gate_unmet` for the clusters recorded before it existed: once (recorded in
   * app_state; `force` ignores the record), under an advisory lock so instances starting
   * together take turns. `project` computes each cluster's gates with the engine.
   */
  async backfillGatesOnce(
    force: boolean,
    project: (clusters: { id: string; agency: string; templateId: string; snapshot: ClusterState }[]) => Promise<{ id: string; gates: unknown }[]>,
  ): Promise<number> {
    return this.em.fork().transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['clusterflow:gate-unmet-projection']);
      const [done] = await tx.execute('select 1 as n from app_state where key = ?', [GATES_BACKFILL_KEY]);
      if (done && !force) return 0;
      let after = '00000000-0000-0000-0000-000000000000';
      let projected = 0;
      for (;;) {
        const rows = await tx.execute<{ id: string; agency: string; template_id: string; snapshot: ClusterState }[]>(
          `select id, agency, template_id, snapshot from cluster where status <> 'FINISHED' and id > ?::uuid order by id limit ?`,
          [after, GATES_BACKFILL_BATCH],
        );
        if (!rows.length) break;
        const batch = await project(rows.map((r) => ({ id: r.id, agency: r.agency, templateId: r.template_id, snapshot: r.snapshot })));
        if (batch.length) {
          await tx.execute(
            `update cluster c set gate_unmet = b.gates from jsonb_to_recordset(?::jsonb) as b(id uuid, gates jsonb) where c.id = b.id`,
            [JSON.stringify(batch)],
          );
        }
        projected += batch.length;
        after = rows[rows.length - 1].id;
      }
      await tx.execute(
        `insert into app_state (key, value, updated_at) values (?, ?::jsonb, now()) on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [GATES_BACKFILL_KEY, JSON.stringify({ version: 1, projected })],
      );
      return projected;
    });
  }

  /** A prepared statement; with `settings` (`set local …`), in a read-only transaction of its own that sets them first. */
  private async run(name: string, text: string, values: unknown[], settings?: string): Promise<any[]> {
    return withPooledClient(this.em, async (client) => {
      if (!settings) return (await client.query({ name, text, values })).rows;
      await client.query(`begin read only; ${settings}`);
      try {
        const { rows } = await client.query({ name, text, values });
        await client.query('commit');
        return rows;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      }
    });
  }
}

function required(agency: string): string {
  if (!agency) throw new Error('an agency is required for every analytics query');
  return agency;
}
