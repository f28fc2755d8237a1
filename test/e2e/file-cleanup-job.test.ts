import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { startTestApp, type TestApp } from '../support/test-app';
import { clusterApi, ok } from '../support/cluster-api';
import { pdfBytes, uploadFile } from '../support/files';

/**
 * Uploads not attached within 24 h are removed by the job queue's hourly `file_cleanup` job
 * (a cron item, so each hour's run happens once across instances), not by a timer in the
 * server: an old unattached upload goes with its stored bytes, a young one stays, an attached
 * one never goes, however old.
 */
const AGENCY = 'cleanup-agency';
const TEMPLATE = `
key: cleanup-t
version: 1
title: Clean-up test
artefacts:
  study: { title: Diagnostic study, files: { min: 1 } }
phases:
  draft: { title: Draft }
  done: { title: Done, final: true }
gates:
  - id: finish
    from: draft
    to: done
    requires: { artefacts: [ { type: study } ] }
`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the file_cleanup job', () => {
  let app: TestApp;
  let db: Client;
  let token: string;

  beforeAll(async () => {
    app = await startTestApp('file-cleanup', { LOG_LEVEL: 'error' });
    db = new Client({ connectionString: app.databaseUrl });
    await db.connect();
    token = await app.token({ userId: 'cda', agency: AGENCY, roles: ['agency_admin', 'cda'] });
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  /** Enqueues the job as the schedule would, for a run at `hoursFromNow`, and waits until it has run. */
  const runCleanup = async (hoursFromNow: number) => {
    await db.query(`select graphile_worker.add_job('file_cleanup', json_build_object('until', now() + make_interval(hours => $1::int)))`, [hoursFromNow]);
    // Done when no file_cleanup job is left (one that failed stays, with its error, for its retry).
    const until = Date.now() + 30_000;
    for (;;) {
      const { rows } = await db.query(`select last_error from graphile_worker.jobs where task_identifier = 'file_cleanup'`);
      if (!rows.length) break;
      if (Date.now() > until) throw new Error(`the file_cleanup job did not run: ${JSON.stringify(rows)}`);
      await sleep(100);
    }
  };

  const files = async () =>
    (await db.query(`select name, artefact_version_id is not null as attached from stored_file order by name`)).rows.map((r) => `${r.name}${r.attached ? ' (attached)' : ''}`);
  const contents = async () => (await db.query(`select count(*)::int as n from file_content`)).rows[0].n;

  it('is scheduled hourly on the job queue, and removes old unattached uploads only', async () => {
    const cron = await db.query(`select identifier from graphile_worker._private_known_crontabs order by identifier`);
    expect(cron.rows.map((r) => r.identifier)).toContain('file_cleanup');

    const api = clusterApi(app);
    await ok(api.publish(token, TEMPLATE));
    const clusterId = (await ok(api.register(token, { templateKey: 'cleanup-t', name: 'Tannery cluster' }, 'id'))).id;
    const attached = await uploadFile(app, token, 'study.pdf', pdfBytes('study'));
    await uploadFile(app, token, 'forgotten.pdf', pdfBytes('forgotten'));
    await ok(app.gql('mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { id } }', { input: { clusterId, type: 'study', title: 'Study', files: [attached.id] } }, token));
    expect(await files()).toEqual(['forgotten.pdf', 'study.pdf (attached)']);

    // A run now: the unattached upload is an hour old at most, it stays.
    await runCleanup(0);
    expect(await files()).toEqual(['forgotten.pdf', 'study.pdf (attached)']);
    expect(await contents()).toBe(2);

    // A run 25 h later: the unattached upload goes, with its bytes; the attached one stays.
    await runCleanup(25);
    expect(await files()).toEqual(['study.pdf (attached)']);
    expect(await contents()).toBe(1);
    const { port } = app.app.getHttpServer().address() as AddressInfo;
    const res = await fetch(`http://127.0.0.1:${port}/files/${attached.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(pdfBytes('study'))).toBe(true);

    // Years later still.
    await runCleanup(24 * 365 * 3);
    expect(await files()).toEqual(['study.pdf (attached)']);
  }, 90_000);
});
