/**
 * Decisions and approvals: latest decision counts, decisions follow the document,
 * separation of duties, roles and scope, maximum matching, `counts`, visits, and the
 * order in which checks answer.
 */
import { ErrorCode } from '../errors';
import { countingDecisionIds, gateReadiness, milestoneStatuses, readinessOf, targetOf } from './readiness';
import { ADMIN, CDA_USER, expectCode, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import { decide } from './decide';
import type { UnmetRequirement } from './types';

const RULES = templateOf(`
key: rules
version: 1
roles:
  r1: {}
  r2: {}
  board: { scope: cluster }
artefacts:
  doc: {}
  other: {}
phases:
  open:
    milestones:
      m_ok: { requires: { approvals: [ { role: r1 } ] } }
      cda_ok: { requires: { approvals: [ { role: cda } ] } }
  next: {}
  done: { final: true }
gates:
  - id: single
    from: open
    to: next
    requires: { approvals: [ { role: r1 } ] }
  - id: pair
    from: open
    to: next
    requires: { approvals: [ { role: r1 }, { role: r2 } ] }
  - id: two
    from: open
    to: next
    requires: { approvals: [ { role: r1, count: 2 } ] }
  - id: board_ok
    from: open
    to: next
    requires: { approvals: [ { role: board } ] }
  - id: endorse
    from: open
    to: next
    requires:
      artefacts: [ { type: doc } ]
      approvals: [ { role: r1, of: doc } ]
  - id: back
    from: next
    to: open
  - id: finish
    from: next
    to: done
`);

const alice = person('alice', 'r1', 'r2');
const bob = person('bob', 'r1');
const carol = person('carol', 'r2');
const dave = person('dave', 'r1');
const mia = person('mia', 'board');
/** A CDA who also holds r1 (to test self-approval). */
const sam = person('sam', 'cda', 'r1');

const readiness = (c: TestCluster, gate: string) => readinessOf(c.def, c.state, targetOf(c.def, gate)!, c.now);
const ready = (c: TestCluster, gate: string) => readiness(c, gate).ready;
const counting = (c: TestCluster) => countingDecisionIds(c.def, c.state);
const approvalUnmet = (c: TestCluster, gate: string) => readiness(c, gate).unmet.filter((u) => u.kind === 'APPROVAL');

function cluster(): TestCluster {
  const c = new TestCluster(RULES);
  c.run(ADMIN, { type: 'ASSIGN_CDA', userId: sam.userId });
  return c;
}

describe('latest decision counts', () => {
  it('approve then reject by the same person blocks the requirement', () => {
    const c = cluster();
    c.approve(bob, 'single', 'r1');
    expect(ready(c, 'single')).toBe(true);
    c.reject(bob, 'single', 'r1');
    expect(ready(c, 'single')).toBe(false);
    expect(approvalUnmet(c, 'single')).toEqual([expect.objectContaining({ kind: 'APPROVAL', role: 'r1', have: 0, need: 1, detail: expect.stringContaining('rejected by bob') })]);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'single' }, ErrorCode.GATE_NOT_READY);
  });

  it('reject then approve by the same person unblocks it', () => {
    const c = cluster();
    c.reject(bob, 'single', 'r1');
    expect(ready(c, 'single')).toBe(false);
    c.approve(bob, 'single', 'r1');
    expect(ready(c, 'single')).toBe(true);
    c.advance(CDA_USER, 'single');
    expect(c.state.phase).toBe('next');
  });

  it("another approver's rejection blocks even when enough people approved, until they approve", () => {
    const c = cluster();
    c.approve(bob, 'single', 'r1');
    c.reject(dave, 'single', 'r1');
    expect(ready(c, 'single')).toBe(false);
    expect(approvalUnmet(c, 'single')[0].detail).toContain('dave');
    c.approve(dave, 'single', 'r1');
    expect(ready(c, 'single')).toBe(true);
  });

  it('needs distinct people for a count: one person approving twice counts once', () => {
    const c = cluster();
    c.approve(bob, 'two', 'r1');
    c.approve(bob, 'two', 'r1');
    expect(approvalUnmet(c, 'two')).toEqual([expect.objectContaining({ role: 'r1', have: 1, need: 2 })]);
    c.approve(dave, 'two', 'r1');
    expect(ready(c, 'two')).toBe(true);
  });

  it('keeps every decision on record, in order, with its visit', () => {
    const c = cluster();
    const d1 = c.approve(bob, 'single', 'r1');
    const d2 = c.reject(bob, 'single', 'r1');
    expect(c.state.decisions.map((d) => [d.id, d.outcome, d.decidedBy, d.role, d.gate, d.visit])).toEqual([
      [d1, 'APPROVE', 'bob', 'r1', 'single', 1],
      [d2, 'REJECT', 'bob', 'r1', 'single', 1],
    ]);
  });

  it('records a trimmed comment and an empty one as null', () => {
    const c = cluster();
    c.run(bob, c.decideCommand('single', 'r1', 'APPROVE', null, '  fine  '));
    c.run(dave, c.decideCommand('single', 'r1', 'APPROVE', null, '   '));
    expect(c.state.decisions.map((d) => d.comment)).toEqual(['fine', null]);
  });
});

describe('decisions follow the document', () => {
  it('a new version voids approvals on the old one, which stay on record', () => {
    const c = cluster();
    const { artefactId, versionId: v1 } = c.submit(CDA_USER, 'doc');
    const approval = c.approve(bob, 'endorse', 'r1', v1);
    expect(ready(c, 'endorse')).toBe(true);
    expect(counting(c)).toContain(approval);

    const { versionId: v2 } = c.submit(CDA_USER, 'doc', undefined, artefactId);
    expect(c.state.artefacts).toHaveLength(1);
    expect(c.state.artefacts[0].versions.map((v) => v.number)).toEqual([1, 2]);
    expect(ready(c, 'endorse')).toBe(false);
    expect(approvalUnmet(c, 'endorse')).toEqual([expect.objectContaining({ role: 'r1', artefactType: 'doc', have: 0, need: 1 })]);
    expect(c.state.decisions.map((d) => [d.id, d.artefactVersionId])).toEqual([[approval, v1]]);
    expect(counting(c)).not.toContain(approval);

    c.approve(bob, 'endorse', 'r1', v2);
    expect(ready(c, 'endorse')).toBe(true);
  });

  it('a decision on a version that is no longer the latest is CONFLICT', () => {
    const c = cluster();
    const { artefactId, versionId: v1 } = c.submit(CDA_USER, 'doc');
    c.submit(CDA_USER, 'doc', undefined, artefactId);
    c.refuse(bob, c.decideCommand('endorse', 'r1', 'APPROVE', v1), ErrorCode.CONFLICT);
    c.refuse(bob, c.decideCommand('endorse', 'r1', 'REJECT', v1), ErrorCode.CONFLICT);
  });

  it('a rejection of a version is lifted by a new version', () => {
    const c = cluster();
    const { artefactId, versionId: v1 } = c.submit(CDA_USER, 'doc');
    c.approve(bob, 'endorse', 'r1', v1);
    c.reject(dave, 'endorse', 'r1', v1);
    expect(ready(c, 'endorse')).toBe(false);
    expect(approvalUnmet(c, 'endorse')[0].detail).toContain('a new version must be submitted');
    const { versionId: v2 } = c.submit(CDA_USER, 'doc', undefined, artefactId);
    expect(approvalUnmet(c, 'endorse')[0].detail).not.toContain('rejected');
    c.approve(bob, 'endorse', 'r1', v2);
    expect(ready(c, 'endorse')).toBe(true);
  });

  it('an unknown artefact version is NOT_FOUND', () => {
    const c = cluster();
    c.refuse(bob, c.decideCommand('endorse', 'r1', 'APPROVE', 'no-such-version'), ErrorCode.NOT_FOUND);
  });

  it('an `of:` requirement needs the artefact version; a gate-level one refuses it', () => {
    const c = cluster();
    const { versionId } = c.submit(CDA_USER, 'doc');
    const missing = c.refuse(bob, c.decideCommand('endorse', 'r1', 'APPROVE'), ErrorCode.BAD_USER_INPUT);
    expect(missing.message).toContain('artefactVersionId is required');
    c.refuse(bob, c.decideCommand('single', 'r1', 'APPROVE', versionId), ErrorCode.BAD_USER_INPUT);
  });

  it('a version of an artefact type the requirement does not name is BAD_USER_INPUT', () => {
    const c = cluster();
    const { versionId } = c.submit(CDA_USER, 'other');
    c.refuse(bob, c.decideCommand('endorse', 'r1', 'APPROVE', versionId), ErrorCode.BAD_USER_INPUT);
  });

  it('with several artefacts of the type, the one whose latest version has the approvals fills the requirement', () => {
    const c = cluster();
    const first = c.submit(CDA_USER, 'doc');
    const second = c.submit(CDA_USER, 'doc');
    c.reject(dave, 'endorse', 'r1', first.versionId);
    expect(ready(c, 'endorse')).toBe(false);
    const approval = c.approve(bob, 'endorse', 'r1', second.versionId);
    expect(ready(c, 'endorse')).toBe(true);
    expect(readiness(c, 'endorse').decisionsUsed).toEqual([approval]);
    c.submit(CDA_USER, 'doc', undefined, second.artefactId);
    expect(ready(c, 'endorse')).toBe(false);
  });

  it('the requirement is unmet with a clear detail while no artefact of the type exists', () => {
    const c = cluster();
    expect(readiness(c, 'endorse').unmet).toEqual([
      expect.objectContaining({ kind: 'ARTEFACT', artefactType: 'doc', have: 0, need: 1 }),
      expect.objectContaining({ kind: 'APPROVAL', role: 'r1', artefactType: 'doc', have: 0, need: 1, detail: expect.stringContaining('no doc has been submitted') }),
    ]);
  });
});

describe('separation of duties', () => {
  it('refuses self-approval and self-rejection as FORBIDDEN and records nothing', () => {
    const c = cluster();
    const { versionId } = c.submit(sam, 'doc');
    c.refuse(sam, c.decideCommand('endorse', 'r1', 'APPROVE', versionId), ErrorCode.FORBIDDEN);
    c.refuse(sam, c.decideCommand('endorse', 'r1', 'REJECT', versionId), ErrorCode.FORBIDDEN);
    expect(c.state.decisions).toEqual([]);
    c.approve(bob, 'endorse', 'r1', versionId);
    expect(ready(c, 'endorse')).toBe(true);
  });

  it('lets the submitter of an earlier version decide on a version someone else submitted', () => {
    const c = cluster();
    const { artefactId } = c.submit(sam, 'doc');
    const { versionId: v2 } = c.submit(CDA_USER, 'doc', undefined, artefactId);
    c.approve(sam, 'endorse', 'r1', v2);
    expect(ready(c, 'endorse')).toBe(true);
  });
});

describe('roles and scope', () => {
  it('deciding in a role the token lacks is FORBIDDEN', () => {
    const c = cluster();
    c.refuse(bob, c.decideCommand('pair', 'r2', 'APPROVE'), ErrorCode.FORBIDDEN);
    c.refuse(bob, c.decideCommand('single', 'no_such_role', 'APPROVE'), ErrorCode.FORBIDDEN);
    c.refuse(ADMIN, c.decideCommand('single', 'r1', 'APPROVE'), ErrorCode.FORBIDDEN);
  });

  it('a cluster-scoped role counts only for people assigned to it on this cluster', () => {
    const c = cluster();
    c.refuse(mia, c.decideCommand('board_ok', 'board', 'APPROVE'), ErrorCode.FORBIDDEN);
    c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'mia', role: 'board' });
    c.approve(mia, 'board_ok', 'board');
    expect(ready(c, 'board_ok')).toBe(true);

    // Assigned on another cluster is not assigned here.
    const other = cluster();
    other.refuse(mia, other.decideCommand('board_ok', 'board', 'APPROVE'), ErrorCode.FORBIDDEN);

    c.run(ADMIN, { type: 'UNASSIGN_ROLE', userId: 'mia', role: 'board' });
    c.refuse(mia, c.decideCommand('board_ok', 'board', 'REJECT'), ErrorCode.FORBIDDEN);
  });

  it('the built-in cda role decides only on clusters the CDA is assigned to', () => {
    const c = cluster();
    c.approve(CDA_USER, 'cda_ok', 'cda');
    c.reach(CDA_USER, 'cda_ok');
    expect(milestoneStatuses(c.def, c.state).find((m) => m.milestone === 'cda_ok')?.reached).toBe(true);

    const stranger = person('cda2', 'cda');
    const d = cluster();
    d.refuse(stranger, d.decideCommand('cda_ok', 'cda', 'APPROVE'), ErrorCode.FORBIDDEN);
    d.run(ADMIN, { type: 'ASSIGN_CDA', userId: 'cda2' });
    d.approve(stranger, 'cda_ok', 'cda');
    d.run(ADMIN, { type: 'UNASSIGN_CDA', userId: 'cda2' });
    d.refuse(stranger, d.decideCommand('cda_ok', 'cda', 'REJECT'), ErrorCode.FORBIDDEN);
  });

  it('a role the gate takes no decision in is BAD_USER_INPUT', () => {
    const c = cluster();
    const error = c.refuse(carol, c.decideCommand('single', 'r2', 'APPROVE'), ErrorCode.BAD_USER_INPUT);
    expect(error.message).toContain('needs r1');
    c.refuse(bob, c.decideCommand('back', 'r1', 'APPROVE'), ErrorCode.BAD_USER_INPUT);
  });

  it('an unknown gate, or one out of another phase, is BAD_USER_INPUT', () => {
    const c = cluster();
    c.refuse(bob, c.decideCommand('nowhere', 'r1', 'APPROVE'), ErrorCode.BAD_USER_INPUT);
    c.approve(bob, 'single', 'r1');
    c.advance(CDA_USER, 'single');
    expect(c.state.phase).toBe('next');
    c.refuse(bob, c.decideCommand('single', 'r1', 'APPROVE'), ErrorCode.BAD_USER_INPUT);
    c.refuse(bob, c.decideCommand('m_ok', 'r1', 'APPROVE'), ErrorCode.BAD_USER_INPUT);
  });
});

describe('maximum matching across the approval requirements of one gate', () => {
  it('succeeds where a greedy assignment in decision order fails', () => {
    const c = cluster();
    // alice (r1 + r2) approves first as r1, then as r2; bob (r1 only) approves last.
    // Greedy: alice → r1, bob → nothing (r1 taken, alice used) → fails. Matching: alice → r2, bob → r1.
    const aliceR1 = c.approve(alice, 'pair', 'r1');
    c.wait(0, 1000);
    const aliceR2 = c.approve(alice, 'pair', 'r2');
    c.wait(0, 1000);
    const bobR1 = c.approve(bob, 'pair', 'r1');
    const r = readiness(c, 'pair');
    expect(r.ready).toBe(true);
    expect([...r.decisionsUsed].sort()).toEqual([aliceR2, bobR1].sort());
    expect(counting(c)).not.toContain(aliceR1);
    const event = c.advance(CDA_USER, 'pair');
    expect(event.type === 'ADVANCED' && [...event.payload.decisionsUsed].sort()).toEqual([aliceR2, bobR1].sort());
    expect([...c.state.frozen].sort()).toEqual([aliceR2, bobR1].sort());
  });

  it('never lets one person with two roles fill two requirements', () => {
    const c = cluster();
    c.approve(alice, 'pair', 'r1');
    c.approve(alice, 'pair', 'r2');
    const r = readiness(c, 'pair');
    expect(r.ready).toBe(false);
    const unmet = r.unmet.filter((u) => u.kind === 'APPROVAL');
    expect(unmet).toHaveLength(1);
    expect(unmet[0]).toMatchObject({ have: 0, need: 1 });
    expect(r.decisionsUsed).toHaveLength(1);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'pair' }, ErrorCode.GATE_NOT_READY);

    c.approve(carol, 'pair', 'r2');
    expect(ready(c, 'pair')).toBe(true);
  });

  it('counts a rejection in one role only against that role', () => {
    const c = cluster();
    c.approve(bob, 'pair', 'r1');
    c.reject(alice, 'pair', 'r2');
    expect(approvalUnmet(c, 'pair')).toEqual([expect.objectContaining({ role: 'r2', have: 0 })]);
    c.approve(carol, 'pair', 'r2');
    expect(ready(c, 'pair')).toBe(false); // alice's rejection stands
    c.approve(alice, 'pair', 'r2');
    expect(ready(c, 'pair')).toBe(true);
  });
});

describe('counts', () => {
  it('counts used approvals and blocking rejections, not surplus approvals', () => {
    const c = cluster();
    const first = c.approve(bob, 'single', 'r1');
    c.wait(0, 1000);
    const surplus = c.approve(dave, 'single', 'r1');
    expect(counting(c)).toEqual([first]);
    expect(counting(c)).not.toContain(surplus);

    const own = c.reject(bob, 'single', 'r1'); // supersedes bob's approval
    expect(counting(c)).toEqual([own]);

    const withdrawn = c.approve(bob, 'single', 'r1');
    expect(counting(c).sort()).toEqual([surplus]); // dave's approval is now the one used
    expect(counting(c)).not.toContain(withdrawn);
  });

  it('freezes the decisions used to pass a gate; the others stop counting', () => {
    const c = cluster();
    const used = c.approve(bob, 'single', 'r1');
    c.wait(0, 1000);
    const surplus = c.approve(dave, 'single', 'r1');
    const elsewhere = c.approve(bob, 'two', 'r1');
    expect(counting(c)).toEqual([used, elsewhere]);
    const event = c.advance(CDA_USER, 'single');
    expect(event.payload).toEqual({ gate: 'single', from: 'open', to: 'next', decisionsUsed: [used] });
    expect(counting(c)).toEqual([used]);
    expect(counting(c)).not.toContain(surplus);

    c.advance(CDA_USER, 'back');
    expect(counting(c)).toEqual([used]); // frozen across the loop
    const again = c.approve(dave, 'single', 'r1');
    c.advance(CDA_USER, 'single');
    c.advance(CDA_USER, 'finish');
    expect(c.state.status).toBe('FINISHED');
    expect(counting(c)).toEqual([used, again]);
  });

  it('freezes the decisions used to reach a milestone', () => {
    const c = cluster();
    const d = c.approve(bob, 'm_ok', 'r1');
    const event = c.reach(CDA_USER, 'm_ok');
    expect(event.payload).toEqual({ milestone: 'm_ok', decisionsUsed: [d] });
    expect(c.state.frozen).toEqual([d]);
    expect(counting(c)).toEqual([d]);
  });
});

describe('visits', () => {
  function loopOnce(c: TestCluster) {
    c.approve(bob, 'single', 'r1');
    c.advance(CDA_USER, 'single');
    c.wait(1);
    c.advance(CDA_USER, 'back');
  }

  it('looping back starts gate-level approvals afresh', () => {
    const c = cluster();
    const old = c.approve(dave, 'two', 'r1');
    loopOnce(c);
    expect(c.state.phase).toBe('open');
    expect(c.state.visits.map((v) => [v.n, v.phase, v.viaGate, v.leftAt !== null])).toEqual([
      [1, 'open', null, true],
      [2, 'next', 'single', true],
      [3, 'open', 'back', false],
    ]);
    expect(ready(c, 'single')).toBe(false);
    expect(approvalUnmet(c, 'two')).toEqual([expect.objectContaining({ have: 0, need: 2 })]);
    expect(counting(c)).not.toContain(old);
    const fresh = c.approve(bob, 'single', 'r1');
    expect(c.state.decisions.find((d) => d.id === fresh)?.visit).toBe(3);
    expect(ready(c, 'single')).toBe(true);
  });

  it('a rejection of an earlier visit does not block the next visit', () => {
    const c = cluster();
    c.reject(dave, 'two', 'r1');
    loopOnce(c);
    c.approve(dave, 'two', 'r1');
    c.approve(bob, 'two', 'r1');
    expect(ready(c, 'two')).toBe(true);
  });

  it('keeps `of:` approvals of an unchanged document across the loop', () => {
    const c = cluster();
    const { artefactId, versionId } = c.submit(CDA_USER, 'doc');
    const approval = c.approve(bob, 'endorse', 'r1', versionId);
    loopOnce(c);
    expect(ready(c, 'endorse')).toBe(true);
    expect(counting(c)).toContain(approval);
    c.submit(CDA_USER, 'doc', undefined, artefactId);
    expect(ready(c, 'endorse')).toBe(false);
  });

  it('starts milestones afresh; reaching one twice in a visit is BAD_USER_INPUT', () => {
    const c = cluster();
    c.approve(bob, 'm_ok', 'r1');
    c.reach(CDA_USER, 'm_ok');
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'm_ok' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(dave, c.decideCommand('m_ok', 'r1', 'APPROVE'), ErrorCode.BAD_USER_INPUT); // already reached
    loopOnce(c);
    expect(milestoneStatuses(c.def, c.state)).toEqual([
      { milestone: 'm_ok', reached: false, reachedAt: null },
      { milestone: 'cda_ok', reached: false, reachedAt: null },
    ]);
    // The approval of visit 1 does not carry over.
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'm_ok' }, ErrorCode.GATE_NOT_READY);
    c.approve(bob, 'm_ok', 'r1');
    c.reach(CDA_USER, 'm_ok');
    expect(milestoneStatuses(c.def, c.state)[0]).toEqual({ milestone: 'm_ok', reached: true, reachedAt: c.now });
    expect(c.state.visits[0].milestones).toEqual({ m_ok: c.state.visits[0].enteredAt });
  });
});

describe('milestones', () => {
  it('unmet milestone approvals are GATE_NOT_READY with unmet', () => {
    const c = cluster();
    const error = c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'm_ok' }, ErrorCode.GATE_NOT_READY);
    expect(error.details.unmet).toEqual([expect.objectContaining({ kind: 'APPROVAL', role: 'r1', have: 0, need: 1 })]);
  });

  it('a milestone of another phase, a gate id or an unknown id is BAD_USER_INPUT', () => {
    const c = cluster();
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'single' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'nothing' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'm_ok' }, ErrorCode.BAD_USER_INPUT);
    c.approve(bob, 'single', 'r1');
    c.advance(CDA_USER, 'single');
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'm_ok' }, ErrorCode.BAD_USER_INPUT);
  });

  it('only an assigned CDA or an agency_admin reaches milestones and advances', () => {
    const c = cluster();
    c.approve(bob, 'm_ok', 'r1');
    c.refuse(bob, { type: 'REACH_MILESTONE', milestone: 'm_ok' }, ErrorCode.FORBIDDEN);
    c.refuse(person('cda9', 'cda'), { type: 'REACH_MILESTONE', milestone: 'm_ok' }, ErrorCode.FORBIDDEN);
    expect(c.reach(ADMIN, 'm_ok').role).toBe('agency_admin');
    c.approve(bob, 'single', 'r1');
    c.refuse(bob, { type: 'ADVANCE', gate: 'single' }, ErrorCode.FORBIDDEN);
    expect(c.advance(CDA_USER, 'single').role).toBe('cda');
  });
});

describe('check order', () => {
  function suspended(): TestCluster {
    const c = cluster();
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    return c;
  }

  it('suspended + unknown gate answers SUSPENDED, not BAD_USER_INPUT', () => {
    const c = suspended();
    c.refuse(bob, c.decideCommand('nowhere', 'r1', 'APPROVE'), ErrorCode.SUSPENDED);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'nowhere' }, ErrorCode.SUSPENDED);
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'nothing' }, ErrorCode.SUSPENDED);
  });

  it('a role not held + suspended answers FORBIDDEN', () => {
    const c = suspended();
    c.refuse(carol, c.decideCommand('single', 'r1', 'APPROVE'), ErrorCode.FORBIDDEN);
    c.refuse(mia, c.decideCommand('board_ok', 'board', 'APPROVE'), ErrorCode.FORBIDDEN);
    c.refuse(bob, { type: 'ADVANCE', gate: 'nowhere' }, ErrorCode.FORBIDDEN);
  });

  it('self-approval + suspended answers FORBIDDEN; an unknown version answers NOT_FOUND first', () => {
    const c = cluster();
    const { versionId } = c.submit(sam, 'doc');
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    c.refuse(sam, c.decideCommand('endorse', 'r1', 'APPROVE', versionId), ErrorCode.FORBIDDEN);
    c.refuse(carol, c.decideCommand('endorse', 'r1', 'APPROVE', 'missing'), ErrorCode.NOT_FOUND);
  });

  it('suspended + stale version answers SUSPENDED; stale version + unknown gate answers CONFLICT', () => {
    const c = cluster();
    const { artefactId, versionId } = c.submit(CDA_USER, 'doc');
    c.submit(CDA_USER, 'doc', undefined, artefactId);
    c.refuse(bob, c.decideCommand('nowhere', 'r1', 'APPROVE', versionId), ErrorCode.CONFLICT);
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    c.refuse(bob, c.decideCommand('endorse', 'r1', 'APPROVE', versionId), ErrorCode.SUSPENDED);
  });

  it('advance: stale expectedVersion answers CONFLICT before an unknown gate or unmet requirements', () => {
    const c = cluster();
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'nowhere', expectedVersion: c.state.version - 1 }, ErrorCode.CONFLICT);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'single', expectedVersion: c.state.version + 1 }, ErrorCode.CONFLICT);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'nowhere', expectedVersion: c.state.version }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'single', expectedVersion: c.state.version }, ErrorCode.GATE_NOT_READY);
    c.approve(bob, 'single', 'r1');
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'single', expectedVersion: c.state.version - 1 }, ErrorCode.CONFLICT);
    c.advance(CDA_USER, 'single', c.state.version);
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'finish', expectedVersion: 1 }, ErrorCode.SUSPENDED);
  });

  it('a finished cluster answers FINAL_PHASE before BAD_USER_INPUT, FORBIDDEN before FINAL_PHASE', () => {
    const c = cluster();
    c.approve(bob, 'single', 'r1');
    c.advance(CDA_USER, 'single');
    c.advance(CDA_USER, 'finish');
    c.refuse(bob, c.decideCommand('nowhere', 'r1', 'APPROVE'), ErrorCode.FINAL_PHASE);
    c.refuse(carol, c.decideCommand('nowhere', 'r1', 'APPROVE'), ErrorCode.FORBIDDEN);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'nowhere', expectedVersion: 1 }, ErrorCode.FINAL_PHASE);
  });
});

describe('assignments', () => {
  it('assigning or unassigning twice records nothing the second time', () => {
    const c = cluster();
    expect(c.run(ADMIN, { type: 'ASSIGN_CDA', userId: 'cda2' })?.type).toBe('CDA_ASSIGNED');
    expect(decide(c.def, c.state, ADMIN, { type: 'ASSIGN_CDA', userId: 'cda2' }, c.now)).toBeNull();
    expect(c.run(ADMIN, { type: 'ASSIGN_CDA', userId: ' cda2 ' })).toBeNull();
    expect(c.state.cdaIds).toEqual(['cda1', 'sam', 'cda2']);
    expect(c.run(ADMIN, { type: 'UNASSIGN_CDA', userId: 'cda2' })?.type).toBe('CDA_UNASSIGNED');
    expect(c.run(ADMIN, { type: 'UNASSIGN_CDA', userId: 'cda2' })).toBeNull();
    expect(c.state.cdaIds).toEqual(['cda1', 'sam']);

    expect(c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'mia', role: 'board' })?.type).toBe('ROLE_ASSIGNED');
    expect(c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'mia', role: 'board' })).toBeNull();
    expect(c.state.roleAssignments).toEqual([{ userId: 'mia', role: 'board' }]);
    expect(c.run(ADMIN, { type: 'UNASSIGN_ROLE', userId: 'mia', role: 'board' })?.type).toBe('ROLE_UNASSIGNED');
    expect(c.run(ADMIN, { type: 'UNASSIGN_ROLE', userId: 'mia', role: 'board' })).toBeNull();
    expect(c.state.roleAssignments).toEqual([]);
  });

  it('only an agency_admin assigns, and only roles with scope: cluster', () => {
    const c = cluster();
    c.refuse(CDA_USER, { type: 'ASSIGN_CDA', userId: 'x' }, ErrorCode.FORBIDDEN);
    c.refuse(CDA_USER, { type: 'UNASSIGN_CDA', userId: 'sam' }, ErrorCode.FORBIDDEN);
    c.refuse(CDA_USER, { type: 'ASSIGN_ROLE', userId: 'mia', role: 'board' }, ErrorCode.FORBIDDEN);
    c.refuse(ADMIN, { type: 'ASSIGN_ROLE', userId: 'mia', role: 'r1' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(ADMIN, { type: 'ASSIGN_ROLE', userId: 'mia', role: 'nope' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(ADMIN, { type: 'ASSIGN_ROLE', userId: 'mia', role: 'cda' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(ADMIN, { type: 'ASSIGN_CDA', userId: '  ' }, ErrorCode.BAD_USER_INPUT);
  });
});

describe('gate readiness view', () => {
  it('lists every gate out of the current phase with its destination', () => {
    const c = cluster();
    c.approve(bob, 'single', 'r1');
    const gates = gateReadiness(c.def, c.state, c.now);
    expect(gates.map((g) => [g.gate, g.to, g.ready])).toEqual([
      ['single', 'next', true],
      ['pair', 'next', false],
      ['two', 'next', false],
      ['board_ok', 'next', false],
      ['endorse', 'next', false],
    ]);
    const pairUnmet: UnmetRequirement[] = gates[1].unmet;
    expect(pairUnmet.map((u) => [u.kind, u.role, u.have, u.need])).toEqual([
      ['APPROVAL', 'r1', 0, 1],
      ['APPROVAL', 'r2', 0, 1],
    ]);
  });

  it('the harness notices a command that was not refused', () => {
    expect(() => expectCode(() => undefined, ErrorCode.CONFLICT)).toThrow('no error');
  });
});
