/**
 * Gate readiness and advance: every kind of unmet requirement with have/need, the
 * gate-out-of-phase check, expectedVersion, and the final phase.
 */
import { ErrorCode } from '../errors';
import { decide } from './decide';
import { countingDecisionIds, gateReadiness, readinessOf, targetOf } from './readiness';
import { ADMIN, CDA_USER, person, TestCluster, templateOf, T0 } from '../../../../test/support/engine-harness';
import type { ClusterCommand, UnmetRequirement } from './types';

const EVERYTHING = templateOf(`
key: everything
version: 1
roles:
  pm: {}
  board: { scope: cluster }
attributes:
  size: { type: integer }
selection:
  scale: { min: 0, max: 5 }
  criteria:
    c1: { weight: 3 }
    c2: { weight: 1 }
  eligibility:
    - { attribute: size, min: 100 }
artefacts:
  report:
    fields:
      final: { type: boolean, required: true }
indicators:
  actions: { aggregation: sum }
phases:
  work:
    due: P1M
    milestones:
      kickoff: { requires: { approvals: [ { role: pm } ] } }
  elsewhere:
    milestones:
      far: {}
  done: { final: true }
gates:
  - id: finish
    title: Finish the work
    from: work
    to: done
    requires:
      artefacts: [ { type: report, where: { final: true } } ]
      approvals: [ { role: pm, of: report }, { role: board } ]
      score: { min: 3 }
      eligible: true
      indicators: [ { indicator: actions, min: 5 } ]
      milestones: [ kickoff ]
      after: P10D
  - id: sidestep
    from: work
    to: elsewhere
  - id: leave
    from: elsewhere
    to: done
`);

const pm = person('pat', 'pm');
const pm2 = person('quinn', 'pm');
const board = person('bea', 'board');

const finishUnmet = (c: TestCluster): UnmetRequirement[] => readinessOf(c.def, c.state, targetOf(c.def, 'finish')!, c.now).unmet;
const kinds = (c: TestCluster) => finishUnmet(c).map((u) => u.kind);

describe('a refused advance names every unmet requirement', () => {
  it('lists ARTEFACT, APPROVAL, SCORE, ELIGIBILITY, INDICATOR, MILESTONE and AFTER with have and need', () => {
    const c = new TestCluster(EVERYTHING);
    const error = c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'finish' }, ErrorCode.GATE_NOT_READY);
    const unmet = error.details.unmet as UnmetRequirement[];
    expect(unmet).toEqual([
      { kind: 'ARTEFACT', artefactType: 'report', have: 0, need: 1, detail: expect.stringContaining('final = true') },
      { kind: 'APPROVAL', role: 'pm', artefactType: 'report', have: 0, need: 1, detail: expect.any(String) },
      { kind: 'APPROVAL', role: 'board', have: 0, need: 1, detail: expect.any(String) },
      { kind: 'SCORE', need: 3, detail: expect.stringContaining('not scored yet: c1, c2') },
      { kind: 'ELIGIBILITY', attribute: 'size', need: 100, detail: expect.stringContaining('size is not recorded') },
      { kind: 'INDICATOR', indicator: 'actions', need: 5, detail: expect.stringContaining('no value recorded') },
      { kind: 'MILESTONE', milestone: 'kickoff', detail: expect.any(String) },
      { kind: 'AFTER', have: 0, need: 10, detail: expect.any(String) },
    ]);
    expect(error.message).toContain('gate finish is not ready');
    for (const u of unmet) expect(error.message).toContain(u.detail);
  });

  it('clears each requirement as it is met, and then advances', () => {
    const c = new TestCluster(EVERYTHING, { attributes: { size: 150 } });
    expect(kinds(c)).toEqual(['ARTEFACT', 'APPROVAL', 'APPROVAL', 'SCORE', 'INDICATOR', 'MILESTONE', 'AFTER']);

    // ARTEFACT with where: a report whose latest version has final: false does not count.
    const { artefactId } = c.submit(CDA_USER, 'report', { final: false });
    expect(finishUnmet(c)[0]).toMatchObject({ kind: 'ARTEFACT', have: 0, need: 1 });
    const { versionId } = c.submit(CDA_USER, 'report', { final: true }, artefactId);
    expect(kinds(c)).toEqual(['APPROVAL', 'APPROVAL', 'SCORE', 'INDICATOR', 'MILESTONE', 'AFTER']);

    c.approve(pm, 'finish', 'pm', versionId);
    c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'bea', role: 'board' });
    c.approve(board, 'finish', 'board');
    expect(kinds(c)).toEqual(['SCORE', 'INDICATOR', 'MILESTONE', 'AFTER']);

    // SCORE: partial, then below the bar, then exactly at the bar.
    c.run(CDA_USER, { type: 'SCORE', scores: [{ criterion: 'c1', score: 2 }] });
    expect(finishUnmet(c)[0]).toEqual({ kind: 'SCORE', need: 3, detail: expect.stringContaining('not scored yet: c2') });
    c.run(CDA_USER, { type: 'SCORE', scores: [{ criterion: 'c2', score: 5 }] });
    expect(finishUnmet(c)[0]).toEqual({ kind: 'SCORE', have: 2.75, need: 3, detail: expect.stringContaining('2.75') });
    c.run(CDA_USER, { type: 'SCORE', scores: [{ criterion: 'c1', score: 4 }, { criterion: 'c2', score: 0 }] });
    expect(kinds(c)).toEqual(['INDICATOR', 'MILESTONE', 'AFTER']);

    // INDICATOR: below the minimum, then summed over periods.
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'actions', period: '2025-Q1', value: 3 });
    expect(finishUnmet(c)[0]).toMatchObject({ kind: 'INDICATOR', indicator: 'actions', have: 3, need: 5 });
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'actions', period: '2025-Q2', value: 2 });
    expect(kinds(c)).toEqual(['MILESTONE', 'AFTER']);

    c.approve(pm2, 'kickoff', 'pm');
    c.reach(CDA_USER, 'kickoff');
    expect(kinds(c)).toEqual(['AFTER']);

    // AFTER: counted from entering the phase.
    c.setTime('2025-01-10T00:00:00.000Z');
    expect(finishUnmet(c)).toEqual([{ kind: 'AFTER', have: 9, need: 10, detail: expect.stringContaining('9 of 10 days') }]);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'finish' }, ErrorCode.GATE_NOT_READY);
    c.setTime('2025-01-11T00:00:00.000Z');
    expect(finishUnmet(c)).toEqual([]);
    expect(c.advance(CDA_USER, 'finish').payload).toMatchObject({ gate: 'finish', from: 'work', to: 'done' });
    expect(c.state.status).toBe('FINISHED');
  });

  it('reports a failing eligibility threshold with the value it has', () => {
    const c = new TestCluster(EVERYTHING, { attributes: { size: 50 } });
    expect(finishUnmet(c).find((u) => u.kind === 'ELIGIBILITY')).toEqual({
      kind: 'ELIGIBILITY',
      attribute: 'size',
      have: 50,
      need: 100,
      detail: expect.stringContaining('size is 50, must be at least 100'),
    });
  });

  it('counts several artefacts of a type for `count`, each by its latest version', () => {
    const def = templateOf(`
key: counted
version: 1
artefacts:
  note: { fields: { ok: { type: boolean } } }
phases:
  a: {}
  z: { final: true }
gates:
  - { id: go, from: a, to: z, requires: { artefacts: [ { type: note, count: 2, where: { ok: true } } ] } }
`);
    const c = new TestCluster(def);
    const first = c.submit(CDA_USER, 'note', { ok: true });
    c.submit(CDA_USER, 'note', { ok: false });
    expect(readinessOf(def, c.state, targetOf(def, 'go')!, c.now).unmet).toEqual([expect.objectContaining({ kind: 'ARTEFACT', have: 1, need: 2 })]);
    c.submit(CDA_USER, 'note', { ok: false }, first.artefactId); // the first one no longer matches
    expect(readinessOf(def, c.state, targetOf(def, 'go')!, c.now).unmet).toEqual([expect.objectContaining({ kind: 'ARTEFACT', have: 0, need: 2 })]);
    c.submit(CDA_USER, 'note', { ok: true }, first.artefactId);
    c.submit(CDA_USER, 'note', { ok: true });
    expect(readinessOf(def, c.state, targetOf(def, 'go')!, c.now).ready).toBe(true);
  });

  it('checks indicator ranges with max as well as min', () => {
    const def = templateOf(`
key: ranged
version: 1
indicators:
  defects: { aggregation: max }
phases:
  a: {}
  z: { final: true }
gates:
  - { id: go, from: a, to: z, requires: { indicators: [ { indicator: defects, max: 3 } ] } }
`);
    const c = new TestCluster(def);
    const unmet = () => readinessOf(def, c.state, targetOf(def, 'go')!, c.now).unmet;
    expect(unmet()).toEqual([{ kind: 'INDICATOR', indicator: 'defects', need: 3, detail: expect.stringContaining('at most 3') }]);
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'defects', period: '2025', value: 3 });
    expect(unmet()).toEqual([]);
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'defects', period: '2026', value: 4 });
    expect(unmet()).toEqual([expect.objectContaining({ have: 4, need: 3 })]);
  });

  it('measures `after` with calendar months', () => {
    const def = templateOf(`
key: waiting
version: 1
phases:
  a: {}
  z: { final: true }
gates:
  - { id: go, from: a, to: z, requires: { after: P1M } }
`);
    const c = new TestCluster(def, { at: '2025-01-31T12:00:00.000Z' });
    c.setTime('2025-02-28T11:59:59.999Z');
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'go' }, ErrorCode.GATE_NOT_READY);
    c.setTime('2025-02-28T12:00:00.000Z');
    c.advance(CDA_USER, 'go');
  });
});

describe('advance', () => {
  it('a gate that does not leave the current phase is BAD_USER_INPUT', () => {
    const c = new TestCluster(EVERYTHING);
    const error = c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'leave' }, ErrorCode.BAD_USER_INPUT);
    expect(error.message).toContain('finish, sidestep');
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'nowhere' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'kickoff' }, ErrorCode.BAD_USER_INPUT);
  });

  it('a stale expectedVersion is CONFLICT; the current one passes', () => {
    const c = new TestCluster(EVERYTHING);
    c.run(ADMIN, { type: 'ASSIGN_CDA', userId: 'cda2' });
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'sidestep', expectedVersion: 1 }, ErrorCode.CONFLICT);
    const event = c.advance(CDA_USER, 'sidestep', 2);
    expect(event.seq).toBe(3);
    expect(c.state.version).toBe(3);
    expect(c.state.phase).toBe('elsewhere');
    expect(c.state.machine).toEqual({ elsewhere: 'running' });
  });

  it('records the phase visits with entry and exit times', () => {
    const c = new TestCluster(EVERYTHING);
    c.wait(3);
    c.advance(CDA_USER, 'sidestep');
    expect(c.state.visits).toEqual([
      { n: 1, phase: 'work', enteredAt: T0, leftAt: '2025-01-04T00:00:00.000Z', viaGate: null, suspendedMs: 0, milestones: {} },
      { n: 2, phase: 'elsewhere', enteredAt: '2025-01-04T00:00:00.000Z', leftAt: null, viaGate: 'sidestep', suspendedMs: 0, milestones: {} },
    ]);
  });

  it('a milestone of another phase is BAD_USER_INPUT; a milestone without requirements is reached at once', () => {
    const c = new TestCluster(EVERYTHING);
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'far' }, ErrorCode.BAD_USER_INPUT);
    c.advance(CDA_USER, 'sidestep');
    expect(c.reach(CDA_USER, 'far').payload).toEqual({ milestone: 'far', decisionsUsed: [] });
    c.refuse(CDA_USER, { type: 'REACH_MILESTONE', milestone: 'far' }, ErrorCode.BAD_USER_INPUT);
  });
});

describe('the final phase', () => {
  function finished(): TestCluster {
    const c = new TestCluster(EVERYTHING);
    c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'bea', role: 'board' });
    const { versionId } = c.submit(CDA_USER, 'report', { final: true });
    c.approve(pm, 'finish', 'pm', versionId);
    c.advance(CDA_USER, 'sidestep');
    c.advance(CDA_USER, 'leave');
    return c;
  }

  it('sets FINISHED, leaves no gates, and keeps nothing counting but frozen decisions', () => {
    const c = finished();
    expect(c.state).toMatchObject({ status: 'FINISHED', phase: 'done', machine: 'done', suspension: null });
    expect(c.state.visits.map((v) => v.phase)).toEqual(['work', 'elsewhere', 'done']);
    expect(gateReadiness(c.def, c.state, c.now)).toEqual([]);
    expect(countingDecisionIds(c.def, c.state)).toEqual([]);
  });

  it('answers every later command with FINAL_PHASE', () => {
    const c = finished();
    const { artefactId, versionId } = { artefactId: c.state.artefacts[0].id, versionId: c.state.artefacts[0].versions[0].id };
    const commands: ClusterCommand[] = [
      { type: 'ASSIGN_CDA', userId: 'cda2' },
      { type: 'ASSIGN_CDA', userId: 'cda1' },
      { type: 'UNASSIGN_CDA', userId: 'cda1' },
      { type: 'ASSIGN_ROLE', userId: 'x', role: 'board' },
      { type: 'UNASSIGN_ROLE', userId: 'bea', role: 'board' },
      { type: 'SCORE', scores: [{ criterion: 'c1', score: 1 }] },
      { type: 'SUBMIT_ARTEFACT', newArtefactId: 'n', newVersionId: 'nv', artefactType: 'report', title: 'late', fields: { final: true } },
      { type: 'SUBMIT_ARTEFACT', newArtefactId: 'n', newVersionId: 'nv', artefactType: 'report', title: 'late', artefactId, fields: { final: true } },
      { type: 'RECORD_INDICATOR', indicator: 'actions', period: '2025', value: 1 },
      { type: 'SET_INDICATOR_PLAN', indicator: 'actions', baseline: 0, targets: [] },
      { type: 'REACH_MILESTONE', milestone: 'kickoff' },
      { type: 'ADVANCE', gate: 'finish' },
      { type: 'SUSPEND', reason: 'late' },
      { type: 'RESUME' },
    ];
    for (const command of commands) c.refuse(ADMIN, command, ErrorCode.FINAL_PHASE);
    c.refuse(pm2, c.decideCommand('finish', 'pm', 'APPROVE', versionId), ErrorCode.FINAL_PHASE);
    c.refuse(pm2, c.decideCommand('kickoff', 'pm', 'APPROVE'), ErrorCode.FINAL_PHASE);
    expect(() => decide(c.def, c.state, CDA_USER, { type: 'ADVANCE', gate: 'finish' }, c.now)).toThrow('finished');
  });
});
