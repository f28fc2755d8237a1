import type { Duration } from '../template/duration';

export const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of an ISO 8601 timestamp. */
export const msOf = (iso: string): number => Date.parse(iso);

/** ISO 8601 UTC with milliseconds, the one timestamp format of events and snapshots. */
export const isoOf = (ms: number): string => new Date(ms).toISOString();

/**
 * Calendar arithmetic in UTC: months first (the day clamped to the end of a shorter month,
 * so 31 January + P1M is 28 or 29 February), then days and seconds as exact lengths.
 */
export function addDuration(startMs: number, d: Duration): number {
  const start = new Date(startMs);
  let result = startMs;
  if (d.months) {
    const y = start.getUTCFullYear();
    const m = start.getUTCMonth() + d.months;
    const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
    result = Date.UTC(
      y,
      m,
      Math.min(start.getUTCDate(), lastDay),
      start.getUTCHours(),
      start.getUTCMinutes(),
      start.getUTCSeconds(),
      start.getUTCMilliseconds(),
    );
  }
  return result + d.days * DAY_MS + d.seconds * 1000;
}
