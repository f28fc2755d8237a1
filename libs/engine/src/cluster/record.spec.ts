/**
 * `record`: the one way a decided event becomes a stored one (stamped, chained, folded and
 * projected), whoever calls it.
 */
import { GENESIS_HASH, verifyChain } from '../audit';
import { decide, decideRegister } from './decide';
import { newCluster, projectionOf, record } from './record';
import { CDA_USER, T0, person, templateOf } from '../../../../test/support/engine-harness';

const DEF = templateOf(`
key: recording
version: 1
roles:
  pm: {}
phases:
  a: { due: P30D }
  z: { final: true }
gates:
  - { id: az, from: a, to: z, requires: { approvals: [ { role: pm } ] } }
`);

describe('record', () => {
  it('stamps, chains and folds each event, and projects what the row stores', () => {
    const registered = record(DEF, newCluster('c1'), decideRegister(DEF, CDA_USER, { type: 'REGISTER', clusterId: 'c1', name: 'One' }), CDA_USER, T0);
    expect(registered.event).toMatchObject({ type: 'REGISTERED', clusterId: 'c1', seq: 1, actor: 'cda1', actorName: 'Name of cda1', at: T0, prevHash: GENESIS_HASH });
    expect(registered.state).toMatchObject({ id: 'c1', version: 1, phase: 'a' });
    expect(registered.projection).toEqual({
      score: null,
      eligible: null,
      dueAt: '2025-01-31T00:00:00.000Z',
      countingDecisionIds: [],
      gates: [{ gate: 'az', unmet: ['APPROVAL'], notBefore: null }],
    });

    const pm = person('pat', 'pm');
    const head = { clusterId: 'c1', state: registered.state, lastHash: registered.event.hash };
    const frozen = structuredClone(head.state);
    const decided = decide(DEF, head.state, pm, { type: 'DECIDE', decisionId: 'd1', gate: 'az', role: 'pm', outcome: 'APPROVE' }, T0)!;
    const approved = record(DEF, head, decided, pm, '2025-01-02T00:00:00.000Z');
    expect(head.state).toStrictEqual(frozen); // pure
    expect(approved.event).toMatchObject({ seq: 2, actor: 'pat', prevHash: registered.event.hash });
    expect(approved.projection.countingDecisionIds).toEqual(['d1']);
    expect(approved.projection.gates).toEqual([{ gate: 'az', unmet: [], notBefore: null }]);
    expect(approved.projection).toEqual(projectionOf(DEF, approved.state));

    const chain = [registered.event, approved.event].map((e, i) => ({ ...e, id: `e${i + 1}` }));
    expect(verifyChain('c1', chain, { version: 2, lastHash: approved.event.hash })).toMatchObject({ valid: true, eventsChecked: 2 });
  });
});
