import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/test-app';
import { clusterApi, ok, refused, type ClusterApi } from '../support/cluster-api';

/** An appraisal approved by a steering committee, whose conditions must be closed before completion. */
const TEMPLATE = `
key: conditional
version: 1
title: Conditional approval
roles:
  steering_committee: { title: Steering committee }
artefacts:
  dpr: { title: Detailed project report }
phases:
  appraisal: { title: Appraisal }
  implementation: { title: Implementation }
  completed: { title: Completed, final: true }
gates:
  - id: final_approval
    from: appraisal
    to: implementation
    requires:
      artefacts: [ { type: dpr } ]
      approvals: [ { role: steering_committee, count: 2, of: dpr } ]
  - id: complete
    from: implementation
    to: completed
    requires: { conditions: closed }
`;

const DECISION = 'id gate role outcome counts conditions { id text closedAt closedBy note }';
const VIEW = `id phase viewerCan openConditions { id text closedAt closedBy note }
  decisions { ${DECISION} }
  gates { gate ready unmet { kind detail have need viewerCanAct } }`;

/**
 * Template language version 2 outcomes over GraphQL: an approval with two conditions lets the
 * gate pass and blocks the later gate until both are closed (closeCondition by the CDA or an
 * agency admin, CONDITION_CLOSED in the audit trail); a deferral blocks nothing and counts for
 * nothing; the audit verifications (chain, replay and projections) hold throughout, and the
 * app's close replays every cluster again.
 */
describe('approve with conditions, defer, close conditions', () => {
  let t: TestApp;
  let api: ClusterApi;
  const tok: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp('outcomes', { LOG_LEVEL: 'error' });
    api = clusterApi(t);
    const people: [string, string, string[]][] = [
      ['admin', 'ada', ['agency_admin']],
      ['cda', 'chidi', ['cda']],
      ['otherCda', 'obi', ['cda']],
      ['sc1', 'sam', ['steering_committee']],
      ['sc2', 'sue', ['steering_committee']],
      ['sc3', 'sid', ['steering_committee']],
      ['auditor', 'audrey', ['auditor']],
    ];
    for (const [key, userId, roles] of people) tok[key] = await t.token({ userId, agency: 'msme', roles });
    await ok(api.publish(tok.admin, TEMPLATE));
  }, 120_000);
  afterAll(() => t.close(), 120_000);

  const decide = (token: string, input: Record<string, unknown>) =>
    t.gql(`mutation($input: DecisionInput!) { decide(input: $input) { ${DECISION} } }`, { input }, token);
  const close = (token: string, clusterId: string, conditionId: string, note: string) =>
    t.gql('mutation($c: ID!, $k: ID!, $n: String!) { closeCondition(clusterId: $c, conditionId: $k, note: $n) { id text closedAt closedBy note } }', { c: clusterId, k: conditionId, n: note }, token);
  const view = (token: string, id: string) => ok(api.cluster(token, id, VIEW));
  const verify = async (clusterId: string) =>
    (await t.gql('query($c: ID) { verifyAuditTrail(clusterId: $c) { valid message } verifyReplay(clusterId: $c) { valid differences { difference } } }', { c: clusterId }, tok.auditor)).body.data;

  it('an approval with two conditions passes the gate and blocks the later gate until both are closed', async () => {
    const id = (await ok(api.register(tok.cda, { name: 'Moradabad brass', templateKey: 'conditional' }, 'id'))).id;
    const dpr = await ok(api.submit(tok.cda, { clusterId: id, type: 'dpr', title: 'DPR v1' }));
    const base = { clusterId: id, gate: 'final_approval', role: 'steering_committee', artefactVersionId: dpr.id };

    // Conditions are required with APPROVE_WITH_CONDITIONS and refused with other outcomes; nothing recorded.
    await refused(decide(tok.sc1, { ...base, outcome: 'APPROVE_WITH_CONDITIONS' }), 'BAD_USER_INPUT');
    await refused(decide(tok.sc1, { ...base, outcome: 'APPROVE_WITH_CONDITIONS', conditions: [] }), 'BAD_USER_INPUT');
    await refused(decide(tok.sc1, { ...base, outcome: 'APPROVE', conditions: ['x'] }), 'BAD_USER_INPUT');
    // Separation of duties holds for the new outcome: the submitter may not approve with conditions.
    const cdaSc = await t.token({ userId: 'chidi', agency: 'msme', roles: ['cda', 'steering_committee'] });
    await refused(decide(cdaSc, { ...base, outcome: 'APPROVE_WITH_CONDITIONS', conditions: ['x'] }), 'FORBIDDEN');

    const d1 = await ok(decide(tok.sc1, { ...base, outcome: 'APPROVE_WITH_CONDITIONS', conditions: ['Register the SPV', 'Open an escrow account'], comment: 'Subject to conditions' }));
    expect(d1).toMatchObject({ outcome: 'APPROVE_WITH_CONDITIONS', counts: true });
    expect(d1.conditions.map((c: any) => [c.text, c.closedAt, c.closedBy, c.note])).toEqual([
      ['Register the SPV', null, null, null],
      ['Open an escrow account', null, null, null],
    ]);
    // A deferral counts for nothing and blocks nothing.
    const deferred = await ok(decide(tok.sc2, { ...base, outcome: 'DEFER', comment: 'Waiting for the land title' }));
    expect(deferred).toMatchObject({ outcome: 'DEFER', counts: false, conditions: [] });
    let c = await view(tok.cda, id);
    expect(c.gates[0]).toMatchObject({ gate: 'final_approval', ready: false, unmet: [{ kind: 'APPROVAL', have: 1, need: 2 }] });
    await ok(decide(tok.sc3, { ...base, outcome: 'APPROVE' }));
    await ok(api.advance(tok.cda, id, 'final_approval', null, 'id'));

    c = await view(tok.cda, id);
    expect(c.phase).toBe('implementation');
    expect(c.openConditions.map((x: any) => x.text)).toEqual(['Register the SPV', 'Open an escrow account']);
    expect(c.viewerCan).toContain('CLOSE_CONDITION');
    expect(c.gates).toEqual([
      { gate: 'complete', ready: false, unmet: [{ kind: 'CONDITIONS', detail: 'every condition of an approval must be closed; 2 open: "Register the SPV", "Open an escrow account"', have: 2, need: 0, viewerCanAct: true }] },
    ]);
    expect((await view(tok.sc1, id)).gates[0].unmet[0].viewerCanAct).toBe(false);
    expect((await view(tok.sc1, id)).viewerCan).not.toContain('CLOSE_CONDITION');
    const [spv, escrow] = c.openConditions;
    expect(c.decisions.map((d: any) => [d.outcome, d.counts])).toEqual([
      ['APPROVE_WITH_CONDITIONS', true],
      ['DEFER', false],
      ['APPROVE', true],
    ]);

    // Who may close, and what: the assigned CDA or an agency admin, an open condition of this cluster, with a note.
    await refused(close(tok.sc1, id, spv.id, 'done'), 'FORBIDDEN');
    await refused(close(tok.otherCda, id, spv.id, 'done'), 'FORBIDDEN');
    await refused(close(tok.auditor, id, spv.id, 'done'), 'FORBIDDEN');
    await refused(close(tok.cda, id, '00000000-0000-4000-8000-000000000000', 'done'), 'NOT_FOUND');
    await refused(close(tok.cda, id, spv.id, '   '), 'BAD_USER_INPUT');
    await refused(api.advance(tok.cda, id, 'complete', null, 'id'), 'GATE_NOT_READY');

    const closed = await ok(close(tok.cda, id, spv.id, 'SPV registered under the Companies Act'));
    expect(closed).toMatchObject({ id: spv.id, text: 'Register the SPV', closedBy: 'chidi', note: 'SPV registered under the Companies Act', closedAt: expect.any(String) });
    await refused(close(tok.admin, id, spv.id, 'again'), 'BAD_USER_INPUT');
    c = await view(tok.cda, id);
    expect(c.openConditions.map((x: any) => x.id)).toEqual([escrow.id]);
    expect(c.gates[0].unmet).toEqual([expect.objectContaining({ kind: 'CONDITIONS', have: 1 })]);
    expect(c.decisions[0].conditions[0]).toMatchObject({ closedBy: 'chidi', note: 'SPV registered under the Companies Act' });
    await refused(api.advance(tok.cda, id, 'complete', null, 'id'), 'GATE_NOT_READY');

    await ok(close(tok.admin, id, escrow.id, 'Escrow account opened'));
    c = await view(tok.cda, id);
    expect(c.openConditions).toEqual([]);
    expect(c.viewerCan).not.toContain('CLOSE_CONDITION');
    expect(c.gates[0]).toMatchObject({ ready: true, unmet: [] });
    await ok(api.advance(tok.cda, id, 'complete', null, 'id'));

    const trail = await ok(t.gql('query($c: ID!) { auditTrail(clusterId: $c) { edges { node { type actor role payload } } } }', { c: id }, tok.auditor));
    const events = trail.edges.map((e: any) => e.node);
    expect(events.map((e: any) => e.type)).toEqual([
      'REGISTERED', 'ARTEFACT_SUBMITTED', 'DECIDED', 'DECIDED', 'DECIDED', 'ADVANCED', 'CONDITION_CLOSED', 'CONDITION_CLOSED', 'ADVANCED',
    ]);
    expect(events[6]).toEqual({ type: 'CONDITION_CLOSED', actor: 'chidi', role: 'cda', payload: { decisionId: d1.id, conditionId: spv.id, note: 'SPV registered under the Companies Act' } });
    expect(events[2].payload.conditions).toEqual([{ id: spv.id, text: 'Register the SPV' }, { id: escrow.id, text: 'Open an escrow account' }]);
    expect(events[3].payload).not.toHaveProperty('conditions');
    expect(await verify(id)).toEqual({ verifyAuditTrail: { valid: true, message: expect.stringContaining('9 events verified') }, verifyReplay: { valid: true, differences: [] } });
  }, 60_000);

  it('a changed condition in the decision projection is named by the replay check', async () => {
    const id = (await ok(api.register(tok.cda, { name: 'Tampered', templateKey: 'conditional' }, 'id'))).id;
    const dpr = await ok(api.submit(tok.cda, { clusterId: id, type: 'dpr', title: 'DPR' }));
    const d = await ok(decide(tok.sc1, { clusterId: id, gate: 'final_approval', role: 'steering_committee', artefactVersionId: dpr.id, outcome: 'APPROVE_WITH_CONDITIONS', conditions: ['One'] }));
    const su = new Client({ connectionString: t.databaseUrl });
    await su.connect();
    try {
      await su.query("update decision set conditions = jsonb_set(conditions, '{0,text}', '\"Forged\"') where id = $1", [d.id]);
      const result = await verify(id);
      expect(result.verifyReplay.valid).toBe(false);
      expect(result.verifyReplay.differences[0].difference).toMatch(new RegExp(`^decision ${d.id}: conditions is .*"Forged".*, the log says .*"One"`));
      await su.query("update decision set conditions = jsonb_set(conditions, '{0,text}', '\"One\"') where id = $1", [d.id]);
      expect((await verify(id)).verifyReplay.valid).toBe(true);
    } finally {
      await su.end();
    }
  }, 60_000);
});
