/**
 * Due dates: entry time + `due` with calendar arithmetic in UTC (+ suspended time, see
 * suspension.spec.ts), overdue strictly after it, nothing due in a finished cluster.
 */
import { parseDuration } from '../template/duration';
import { dueAt, isOverdue, storedDueAt } from './due';
import { CDA_USER, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import { addDuration, isoOf, msOf } from './time';

const DEF = templateOf(`
key: dated
version: 1
phases:
  first: { due: P1M }
  second: { due: P1Y }
  third: { due: P2W }
  fourth: { due: P1DT12H }
  open_ended: {}
  done: { final: true }
gates:
  - { id: g1, from: first, to: second }
  - { id: g2, from: second, to: third }
  - { id: g3, from: third, to: fourth }
  - { id: g4, from: fourth, to: open_ended }
  - { id: g5, from: open_ended, to: done }
`);

const add = (iso: string, duration: string) => isoOf(addDuration(msOf(iso), parseDuration(duration)!));

describe('calendar arithmetic', () => {
  it.each([
    ['2025-01-31T00:00:00.000Z', 'P1M', '2025-02-28T00:00:00.000Z'],
    ['2024-01-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2025-01-30T10:20:30.456Z', 'P1M', '2025-02-28T10:20:30.456Z'],
    ['2025-03-31T00:00:00.000Z', 'P1M', '2025-04-30T00:00:00.000Z'],
    ['2025-01-15T00:00:00.000Z', 'P1M', '2025-02-15T00:00:00.000Z'],
    ['2025-11-30T00:00:00.000Z', 'P3M', '2026-02-28T00:00:00.000Z'],
    ['2025-12-31T23:59:59.999Z', 'P1M', '2026-01-31T23:59:59.999Z'],
    ['2024-02-29T00:00:00.000Z', 'P1Y', '2025-02-28T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P4Y', '2028-02-29T00:00:00.000Z'],
    ['2025-01-31T00:00:00.000Z', 'P1M1D', '2025-03-01T00:00:00.000Z'],
    ['2025-01-01T00:00:00.000Z', 'P18M', '2026-07-01T00:00:00.000Z'],
    ['2025-03-29T00:00:00.000Z', 'P10D', '2025-04-08T00:00:00.000Z'],
    ['2025-01-01T00:00:00.000Z', 'P2W', '2025-01-15T00:00:00.000Z'],
    ['2025-01-01T00:00:00.000Z', 'PT36H', '2025-01-02T12:00:00.000Z'],
  ])('%s + %s = %s', (start, duration, expected) => {
    expect(add(start, duration)).toBe(expected);
  });
});

describe('dueAt and isOverdue', () => {
  it('31 January + P1M is due at the end of February, overdue strictly after', () => {
    const c = new TestCluster(DEF, { at: '2025-01-31T09:00:00.000Z' });
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-02-28T09:00:00.000Z');
    expect(storedDueAt(c.def, c.state)).toBe('2025-02-28T09:00:00.000Z');
    expect(isOverdue(c.def, c.state, '2025-02-28T09:00:00.000Z')).toBe(false);
    expect(isOverdue(c.def, c.state, '2025-02-28T09:00:00.001Z')).toBe(true);
  });

  it('counts from entering the current phase, with each phase its own due', () => {
    const c = new TestCluster(DEF, { at: '2024-02-29T00:00:00.000Z' });
    c.setTime('2024-03-15T00:00:00.000Z');
    c.advance(CDA_USER, 'g1');
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-03-15T00:00:00.000Z');
    expect(isOverdue(c.def, c.state, '2024-12-31T00:00:00.000Z')).toBe(false);
    c.setTime('2025-04-01T00:00:00.000Z');
    expect(isOverdue(c.def, c.state, c.now)).toBe(true);
    c.advance(CDA_USER, 'g2');
    expect(isOverdue(c.def, c.state, c.now)).toBe(false);
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-04-15T00:00:00.000Z');
    c.advance(CDA_USER, 'g3');
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-04-02T12:00:00.000Z');
  });

  it('has no due date in a phase without `due`, nor once finished', () => {
    const c = new TestCluster(DEF);
    for (const gate of ['g1', 'g2', 'g3', 'g4']) c.advance(CDA_USER, gate);
    expect(c.state.phase).toBe('open_ended');
    expect(dueAt(c.def, c.state, c.now)).toBeNull();
    expect(storedDueAt(c.def, c.state)).toBeNull();
    expect(isOverdue(c.def, c.state, '2999-01-01T00:00:00.000Z')).toBe(false);
    c.advance(CDA_USER, 'g5');
    expect(c.state.status).toBe('FINISHED');
    expect(dueAt(c.def, c.state, c.now)).toBeNull();
    expect(storedDueAt(c.def, c.state)).toBeNull();
    expect(isOverdue(c.def, c.state, '2999-01-01T00:00:00.000Z')).toBe(false);
  });
});
