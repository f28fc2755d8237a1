import { Client } from 'pg';
import { EVENTS_CHANNEL, EventListener, parseEventNotification, type EventNotification } from '@clusterflow/persistence';
import { createTestDatabase } from '../support/test-app';

/** The LISTEN connection on its own: notifications, reconnecting with backoff, logging once per outage, stopping. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function capturingLog() {
  const lines: { level: 'info' | 'warn' | 'debug'; message: string }[] = [];
  return {
    lines,
    of: (level: string) => lines.filter((l) => l.level === level).map((l) => l.message),
    log: {
      info: (message: string) => lines.push({ level: 'info', message }),
      warn: (message: string) => lines.push({ level: 'warn', message }),
      debug: (message: string) => lines.push({ level: 'debug', message }),
    },
  };
}

const note = (seq: number): EventNotification => ({
  agency: 'unido-ng',
  clusterId: '7c12fefa-381a-4e32-8971-9d39554e823f',
  eventId: `04f102d1-ac32-4fa3-b966-${String(seq).padStart(12, '0')}`,
  seq,
});

describe('parseEventNotification', () => {
  it('reads our payload and ignores anything else', () => {
    expect(parseEventNotification(JSON.stringify(note(3)))).toEqual(note(3));
    for (const bad of [undefined, '', 'x', '{}', 'null', JSON.stringify({ ...note(1), eventId: 'nope' }), JSON.stringify({ ...note(1), seq: 1.5 }), JSON.stringify({ ...note(1), agency: '' })]) {
      expect(parseEventNotification(bad)).toBeNull();
    }
  });
});

describe('EventListener', () => {
  let db: { url: string; drop(): Promise<void> };
  let admin: Client;
  const name = () => new URL(db.url).pathname.slice(1);

  beforeAll(async () => {
    db = await createTestDatabase('event-listener');
    admin = new Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
  });
  afterAll(async () => {
    await admin?.query(`alter database "${name()}" allow_connections true`).catch(() => undefined);
    await admin?.end();
    await db?.drop();
  });

  const notify = async (payload: string) => {
    const c = new Client({ connectionString: db.url });
    await c.connect();
    try {
      await c.query('select pg_notify($1, $2)', [EVENTS_CHANNEL, payload]);
    } finally {
      await c.end();
    }
  };
  const backends = async () =>
    (await admin.query(`select pid from pg_stat_activity where datname = $1 and application_name = 'test-listener'`, [name()])).rows.map((r) => r.pid as number);

  it('hears notifications, and after a database outage reconnects with backoff, logging once when it starts and once when it ends', async () => {
    const heard: EventNotification[] = [];
    const logs = capturingLog();
    const listener = new EventListener({ url: db.url, onNotification: (n) => heard.push(n), log: logs.log, minDelayMs: 20, maxDelayMs: 100, applicationName: 'test-listener' });
    await listener.start();
    try {
      expect(listener.listening).toBe(true);
      await notify('not ours');
      await notify(JSON.stringify(note(1)));
      await waitFor('the notification', () => heard.length === 1);
      expect(heard).toEqual([note(1)]);

      // An outage: the backend is cut and the database refuses connections for a while.
      await admin.query(`alter database "${name()}" allow_connections false`);
      await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [await backends()]);
      await waitFor('the listener to notice', () => !listener.listening);
      await waitFor('several failed attempts', () => logs.of('debug').length >= 3);
      expect(logs.of('warn')).toHaveLength(1);
      expect(logs.of('warn')[0]).toMatch(/lost the LISTEN connection/);
      expect(logs.of('info')).toEqual([]);

      await admin.query(`alter database "${name()}" allow_connections true`);
      await waitFor('the listener to be back', () => listener.listening);
      expect(logs.of('warn')).toHaveLength(1);
      expect(logs.of('info')).toHaveLength(1);
      expect(logs.of('info')[0]).toMatch(/listening for live events again after \d+ ms/);
      expect(await backends()).toHaveLength(1);

      await notify(JSON.stringify(note(2)));
      await waitFor('the notification after the outage', () => heard.length === 2);
      expect(heard[1]).toEqual(note(2));
    } finally {
      await listener.stop();
    }
    expect(listener.listening).toBe(false);
    await waitFor('the backend to go', async () => (await backends()).length === 0);
  });

  it('starts while the database is unreachable, keeps trying, and stops cleanly', async () => {
    const logs = capturingLog();
    const unreachable = new URL(db.url);
    unreachable.port = '1';
    const listener = new EventListener({ url: unreachable.toString(), onNotification: () => undefined, log: logs.log, minDelayMs: 20, maxDelayMs: 50 });
    await listener.start();
    expect(listener.listening).toBe(false);
    expect(logs.of('warn')).toHaveLength(1);
    expect(logs.of('warn')[0]).toMatch(/cannot LISTEN for live events/);
    await waitFor('retries', () => logs.of('debug').length >= 2);
    await listener.stop();
    const attempts = logs.lines.length;
    await sleep(150);
    expect(logs.lines).toHaveLength(attempts); // no attempt after stop
    expect(logs.of('warn')).toHaveLength(1);
  });
});
