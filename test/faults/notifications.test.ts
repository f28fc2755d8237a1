import type { Client } from 'pg';
import { startSmtp, type TestSmtp } from '../support/smtp';
import {
  dataOf,
  gql,
  sleep,
  token,
  sqlClient,
  startOwnPostgres,
  startServer,
  waitUntil,
  type OwnPostgres,
  type ServerProcess,
} from './support/fault-harness';

/**
 * Notifications through the job queue under faults: the server killed with kill -9 between a
 * command's commit and its mail, the SMTP server down for a minute, and a command that fails
 * after it enqueued. Each ends with every mail sent exactly once, or none.
 *
 * Passing `start` enters the review phase, whose `finish` gate asks reviewers to approve the
 * report: DECISION_REQUESTED to every reviewer of the agency, mailed at once.
 */
const AGENCY = 'mail-agency';
const REVIEWERS = ['rev-a', 'rev-b'];
const REQUEST = 'Decision requested: Approve the report of ';
const TEMPLATE = `
key: mail
version: 1
title: Mail
roles:
  reviewer: { title: Reviewer }
artefacts:
  report: { title: Report }
phases:
  draft: { title: Draft }
  review: { title: Review }
  done: { title: Done, final: true }
gates:
  - id: start
    title: Start the review
    from: draft
    to: review
    requires: { artefacts: [ { type: report } ] }
  - id: finish
    title: Approve the report
    from: review
    to: done
    requires: { approvals: [ { role: reviewer, count: 2, of: report } ] }
`;
const MUTATIONS = {
  publish: 'mutation($s: String!) { publishTemplate(source: $s) { key } }',
  register: 'mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "mail" }) { id version } }',
  submit: 'mutation($id: ID!, $t: String!) { submitArtefact(input: { clusterId: $id, type: "report", title: $t }) { id } }',
  advance: 'mutation($id: ID!, $g: String!) { advance(clusterId: $id, gate: $g) { id phase version } }',
};

describe('notification mail under faults', () => {
  let pg: OwnPostgres;
  let smtp: TestSmtp;
  let db: Client;
  let admin: string;
  const servers: ServerProcess[] = [];
  let env: Record<string, string>;

  const start = async () => {
    const server = await startServer(pg.url, undefined, 60_000, env);
    servers.push(server);
    return server;
  };
  /** A cluster with its report submitted; passing `start` then asks the reviewers. */
  const readyCluster = async (port: number, name: string): Promise<string> => {
    const { id } = dataOf(await gql(port, MUTATIONS.register, { n: name }, admin));
    dataOf(await gql(port, MUTATIONS.submit, { id, t: 'Report' }, admin));
    return id;
  };
  const requestsFor = (name: string) => smtp.mails.filter((m) => m.subject === `${REQUEST}${name}`);
  const recipients = (name: string) => requestsFor(name).flatMap((m) => m.to).sort();
  const everyone = REVIEWERS.map((r) => `${r}@example.org`).sort();

  beforeAll(async () => {
    pg = await startOwnPostgres('notifications');
    db = await sqlClient(pg.url);
    smtp = await startSmtp();
    env = { SMTP_URL: smtp.url, MAIL_FROM: 'noreply@clusterflow.test', PUBLIC_URL: 'https://console.example.org' };
    const first = await start();
    admin = await token({ userId: 'ada', agency: AGENCY, roles: ['agency_admin'] });
    dataOf(await gql(first.port, MUTATIONS.publish, { s: TEMPLATE }, admin));
    for (const userId of REVIEWERS) {
      dataOf(await gql(first.port, 'mutation($p: PersonInput!) { upsertPerson(input: $p) { userId } }', { p: { userId, email: `${userId}@example.org`, roles: ['reviewer'] } }, admin));
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill9()));
    await db?.end();
    await smtp?.close();
    await pg?.dispose();
  });

  it('kill -9 between the commit and the mail: the mail goes out once after the restart', async () => {
    const first = servers[0];
    const id = await readyCluster(first.port, 'Killed');
    // The SMTP server takes the mails but does not answer: the server is in the middle of sending.
    smtp.stalled = true;
    dataOf(await gql(first.port, MUTATIONS.advance, { id, g: 'start' }, admin));
    expect(await waitUntil(() => smtp.held() === 2, 20_000)).toBe(true);
    await first.kill9();
    smtp.stalled = false;
    expect(requestsFor('Killed')).toEqual([]);
    const { rows: locked } = await db.query(`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'mail' and locked_by is not null`);
    expect(locked[0].n).toBe(2); // held by the dead instance's workers

    const started = Date.now();
    await start();
    // The new instance finds the dead workers' jobs (their liveness locks are gone) and runs them again.
    expect(await waitUntil(() => recipients('Killed').length === 2, 90_000)).toBe(true);
    const tookMs = Date.now() - started;
    await sleep(3_000);
    expect(recipients('Killed')).toEqual(everyone);
    const { rows } = await db.query(`select count(*)::int as n from notification where kind = 'DECISION_REQUESTED' and emailed_at is null`);
    expect(rows[0].n).toBe(0);
    process.stdout.write(`kill -9 during the mail: sent once, ${tookMs} ms after the restart\n`);
  }, 150_000);

  it('the SMTP server down for a minute: the mails go out when it is back, none twice', async () => {
    const server = servers[servers.length - 1];
    const id = await readyCluster(server.port, 'Outage');
    await smtp.stop();
    const downAt = Date.now();
    dataOf(await gql(server.port, MUTATIONS.advance, { id, g: 'start' }, admin));
    await sleep(60_000);
    expect(requestsFor('Outage')).toEqual([]);
    const { rows: failed } = await db.query(`select count(*)::int as n, min(attempts)::int as attempts from graphile_worker.jobs where task_identifier = 'mail' and last_error is not null`);
    expect(failed[0].n).toBe(2);
    expect(failed[0].attempts).toBeGreaterThanOrEqual(3); // retried with back-off meanwhile
    await smtp.start();
    const backAt = Date.now();
    // graphile-worker's back-off (exp(attempt) s): the attempt after 30 s comes at about 85 s.
    expect(await waitUntil(() => recipients('Outage').length === 2, 90_000)).toBe(true);
    const sentAfterMs = Date.now() - backAt;
    await sleep(5_000);
    expect(recipients('Outage')).toEqual(everyone);
    process.stdout.write(`SMTP down ${Math.round((backAt - downAt) / 1000)} s: both mails ${sentAfterMs} ms after it came back, each once\n`);
  }, 200_000);

  it('a command that fails after enqueueing sends nothing', async () => {
    const server = servers[servers.length - 1];
    const id = await readyCluster(server.port, 'Doomed');
    // A deferred constraint trigger fails the commit of this cluster's ADVANCED event, after the
    // write statement ran (and put its notify job in the outbox); it says how many of this event's the transaction held then
    // (the relay may not yet have moved the notify jobs of the commands that readied the cluster: it paces its batches).
    await db.query(`
      create function doom() returns trigger language plpgsql as $$
      declare n int;
      begin
        select count(*) into n from job_outbox where task = 'notify' and payload->>'eventId' = new.id::text;
        raise exception 'doomed at commit with % notify job(s) enqueued', n;
      end $$;
      create constraint trigger doom after insert on cluster_event deferrable initially deferred
        for each row when (new.type = 'ADVANCED' and new.cluster_id = '${id}') execute function doom();`);
    try {
      const answer = await gql(server.port, MUTATIONS.advance, { id, g: 'start' }, admin);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('INTERNAL');
      expect(await waitUntil(() => /doomed at commit with 1 notify job\(s\) enqueued/.test(server.output()), 5_000)).toBe(true);
    } finally {
      await db.query('drop trigger doom on cluster_event; drop function doom();');
    }
    await sleep(5_000);
    const { rows } = await db.query(
      `select (select count(*)::int from notification where cluster_id = $1) as notifications,
              (select count(*)::int from graphile_worker.jobs) + (select count(*)::int from job_outbox) as jobs,
              (select version from cluster where id = $1) as version`,
      [id],
    );
    expect(rows[0]).toEqual({ notifications: 0, jobs: 0, version: 2 });
    expect(requestsFor('Doomed')).toEqual([]);
  }, 60_000);
});
