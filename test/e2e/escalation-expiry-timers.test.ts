import type { Client as PgClient } from 'pg';
import type { TestApp } from '../support/test-app';
import { clusterApi, ok, type ClusterApi } from '../support/cluster-api';
import { drainJobs, fireTimers, sleep, startTwoInstances, type TwoInstances } from '../support/timers-job';

/**
 * Template language version 2 timers end to end: a gate's `escalate` (ESCALATED) and a phase's
 * `expires` (PHASE_EXPIRED, the system moving the cluster), fired by the job queue's `timers`
 * job (each minute from its schedule; here enqueued several times at once so that the workers of
 * two server instances on one database run it concurrently). Each fires once, not before its
 * time, never for a suspended cluster, never after the cluster left the phase; both are events
 * of actor `system` in the hash chain, and the audit trail and its replay verify afterwards.
 * Durations of seconds in a test template.
 */
const AGENCY = 'escalation-agency';
const ESCALATE_S = 4;
const EXPIRE_S = 6;
const TEMPLATE = `
key: labels
version: 1
title: Cluster labels
roles:
  programme_manager: { title: Programme manager }
phases:
  candidate: { title: Candidate }
  labelled:
    title: Label held
    expires: { after: PT${EXPIRE_S}S, to: lapsed }
  lapsed: { title: Label lapsed }
  closed: { title: Closed, final: true }
gates:
  - id: award
    title: Award the label
    from: candidate
    to: labelled
    escalate: { after: PT${ESCALATE_S}S, to: programme_manager }
    requires: { approvals: [ { role: programme_manager } ] }
  - id: withdraw
    title: Withdraw
    from: [candidate, labelled, lapsed]
    to: closed
    requires: { approvals: [ { role: cda } ] }
`;

describe('ESCALATED and PHASE_EXPIRED across two server instances', () => {
  let a: TestApp;
  let api: ClusterApi;
  let pg: PgClient;
  let instances: TwoInstances | undefined;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  /** The system's events, as `<cluster> <type> <detail>`. */
  const systemEvents = async () =>
    (
      await pg.query(
        `select c.name, e.type, e.actor, e.role, e.payload from cluster_event e join cluster c on c.id = e.cluster_id
          where e.type in ('ESCALATED', 'PHASE_EXPIRED') order by c.name, e.seq`,
      )
    ).rows.map((r) => {
      expect({ actor: r.actor, role: r.role }).toEqual({ actor: 'system', role: null });
      return `${r.name} ${r.type} ${r.type === 'ESCALATED' ? r.payload.gate : `${r.payload.from}->${r.payload.to}`}`;
    });
  const notified = async (kind: string) =>
    (await pg.query(`select c.name, n.user_id from notification n join cluster c on c.id = n.cluster_id where n.kind = $1 order by c.name, n.user_id`, [kind])).rows.map(
      (r) => `${r.name} ${r.user_id}`,
    );
  /** Waits until the notify jobs the events enqueued have run. */
  const settled = () => drainJobs(pg, 'notify');
  const enteredAt = async (id: string) => new Date((await pg.query(`select entered_phase_at from cluster where id = $1`, [id])).rows[0].entered_phase_at).getTime();
  const sleepUntil = async (ms: number) => sleep(Math.max(0, ms - Date.now()));

  beforeAll(async () => {
    const env = { JWT_SECRET: 'escalation-test-secret-of-at-least-32-characters', LOG_LEVEL: 'error' };
    instances = await startTwoInstances('escalations', env);
    ({ a, pg } = instances);
    api = clusterApi(a);
    tok.admin = await a.token({ userId: 'ada', agency: AGENCY, roles: ['agency_admin'] });
    tok.cda = await a.token({ userId: 'chidi', agency: AGENCY, roles: ['cda'] });
    tok.pm = await a.token({ userId: 'priya', agency: AGENCY, roles: ['programme_manager'] });
    // Someone of another agency holding the role is never told.
    const other = await a.token({ userId: 'otto', agency: 'other-agency', roles: ['programme_manager', 'agency_admin'] });
    await ok(a.gql(`{ notificationPreferences { email } }`, {}, other));
    await ok(a.gql(`{ notificationPreferences { email } }`, {}, tok.admin));
    await ok(api.publish(tok.admin, TEMPLATE));
    for (const name of ['Waiting', 'Suspended', 'Labelled', 'Withdrawn']) {
      ids[name] = (await ok(api.register(tok.cda, { name, templateKey: 'labels' }, 'id'))).id;
    }
    await ok(api.suspend(tok.admin, ids.Suspended, 'funding paused', 'id'));
    for (const name of ['Labelled', 'Withdrawn']) {
      await ok(api.decide(tok.pm, { clusterId: ids[name], gate: 'award', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.advance(tok.cda, ids[name], 'award', null, 'id'));
    }
  }, 120_000);

  afterAll(async () => {
    await instances?.close();
  }, 120_000);

  it('escalates a gate still unmet after its time, once, to the role it names; not before, not for clusters that left the phase or are suspended', async () => {
    const registered = await enteredAt(ids.Waiting);
    await fireTimers(pg, 4);
    expect(Date.now()).toBeLessThan(registered + ESCALATE_S * 1000); // the test itself is on time
    expect(await systemEvents()).toEqual([]);

    await sleepUntil(registered + ESCALATE_S * 1000 + 300);
    await fireTimers(pg, 6);
    await fireTimers(pg, 4);
    expect(await systemEvents()).toEqual(['Waiting ESCALATED award']);
    const { rows } = await pg.query(`select at, payload from cluster_event where cluster_id = $1 and type = 'ESCALATED'`, [ids.Waiting]);
    expect(new Date(rows[0].at).getTime()).toBeGreaterThanOrEqual(registered + ESCALATE_S * 1000);
    expect(rows[0].payload).toEqual({ gate: 'award', visit: 1, role: 'programme_manager', after: `PT${ESCALATE_S}S` });
    await settled();
    expect(await notified('ESCALATED')).toEqual(['Waiting priya']);
    const [note] = (await ok(a.gql(`{ notifications(first: 1) { edges { node { kind title body cluster { id } } } } }`, {}, tok.pm))).edges;
    expect(note.node).toMatchObject({ kind: 'ESCALATED', title: 'Escalated: “Award the label” of Waiting', cluster: { id: ids.Waiting } });
    expect(note.node.body).toBe(`“Award the label” of Waiting is still not met after PT${ESCALATE_S}S in Candidate (not counting suspension). You are told as Programme manager.`);
  }, 60_000);

  it('moves a cluster whose phase expired, once, actor system, telling its CDAs and the agency admins; not one that left the phase', async () => {
    // "Withdrawn" leaves the labelled phase before it expires.
    await ok(api.decide(tok.cda, { clusterId: ids.Withdrawn, gate: 'withdraw', role: 'cda', outcome: 'APPROVE' }));
    await ok(api.advance(tok.cda, ids.Withdrawn, 'withdraw', null, 'id'));
    const labelled = await enteredAt(ids.Labelled);
    await sleepUntil(labelled + EXPIRE_S * 1000 + 300);
    await fireTimers(pg, 6);
    await fireTimers(pg, 4);
    expect(await systemEvents()).toEqual(['Labelled PHASE_EXPIRED labelled->lapsed', 'Waiting ESCALATED award']);
    const cluster = await ok(a.gql(`query($id: ID!) { cluster(id: $id) { phase status history { phase viaGate leftAt } } }`, { id: ids.Labelled }, tok.cda));
    expect(cluster.phase).toBe('lapsed');
    expect(cluster.status).toBe('ACTIVE');
    expect(cluster.history.map((v: { phase: string; viaGate: string | null; leftAt: string | null }) => [v.phase, v.viaGate, v.leftAt !== null])).toEqual([
      ['candidate', null, true],
      ['labelled', 'award', true],
      ['lapsed', null, false],
    ]);
    await settled();
    expect(await notified('PHASE_EXPIRED')).toEqual(['Labelled ada', 'Labelled chidi']);
    expect((await pg.query(`select count(*)::int as n from cluster_event e join cluster c on c.id = e.cluster_id where c.name = 'Withdrawn' and e.actor = 'system'`)).rows[0].n).toBe(0);
  }, 60_000);

  it('never escalates a suspended cluster; once resumed, the time counts from the visit start with the suspension left out', async () => {
    const events = async () => (await systemEvents()).filter((e) => e.startsWith('Suspended'));
    expect(await events()).toEqual([]); // suspended for longer than the escalation's time
    await ok(api.resume(tok.admin, ids.Suspended, 'id'));
    const resumed = Date.now();
    await fireTimers(pg, 4);
    expect(await events()).toEqual([]);
    // Suspended almost at once after registering: nearly the whole time is still ahead.
    await sleepUntil(resumed + ESCALATE_S * 1000 + 300);
    await fireTimers(pg, 6);
    expect(await events()).toEqual(['Suspended ESCALATED award']);
  }, 60_000);

  it('leaves an audit trail and projections that verify with the system events in them', async () => {
    const verified = await ok(a.gql(`{ verifyAuditTrail { valid eventsChecked message } }`, {}, tok.admin));
    expect(verified).toMatchObject({ valid: true });
    const replay = await ok(a.gql(`{ verifyReplay { valid clustersChecked } }`, {}, tok.admin));
    expect(replay).toEqual({ valid: true, clustersChecked: 4 });
    const trail = await ok(a.gql(`query($c: ID!) { auditTrail(clusterId: $c) { edges { node { type actor } } } }`, { c: ids.Labelled }, tok.admin));
    expect(trail.edges.map((e: { node: { type: string; actor: string } }) => `${e.node.type} ${e.node.actor}`).slice(-1)).toEqual(['PHASE_EXPIRED system']);
  }, 60_000);
});
