import { compareDecimals, decimalOf } from '../template/money';
import type { EligibilityThreshold, ScalarValue, TemplateDefinition } from '../template/types';
import type { ClusterState } from './types';

/** The weighted mean of the criterion scores on the template's scale; null until every criterion is scored. */
export function scoreOf(def: TemplateDefinition, scores: Record<string, number>): number | null {
  if (!def.selection) return null;
  const criteria = Object.values(def.selection.criteria);
  if (!criteria.length || criteria.some((c) => scores[c.id] === undefined)) return null;
  const weights = criteria.reduce((sum, c) => sum + c.weight, 0);
  return criteria.reduce((sum, c) => sum + c.weight * scores[c.id], 0) / weights;
}

/** Why one threshold fails on these attributes, or null when it holds (a missing attribute fails). */
export function thresholdFailure(t: EligibilityThreshold, attributes: Record<string, ScalarValue>): string | null {
  const value = attributes[t.attribute];
  if (value === undefined || value === null) return `${t.attribute} is not recorded`;
  // A money attribute is a decimal string ("1234.50"): compared exactly, as decimals.
  const amount = typeof value === 'string' ? decimalOf(value) : null;
  const compare = (bound: number): number | null =>
    typeof value === 'number' ? Math.sign(value - bound) : amount ? compareDecimals(amount, decimalOf(bound)!) : null;
  if (t.equals !== undefined && !(value === t.equals || (amount && typeof t.equals === 'number' && compare(t.equals) === 0))) {
    return `${t.attribute} is ${JSON.stringify(value)}, must be ${JSON.stringify(t.equals)}`;
  }
  if (t.min !== undefined && !((compare(t.min) ?? -1) >= 0)) return `${t.attribute} is ${value}, must be at least ${t.min}`;
  if (t.max !== undefined && !((compare(t.max) ?? 1) <= 0)) return `${t.attribute} is ${value}, must be at most ${t.max}`;
  return null;
}

/** Whether every eligibility threshold holds; null when the template has no selection. */
export function eligibleOf(def: TemplateDefinition, attributes: Record<string, ScalarValue>): boolean | null {
  if (!def.selection) return null;
  return def.selection.eligibility.every((t) => thresholdFailure(t, attributes) === null);
}

export const clusterScore = (def: TemplateDefinition, state: ClusterState) => scoreOf(def, state.scores);
