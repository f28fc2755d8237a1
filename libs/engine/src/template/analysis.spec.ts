import { analysePhaseGraph, approvalConcerns, milestonesInCycles, reachableFrom, type PhaseGraph } from './analysis';
import { approximateDays, parseDuration } from './duration';

const graph = (edges: Array<[string, string]>, finals: string[], phases?: string[]): PhaseGraph => ({
  phases: phases ?? [...new Set(edges.flat().concat(finals))],
  initial: edges[0]?.[0] ?? finals[0],
  finals: new Set(finals),
  edges: edges.map(([from, to], i) => ({ gate: `g${i}`, from, to })),
});

describe('analysePhaseGraph', () => {
  it('finds unreachable phases and traps, loops included', () => {
    const g = graph(
      [
        ['a', 'b'],
        ['b', 'c'],
        ['c', 'b'],
        ['a', 'done'],
        ['x', 'done'],
      ],
      ['done'],
      ['a', 'b', 'c', 'x', 'done'],
    );
    const findings = analysePhaseGraph(g);
    expect(findings.unreachable).toEqual(['x']);
    expect(findings.traps).toEqual(['b', 'c']);
    expect(findings.reachable).toEqual(['a', 'b', 'c', 'done']);
  });

  it('never lets a gate out of a final phase rescue a trap', () => {
    const findings = analysePhaseGraph(graph([['a', 'done'], ['done', 'b'], ['b', 'a']], ['done']));
    expect(findings.gatesOutOfFinal.map((e) => e.gate)).toEqual(['g1']);
    expect(findings.unreachable).toEqual([]);
    expect(findings.traps).toEqual([]);
  });

  it('reports no traps when nothing is final (that is its own error)', () => {
    expect(analysePhaseGraph(graph([['a', 'b']], [])).traps).toEqual([]);
  });

  it('reachableFrom includes the start', () => {
    expect([...reachableFrom('a', [])]).toEqual(['a']);
  });
});

describe('milestonesInCycles', () => {
  it('finds self and mutual dependencies only', () => {
    const deps = new Map([
      ['a', ['b']],
      ['b', ['a']],
      ['c', ['c']],
      ['d', ['a']],
    ]);
    expect([...milestonesInCycles(deps)].sort()).toEqual(['a', 'b', 'c']);
  });
});

describe('approvalConcerns', () => {
  it('warns about the CDA approving an artefact and about one role split over requirements', () => {
    const concerns = approvalConcerns(
      [
        { role: 'cda', count: 1, of: 'plan' },
        { role: 'pm', count: 1 },
        { role: 'pm', count: 2 },
        { role: 'pm', count: 1, of: 'plan' },
      ],
      'gate `g`',
    );
    expect(concerns.map((c) => c.index)).toEqual([0, 2]);
    expect(concerns[1].message).toContain('3 distinct people');
  });

  it('is silent for different roles', () => {
    expect(approvalConcerns([{ role: 'a', count: 2 }, { role: 'b', count: 1, of: 'x' }], 'gate `g`')).toEqual([]);
  });
});

describe('durations', () => {
  it('parses ISO 8601 durations and compares them approximately', () => {
    expect(parseDuration('P1Y6M')).toEqual({ months: 18, days: 0, seconds: 0 });
    expect(parseDuration('P2W3DT4H')).toEqual({ months: 0, days: 17, seconds: 14400 });
    expect(parseDuration('P')).toBeNull();
    expect(parseDuration('PT')).toBeNull();
    expect(parseDuration('P1.5M')).toBeNull();
    expect(approximateDays(parseDuration('P12M')!)).toBeCloseTo(approximateDays(parseDuration('P1Y')!));
    expect(approximateDays(parseDuration('P1M')!)).toBeGreaterThan(approximateDays(parseDuration('P30D')!));
  });
});
