import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { startTestApp, type TestApp } from '../support/test-app';
import { pdfFiles } from '../support/files';
import { clusterApi, ok, type ClusterApi } from '../support/cluster-api';
import { startSmtp, type ReceivedMail, type TestSmtp } from '../support/smtp';

/**
 * Notifications (contract v2) end to end: commands over HTTP, the job queue in the same
 * PostgreSQL, mail to a real SMTP server on loopback (smtp-server), the caller's list, marking
 * read, preferences, and `notificationAdded` over graphql-ws.
 */

const UNIDO = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
const AGENCY = 'unido-ng';
const CRITERIA = ['importance', 'potential', 'viability', 'sustainability'];
const DSR_FIELDS = { firms_surveyed: 50, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };
const PUBLIC_URL = 'https://console.example.org';
const NOTIFICATION = 'id kind title body createdAt readAt cluster { id name }';
const ENDORSE_REQUEST = 'Decision requested: Endorse the Diagnostic Study Report of Tannery cluster';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe('notifications', () => {
  let t: TestApp;
  let api: ClusterApi;
  let smtp: TestSmtp;
  let pg: PgClient;
  let clusterId: string;
  let dsr: { id: string; artefactId: string };
  const tok: Record<string, string> = {};
  // userId, roles, email mode (people entered by the admin, with their addresses).
  const PEOPLE: Record<string, [string, string[], string | null]> = {
    admin: ['ada', ['agency_admin'], null],
    cda: ['chidi', ['cda', 'cluster_commission'], null],
    pm: ['priya', ['programme_manager'], null],
    amaka: ['amaka', ['cluster_commission'], null],
    femi: ['femi', ['cluster_commission'], null],
    bayo: ['bayo', ['cluster_commission'], 'DAILY_DIGEST'],
    efe: ['efe', ['cluster_commission'], 'OFF'],
    // Holds the role, but is not on this cluster's commission (a cluster-scoped role).
    dayo: ['dayo', ['cluster_commission'], null],
  };
  const email = (who: string) => `${PEOPLE[who][0]}@example.org`;

  const notificationsOf = async (who: string, args = '') =>
    ok(t.gql(`{ notifications${args} { totalCount unread pageInfo { hasNextPage endCursor } edges { cursor node { ${NOTIFICATION} } } } }`, {}, tok[who]));
  const titlesOf = async (who: string) => (await notificationsOf(who, '(first: 500)')).edges.map((e: { node: { title: string } }) => e.node.title);
  const mailsTo = (who: string, subject?: string) => smtp.mails.filter((m) => m.to.includes(email(who)) && (subject === undefined || m.subject === subject));
  /** The notify job has run for everything committed so far (no job left in the outbox or the queue). */
  const jobsDone = async () =>
    (await pg.query(`select (select count(*)::int from graphile_worker.jobs where task_identifier in ('notify', 'mail')) + (select count(*)::int from job_outbox) as n`)).rows[0].n === 0;

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp('notifications', { SMTP_URL: smtp.url, MAIL_FROM: 'Clusterflow <noreply@clusterflow.test>', PUBLIC_URL, LOG_LEVEL: 'error' });
    api = clusterApi(t);
    pg = new PgClient({ connectionString: t.databaseUrl });
    await pg.connect();
    for (const [key, [userId, roles]] of Object.entries(PEOPLE)) tok[key] = await t.token({ userId, agency: AGENCY, roles });
    tok.foreign = await t.token({ userId: 'zed', agency: 'other-agency', roles: ['agency_admin', 'cda', 'cluster_commission'] });
    await ok(api.publish(tok.admin, UNIDO));
    for (const [key, [userId, roles, mode]] of Object.entries(PEOPLE)) {
      await ok(t.gql(`mutation($p: PersonInput!) { upsertPerson(input: $p) { userId } }`, { p: { userId, name: userId[0].toUpperCase() + userId.slice(1), email: email(key), roles } }, tok.admin));
      if (mode) expect(await ok(t.gql(`mutation($m: EmailMode!) { setNotificationPreferences(email: $m) { email } }`, { m: mode }, tok[key]))).toEqual({ email: mode });
    }
    clusterId = (await ok(api.register(tok.cda, { name: 'Tannery cluster', templateKey: 'unido-cda', attributes: { enterprise_count: 400 } }, 'id'))).id;
    for (const who of ['amaka', 'femi', 'bayo', 'efe', 'cda']) await ok(api.assignRole(tok.admin, clusterId, PEOPLE[who][0], 'cluster_commission'));
    await ok(api.score(tok.cda, clusterId, CRITERIA.map((criterion) => ({ criterion, score: 4 }))));
    await ok(api.submit(tok.cda, { clusterId, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 400 } }));
    await ok(api.decide(tok.cda, { clusterId, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
    await ok(api.reach(tok.cda, clusterId, 'cda_appointed'));
    await ok(api.decide(tok.pm, { clusterId, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
    await ok(api.advance(tok.admin, clusterId, 'select_cluster', null, 'id'));
    await waitFor('the jobs of the set-up', jobsDone);
  }, 120_000);

  afterAll(async () => {
    await pg?.end();
    await t?.close();
    await smtp?.close();
  }, 120_000);

  it('tells the programme manager a selection waits on them, and the CDA when the gate is ready and passed (never the actor)', async () => {
    expect(await titlesOf('pm')).toEqual(['Decision requested: Select the cluster of Tannery cluster']);
    const chidi = await titlesOf('cda');
    expect(chidi).toEqual(expect.arrayContaining(['Tannery cluster passed “Select the cluster”', 'Tannery cluster is ready to pass “Select the cluster”']));
    // The admin passed the gate (the actor is never told); dayo is on no commission here.
    expect(await titlesOf('admin')).toEqual([]);
    expect(await titlesOf('dayo')).toEqual([]);
    expect(mailsTo('pm').map((m) => m.subject)).toEqual(['Decision requested: Select the cluster of Tannery cluster']);
  });

  it('mails a submitted document to exactly the people who can approve it who want mail at once: not the submitter, not others of the role', async () => {
    const before = smtp.mails.length;
    const v1 = await ok(api.submit(tok.cda, { clusterId, files: await pdfFiles(t, tok.cda), type: 'diagnostic_report', title: 'DSR', fields: DSR_FIELDS }));
    dsr = v1;
    await waitFor('the request mails', () => smtp.mails.filter((m) => m.subject === ENDORSE_REQUEST).length >= 2);
    await waitFor('the jobs', jobsDone);
    await sleep(500);
    const requests = smtp.mails.slice(before).filter((m) => m.subject === ENDORSE_REQUEST);
    expect(requests.flatMap((m) => m.to).sort()).toEqual([email('amaka'), email('femi')]);
    const mail = requests[0];
    expect(mail.from).toBe('noreply@clusterflow.test');
    expect(mail.text).toContain('Version 1 of “DSR” waits for a decision as cluster_commission');
    expect(mail.text).toContain(`${PUBLIC_URL}/clusters/${clusterId}`);
    // In the console: everyone on the commission but the submitter, whatever their mail choice.
    for (const who of ['amaka', 'femi', 'bayo', 'efe']) expect(await titlesOf(who)).toContain(ENDORSE_REQUEST);
    for (const who of ['cda', 'dayo', 'pm', 'admin']) expect(await titlesOf(who)).not.toContain(ENDORSE_REQUEST);
    // Commands that open no new item tell nobody again (a person joining the commission later
    // finds the request in myWork, not in a notification).
    const count = (await pg.query(`select count(*)::int as n from notification`)).rows[0].n;
    await ok(api.assignRole(tok.admin, clusterId, 'dayo', 'cluster_commission'));
    await ok(api.unassignRole(tok.admin, clusterId, 'dayo', 'cluster_commission'));
    await waitFor('the jobs', jobsDone);
    expect((await pg.query(`select count(*)::int as n from notification`)).rows[0].n).toBe(count);
    expect(v1.number).toBe(1);
  });

  it('tells the submitter and the CDAs of a rejection, with the comment and a link', async () => {
    await ok(api.decide(tok.amaka, { clusterId, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'REJECT', artefactVersionId: dsr.id, comment: 'No SWOT table' }));
    const subject = 'Rejected: version 1 of “DSR” of Tannery cluster';
    await waitFor('the rejection mail', () => mailsTo('cda', subject).length === 1);
    expect(mailsTo('cda', subject)[0].text).toContain('No SWOT table');
    expect(mailsTo('cda', subject)[0].text).toContain(`${PUBLIC_URL}/clusters/${clusterId}`);
    expect(await titlesOf('amaka')).not.toContain(subject);
    const [latest] = (await notificationsOf('cda', '(first: 1)')).edges;
    expect(latest.node).toMatchObject({ kind: 'REJECTED', title: subject, readAt: null, cluster: { id: clusterId, name: 'Tannery cluster' } });
  });

  it('collects a day of notifications into one digest mail, and mails nothing to a person who chose OFF', async () => {
    // Version 2: asked of the commission again.
    await ok(api.submit(tok.cda, { clusterId, artefactId: dsr.artefactId, files: await pdfFiles(t, tok.cda), type: 'diagnostic_report', title: 'DSR', fields: DSR_FIELDS }));
    await waitFor('the jobs', jobsDone);
    expect(mailsTo('bayo')).toEqual([]);
    // The daily schedule's job, run now (as at DIGEST_HOUR_UTC).
    await pg.query(`select graphile_worker.add_job('digest', json_build_object('until', now()))`);
    await waitFor('the digest', () => mailsTo('bayo').length === 1);
    await sleep(1000);
    const [digest] = mailsTo('bayo') as ReceivedMail[];
    expect(digest.subject).toMatch(/^Clusterflow: 2 notifications \(\d{4}-\d{2}-\d{2}\)$/);
    expect(digest.text.match(/^\* Decision requested: Endorse the Diagnostic Study Report of Tannery cluster$/gm)).toHaveLength(2);
    expect(digest.text).toContain('Version 1 of “DSR”');
    expect(digest.text).toContain('Version 2 of “DSR”');
    // Run again: nothing left to send.
    await pg.query(`select graphile_worker.add_job('digest', json_build_object('until', now()))`);
    await sleep(1500);
    await waitFor('the jobs', async () => (await pg.query(`select (select count(*)::int from graphile_worker.jobs) + (select count(*)::int from job_outbox) as n`)).rows[0].n === 0);
    expect(mailsTo('bayo')).toHaveLength(1);
    // efe (OFF): both requests in the console, no mail ever.
    expect((await titlesOf('efe')).filter((x: string) => x === ENDORSE_REQUEST)).toHaveLength(2);
    expect(mailsTo('efe')).toEqual([]);
    // And the others got version 2 at once.
    expect(mailsTo('amaka', ENDORSE_REQUEST)).toHaveLength(2);
  });

  it('mails each person in the language they chose when the template gives it, else in the template\'s default language', async () => {
    // Titles in French (the default, first) and English; the committee role is the agency's.
    const BILINGUAL = `
key: bilingue
version: 1
languages: [fr, en]
title: { fr: Programme bilingue, en: Bilingual programme }
roles:
  comite: { title: { fr: Comité de pilotage, en: Steering committee } }
artefacts:
  plan: { title: { fr: Plan d’action, en: Action plan } }
phases:
  preparation: { title: { fr: Préparation, en: Preparation } }
  execution: { title: { fr: Mise en œuvre, en: Implementation }, final: true }
gates:
  - id: valider_plan
    title: { fr: Valider le plan, en: Approve the plan }
    from: preparation
    to: execution
    requires:
      artefacts: [ { type: plan } ]
      approvals: [ { role: comite, count: 1, of: plan } ]
`;
    await ok(api.publish(tok.admin, BILINGUAL));
    // remy chose nothing (the template's default: French), eve chose English, rose French.
    const people: [string, string | null][] = [['remy', null], ['eve', 'en'], ['rose', 'fr']];
    for (const [userId, language] of people) {
      PEOPLE[userId] = [userId, ['comite'], null];
      tok[userId] = await t.token({ userId, agency: AGENCY, roles: ['comite'] });
      await ok(t.gql(`mutation($p: PersonInput!) { upsertPerson(input: $p) { userId } }`, { p: { userId, name: userId[0].toUpperCase() + userId.slice(1), email: email(userId), roles: ['comite'] } }, tok.admin));
      if (language) {
        expect(await ok(t.gql(`mutation($l: String) { setNotificationPreferences(email: IMMEDIATE, language: $l) { email language } }`, { l: language }, tok[userId]))).toEqual({ email: 'IMMEDIATE', language });
      }
    }
    // Only the console's languages; the mail mode alone leaves the language as it was; null clears it.
    const bad = await t.gql(`mutation { setNotificationPreferences(email: IMMEDIATE, language: "de") { language } }`, {}, tok.rose);
    expect(bad.body.errors[0]).toMatchObject({ message: expect.stringContaining('language must be one of en, fr'), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await ok(t.gql(`mutation { setNotificationPreferences(email: IMMEDIATE) { email language } }`, {}, tok.rose))).toEqual({ email: 'IMMEDIATE', language: 'fr' });
    expect(await ok(t.gql(`{ notificationPreferences { email language } }`, {}, tok.remy))).toEqual({ email: 'IMMEDIATE', language: null });
    expect(await ok(t.gql(`mutation { setNotificationPreferences(email: IMMEDIATE, language: null) { language } }`, {}, tok.eve))).toEqual({ language: null });
    expect(await ok(t.gql(`mutation { setNotificationPreferences(email: IMMEDIATE, language: "en") { language } }`, {}, tok.eve))).toEqual({ language: 'en' });

    const id = (await ok(api.register(tok.cda, { name: 'Tissage de Kano', templateKey: 'bilingue' }, 'id'))).id;
    await ok(api.submit(tok.cda, { clusterId: id, type: 'plan', title: 'Plan 2027' }));
    const FR = 'Décision demandée : Valider le plan de Tissage de Kano';
    const EN = 'Decision requested: Approve the plan of Tissage de Kano';
    await waitFor('the three request mails', () => mailsTo('remy', FR).length + mailsTo('rose', FR).length + mailsTo('eve', EN).length === 3);
    await waitFor('the jobs', jobsDone);
    await sleep(300);
    const [remy] = mailsTo('remy');
    expect(remy.subject).toBe(FR);
    expect(remy.text).toContain('Bonjour Remy,');
    expect(remy.text).toContain('La version 1 de « Plan 2027 » attend une décision en tant que Comité de pilotage sur « Valider le plan » de Tissage de Kano (Préparation).');
    expect(remy.text).toContain(`${PUBLIC_URL}/clusters/${id}`);
    expect(remy.text).toContain('Clusterflow : vous recevez un courriel par notification.');
    expect(mailsTo('rose').map((m) => m.subject)).toEqual([FR]);
    const [eve] = mailsTo('eve');
    expect(eve.subject).toBe(EN);
    expect(eve.text).toContain('Hello Eve,');
    expect(eve.text).toContain('Version 1 of “Plan 2027” waits for a decision as comite on “Approve the plan” of Tissage de Kano (Preparation).');
    expect(eve.text).toContain('Clusterflow: you get a mail for each notification.');
    // In the console too, each in their language.
    expect(await titlesOf('remy')).toEqual([FR]);
    expect(await titlesOf('eve')).toEqual([EN]);
  });

  it('pages the caller\'s own notifications, counts the unread and marks them read', async () => {
    const all = await notificationsOf('cda', '(first: 500)');
    expect(all.totalCount).toBeGreaterThanOrEqual(3);
    expect(all.unread).toBe(all.totalCount);
    const first = await notificationsOf('cda', '(first: 1)');
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await notificationsOf('cda', `(first: 500, after: "${first.pageInfo.endCursor}")`);
    expect([...first.edges, ...rest.edges].map((e: { node: { id: string } }) => e.node.id)).toEqual(all.edges.map((e: { node: { id: string } }) => e.node.id));
    // Another person's id, or one of another agency, changes nothing.
    const amakas = (await notificationsOf('amaka')).edges.map((e: { node: { id: string } }) => e.node.id);
    expect(await ok(t.gql(`mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: amakas }, tok.cda))).toBe(0);
    expect(await ok(t.gql(`mutation($ids: [ID!]) { markNotificationsRead(ids: $ids) }`, { ids: [all.edges[0].node.id, 'not-an-id'] }, tok.cda))).toBe(1);
    const after = await notificationsOf('cda', '(unreadOnly: true, first: 500)');
    expect(after.unread).toBe(all.totalCount - 1);
    expect(after.totalCount).toBe(all.totalCount - 1);
    expect(await ok(t.gql(`mutation { markNotificationsRead }`, {}, tok.cda))).toBe(all.totalCount - 1);
    expect((await notificationsOf('cda')).unread).toBe(0);
    expect((await notificationsOf('amaka')).unread).toBe(amakas.length);
    expect((await notificationsOf('foreign')).totalCount).toBe(0);
    expect(await ok(t.gql(`{ notificationPreferences { email } }`, {}, tok.bayo))).toEqual({ email: 'DAILY_DIGEST' });
    expect(await ok(t.gql(`{ notificationPreferences { email } }`, {}, tok.amaka))).toEqual({ email: 'IMMEDIATE' });
  });

  it('streams the caller\'s own notifications live over graphql-ws', async () => {
    const url = `ws://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}/graphql`;
    const clients: Client[] = [];
    const listen = (who: string) => {
      const received: any[] = [];
      const client = createClient({ url, webSocketImpl: WebSocket, lazy: false, retryAttempts: 0, connectionParams: { authorization: `Bearer ${tok[who]}` }, onNonLazyError: () => undefined });
      clients.push(client);
      client.subscribe({ query: `subscription { notificationAdded { ${NOTIFICATION} } }` }, { next: (v) => received.push(v), error: (e) => received.push({ error: e }), complete: () => undefined });
      return received;
    };
    const amaka = listen('amaka');
    const dayo = listen('dayo');
    const foreign = listen('foreign');
    await sleep(500);
    // Version 3: asked of the commission again.
    await ok(api.submit(tok.cda, { clusterId, artefactId: dsr.artefactId, files: await pdfFiles(t, tok.cda), type: 'diagnostic_report', title: 'DSR', fields: DSR_FIELDS }));
    await waitFor('amaka\'s live notification', () => amaka.length >= 1);
    expect(amaka[0].data.notificationAdded).toMatchObject({ kind: 'DECISION_REQUESTED', title: ENDORSE_REQUEST, readAt: null, cluster: { id: clusterId, name: 'Tannery cluster' } });
    expect(amaka[0].data.notificationAdded.body).toContain('Version 3 of “DSR”');
    await waitFor('the jobs', jobsDone);
    await sleep(300);
    expect(dayo).toEqual([]);
    expect(foreign).toEqual([]);
    for (const c of clients) await c.dispose();
  });
});
