import { PERIOD_PATTERN } from '../limits';
import type { PeriodKind } from './types';

const PERIOD = PERIOD_PATTERN;

/** The kind of a reporting period (`2025`, `2025-Q3`, `2025-07`), or null when it is none. */
export function periodKind(text: string): PeriodKind | null {
  const m = PERIOD.exec(text);
  if (!m) return null;
  if (m[2] !== undefined) return 'quarter';
  if (m[3] !== undefined) return 'month';
  return 'year';
}

/** Periods of one kind sort as text: `2025-Q1` < `2025-Q2`, `2025-07` < `2025-10`. */
export const comparePeriods = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const PERIOD_EXAMPLES = '`2025` (a year), `2025-Q3` (a quarter) or `2025-07` (a month)';
