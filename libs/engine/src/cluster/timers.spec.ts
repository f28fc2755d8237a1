/**
 * Template language version 2 timers in the engine: `expires` (PHASE_EXPIRED moves the cluster,
 * actor `system`) and `escalate` (ESCALATED once per gate and phase visit while the gate is
 * unmet), both counted from the visit's start with suspension excluded; never for a suspended
 * or finished cluster, nor for a visit the cluster has left. Every event goes through `record`
 * and replays to the same snapshot (the harness checks it at each step).
 */
import { ADMIN, CDA_USER, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import { noticesOf } from './notices';
import { openWork } from './viewer';
import { clusterTimers, nextTimerAt } from './timers';

const DEF = templateOf(`
key: labels
version: 1
roles:
  programme_manager: { title: Programme manager }
  assessor: { title: Assessor, scope: cluster }
phases:
  candidate: { title: Candidate }
  labelled:
    title: Label held
    expires: { after: P2Y, to: expired }
  expired: { title: Label expired }
  closed: { title: Closed, final: true }
gates:
  - id: award
    title: Award the label
    from: candidate
    to: labelled
    escalate: { after: P30D, to: programme_manager }
    requires: { approvals: [ { role: programme_manager } ] }
  - id: audit
    title: On-site audit
    from: candidate
    to: labelled
    escalate: { after: P10D, to: assessor }
    requires: { approvals: [ { role: assessor } ] }
  - id: reassess
    from: labelled
    to: closed
    escalate: { after: P1Y, to: cda }
    requires: { approvals: [ { role: programme_manager } ] }
  - id: renew
    from: expired
    to: labelled
    requires: { approvals: [ { role: programme_manager } ] }
  - id: close
    from: [candidate, labelled, expired]
    to: closed
`);

const pm = person('pat', 'programme_manager');
const SYSTEM = 'system';

describe('escalate (version 2)', () => {
  it('records ESCALATED once per gate and visit, when the gate is still unmet after its time, actor system', () => {
    const c = new TestCluster(DEF);
    c.wait(9);
    expect(c.tick()).toBeNull();
    c.wait(1);
    const audit = c.tick();
    expect(audit).toMatchObject({ type: 'ESCALATED', actor: SYSTEM, role: null, payload: { gate: 'audit', visit: 1, role: 'assessor', after: 'P10D' } });
    expect(c.tick()).toBeNull(); // once per gate and visit
    c.wait(20);
    expect(c.tick()).toMatchObject({ type: 'ESCALATED', payload: { gate: 'award', role: 'programme_manager' } });
    c.wait(400);
    expect(c.tick()).toBeNull();
    expect(c.state.visits[0].escalated).toEqual({ audit: '2025-01-11T00:00:00.000Z', award: '2025-01-31T00:00:00.000Z' });
  });

  it('does not escalate a gate that is met, and escalates it once it is unmet again in the same visit', () => {
    const c = new TestCluster(DEF);
    c.wait(5);
    const approval = c.approve(pm, 'award', 'programme_manager');
    c.wait(30);
    expect(c.tick()).toMatchObject({ payload: { gate: 'audit' } });
    expect(c.tick()).toBeNull(); // award is met
    c.run(pm, { type: 'DECIDE', decisionId: c.id('dec'), gate: 'award', role: 'programme_manager', outcome: 'REJECT', comment: 'no' });
    expect(approval).toBeTruthy();
    expect(c.tick()).toMatchObject({ payload: { gate: 'award' } });
  });

  it('excludes suspension, never escalates a suspended cluster, and counts again from the start of a new visit', () => {
    const c = new TestCluster(DEF);
    c.wait(5);
    c.run(ADMIN, { type: 'SUSPEND', reason: 'review' });
    c.wait(100);
    expect(clusterTimers(c.def, c.state)).toBeNull();
    expect(c.tick()).toBeNull();
    c.run(ADMIN, { type: 'RESUME' });
    expect(nextTimerAt(c.def, c.state)).toBe('2025-04-21T00:00:00.000Z'); // 10 days in the phase, 100 suspended
    c.wait(4);
    expect(c.tick()).toBeNull();
    c.wait(1);
    expect(c.tick()).toMatchObject({ type: 'ESCALATED', payload: { gate: 'audit' } });
  });

  it('a timer set for a visit the cluster has left does nothing', () => {
    const c = new TestCluster(DEF);
    c.approve(pm, 'award', 'programme_manager');
    c.advance(CDA_USER, 'award');
    c.wait(400);
    expect(c.tick(1)).toBeNull();
    expect(c.state.phase).toBe('labelled');
    expect(c.tick(2)).toMatchObject({ type: 'ESCALATED', payload: { gate: 'reassess', visit: 2, role: 'cda' } });
  });

  it('tells the role it names: agency-wide, where assigned for a cluster-scoped role, the CDAs for cda; never the system', () => {
    const c = new TestCluster(DEF);
    c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'asha', role: 'assessor' });
    c.wait(10);
    const audit = c.tick()!;
    const [notice] = noticesOf(c.def, audit, c.state, openWork(c.def, c.state)).filter((n) => n.kind === 'ESCALATED');
    expect(notice).toMatchObject({ keys: ['assessor@asha'], users: [], except: [SYSTEM], title: 'Escalated: “On-site audit” of Test cluster' });
    c.wait(20);
    const award = c.tick()!;
    expect(noticesOf(c.def, award, c.state, []).find((n) => n.kind === 'ESCALATED')).toMatchObject({ keys: ['programme_manager'], users: [] });
  });
});

describe('expires (version 2)', () => {
  const labelled = () => {
    const c = new TestCluster(DEF);
    c.approve(pm, 'award', 'programme_manager');
    c.advance(CDA_USER, 'award');
    return c;
  };

  it('moves the cluster to `expires.to` when the time is up: a new visit entered through no gate, actor system', () => {
    const c = labelled();
    c.wait(729);
    expect(c.tick()).toMatchObject({ type: 'ESCALATED', payload: { gate: 'reassess' } }); // P1Y passed, not yet P2Y
    c.wait(0, 86_400_000 - 1);
    expect(c.tick()).toBeNull(); // a millisecond before the label's two years
    c.wait(0, 1);
    expect(c.tick()).toMatchObject({ type: 'PHASE_EXPIRED', actor: SYSTEM, role: null, payload: { from: 'labelled', to: 'expired', visit: 2, after: 'P2Y' } });
    expect(c.state.phase).toBe('expired');
    expect(c.state.status).toBe('ACTIVE');
    expect(c.state.visits.map((v) => [v.phase, v.viaGate, v.leftAt !== null])).toEqual([
      ['candidate', null, true],
      ['labelled', 'award', true],
      ['expired', null, false],
    ]);
    expect(c.tick()).toBeNull();
  });

  it('expiry comes first when an escalation is due at the same time, and tells the CDAs and agency admins', () => {
    const c = labelled();
    c.wait(800);
    const event = c.tick()!;
    expect(event.type).toBe('PHASE_EXPIRED');
    const notice = noticesOf(c.def, event, c.state, []).find((n) => n.kind === 'PHASE_EXPIRED');
    expect(notice).toMatchObject({ keys: ['agency_admin'], users: ['cda1'], except: [SYSTEM], title: 'Test cluster: Label held expired' });
    expect(c.tick(2)).toBeNull(); // the expired visit's timers are gone
  });

  it('never expires a suspended cluster; after resuming, the phase lasts its time excluding the suspension', () => {
    const c = labelled();
    c.wait(700);
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    c.wait(100);
    expect(c.tick()).toBeNull();
    c.run(ADMIN, { type: 'RESUME' });
    c.wait(29);
    expect(c.tick()?.type).toBe('ESCALATED'); // reassess, P1Y
    expect(c.tick()).toBeNull();
    c.wait(2);
    expect(c.tick()?.type).toBe('PHASE_EXPIRED');
  });
});
