/**
 * Indicators: periods, one kind of period per indicator, recording twice supersedes and
 * keeps history, aggregates, plans (baseline and targets) and the summary's target and
 * progress.
 */
import { ErrorCode } from '../errors';
import { indicatorSummaries } from './indicators';
import { periodKind } from './period';
import { ADMIN, CDA_USER, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import type { IndicatorSummary } from './types';

const DEF = templateOf(`
key: measured
version: 1
indicators:
  total: { aggregation: sum, unit: count }
  mean: { aggregation: avg }
  stage: { aggregation: last }
  peak: { aggregation: max }
  floor: { aggregation: min }
phases:
  a: {}
  z: { final: true }
gates:
  - { id: go, from: a, to: z, requires: { indicators: [ { indicator: total, min: 1 } ] } }
`);

const record = (c: TestCluster, indicator: string, period: string, value: number, note?: string) =>
  c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator, period, value, note });
const plan = (c: TestCluster, indicator: string, targets: { period: string; value: number }[], baseline?: number | null) =>
  c.run(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator, targets, ...(baseline === undefined ? {} : { baseline }) });
const summary = (c: TestCluster, indicator: string): IndicatorSummary => indicatorSummaries(c.def, c.state).find((s) => s.indicator === indicator)!;

describe('periods', () => {
  it.each([
    ['2025', 'year'],
    ['2025-Q1', 'quarter'],
    ['2025-Q3', 'quarter'],
    ['2025-Q4', 'quarter'],
    ['2025-01', 'month'],
    ['2025-07', 'month'],
    ['2025-12', 'month'],
  ])('%s is a %s', (period, kind) => {
    expect(periodKind(period)).toBe(kind);
    const c = new TestCluster(DEF);
    expect(record(c, 'total', period, 1)?.payload).toMatchObject({ period });
  });

  it.each(['2025-Q5', '2025-Q0', '2025-13', '2025-00', '25', '2025/07', '2025-7', '2025-q3', 'Q3-2025', '', '2025-07-01', '12025'])('%j is not a period', (period) => {
    expect(periodKind(period)).toBeNull();
    const c = new TestCluster(DEF);
    const error = c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'total', period, value: 1 }, ErrorCode.BAD_USER_INPUT);
    expect(error.message).toContain('period');
    c.refuse(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator: 'total', targets: [{ period, value: 1 }] }, ErrorCode.BAD_USER_INPUT);
  });

  it('refuses mixing kinds of period on one indicator, in recordings and in plans', () => {
    const c = new TestCluster(DEF);
    record(c, 'total', '2025-Q1', 1);
    c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'total', period: '2025', value: 1 }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'total', period: '2025-04', value: 1 }, ErrorCode.BAD_USER_INPUT);
    const error = c.refuse(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator: 'total', targets: [{ period: '2025', value: 9 }] }, ErrorCode.BAD_USER_INPUT);
    expect(error.message).toContain('quarter');
    // Another indicator has its own kind.
    record(c, 'mean', '2025', 1);
    // A plan mixing kinds within itself.
    c.refuse(
      CDA_USER,
      { type: 'SET_INDICATOR_PLAN', indicator: 'peak', targets: [{ period: '2025', value: 1 }, { period: '2025-Q2', value: 1 }] },
      ErrorCode.BAD_USER_INPUT,
    );
    // Targets fix the kind for later recordings too.
    plan(c, 'floor', [{ period: '2025-03', value: 1 }]);
    c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'floor', period: '2025-Q1', value: 1 }, ErrorCode.BAD_USER_INPUT);
  });

  it('lets a plan replace targets of another kind while no value is recorded', () => {
    const c = new TestCluster(DEF);
    plan(c, 'total', [{ period: '2025', value: 10 }]);
    plan(c, 'total', [{ period: '2025-Q1', value: 2 }]);
    expect(summary(c, 'total').targets).toEqual([{ period: '2025-Q1', value: 2 }]);
    record(c, 'total', '2025-Q2', 1);
    c.refuse(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator: 'total', targets: [{ period: '2025', value: 10 }] }, ErrorCode.BAD_USER_INPUT);
  });
});

describe('recording', () => {
  it('recording a period twice supersedes the first value and keeps it as history', () => {
    const c = new TestCluster(DEF, { at: '2025-04-01T00:00:00.000Z' });
    record(c, 'total', '2025-Q1', 4, 'first count');
    c.wait(1);
    record(c, 'total', '2025-Q1', 6, '  corrected  ');
    expect(c.state.indicators.total.values).toEqual([
      { period: '2025-Q1', value: 4, note: 'first count', recordedBy: 'cda1', recordedAt: '2025-04-01T00:00:00.000Z', supersededAt: '2025-04-02T00:00:00.000Z' },
      { period: '2025-Q1', value: 6, note: 'corrected', recordedBy: 'cda1', recordedAt: '2025-04-02T00:00:00.000Z', supersededAt: null },
    ]);
    expect(summary(c, 'total').values.map((v) => v.value)).toEqual([6]);
    expect(summary(c, 'total').aggregate).toBe(6);
    c.wait(1);
    record(c, 'total', '2025-Q1', 5);
    expect(c.state.indicators.total.values.map((v) => [v.value, v.supersededAt])).toEqual([
      [4, '2025-04-02T00:00:00.000Z'],
      [6, '2025-04-03T00:00:00.000Z'],
      [5, null],
    ]);
  });

  it('checks the indicator, the value and who records', () => {
    const c = new TestCluster(DEF);
    c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'unknown', period: '2025', value: 1 }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'total', period: '2025', value: Number.NaN }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'total', period: '2025', value: Infinity }, ErrorCode.BAD_USER_INPUT);
    c.refuse(person('cda9', 'cda'), { type: 'RECORD_INDICATOR', indicator: 'total', period: '2025', value: 1 }, ErrorCode.FORBIDDEN);
    c.refuse(person('pat', 'pm'), { type: 'SET_INDICATOR_PLAN', indicator: 'total', targets: [] }, ErrorCode.FORBIDDEN);
    expect(c.run(ADMIN, { type: 'RECORD_INDICATOR', indicator: 'total', period: ' 2025 ', value: -2 })?.payload).toEqual({
      indicator: 'total',
      period: '2025',
      value: -2,
      note: null,
    });
  });

  it('an indicator requirement uses the aggregate over every current period', () => {
    const c = new TestCluster(DEF);
    record(c, 'total', '2025', 0);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'go' }, ErrorCode.GATE_NOT_READY);
    record(c, 'total', '2025', 1); // supersedes 0
    c.advance(CDA_USER, 'go');
  });
});

describe('aggregates', () => {
  function withValues(): TestCluster {
    const c = new TestCluster(DEF);
    // Recorded out of period order: `last` means the latest period, not the latest recording.
    for (const indicator of ['total', 'mean', 'stage', 'peak', 'floor']) {
      record(c, indicator, '2025-Q2', 10);
      c.wait(1);
      record(c, indicator, '2025-Q3', 4);
      c.wait(1);
      record(c, indicator, '2025-Q1', 7); // recorded last, but not the latest period
      c.wait(1);
    }
    return c;
  }

  it.each([
    ['total', 21],
    ['mean', 7],
    ['stage', 4],
    ['peak', 10],
    ['floor', 4],
  ])('%s aggregates to %d', (indicator, expected) => {
    const c = withValues();
    expect(summary(c, indicator).aggregate).toBe(expected);
    expect(summary(c, indicator).values.map((v) => v.period)).toEqual(['2025-Q1', '2025-Q2', '2025-Q3']);
  });

  it('is null for every aggregation before any value', () => {
    const c = new TestCluster(DEF);
    expect(indicatorSummaries(c.def, c.state)).toEqual(
      ['total', 'mean', 'stage', 'peak', 'floor'].map((indicator) => ({ indicator, aggregate: null, baseline: null, target: null, progress: null, values: [], targets: [] })),
    );
  });

  it('sorts months across a year boundary', () => {
    const c = new TestCluster(DEF);
    record(c, 'stage', '2026-01', 3);
    record(c, 'stage', '2025-12', 2);
    expect(summary(c, 'stage').aggregate).toBe(3);
  });
});

describe('plans, targets and progress', () => {
  it('sums the targets of a `sum` indicator; progress = (aggregate - baseline) / (target - baseline)', () => {
    const c = new TestCluster(DEF);
    plan(c, 'total', [{ period: '2025-Q2', value: 30 }, { period: '2025-Q1', value: 20 }], 10);
    record(c, 'total', '2025-Q1', 25);
    record(c, 'total', '2025-Q2', 15);
    expect(summary(c, 'total')).toMatchObject({ aggregate: 40, baseline: 10, target: 50, progress: 0.75 });
    expect(summary(c, 'total').targets).toEqual([
      { period: '2025-Q1', value: 20 },
      { period: '2025-Q2', value: 30 },
    ]);
  });

  it("takes the latest period's target otherwise", () => {
    const c = new TestCluster(DEF);
    plan(c, 'stage', [{ period: '2026', value: 3 }, { period: '2025', value: 2 }], 1);
    record(c, 'stage', '2025', 2);
    expect(summary(c, 'stage')).toMatchObject({ aggregate: 2, baseline: 1, target: 3, progress: 0.5 });
    plan(c, 'mean', [{ period: '2025', value: 8 }], 4);
    record(c, 'mean', '2025', 6);
    record(c, 'mean', '2026', 10);
    expect(summary(c, 'mean')).toMatchObject({ aggregate: 8, target: 8, progress: 1 });
  });

  it('does not clamp progress', () => {
    const c = new TestCluster(DEF);
    plan(c, 'peak', [{ period: '2025', value: 20 }], 10);
    record(c, 'peak', '2025', 40);
    expect(summary(c, 'peak').progress).toBe(3);
    plan(c, 'floor', [{ period: '2025', value: 20 }], 10);
    record(c, 'floor', '2025', 5);
    expect(summary(c, 'floor').progress).toBe(-0.5);
  });

  it('progress is null without values, baseline or target, or when target equals baseline', () => {
    const c = new TestCluster(DEF);
    plan(c, 'total', [{ period: '2025', value: 10 }], 0);
    expect(summary(c, 'total')).toMatchObject({ aggregate: null, baseline: 0, target: 10, progress: null });
    record(c, 'total', '2025', 5);
    expect(summary(c, 'total').progress).toBe(0.5); // a baseline of 0 is a baseline
    plan(c, 'total', [{ period: '2025', value: 10 }], null);
    expect(summary(c, 'total')).toMatchObject({ baseline: null, target: 10, progress: null });
    plan(c, 'total', [], 3);
    expect(summary(c, 'total')).toMatchObject({ baseline: 3, target: null, progress: null });
    plan(c, 'total', [{ period: '2025', value: 3 }]);
    expect(summary(c, 'total')).toMatchObject({ baseline: 3, target: 3, progress: null });
  });

  it('keeps the baseline when a plan omits it, and replaces the targets', () => {
    const c = new TestCluster(DEF);
    plan(c, 'total', [{ period: '2025', value: 10 }], 4);
    const event = plan(c, 'total', [{ period: '2026', value: 12 }]);
    expect(event?.payload).toEqual({ indicator: 'total', baseline: 4, targets: [{ period: '2026', value: 12 }] });
    expect(c.state.indicators.total).toEqual({ values: [], baseline: 4, targets: [{ period: '2026', value: 12 }] });
  });

  it('refuses a plan naming a period twice, a non-finite target or baseline, or an unknown indicator', () => {
    const c = new TestCluster(DEF);
    c.refuse(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator: 'total', targets: [{ period: '2025', value: 1 }, { period: '2025', value: 2 }] }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator: 'total', targets: [{ period: '2025', value: Number.NaN }] }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator: 'total', baseline: Infinity, targets: [] }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator: 'nope', targets: [] }, ErrorCode.BAD_USER_INPUT);
  });
});
