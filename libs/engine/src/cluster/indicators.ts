import type { Aggregation, TemplateDefinition } from '../template/types';
import { addDecimals, decimalOf, decimalText, type Decimal } from '../template/money';
import { comparePeriods } from './period';
import type { ClusterState, IndicatorState, IndicatorSummary, IndicatorValueState } from './types';
import { own } from '../own';

/** The values in force, one per period (later recordings supersede earlier ones), by period. */
export function currentValues(state: IndicatorState | undefined): IndicatorValueState[] {
  if (!state) return [];
  return state.values.filter((v) => v.supersededAt === null).sort((a, b) => comparePeriods(a.period, b.period));
}

export function aggregate(values: readonly IndicatorValueState[], aggregation: Aggregation): number | null {
  if (!values.length) return null;
  const numbers = values.map((v) => v.value);
  switch (aggregation) {
    case 'sum':
      return numbers.reduce((a, b) => a + b, 0);
    case 'avg':
      return numbers.reduce((a, b) => a + b, 0) / numbers.length;
    case 'max':
      return Math.max(...numbers);
    case 'min':
      return Math.min(...numbers);
    case 'last':
      return numbers[numbers.length - 1];
  }
}

/** The aggregate of one indicator over every recorded period; null before any value. */
export function indicatorAggregate(def: TemplateDefinition, state: ClusterState, indicator: string): number | null {
  const declared = own(def.indicators, indicator);
  return declared ? aggregate(currentValues(state.indicators[indicator]), declared.aggregation) : null;
}

/**
 * Baseline, targets and progress of every indicator the template declares, in template
 * order. `target` is the sum of period targets for `sum` indicators, else the target of the
 * latest period that has one; `progress` is (aggregate − baseline) / (target − baseline),
 * not clamped, null when any part is null or target equals baseline.
 */
export function indicatorSummaries(def: TemplateDefinition, state: ClusterState): IndicatorSummary[] {
  return Object.values(def.indicators).map((declared) => {
    const recorded = state.indicators[declared.id];
    const values = currentValues(recorded);
    const targets = recorded ? [...recorded.targets] : [];
    const agg = aggregate(values, declared.aggregation);
    const baseline = recorded?.baseline ?? null;
    const target = !targets.length
      ? null
      : declared.aggregation === 'sum'
        ? targets.reduce((sum, t) => sum + t.value, 0)
        : targets[targets.length - 1].value;
    const progress =
      agg === null || baseline === null || target === null || target === baseline ? null : (agg - baseline) / (target - baseline);
    return { indicator: declared.id, aggregate: agg, baseline, target, progress, values, targets };
  });
}

/**
 * One row of the `indicator_period` projection (portfolio analytics, `indicatorReport`): per
 * indicator and period of a cluster, the value in force (superseded recordings left out) and
 * when it was recorded, the plan's target for that period, and the plan's baseline (on every
 * row of the indicator, so a report reads one row per cluster and period and no snapshot).
 * A period with a target but no value yet has `value` null.
 */
export interface IndicatorPeriodRow {
  indicator: string;
  period: string;
  value: number | null;
  recordedAt: string | null;
  target: number | null;
  baseline: number | null;
}

/**
 * The `indicator_period` rows of a cluster (of one indicator when `only` is given), by
 * indicator and period: a pure function of the snapshot, so the command path rewrites an
 * indicator's rows from it and the audit verifications compare them with the replay.
 */
export function indicatorPeriodRows(state: ClusterState, only?: string): IndicatorPeriodRow[] {
  const rows: IndicatorPeriodRow[] = [];
  const ids = Object.keys(state.indicators).filter((id) => only === undefined || id === only).sort();
  for (const indicator of ids) {
    const recorded = state.indicators[indicator];
    const byPeriod = new Map<string, IndicatorPeriodRow>();
    const row = (period: string) => {
      let r = byPeriod.get(period);
      if (!r) byPeriod.set(period, (r = { indicator, period, value: null, recordedAt: null, target: null, baseline: recorded.baseline }));
      return r;
    };
    for (const v of currentValues(recorded)) Object.assign(row(v.period), { value: v.value, recordedAt: v.recordedAt });
    for (const t of recorded.targets) row(t.period).target = t.value;
    rows.push(...[...byPeriod.values()].sort((a, b) => comparePeriods(a.period, b.period)));
  }
  return rows;
}

/**
 * One row of the `indicator_summary` projection: per cluster and indicator, its values in force
 * folded every way an indicator may declare (so the row needs no template): their exact sum and
 * count, the smallest, the largest and the latest period's, and the plan's baseline, the exact
 * sum of its targets and the latest period's target. `indicatorReport` groups by cluster or
 * attribute from these rows, one per cluster. Present when the indicator has a period row.
 */
export interface IndicatorSummaryRow {
  indicator: string;
  valueSum: number | null;
  valueCount: number;
  valueMin: number | null;
  valueMax: number | null;
  valueLast: number | null;
  baseline: number | null;
  targetSum: number | null;
  targetLatest: number | null;
}

/** Exact decimal sum of numbers as written (0.1 + 0.2 = 0.3), as the nearest number; null for none. */
function exactSum(numbers: readonly number[]): number | null {
  if (!numbers.length) return null;
  let sum: Decimal = { coefficient: 0n, scale: 0 };
  for (const n of numbers) sum = addDecimals(sum, decimalOf(n)!);
  return Number(decimalText(sum));
}

/** The `indicator_summary` rows of a cluster (of one indicator when `only` is given), from its `indicator_period` rows. */
export function indicatorSummaryRows(state: ClusterState, only?: string): IndicatorSummaryRow[] {
  const byIndicator = new Map<string, IndicatorPeriodRow[]>();
  for (const r of indicatorPeriodRows(state, only)) byIndicator.set(r.indicator, [...(byIndicator.get(r.indicator) ?? []), r]);
  return [...byIndicator].map(([indicator, rows]) => {
    const values = rows.filter((r) => r.value !== null).map((r) => r.value!);
    const targets = rows.filter((r) => r.target !== null).map((r) => r.target!);
    return {
      indicator,
      valueSum: exactSum(values),
      valueCount: values.length,
      valueMin: values.length ? Math.min(...values) : null,
      valueMax: values.length ? Math.max(...values) : null,
      valueLast: values.length ? values[values.length - 1] : null,
      baseline: rows[0].baseline,
      targetSum: exactSum(targets),
      targetLatest: targets.length ? targets[targets.length - 1] : null,
    };
  });
}
