import type { Client as PgClient } from 'pg';
import type { TestApp } from '../support/test-app';
import { clusterApi, ok, type ClusterApi } from '../support/cluster-api';
import { fireTimers, sleep, startTwoInstances, type TwoInstances } from '../support/timers-job';

/**
 * DUE_SOON and OVERDUE (contract v2): fired by the job queue's `timers` job (each minute from
 * its schedule; here enqueued several times at once, so that the workers of two server
 * instances on one database run it concurrently), once per cluster and phase visit, to the
 * CDAs; never for a suspended cluster, nor for a visit the cluster has left. Durations of
 * seconds in a test template.
 */
const AGENCY = 'timer-agency';
const DUE_SECONDS = 8;
const TEMPLATE = `
key: timers
version: 1
languages: [en, fr]
title: { en: Timers, fr: Minuteries }
artefacts:
  report: { title: Report }
phases:
  draft: { title: { en: Drafting, fr: Rédaction }, due: PT${DUE_SECONDS}S }
  review: { title: Review }
  done: { title: Done, final: true }
gates:
  - id: start
    title: Start the review
    from: draft
    to: review
    requires: { artefacts: [ { type: report } ] }
  - id: close
    title: Close
    from: review
    to: done
`;

describe('DUE_SOON and OVERDUE across two server instances', () => {
  let a: TestApp;
  let api: ClusterApi;
  let pg: PgClient;
  let instances: TwoInstances | undefined;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const timerNotifications = async () =>
    (
      await pg.query(`select c.name, n.kind, n.user_id, n.title from notification n join cluster c on c.id = n.cluster_id where n.kind in ('DUE_SOON', 'OVERDUE') order by c.name, n.kind, n.user_id`)
    ).rows.map((r) => `${r.name} ${r.kind} ${r.user_id}`);

  beforeAll(async () => {
    const env = { JWT_SECRET: 'timers-test-secret-of-at-least-32-characters', LOG_LEVEL: 'error' };
    instances = await startTwoInstances('timers', env);
    ({ a, pg } = instances);
    api = clusterApi(a);
    tok.admin = await a.token({ userId: 'ada', agency: AGENCY, roles: ['agency_admin'] });
    tok.cda = await a.token({ userId: 'chidi', agency: AGENCY, roles: ['cda'] });
    tok.cda2 = await a.token({ userId: 'obi', agency: AGENCY, roles: ['cda'] });
    await ok(api.publish(tok.admin, TEMPLATE));
    for (const name of ['Active', 'Suspended', 'Left']) {
      ids[name] = (await ok(api.register(tok.cda, { name, templateKey: 'timers' }, 'id'))).id;
    }
    await ok(api.assignCda(tok.admin, ids.Active, 'obi'));
    // obi is told in French (the template gives it), chidi in the template's default, English.
    await ok(a.gql(`mutation { setNotificationPreferences(email: IMMEDIATE, language: "fr") { language } }`, {}, tok.cda2));
    await ok(api.suspend(tok.admin, ids.Suspended, 'funding paused', 'id'));
  }, 120_000);

  afterAll(async () => {
    await instances?.close();
  }, 120_000);

  it('tells the CDAs once that a phase is due soon, then that it is overdue, whichever instance runs the timers', async () => {
    await fireTimers(pg, 6);
    expect(await timerNotifications()).toEqual(['Active DUE_SOON chidi', 'Active DUE_SOON obi', 'Left DUE_SOON chidi']);
    await fireTimers(pg, 4);
    expect(await timerNotifications()).toEqual(['Active DUE_SOON chidi', 'Active DUE_SOON obi', 'Left DUE_SOON chidi']);

    // "Left" moves on before its due date; then the due date of the drafting phase passes.
    await ok(api.submit(tok.cda, { clusterId: ids.Left, type: 'report', title: 'Report' }));
    await ok(api.advance(tok.cda, ids.Left, 'start', null, 'id'));
    const { rows } = await pg.query(`select max(due_at) as due from cluster where id = $1`, [ids.Active]);
    await sleep(Math.max(0, new Date(rows[0].due).getTime() - Date.now()) + 500);
    await fireTimers(pg, 6);
    expect(await timerNotifications()).toEqual([
      'Active DUE_SOON chidi',
      'Active DUE_SOON obi',
      'Active OVERDUE chidi',
      'Active OVERDUE obi',
      'Left DUE_SOON chidi',
    ]);
    const [overdue] = (await ok(a.gql(`{ notifications(first: 1) { edges { node { kind title body cluster { id } } } } }`, {}, tok.cda))).edges;
    expect(overdue.node).toMatchObject({ kind: 'OVERDUE', title: 'Active is overdue in Drafting', cluster: { id: ids.Active } });
    expect(overdue.node.body).toMatch(/^Active was due to leave Drafting by \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/);
    const [enRetard, bientot] = (await ok(a.gql(`{ notifications(first: 2) { edges { node { kind title body } } } }`, {}, tok.cda2))).edges.map((e: any) => e.node);
    expect(enRetard).toMatchObject({ kind: 'OVERDUE', title: 'Active est en retard dans la phase « Rédaction »' });
    expect(enRetard.body).toMatch(/^Active devait quitter la phase « Rédaction » avant le \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\.$/);
    expect(bientot).toMatchObject({ kind: 'DUE_SOON', title: 'Active arrive à échéance dans la phase « Rédaction »' });
    // Each fired once, by whichever instance ran first.
    expect((await pg.query(`select count(*)::int as n from timer_fired`)).rows[0].n).toBe(3);
  });

  it('never reminds a suspended cluster; once resumed, its timers count from its due date moved by the suspension', async () => {
    await fireTimers(pg, 2);
    expect((await timerNotifications()).filter((n) => n.startsWith('Suspended'))).toEqual([]);
    await ok(a.gql(`mutation($c: ID!) { resume(clusterId: $c) { id } }`, { c: ids.Suspended }, tok.admin));
    await fireTimers(pg, 2);
    // Suspended for longer than the phase's due date: on resuming, the rest of the time is still ahead, so it is due soon.
    expect((await timerNotifications()).filter((n) => n.startsWith('Suspended'))).toEqual(['Suspended DUE_SOON chidi']);
  });
});
