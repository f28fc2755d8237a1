import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { JobHelpers, Task } from 'graphile-worker';
import type { Notice } from '@clusterflow/engine';
import type { NotifyPayload } from '@clusterflow/persistence';
import { notificationTasks } from '@clusterflow/application/notifications/notification-jobs';
import { createMigratedDatabase } from '../support/test-app';

/**
 * The notify job's batch (the outbox relay gives it many commands' notices): written in two
 * statements together, the same notifications as one entry at a time; when the batch fails,
 * entry by entry, so only the failing entries are tried again.
 */

describe('the notify job with a batch of commands', () => {
  let db: { url: string; drop(): Promise<void> };
  let pg: Client;
  let notify: Task;
  let statements = 0;
  const helpers = {
    withPgClient: async <T>(fn: (client: Client) => Promise<T>) => {
      const counting = { query: (text: string, values?: unknown[]) => (statements++, pg.query(text, values)) } as unknown as Client;
      return fn(counting);
    },
  } as unknown as JobHelpers;

  beforeAll(async () => {
    db = await createMigratedDatabase('notify-batch');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    await pg.query(
      `insert into person (agency, user_id, name, roles, updated_at) values
         ('a', 'rev-1', 'Rev One', '{reviewer}', now()), ('a', 'rev-2', 'Rev Two', '{reviewer,cda}', now()),
         ('b', 'rev-3', 'Rev Three', '{reviewer}', now()), ('a', 'pm-1', 'PM', '{pm}', now())`,
    );
    const task = notificationTasks({ mailer: null, publicUrl: 'http://localhost' }).notify;
    if (!task) throw new Error('no notify task');
    notify = task;
  });

  afterAll(async () => {
    await pg.end();
    await db.drop();
  });

  beforeEach(async () => {
    await pg.query('delete from notification');
    statements = 0;
  });

  const notice = (over: Partial<Notice>): Notice => ({ kind: 'DECISION_REQUESTED', keys: [], users: [], except: [], workKey: null, title: 'T', body: 'B', ...over });
  const payload = (agency: string, notices: Notice[]): NotifyPayload => ({ agency, clusterId: randomUUID(), eventId: randomUUID(), at: '2026-12-07T10:00:00.000Z', notices });
  const written = async () =>
    (await pg.query(`select agency, user_id, kind, cluster_id, title, source, created_at from notification order by agency, user_id, source`)).rows;

  const batch = () => [
    payload('a', [notice({ keys: ['reviewer'], except: ['rev-2'], workKey: '1:DECIDE:g:reviewer' })]),
    payload('b', [notice({ keys: ['reviewer'], title: 'other agency' })]),
    payload('a', [notice({ kind: 'GATE_PASSED', users: ['cda-9'], keys: ['pm@pm-1'] }), notice({ keys: ['reviewer', 'pm'], except: ['pm-1'] })]),
  ];

  it('writes a batch in two statements, as the entries one by one would', async () => {
    const entries = batch();
    const results = (await notify(entries, helpers)) as Promise<void>[];
    await Promise.all(results);
    expect(results).toHaveLength(3);
    expect(statements).toBe(2);
    const together = await written();

    await pg.query('delete from notification');
    for (const entry of entries) await notify([entry], helpers);
    expect(await written()).toEqual(together);
    expect(together.map((r) => `${r.agency}/${r.user_id}/${r.kind}`)).toEqual([
      'a/cda-9/GATE_PASSED',
      'a/pm-1/GATE_PASSED',
      'a/rev-1/DECISION_REQUESTED',
      'a/rev-1/DECISION_REQUESTED',
      'a/rev-2/DECISION_REQUESTED',
      'b/rev-3/DECISION_REQUESTED',
    ]);

    // Again (a retried job): nothing new.
    await Promise.all((await notify(entries, helpers)) as Promise<void>[]);
    expect(await written()).toHaveLength(6);
  });

  it('fails only the entries at fault', async () => {
    const [good, , other] = batch();
    const bad = { ...payload('a', [notice({ keys: ['reviewer'] })]), at: 'not a time' };
    const results = (await notify([good, bad, { not: 'a payload' }, other], helpers)) as Promise<void>[];
    const settled = await Promise.allSettled(results);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect((await written()).map((r) => r.user_id)).toEqual(['cda-9', 'pm-1', 'rev-1', 'rev-1', 'rev-2']);
  });
});
