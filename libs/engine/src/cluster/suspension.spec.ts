/**
 * Suspension: what it blocks, what it leaves possible, resuming into the same phase, and
 * suspended time excluded from `after` and pushed onto `due`.
 */
import { ErrorCode } from '../errors';
import { dueAt, isOverdue, storedDueAt } from './due';
import { readinessOf, suspendedMsOf, targetOf } from './readiness';
import { ADMIN, CDA_USER, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import { DAY_MS } from './time';
import type { ClusterCommand } from './types';

const DEF = templateOf(`
key: pausing
version: 1
roles:
  pm: {}
  board: { scope: cluster }
selection:
  scale: { min: 0, max: 5 }
  criteria: { c1: { weight: 1 } }
artefacts:
  report: {}
indicators:
  actions: { aggregation: sum }
phases:
  work:
    due: P1M
    milestones:
      kickoff: {}
  later: { due: P10D }
  done: { final: true }
gates:
  - id: wait
    from: work
    to: later
    requires: { after: P10D }
  - id: review
    from: work
    to: later
    requires:
      artefacts: [ { type: report } ]
      approvals: [ { role: pm, of: report }, { role: pm } ]
  - id: finish
    from: later
    to: done
`);

const pm = person('pat', 'pm');
const afterUnmet = (c: TestCluster) => readinessOf(c.def, c.state, targetOf(c.def, 'wait')!, c.now).unmet;

describe('suspension', () => {
  it('only an agency_admin suspends and resumes; the reason is required', () => {
    const c = new TestCluster(DEF);
    c.refuse(CDA_USER, { type: 'SUSPEND', reason: 'audit' }, ErrorCode.FORBIDDEN);
    c.refuse(ADMIN, { type: 'SUSPEND', reason: ' ' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(ADMIN, { type: 'RESUME' }, ErrorCode.BAD_USER_INPUT); // not suspended
    const event = c.run(ADMIN, { type: 'SUSPEND', reason: ' funding review ' });
    expect(event).toMatchObject({ type: 'SUSPENDED', role: 'agency_admin', payload: { reason: 'funding review' } });
    c.refuse(CDA_USER, { type: 'RESUME' }, ErrorCode.FORBIDDEN);
    c.refuse(ADMIN, { type: 'SUSPEND', reason: 'again' }, ErrorCode.SUSPENDED);
  });

  it('blocks submissions, decisions, indicators, plans, milestones, advances and scores with SUSPENDED', () => {
    const c = new TestCluster(DEF);
    const { artefactId, versionId } = c.submit(CDA_USER, 'report');
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    const blocked: ClusterCommand[] = [
      { type: 'SUBMIT_ARTEFACT', newArtefactId: 'a', newVersionId: 'v', artefactType: 'report', title: 'x' },
      { type: 'SUBMIT_ARTEFACT', newArtefactId: 'a', newVersionId: 'v', artefactType: 'report', title: 'x', artefactId },
      { type: 'RECORD_INDICATOR', indicator: 'actions', period: '2025', value: 1 },
      { type: 'SET_INDICATOR_PLAN', indicator: 'actions', baseline: 0, targets: [] },
      { type: 'REACH_MILESTONE', milestone: 'kickoff' },
      { type: 'ADVANCE', gate: 'review' },
      { type: 'SCORE', scores: [{ criterion: 'c1', score: 3 }] },
    ];
    for (const command of blocked) {
      c.refuse(CDA_USER, command, ErrorCode.SUSPENDED);
      c.refuse(ADMIN, command, ErrorCode.SUSPENDED);
    }
    c.refuse(pm, c.decideCommand('review', 'pm', 'APPROVE', versionId), ErrorCode.SUSPENDED);
    c.refuse(pm, c.decideCommand('review', 'pm', 'REJECT'), ErrorCode.SUSPENDED);
    // SUSPENDED answers before BAD_USER_INPUT.
    c.refuse(CDA_USER, { type: 'SUBMIT_ARTEFACT', newArtefactId: 'a', newVersionId: 'v', artefactType: 'poster', title: 'x' }, ErrorCode.SUSPENDED);
    c.refuse(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'nope', period: 'bad', value: 1 }, ErrorCode.SUSPENDED);
    c.refuse(CDA_USER, { type: 'SCORE', scores: [{ criterion: 'nope', score: 99 }] }, ErrorCode.SUSPENDED);
    c.refuse(pm, c.decideCommand('nowhere', 'pm', 'APPROVE'), ErrorCode.SUSPENDED);
  });

  it('still lets an agency_admin assign and unassign CDAs and cluster roles', () => {
    const c = new TestCluster(DEF);
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    expect(c.run(ADMIN, { type: 'ASSIGN_CDA', userId: 'cda2' })?.type).toBe('CDA_ASSIGNED');
    expect(c.run(ADMIN, { type: 'UNASSIGN_CDA', userId: 'cda1' })?.type).toBe('CDA_UNASSIGNED');
    expect(c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'bea', role: 'board' })?.type).toBe('ROLE_ASSIGNED');
    expect(c.run(ADMIN, { type: 'UNASSIGN_ROLE', userId: 'bea', role: 'board' })?.type).toBe('ROLE_UNASSIGNED');
    expect(c.state).toMatchObject({ status: 'SUSPENDED', cdaIds: ['cda2'], roleAssignments: [] });
  });

  it('resumes into the same phase, with its approvals and milestones intact', () => {
    const c = new TestCluster(DEF);
    const { versionId } = c.submit(CDA_USER, 'report');
    c.approve(pm, 'review', 'pm', versionId);
    c.reach(CDA_USER, 'kickoff');
    const before = c.state;
    c.wait(2);
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    expect(c.state).toMatchObject({ status: 'SUSPENDED', phase: 'work', machine: { work: 'suspended' }, suspension: { since: c.now, reason: 'audit' } });
    c.wait(5);
    const resumed = c.run(ADMIN, { type: 'RESUME' });
    expect(resumed?.payload).toEqual({ suspendedMs: 5 * DAY_MS });
    expect(c.state).toMatchObject({ status: 'ACTIVE', phase: 'work', machine: { work: 'running' }, suspension: null });
    expect(c.state.visits).toHaveLength(1);
    expect(c.state.visits[0]).toEqual({ ...before.visits[0], suspendedMs: 5 * DAY_MS });
    expect(c.state.decisions).toEqual(before.decisions);
    c.approve(person('quinn', 'pm'), 'review', 'pm');
    c.advance(CDA_USER, 'review');
    expect(c.state.phase).toBe('later');
  });

  it('excludes suspended time from `after`, also while the suspension runs', () => {
    const c = new TestCluster(DEF); // 2025-01-01
    c.wait(4);
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' }); // day 4
    c.wait(20);
    expect(afterUnmet(c)).toEqual([expect.objectContaining({ kind: 'AFTER', have: 4, need: 10 })]);
    expect(suspendedMsOf(c.state, c.state.visits[0], c.now)).toBe(20 * DAY_MS);
    c.run(ADMIN, { type: 'RESUME' }); // day 24
    expect(afterUnmet(c)).toEqual([expect.objectContaining({ have: 4, need: 10 })]);
    c.wait(5.5);
    expect(afterUnmet(c)).toEqual([expect.objectContaining({ have: 9.5, need: 10 })]);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'wait' }, ErrorCode.GATE_NOT_READY);
    c.wait(0.5);
    expect(afterUnmet(c)).toEqual([]);
    c.advance(CDA_USER, 'wait');
  });

  it('adds up several suspensions of one visit and forgets them in the next visit', () => {
    const c = new TestCluster(DEF);
    c.wait(1).run(ADMIN, { type: 'SUSPEND', reason: 'one' });
    c.wait(3).run(ADMIN, { type: 'RESUME' });
    c.wait(1).run(ADMIN, { type: 'SUSPEND', reason: 'two' });
    c.wait(4).run(ADMIN, { type: 'RESUME' });
    expect(c.state.visits[0].suspendedMs).toBe(7 * DAY_MS);
    c.wait(8); // day 17: 10 active days
    c.advance(CDA_USER, 'wait');
    expect(c.state.visits[1].suspendedMs).toBe(0);
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-01-28T00:00:00.000Z'); // entered day 17 + P10D
  });

  it('pushes dueAt by the suspended time and is never overdue while suspended', () => {
    const c = new TestCluster(DEF); // due 2025-02-01
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-02-01T00:00:00.000Z');
    expect(storedDueAt(c.def, c.state)).toBe('2025-02-01T00:00:00.000Z');
    c.wait(5);
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    c.wait(10);
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-02-11T00:00:00.000Z'); // moves while suspended
    expect(storedDueAt(c.def, c.state)).toBeNull();
    c.setTime('2025-06-01T00:00:00.000Z');
    expect(isOverdue(c.def, c.state, c.now)).toBe(false);
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-06-27T00:00:00.000Z');
    c.setTime('2025-01-26T00:00:00.000Z'); // suspended for 20 days
    c.run(ADMIN, { type: 'RESUME' });
    expect(dueAt(c.def, c.state, c.now)).toBe('2025-02-21T00:00:00.000Z');
    expect(storedDueAt(c.def, c.state)).toBe('2025-02-21T00:00:00.000Z');
    c.setTime('2025-02-21T00:00:00.000Z');
    expect(isOverdue(c.def, c.state, c.now)).toBe(false);
    c.setTime('2025-02-21T00:00:00.001Z');
    expect(isOverdue(c.def, c.state, c.now)).toBe(true);
  });
});
