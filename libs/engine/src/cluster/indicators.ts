import type { Aggregation, TemplateDefinition } from '../template/types';
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
