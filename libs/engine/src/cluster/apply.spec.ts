/**
 * Folding events: replay equals the stepwise fold (checked after every step by the
 * harness in every spec), a snapshot restored from JSON keeps working, and a corrupt log
 * throws instead of producing a wrong snapshot.
 */
import { apply, replay } from './apply';
import { decide } from './decide';
import { ADMIN, CDA_USER, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import type { ClusterEvent, ClusterState } from './types';

const DEF = templateOf(`
key: folding
version: 3
roles:
  pm: {}
artefacts:
  doc: {}
indicators:
  n: { aggregation: sum }
phases:
  a: {}
  b: {}
  z: { final: true }
gates:
  - { id: ab, from: a, to: b, requires: { approvals: [ { role: pm } ] } }
  - { id: ba, from: b, to: a }
  - { id: bz, from: b, to: z }
`);

const pm = person('pat', 'pm');

function busy(): TestCluster {
  const c = new TestCluster(DEF);
  c.run(ADMIN, { type: 'ASSIGN_CDA', userId: 'cda2' });
  c.submit(CDA_USER, 'doc');
  c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'n', period: '2025', value: 1 });
  c.run(CDA_USER, { type: 'SET_INDICATOR_PLAN', indicator: 'n', baseline: 0, targets: [{ period: '2025', value: 4 }] });
  c.approve(pm, 'ab', 'pm');
  c.wait(1).run(ADMIN, { type: 'SUSPEND', reason: 'pause' });
  c.wait(1).run(ADMIN, { type: 'RESUME' });
  c.advance(CDA_USER, 'ab');
  return c;
}

const event = (c: TestCluster, i: number): ClusterEvent => structuredClone(c.events[i]);

describe('replay', () => {
  it('rebuilds the snapshot of a busy log and passes each event its template version', () => {
    const c = busy();
    const versions: number[] = [];
    const rebuilt = replay((v) => {
      versions.push(v);
      return DEF;
    }, c.events);
    expect(rebuilt).toStrictEqual(c.state);
    expect(new Set(versions)).toEqual(new Set([3]));
    expect(rebuilt.version).toBe(c.events.length);
  });

  it('continues correctly from a snapshot restored from JSON', () => {
    const c = busy();
    const restored = JSON.parse(JSON.stringify(c.state)) as ClusterState;
    const decided = decide(DEF, restored, CDA_USER, { type: 'ADVANCE', gate: 'bz' }, c.now)!;
    const stamped = { ...decided, clusterId: 'c1', seq: restored.version + 1, actor: 'cda1', actorName: null, at: c.now } as ClusterEvent;
    const next = apply(DEF, restored, stamped);
    expect(next).toStrictEqual(replay(() => DEF, [...c.events, stamped]));
    expect(next.status).toBe('FINISHED');
  });

  it('refuses an empty log and a log that does not start with REGISTERED', () => {
    const c = busy();
    expect(() => replay(() => DEF, [])).toThrow('starts with REGISTERED');
    expect(() => replay(() => DEF, c.events.slice(1))).toThrow();
    expect(() => apply(DEF, null, event(c, 1))).toThrow('before REGISTERED');
  });
});

describe('a corrupt log throws', () => {
  it('on a sequence gap, a repeated sequence number or a second REGISTERED', () => {
    const c = busy();
    const gap = c.events.filter((_, i) => i !== 2);
    expect(() => replay(() => DEF, gap)).toThrow('cannot follow');
    expect(() => apply(DEF, c.state, event(c, c.events.length - 1))).toThrow('cannot follow');
    expect(() => apply(DEF, c.state, { ...event(c, 0), seq: c.state.version + 1 })).toThrow('REGISTERED must be event 1');
    expect(() => apply(DEF, null, { ...event(c, 0), seq: 2 })).toThrow('REGISTERED must be event 1');
  });

  it('on a phase change the machine does not allow', () => {
    const c = new TestCluster(DEF);
    const base = { clusterId: 'c1', seq: 2, actor: 'cda1', actorName: null, at: c.now, role: 'cda' };
    const wrongFrom = { ...base, type: 'ADVANCED', payload: { gate: 'ba', from: 'b', to: 'a', decisionsUsed: [] } } as ClusterEvent;
    expect(() => apply(DEF, c.state, wrongFrom)).toThrow('while the cluster is in a');
    const notFromHere = { ...base, type: 'ADVANCED', payload: { gate: 'bz', from: 'a', to: 'z', decisionsUsed: [] } } as ClusterEvent;
    expect(() => apply(DEF, c.state, notFromHere)).toThrow('does not apply');
    const wrongTo = { ...base, type: 'ADVANCED', payload: { gate: 'ab', from: 'a', to: 'z', decisionsUsed: [] } } as ClusterEvent;
    expect(() => apply(DEF, c.state, wrongTo)).toThrow('leads to b');
    const resume = { ...base, type: 'RESUMED', payload: { suspendedMs: 0 } } as ClusterEvent;
    expect(() => apply(DEF, c.state, resume)).toThrow('does not apply');

    c.run(ADMIN, { type: 'SUSPEND', reason: 'x' });
    const whileSuspended = { ...base, seq: 3, type: 'ADVANCED', payload: { gate: 'ab', from: 'a', to: 'b', decisionsUsed: [] } } as ClusterEvent;
    expect(() => apply(DEF, c.state, whileSuspended)).toThrow('does not apply');
    expect(() => apply(DEF, c.state, { ...base, seq: 3, type: 'SUSPENDED', payload: { reason: 'y' } } as ClusterEvent)).toThrow('does not apply');
  });

  it('on an unknown event type', () => {
    const c = new TestCluster(DEF);
    const unknown = { clusterId: 'c1', seq: 2, actor: 'x', actorName: null, at: c.now, role: null, type: 'EXPLODED', payload: {} } as unknown as ClusterEvent;
    expect(() => apply(DEF, c.state, unknown)).toThrow('unknown event type');
  });
});

describe('events', () => {
  it('carry the acting role and everything apply needs', () => {
    const c = busy();
    expect(c.events.map((e) => [e.seq, e.type, e.role])).toEqual([
      [1, 'REGISTERED', 'cda'],
      [2, 'CDA_ASSIGNED', 'agency_admin'],
      [3, 'ARTEFACT_SUBMITTED', 'cda'],
      [4, 'INDICATOR_RECORDED', 'cda'],
      [5, 'INDICATOR_PLAN_SET', 'cda'],
      [6, 'DECIDED', 'pm'],
      [7, 'SUSPENDED', 'agency_admin'],
      [8, 'RESUMED', 'agency_admin'],
      [9, 'ADVANCED', 'cda'],
    ]);
    expect(c.events[0].payload).toEqual({
      name: 'Test cluster',
      sector: null,
      region: null,
      country: null,
      attributes: {},
      templateKey: 'folding',
      templateVersion: 3,
      cdaIds: ['cda1'],
    });
    expect(c.events[6]).toMatchObject({ actor: 'admin', actorName: 'Name of admin', at: '2025-01-02T00:00:00.000Z' });
  });
});
