/**
 * Gates on the way forward (docs/decisions.md, "Portfolio analytics"): to a phase declared
 * later, unless a way out (into a final phase other than the first declared, or into a final
 * phase from several phases); a gate back to an earlier phase loops back. Such a gate that asks for nothing is never announced as ready (GATE_READY), while one
 * with requirements is, once someone met them; forward gates are announced as before.
 */
import { ADMIN, CDA_USER, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import { noticesOf } from './notices';
import { isForwardGate, requiresNothing } from './readiness';
import { openWork } from './viewer';
import type { ClusterEvent } from './types';

const DEF = templateOf(`
key: paths
version: 1
roles:
  programme_manager: { title: Programme manager }
phases:
  a: { title: A }
  b: { title: B }
  c: { title: C }
  done: { title: Done, final: true }
  dropped: { title: Dropped, final: true }
gates:
  - id: go_b
    from: a
    to: b
  - id: go_c
    from: b
    to: c
    requires: { approvals: [ { role: programme_manager } ] }
  - id: finish
    from: c
    to: done
  - id: back
    from: [b, c]
    to: a
  - id: drop
    from: [a, b, c]
    to: dropped
    requires: { approvals: [ { role: programme_manager } ] }
  - id: quit
    from: [a, b]
    to: dropped
`);

const pm = person('pat', 'programme_manager');
const gateReady = (c: TestCluster, event: ClusterEvent | null) =>
  noticesOf(c.def, event!, c.state, openWork(c.def, c.state)).filter((n) => n.kind === 'GATE_READY').map((n) => n.workKey!.split(':')[2]);

describe('gates on the way forward', () => {
  it('forward: to a later phase up to the first final one; back to an earlier phase and into a later final phase are not', () => {
    const gate = (id: string) => DEF.gates.find((g) => g.id === id)!;
    expect(isForwardGate(DEF, gate('go_b'), 'a')).toBe(true);
    expect(isForwardGate(DEF, gate('go_c'), 'b')).toBe(true);
    expect(isForwardGate(DEF, gate('finish'), 'c')).toBe(true);
    expect(isForwardGate(DEF, gate('back'), 'b')).toBe(false);
    expect(isForwardGate(DEF, gate('back'), 'c')).toBe(false);
    expect(isForwardGate(DEF, gate('drop'), 'a')).toBe(false);
    expect(isForwardGate(DEF, gate('quit'), 'b')).toBe(false);
    expect(requiresNothing(gate('quit').requires)).toBe(true);
    expect(requiresNothing(gate('drop').requires)).toBe(false);
  });

  it('a gate into a final phase from several phases is a way out, even into the only final phase', () => {
    const labels = templateOf(`
key: cyclic
version: 1
phases:
  a: { title: A }
  b: { title: B }
  c: { title: C }
  withdrawn: { title: Withdrawn, final: true }
gates:
  - { id: up, from: a, to: b }
  - { id: further, from: b, to: c }
  - { id: again, from: c, to: a }
  - { id: close, from: c, to: withdrawn }
  - { id: withdraw, from: [a, b, c], to: withdrawn }
`);
    const gate = (id: string) => labels.gates.find((g) => g.id === id)!;
    expect(['up', 'further', 'again', 'close', 'withdraw'].map((id) => isForwardGate(labels, gate(id), gate(id).from[0]))).toEqual([true, true, false, true, false]);
  });

  it('GATE_READY for forward gates only, and for an exit once its requirements were met, never for an exit or loop asking nothing', () => {
    const c = new TestCluster(DEF);
    // In a: go_b is ready (forward, nothing required); quit asks for nothing: not announced.
    expect(gateReady(c, c.events[0])).toEqual(['go_b']);
    const entered = c.run(ADMIN, { type: 'ADVANCE', gate: 'go_b' });
    // In b: back and quit ask for nothing; go_c and drop wait on the programme manager.
    expect(gateReady(c, entered)).toEqual([]);
    const approved = c.run(pm, { type: 'DECIDE', decisionId: 'd1', gate: 'drop', role: 'programme_manager', outcome: 'APPROVE' });
    // The manager approved dropping it: the CDAs are told the exit can be taken.
    expect(gateReady(c, approved)).toEqual(['drop']);
    c.run(pm, { type: 'DECIDE', decisionId: 'd2', gate: 'go_c', role: 'programme_manager', outcome: 'APPROVE' });
    const inC = c.run(CDA_USER, { type: 'ADVANCE', gate: 'go_c' });
    expect(gateReady(c, inC)).toEqual(['finish']);
  });
});
