// Notifications through the job queue (issue 16).
//
// Data: a scratch database the server migrates at its start (graphile-worker's schema too); a
// small template whose report a reviewer (agency-wide role) approves; one reviewer with an
// address. A real SMTP server (smtp-server) on loopback in this process.
//
// Figures:
// - commit to mail accepted: a CDA registers a cluster and submits its report (the command
//   that asks the reviewer); from the submit's HTTP answer (the command committed, with its
//   notify job) to the SMTP server's acceptance of the reviewer's mail. p50 and p99 over
//   BENCH_MAIL_ROUNDS (100), one at a time. Goal p50 < 1 s.
// - queue throughput: BENCH_QUEUE_JOBS (2,000) notify jobs (one notice for one person, no mail)
//   enqueued in one statement and run by the server's workers, jobs/s until the queue is empty;
//   baseline: the same number of jobs of a task that does nothing, run by a bare graphile-worker
//   runner in this process on another scratch database with the same concurrency (4).
//   Goal: at least half the baseline.
// - the same notices the way commands enqueue them: BENCH_QUEUE_JOBS rows in job_outbox (one
//   per command, as a command's statement writes it), the relay woken as a commit wakes it,
//   moved in batches into notify jobs that carry a list; notices/s until all are written,
//   against the same baseline.
//
//   node bench/run.js notifications
require('reflect-metadata');
const http = require('node:http');
const { Client } = require('pg');
const { SMTPServer } = require('smtp-server');
const { run } = require('graphile-worker');
const { stats, gql, withScratchDatabase } = require('./lib');

const AGENCY = 'bench';
const ROUNDS = Number(process.env.BENCH_MAIL_ROUNDS || 100);
const JOBS = Number(process.env.BENCH_QUEUE_JOBS || 2000);
const CONCURRENCY = 4;

const now = () => Number(process.hrtime.bigint()) / 1e6;
const log = (line) => process.stderr.write(`  ${line}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const TEMPLATE = `
key: bench-mail
version: 1
title: Bench mail
roles:
  reviewer: { title: Reviewer }
artefacts:
  report: { title: Report }
phases:
  draft: { title: Draft }
  reviewed: { title: Reviewed }
  done: { title: Done, final: true }
gates:
  - id: review
    title: Review the report
    from: draft
    to: reviewed
    requires: { approvals: [ { role: reviewer, of: report } ] }
  - id: close
    from: reviewed
    to: done
`;

/** An SMTP server that resolves a waiter per accepted mail (by subject's cluster name). */
async function smtpServer() {
  const waiting = new Map();
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => {
        const at = now();
        const subject = /^Subject: (.*)$/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
        callback();
        for (const [name, resolve] of waiting) {
          if (!subject.endsWith(` of ${name}`)) continue;
          waiting.delete(name);
          resolve(at);
        }
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${server.server.address().port}`,
    accepted: (name) => new Promise((resolve) => waiting.set(name, resolve)),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function drained(url) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    while ((await c.query('select count(*)::int as n from graphile_worker.jobs')).rows[0].n > 0) await sleep(5);
  } finally {
    await c.end();
  }
}

async function bareThroughput(url) {
  const pool = new (require('pg').Pool)({ connectionString: url, max: CONCURRENCY + 2 });
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  const runner = await run({ pgPool: pool, concurrency: CONCURRENCY, noHandleSignals: true, pollInterval: 2000, taskList: { noop: async () => undefined }, logger: quietLogger() });
  try {
    const c = new Client({ connectionString: url });
    await c.connect();
    const t0 = now();
    await c.query(`select count(graphile_worker.add_job('noop', json_build_object('i', i))) from generate_series(1, $1) i`, [JOBS]);
    await c.end();
    await drained(url);
    return JOBS / ((now() - t0) / 1000);
  } finally {
    await runner.stop();
    await pool.end();
  }
}

function quietLogger() {
  const { Logger } = require('graphile-worker');
  return new Logger(() => () => undefined);
}

module.exports = async function notificationsBench() {
  // Two scratch databases, named by the process alone: the server's and the bare runner's.
  const smtp = await smtpServer();
  try {
    return await withScratchDatabase(
      'mail',
      async ({ url, database, startServer }) => {
        const bareUrl = await database(`bench_queue_${process.pid}`);
        const server = await startServer({
          env: { SMTP_URL: smtp.url, MAIL_FROM: 'bench@clusterflow.test', LOG_LEVEL: 'warn' },
          tokens: async (sign) => ({
            admin: await sign({ agency: AGENCY, userId: 'admin', roles: ['agency_admin'] }),
            cda: await sign({ agency: AGENCY, userId: 'cda', roles: ['cda'] }),
          }),
        });
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        const { admin, cda } = server.tokens;
        await gql(server, agent, admin, 'mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: TEMPLATE });
        await gql(server, agent, admin, 'mutation { upsertPerson(input: { userId: "rev", email: "rev@example.org", roles: ["reviewer"] }) { userId } }');

        // Commit to mail accepted.
        const samples = [];
        for (let i = 0; i < ROUNDS + 5; i++) {
          const name = `C${i}`;
          const { registerCluster } = await gql(server, agent, cda, 'mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "bench-mail" }) { id } }', { n: name });
          const accepted = smtp.accepted(name);
          await gql(server, agent, cda, 'mutation($c: ID!) { submitArtefact(input: { clusterId: $c, type: "report", title: "Report" }) { id } }', { c: registerCluster.id });
          const committed = now();
          const at = await Promise.race([accepted, sleep(30_000).then(() => null)]);
          if (at === null) throw new Error(`no mail for ${name} within 30 s`);
          if (i >= 5) samples.push(at - committed);
        }
        agent.destroy();
        const mail = stats(samples);
        log(`commit to mail accepted: p50 ${mail.p50.toFixed(1)} ms, p99 ${mail.p99.toFixed(1)} ms over ${ROUNDS}`);

        // Queue throughput: the server's notify jobs against a bare runner's no-op jobs.
        const c = new Client({ connectionString: url });
        await c.connect();
        const notice = JSON.stringify([{ kind: 'GATE_READY', keys: [], users: ['someone'], except: [], workKey: null, title: 'Bench', body: 'Bench' }]);
        await drained(url);
        const { rows } = await c.query(`select id from cluster limit 1`);
        const t0 = now();
        await c.query(
          `select count(graphile_worker.add_job('notify', json_build_object('agency', $1::text, 'clusterId', $2::text, 'eventId', gen_random_uuid()::text, 'at', now()::text, 'notices', $3::json)))
             from generate_series(1, $4) i`,
          [AGENCY, rows[0].id, notice, JOBS],
        );
        await drained(url);
        const ours = JOBS / ((now() - t0) / 1000);

        // The same notices as commands enqueue them: one job_outbox row per command (what a
        // command's statement writes), the relay woken as a command's commit wakes it; it moves them
        // in batches into notify jobs that carry a list, which the server's workers run. Notices
        // per second until every notification is written.
        const written = async () => (await c.query(`select count(*)::int as n from notification`)).rows[0].n;
        const before = await written();
        const t1 = now();
        await c.query('begin');
        await c.query(
          `insert into job_outbox (agency, task, payload, max_attempts)
           select $1, 'notify', jsonb_build_object('agency', $1::text, 'clusterId', $2::text, 'eventId', gen_random_uuid()::text, 'at', now()::text, 'notices', $3::jsonb), 25
             from generate_series(1, $4) i`,
          [AGENCY, rows[0].id, notice, JOBS],
        );
        await c.query(`select pg_notify('clusterflow_events', json_build_object('agency', $1::text, 'clusterId', $2::text, 'eventId', gen_random_uuid()::text, 'seq', 1)::text)`, [AGENCY, rows[0].id]);
        await c.query('commit');
        while ((await written()) < before + JOBS) await sleep(5);
        const viaOutbox = JOBS / ((now() - t1) / 1000);
        await c.end();
        await drained(url);

        const baseline = await bareThroughput(bareUrl);
        log(`queue: ${ours.toFixed(0)} notify jobs/s and ${viaOutbox.toFixed(0)} notices/s through the outbox, against ${baseline.toFixed(0)} no-op jobs/s bare`);
        return [
          { name: 'notifications: commit to mail accepted (SMTP on loopback)', unit: 'ms', p50: mail.p50, p99: mail.p99, goal: 'p50 < 1000', rounds: ROUNDS },
          { name: `notifications: ${JOBS} no-op jobs, a bare graphile-worker runner (baseline)`, unit: 'jobs/s', rate: baseline, data: { jobs: JOBS, concurrency: CONCURRENCY } },
          { name: `notifications: ${JOBS} notify jobs through the server's workers`, unit: 'jobs/s', rate: ours, ratio: ours / baseline, goal: `at least half the bare runner (${ours >= baseline / 2 ? 'met' : 'MISSED'})`, data: { jobs: JOBS, concurrency: CONCURRENCY } },
          { name: `notifications: ${JOBS} commands' notices through the job outbox, the relay and the server's workers`, unit: 'notices/s', rate: viaOutbox, ratio: viaOutbox / baseline, goal: `at least half the bare runner (${viaOutbox >= baseline / 2 ? 'met' : 'MISSED'})`, data: { notices: JOBS, concurrency: CONCURRENCY } },
        ];
      },
      { db: `bench_mail_${process.pid}` },
    );
  } finally {
    await smtp.close();
  }
};
