/**
 * Template language version 2 outcomes: APPROVE_WITH_CONDITIONS (counts as an approval, its
 * conditions open on the cluster until CLOSE_CONDITION), DEFER (recorded, counts for nothing,
 * replaces the person's earlier decision), the `conditions: closed` requirement, and the
 * rules of counting unchanged for both. Every command goes through `record`, and the harness
 * replays the log after each one.
 */
import { ErrorCode } from '../errors';
import { projectionsOf } from '../audit/projections';
import { countingDecisionIds, openConditions, readinessOf, targetOf } from './readiness';
import { openWork, viewerCan, viewerGates } from './viewer';
import { ADMIN, CDA_USER, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import type { ClusterCommand, Outcome } from './types';

const OUTCOMES = templateOf(`
key: outcomes
version: 1
roles:
  r1: {}
  r2: {}
artefacts:
  doc: {}
phases:
  open: {}
  review: {}
  done: { final: true }
gates:
  - id: single
    from: open
    to: review
    requires: { approvals: [ { role: r1 } ] }
  - id: pair
    from: open
    to: review
    requires: { approvals: [ { role: r1 }, { role: r2 } ] }
  - id: endorse
    from: open
    to: review
    requires:
      artefacts: [ { type: doc } ]
      approvals: [ { role: r1, of: doc } ]
  - id: finish
    from: review
    to: done
    requires: { conditions: closed }
`);

const alice = person('alice', 'r1', 'r2');
const bob = person('bob', 'r1');
const dave = person('dave', 'r1');
const sam = person('sam', 'cda', 'r1');
const otherCda = person('cda2', 'cda');

const readiness = (c: TestCluster, gate: string) => readinessOf(c.def, c.state, targetOf(c.def, gate)!, c.now);
const counting = (c: TestCluster) => countingDecisionIds(c.def, c.state);

function cluster(): TestCluster {
  const c = new TestCluster(OUTCOMES);
  c.run(ADMIN, { type: 'ASSIGN_CDA', userId: sam.userId });
  return c;
}

function decideCommand(c: TestCluster, gate: string, role: string, outcome: Outcome, conditions?: string[] | null, artefactVersionId?: string | null): ClusterCommand {
  return {
    type: 'DECIDE',
    decisionId: c.id('dec'),
    gate,
    role,
    outcome,
    artefactVersionId: artefactVersionId ?? null,
    conditions: conditions?.map((text) => ({ id: c.id('cond'), text })) ?? null,
  };
}

function withConditions(c: TestCluster, actor: typeof bob, gate: string, role: string, conditions: string[], artefactVersionId?: string): string {
  const event = c.run(actor, decideCommand(c, gate, role, 'APPROVE_WITH_CONDITIONS', conditions, artefactVersionId));
  if (event?.type !== 'DECIDED') throw new Error('no DECIDED event');
  return event.payload.decisionId;
}

const close = (conditionId: string, note = 'done'): ClusterCommand => ({ type: 'CLOSE_CONDITION', conditionId, note });

describe('APPROVE_WITH_CONDITIONS', () => {
  it('counts as an approval; two conditions block the later gate until both are closed', () => {
    const c = cluster();
    const d = withConditions(c, bob, 'single', 'r1', ['Hire an accountant', '  Open a bank account  ']);
    expect(readiness(c, 'single').ready).toBe(true);
    expect(counting(c)).toEqual([d]);
    const [first, second] = c.state.decisions[0].conditions!;
    expect([first.text, second.text]).toEqual(['Hire an accountant', 'Open a bank account']);
    expect(first).toEqual({ id: expect.any(String), text: 'Hire an accountant', closedAt: null, closedBy: null, note: null });

    c.advance(CDA_USER, 'single');
    expect(c.state.phase).toBe('review');
    expect(readiness(c, 'finish').unmet).toEqual([
      expect.objectContaining({ kind: 'CONDITIONS', have: 2, need: 0, conditionIds: [first.id, second.id], detail: expect.stringContaining('2 open: "Hire an accountant", "Open a bank account"') }),
    ]);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'finish' }, ErrorCode.GATE_NOT_READY);

    c.wait(1);
    const closed = c.run(sam, close(first.id, '  Accountant hired on 3 March  '));
    expect(closed).toMatchObject({ type: 'CONDITION_CLOSED', role: 'cda', payload: { decisionId: d, conditionId: first.id, note: 'Accountant hired on 3 March' } });
    expect(c.state.decisions[0].conditions![0]).toEqual({ id: first.id, text: 'Hire an accountant', closedAt: c.now, closedBy: 'sam', note: 'Accountant hired on 3 March' });
    expect(readiness(c, 'finish').unmet).toEqual([expect.objectContaining({ kind: 'CONDITIONS', have: 1, conditionIds: [second.id] })]);
    expect(openConditions(c.state).map((o) => o.condition.id)).toEqual([second.id]);

    c.run(ADMIN, close(second.id, 'Account opened'));
    expect(readiness(c, 'finish')).toEqual({ ready: true, unmet: [], decisionsUsed: [] });
    c.advance(CDA_USER, 'finish');
    expect(c.state.status).toBe('FINISHED');
    expect(c.events.map((e) => e.type)).toEqual(['REGISTERED', 'CDA_ASSIGNED', 'DECIDED', 'ADVANCED', 'CONDITION_CLOSED', 'CONDITION_CLOSED', 'ADVANCED']);
  });

  it('requires at least one non-blank condition, and refuses conditions with other outcomes', () => {
    const c = cluster();
    for (const conditions of [null, [], ['   ']]) c.refuse(bob, decideCommand(c, 'single', 'r1', 'APPROVE_WITH_CONDITIONS', conditions), ErrorCode.BAD_USER_INPUT);
    c.refuse(bob, decideCommand(c, 'single', 'r1', 'APPROVE_WITH_CONDITIONS', Array.from({ length: 21 }, (_, i) => `c${i}`)), ErrorCode.BAD_USER_INPUT);
    for (const outcome of ['APPROVE', 'REJECT', 'DEFER'] as const) {
      const e = c.refuse(bob, decideCommand(c, 'single', 'r1', outcome, ['x']), ErrorCode.BAD_USER_INPUT);
      expect(e.message).toBe(`conditions are given only with APPROVE_WITH_CONDITIONS, not with ${outcome}`);
    }
    c.refuse(bob, decideCommand(c, 'single', 'r1', 'MAYBE' as Outcome), ErrorCode.BAD_USER_INPUT);
    expect(c.state.decisions).toEqual([]);
  });

  it('keeps separation of duties: no approval with conditions of a version one submitted, one person fills one requirement of a gate', () => {
    const c = cluster();
    const { versionId } = c.submit(sam, 'doc');
    c.refuse(sam, decideCommand(c, 'endorse', 'r1', 'APPROVE_WITH_CONDITIONS', ['x'], versionId), ErrorCode.FORBIDDEN);
    withConditions(c, alice, 'pair', 'r1', ['a']);
    withConditions(c, alice, 'pair', 'r2', ['b']);
    expect(readiness(c, 'pair').unmet).toEqual([expect.objectContaining({ kind: 'APPROVAL', have: 0, need: 1 })]);
    expect(counting(c)).toHaveLength(1);
  });

  it('a later decision replaces it for counting, but its conditions stay open on the cluster', () => {
    const c = cluster();
    withConditions(c, bob, 'single', 'r1', ['a']);
    c.reject(bob, 'single', 'r1');
    expect(readiness(c, 'single').ready).toBe(false);
    expect(openConditions(c.state)).toHaveLength(1);
  });
});

describe('DEFER', () => {
  it('is recorded and counts for nothing', () => {
    const c = cluster();
    const d = c.decision(bob, 'single', 'r1', 'DEFER');
    expect(c.state.decisions).toEqual([expect.objectContaining({ id: d, outcome: 'DEFER' })]);
    expect(c.state.decisions[0]).not.toHaveProperty('conditions');
    expect(readiness(c, 'single').unmet).toEqual([expect.objectContaining({ kind: 'APPROVAL', have: 0, need: 1, detail: '1 approval by r1 needed; 0 counted' })]);
    expect(counting(c)).toEqual([]);
  });

  it('blocks nothing: another approval passes the gate', () => {
    const c = cluster();
    c.decision(dave, 'single', 'r1', 'DEFER');
    const a = c.approve(bob, 'single', 'r1');
    expect(readiness(c, 'single').ready).toBe(true);
    expect(counting(c)).toEqual([a]);
    c.advance(CDA_USER, 'single');
    expect(c.state.frozen).toEqual([a]);
  });

  it("replaces that person's earlier approval or rejection for counting", () => {
    const c = cluster();
    c.approve(bob, 'single', 'r1');
    c.decision(bob, 'single', 'r1', 'DEFER');
    expect(readiness(c, 'single').ready).toBe(false);
    c.reject(dave, 'single', 'r1');
    c.approve(bob, 'single', 'r1');
    expect(readiness(c, 'single').ready).toBe(false);
    c.decision(dave, 'single', 'r1', 'DEFER');
    expect(readiness(c, 'single').ready).toBe(true);
    expect(counting(c)).toEqual([c.state.decisions[3].id]);
  });
});

describe('closeCondition', () => {
  function withOpen(): { c: TestCluster; id: string } {
    const c = cluster();
    withConditions(c, bob, 'single', 'r1', ['a', 'b']);
    return { c, id: c.state.decisions[0].conditions![0].id };
  }

  it('is for the assigned CDAs and agency admins, on a known open condition, with a note', () => {
    const { c, id } = withOpen();
    c.refuse(sam, close('nope'), ErrorCode.NOT_FOUND);
    c.refuse(bob, close(id), ErrorCode.FORBIDDEN);
    c.refuse(otherCda, close(id), ErrorCode.FORBIDDEN);
    c.refuse(sam, close(id, '   '), ErrorCode.BAD_USER_INPUT);
    c.run(sam, close(id));
    expect(c.refuse(ADMIN, close(id), ErrorCode.BAD_USER_INPUT).message).toMatch(/^the condition was already closed at .* by sam$/);
  });

  it('waits while the cluster is suspended, and is refused once it has finished', () => {
    const { c, id } = withOpen();
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    c.refuse(sam, close(id), ErrorCode.SUSPENDED);
    c.run(ADMIN, { type: 'RESUME' });
    c.run(sam, close(id));
  });
});

describe('what the caller may do, and what waits on whom', () => {
  it('offers CLOSE_CONDITION exactly when closeCondition would be accepted, and the CONDITIONS requirement to whoever may close', () => {
    const c = cluster();
    expect(viewerCan(c.def, c.state, sam, c.now)).not.toContain('CLOSE_CONDITION');
    withConditions(c, bob, 'single', 'r1', ['a']);
    c.advance(sam, 'single');
    expect(viewerCan(c.def, c.state, sam, c.now)).toContain('CLOSE_CONDITION');
    expect(viewerCan(c.def, c.state, ADMIN, c.now)).toContain('CLOSE_CONDITION');
    expect(viewerCan(c.def, c.state, bob, c.now)).not.toContain('CLOSE_CONDITION');
    const unmetFor = (actor: typeof bob) => viewerGates(c.def, c.state, actor, c.now)[0].unmet[0];
    expect(unmetFor(sam)).toMatchObject({ kind: 'CONDITIONS', viewerCanAct: true });
    expect(unmetFor(bob)).toMatchObject({ kind: 'CONDITIONS', viewerCanAct: false });
    expect(openWork(c.def, c.state)).toEqual([
      expect.objectContaining({ kind: 'CLOSE_CONDITION', gate: 'finish', audience: { keys: ['agency_admin', 'cda@cda1', 'cda@sam'], except: [] } }),
    ]);
    c.run(sam, close(c.state.decisions[0].conditions![0].id));
    expect(viewerCan(c.def, c.state, sam, c.now)).not.toContain('CLOSE_CONDITION');
    expect(openWork(c.def, c.state)).toEqual([expect.objectContaining({ kind: 'ADVANCE', gate: 'finish' })]);
  });

  it('DECIDE stays offered after an approval with conditions or a deferral (deciding again can change the count)', () => {
    const c = cluster();
    c.decision(bob, 'single', 'r1', 'DEFER');
    expect(viewerGates(c.def, c.state, bob, c.now).find((g) => g.gate === 'single')!.unmet[0].viewerCanAct).toBe(true);
    withConditions(c, bob, 'single', 'r1', ['a']);
    expect(viewerCan(c.def, c.state, dave, c.now)).toContain('DECIDE');
  });
});

describe('projections', () => {
  it('the decision row carries its conditions as the snapshot holds them, closed ones included', () => {
    const c = cluster();
    const d = withConditions(c, bob, 'single', 'r1', ['a']);
    const deferred = c.decision(dave, 'single', 'r1', 'DEFER');
    c.run(sam, close(c.state.decisions[0].conditions![0].id, 'ok'));
    const rows = projectionsOf(c.def, c.state, c.events).decisions;
    expect(rows.find((r) => r.id === d)).toMatchObject({ outcome: 'APPROVE_WITH_CONDITIONS', counts: true, conditions: [{ text: 'a', closedAt: c.now, closedBy: 'sam', note: 'ok' }] });
    expect(rows.find((r) => r.id === deferred)).toMatchObject({ outcome: 'DEFER', counts: false, conditions: [] });
  });
});
