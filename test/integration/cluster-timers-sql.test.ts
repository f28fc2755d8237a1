import { Client } from 'pg';
import { parseDuration } from '@clusterflow/engine';
import { addDuration } from '@clusterflow/engine/cluster/time';
import { timerUpAtSql } from '@clusterflow/persistence';

/**
 * The timers' SQL sieve (clusterTimerCandidates) and the engine (decideTimer) must agree on when
 * an `escalate` or `expires` time is up, or a timer would fire late (the sieve after the engine)
 * or be looked at in vain. PostgreSQL's interval arithmetic in UTC against the engine's
 * addDuration, at month ends, leap days, weeks, times of day and with suspension added.
 */
describe('the timers sieve counts time like the engine', () => {
  let pg: Client;

  beforeAll(async () => {
    pg = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await pg.connect();
    // The sieve must not depend on the session's time zone.
    await pg.query(`set time zone 'America/Sao_Paulo'`);
  });

  afterAll(async () => {
    await pg?.end();
  });

  const cases: [string, string, number][] = [
    ['2025-01-31T10:00:00.000Z', 'P1M', 0],
    // 28 February in the session's time zone, 1 March in UTC: a month on is 1 April, not 28 March.
    ['2025-03-01T01:00:00.000Z', 'P1M', 0],
    ['2024-01-31T23:30:00.000Z', 'P1M', 0],
    ['2024-02-29T12:00:00.000Z', 'P1Y', 0],
    ['2024-02-29T12:00:00.000Z', 'P2Y', 3_600_000],
    ['2025-03-30T00:30:00.000Z', 'P1M1D', 0],
    ['2025-10-26T01:30:00.000Z', 'P2W', 0],
    ['2025-06-15T08:00:00.123Z', 'P1Y6M10DT12H30M15S', 86_400_000 * 3 + 1234],
    ['2025-12-31T23:59:59.999Z', 'PT8S', 500],
    ['2025-08-31T00:00:00.000Z', 'P18M', 0],
    ['2025-05-31T00:00:00.000Z', 'P30D', 0],
  ];

  it.each(cases)('%s + %s (+ %i ms suspended)', async (entered, after, suspendedMs) => {
    const { rows } = await pg.query(`select ${timerUpAtSql('$1::timestamptz', '$2::text', '$3::float8')} as up`, [entered, after, suspendedMs]);
    const engine = addDuration(Date.parse(entered), parseDuration(after)!) + suspendedMs;
    expect(new Date(rows[0].up).toISOString()).toBe(new Date(engine).toISOString());
  });
});
