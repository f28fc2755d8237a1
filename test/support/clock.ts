/**
 * Time in the e2e tests: the engine's calendar arithmetic, and a server clock the tests can move.
 *
 * The clock: the app runs in the test process, so faking `Date` (and nothing else: timers,
 * microtasks and I/O stay real) moves the server's clock too. That is how a test waits the
 * months an `after:` gate asks for, or sees a phase's `due` date pass. Tokens meant to outlive
 * such jumps are minted with TOKEN_TTL.
 */

export const DAY_MS = 86_400_000;
export const TOKEN_TTL = 10 * 365 * 24 * 3600;

/**
 * The settings of an app whose clock a test moves: no job-queue workers in it. Their schedules
 * wait with real timers for a time read from the moved clock (months away), which Node cuts to
 * 1 ms and repeats, thousands of times; the tests that need the workers keep a real clock.
 */
export const MOVED_CLOCK_ENV = { WORKERS: 'false' } as const;

/** Fakes `Date` only, starting at `now` (an ISO string or epoch milliseconds). */
export function fakeServerClock(now: string | number): void {
  jest.useFakeTimers({
    now: new Date(now),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

/** Runs `fn` with the server clock at `now`, then puts the real clock back. */
export async function atServerTime<T>(now: number, fn: () => Promise<T>): Promise<T> {
  fakeServerClock(now);
  try {
    return await fn();
  } finally {
    jest.useRealTimers();
  }
}

/** Moves the (fake) server clock forward. */
export function travelDays(days: number): void {
  jest.setSystemTime(Date.now() + days * DAY_MS);
}

/** Days as the engine reports them in AFTER items (two decimals). */
export const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The engine's calendar arithmetic: months in UTC, the day clamped to a shorter month. */
export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** The `need` of an AFTER item for `months` counted from `enteredAt`, in days. */
export const afterNeed = (enteredAt: string, months: number): number => round2((addMonthsUtc(Date.parse(enteredAt), months) - Date.parse(enteredAt)) / DAY_MS);
