import { DURATION_PATTERN } from './template-schema';

/** An ISO 8601 duration split into calendar months and exact seconds. */
export interface Duration {
  months: number;
  days: number;
  seconds: number;
}

const DURATION = new RegExp(DURATION_PATTERN);
const PARTS = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function isDuration(text: string): boolean {
  return DURATION.test(text);
}

/** Parses `P1Y6M`, `P10D`, `PT12H`...; null when the text is not a supported duration. */
export function parseDuration(text: string): Duration | null {
  if (!isDuration(text)) return null;
  const m = PARTS.exec(text);
  if (!m) return null;
  const n = (i: number) => (m[i] === undefined ? 0 : Number(m[i]));
  return {
    months: n(1) * 12 + n(2),
    days: n(3) * 7 + n(4),
    seconds: n(5) * 3600 + n(6) * 60 + n(7),
  };
}

/** Average Gregorian month, so that P12M equals P1Y; used only to compare durations. */
const AVERAGE_MONTH_DAYS = 365.2425 / 12;

/** Approximate length in days, for comparisons (e.g. `after` against `due`). */
export function approximateDays(d: Duration): number {
  return d.months * AVERAGE_MONTH_DAYS + d.days + d.seconds / 86400;
}
