import { runAt } from './graphql-ws';

describe('runAt (a WebSocket closes when its token expires)', () => {
  beforeEach(() => jest.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());
  const DAY = 24 * 3600 * 1000;

  it('runs at a moment more than 24.8 days ahead (past what one Node timer holds), not before', () => {
    const run = jest.fn();
    runAt(Date.now() + 60 * DAY, run);
    jest.advanceTimersByTime(30 * DAY);
    expect(run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(30 * DAY - 1);
    expect(run).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('runs at once for a moment past, and never once cancelled', () => {
    const past = jest.fn();
    runAt(Date.now() - 1000, past);
    jest.advanceTimersByTime(0);
    expect(past).toHaveBeenCalledTimes(1);
    const cancelled = jest.fn();
    runAt(Date.now() + 400 * DAY, cancelled).cancel();
    jest.advanceTimersByTime(400 * DAY);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
