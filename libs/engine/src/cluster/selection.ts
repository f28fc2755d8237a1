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
  if (t.equals !== undefined && value !== t.equals) return `${t.attribute} is ${JSON.stringify(value)}, must be ${JSON.stringify(t.equals)}`;
  if (t.min !== undefined && !(typeof value === 'number' && value >= t.min)) return `${t.attribute} is ${value}, must be at least ${t.min}`;
  if (t.max !== undefined && !(typeof value === 'number' && value <= t.max)) return `${t.attribute} is ${value}, must be at most ${t.max}`;
  return null;
}

/** Whether every eligibility threshold holds; null when the template has no selection. */
export function eligibleOf(def: TemplateDefinition, attributes: Record<string, ScalarValue>): boolean | null {
  if (!def.selection) return null;
  return def.selection.eligibility.every((t) => thresholdFailure(t, attributes) === null);
}

export const clusterScore = (def: TemplateDefinition, state: ClusterState) => scoreOf(def, state.scores);
