/**
 * The phase machine is the guard: a command's advance runs the gate's readiness check once,
 * inside the XState guard, and neither `decide` nor `apply` checks it again.
 */
import { transition } from 'xstate';
import { machineOf, passGate } from './machine';
import * as readiness from './readiness';
import { CDA_USER, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';

jest.mock('./readiness', () => {
  const actual = jest.requireActual('./readiness');
  return { ...actual, readinessOf: jest.fn(actual.readinessOf) };
});

const readinessOf = readiness.readinessOf as jest.MockedFunction<typeof readiness.readinessOf>;

const DEF = templateOf(`
key: guarded
version: 1
roles:
  pm: {}
phases:
  a:
    milestones:
      kickoff: { requires: { approvals: [ { role: pm } ] } }
  b: {}
  z: { final: true }
gates:
  - { id: ab, from: a, to: b, requires: { approvals: [ { role: pm } ] } }
  - { id: bz, from: b, to: z }
`);

const pm = person('pat', 'pm');

/** Readiness evaluations while `run` runs. */
function evaluations(run: () => unknown): number {
  readinessOf.mockClear();
  run();
  return readinessOf.mock.calls.length;
}

describe('the phase machine as the gate guard', () => {
  it('checks readiness once per advance, refused or passed, and never for other commands', () => {
    const c = new TestCluster(DEF);
    expect(evaluations(() => c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'ab' }, 'GATE_NOT_READY'))).toBe(1);
    expect(evaluations(() => c.approve(pm, 'ab', 'pm'))).toBe(0);
    expect(evaluations(() => c.advance(CDA_USER, 'ab'))).toBe(1);
    expect(c.state.phase).toBe('b');
    expect(evaluations(() => c.advance(CDA_USER, 'bz'))).toBe(1);
    expect(c.state.status).toBe('FINISHED');
  });

  it('checks a milestone once when it is reached', () => {
    const c = new TestCluster(DEF);
    c.approve(pm, 'kickoff', 'pm');
    expect(evaluations(() => c.reach(CDA_USER, 'kickoff'))).toBe(1);
  });

  it('stays in its phase when the guard finds the gate not ready, and says why', () => {
    const c = new TestCluster(DEF);
    const { readiness: found, to } = passGate(DEF, c.state, 'ab', c.now);
    expect(to).toBeNull();
    expect(found.unmet.map((u) => u.kind)).toEqual(['APPROVAL']);

    const machine = machineOf(DEF);
    const check = { state: c.state, now: c.now };
    const [stayed] = transition(machine, machine.resolveState({ value: c.state.machine, context: { templateKey: DEF.key, templateVersion: DEF.version } }), { type: 'ADVANCE', gate: 'ab', check });
    expect(stayed.value).toEqual({ a: 'running' });
    expect(check).toMatchObject({ readiness: { ready: false } });

    c.approve(pm, 'ab', 'pm');
    expect(passGate(DEF, c.state, 'ab', c.now)).toMatchObject({ readiness: { ready: true }, to: 'b' });
  });
});
