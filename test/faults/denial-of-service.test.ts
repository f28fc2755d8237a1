import { readFileSync } from 'node:fs';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import {
  codesOf,
  gql,
  raceAgency,
  sleep,
  sqlClient,
  token,
  startOwnPostgres,
  startServer,
  type GqlAnswer,
  type OwnPostgres,
  type ServerProcess,
} from './support/fault-harness';

/**
 * Issue 13's denial-of-service reproductions, as any signed-in user could send them, against
 * one server process (the build, NODE_ENV=production) on its own PostgreSQL. During each
 * attack a client asks `{ health }` every 200 ms: every answer must come within 1 s, and the
 * server's resident memory must stay bounded.
 */
const AGENCY = 'dos-agency';
/** What `health` may take while an attack runs. */
const HEALTH_BUDGET_MS = 1000;

/** Resident memory of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) / 1024;
}

interface UnderAttack<T> {
  result: T;
  /** Every health answer's time, in ms (a failure or time-out counts as Infinity). */
  health: number[];
  peakRssMb: number;
  baseRssMb: number;
}

/** Runs `attack` while probing `health` (every 200 ms, at least once) and sampling the server's memory. */
async function underAttack<T>(server: ServerProcess, attack: () => Promise<T>): Promise<UnderAttack<T>> {
  const health: number[] = [];
  const baseRssMb = rssMb(server.child.pid!);
  let peakRssMb = baseRssMb;
  let running = true;
  const probe = (async () => {
    await sleep(100); // the attack is under way
    // At least one probe, also when the server refused the whole attack within those 100 ms.
    do {
      const started = Date.now();
      const answer = await gql(server.port, '{ health }', {}, undefined, 5_000).catch(() => null);
      health.push(answer?.body?.data?.health === 'ok' ? Date.now() - started : Infinity);
      peakRssMb = Math.max(peakRssMb, rssMb(server.child.pid!));
      if (running) await sleep(200);
    } while (running);
  })();
  try {
    const result = await attack();
    return { result, health, peakRssMb, baseRssMb };
  } finally {
    running = false;
    await probe;
  }
}

function expectServed(label: string, run: UnderAttack<unknown>): void {
  const worst = Math.max(...run.health);
  process.stdout.write(`${label}: health answered ${run.health.length} times, slowest ${worst} ms; memory ${Math.round(run.baseRssMb)} MB, peak +${Math.round(run.peakRssMb - run.baseRssMb)} MB\n`);
  expect(run.health.length).toBeGreaterThan(0);
  expect(run.health.filter((ms) => ms > HEALTH_BUDGET_MS)).toEqual([]);
}

/** One phase of `n` milestones, each requiring the 20 before it (issue 13: 140 KB, 28 s at n = 1,000). */
function chainedMilestones(n: number, salt: string): string {
  const lines = [`key: chain-${salt}`, 'version: 1', 'phases:', '  start:', '    milestones:'];
  for (let i = 0; i < n; i++) {
    const deps = Array.from({ length: Math.min(i, 20) }, (_, j) => `m${i - 1 - j}`);
    lines.push(deps.length ? `      m${i}: { requires: { milestones: [${deps.join(', ')}] } }` : `      m${i}: {}`);
  }
  lines.push('  done: { final: true }', 'gates:', '  - { id: finish, from: start, to: done, requires: { milestones: [m0] } }');
  return `${lines.join('\n')}\n`;
}

describe('denial of service by a signed-in user (issue 13)', () => {
  let pg: OwnPostgres;
  let server: ServerProcess;
  let admin: string;

  beforeAll(async () => {
    pg = await startOwnPostgres('dos');
    server = await startServer(pg.url, undefined, 120_000); // a loaded CI machine starts slowly; the attacks are what is timed
    ({ admin } = await raceAgency(server.port, AGENCY));
  });
  afterAll(async () => {
    await server?.stop();
    await pg?.dispose();
  });

  it('templates of 1,000 and 2,000 milestones each requiring the previous 20: refused with the limit, health within 1 s meanwhile', async () => {
    const validate = (source: string) => gql(server.port, 'query($s: String!) { validateTemplate(source: $s) { valid errors { path line column message } } }', { s: source }, admin, 60_000);
    const publish = (source: string) => gql(server.port, 'mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: source }, admin, 60_000);
    const run = await underAttack(server, () =>
      Promise.all([validate(chainedMilestones(1000, 'a')), validate(chainedMilestones(2000, 'b')), publish(chainedMilestones(1000, 'c')), validate(chainedMilestones(1000, 'd'))]),
    );
    const [a, b, c, d] = run.result as GqlAnswer[];
    for (const answer of [a, b, d]) {
      expect(answer.body.data.validateTemplate.valid).toBe(false);
      expect(answer.body.data.validateTemplate.errors).toEqual([
        { path: 'phases.start.milestones', line: 6, column: 7, message: expect.stringMatching(/^(has 1000 entries; at most 100 are allowed here|has more than 1000 entries, more than any part of a template may have)$/) },
      ]);
    }
    expect(codesOf(c)).toEqual(['TEMPLATE_INVALID']);
    expectServed('templates of 1,000 and 2,000 chained milestones', run);
    expect(run.peakRssMb - run.baseRssMb).toBeLessThan(400);
  });

  it('12 parallel searches of 900 KB: BAD_USER_INPUT, health within 1 s, memory bounded', async () => {
    const search = 'x'.repeat(900 * 1024);
    const run = await underAttack(server, () =>
      Promise.all(Array.from({ length: 12 }, () => gql(server.port, 'query($s: String) { clusters(filter: { search: $s }) { totalCount } }', { s: search }, admin, 60_000))),
    );
    for (const answer of run.result) expect(codesOf(answer)).toEqual(['BAD_USER_INPUT']);
    expectServed('12 searches of 900 KB', run);
    expect(run.peakRssMb - run.baseRssMb).toBeLessThan(400);
  });

  it('three requests of 100 aliases of clusters(first: $f), f = 500: QUERY_TOO_COMPLEX; 100 aliases of verifyReplay refused', async () => {
    const aliases = (n: number, f: string) => Array.from({ length: n }, (_, i) => `a${i}: ${f}`).join(' ');
    const run = await underAttack(server, () =>
      Promise.all([
        ...Array.from({ length: 3 }, () => gql(server.port, `query($f: Int) { ${aliases(100, 'clusters(first: $f) { edges { node { id name gates { gate ready } } } }')} }`, { f: 500 }, admin, 60_000)),
        gql(server.port, `{ ${aliases(100, 'verifyReplay { valid }')} }`, {}, admin, 60_000),
        ...Array.from({ length: 10 }, () => gql(server.port, `{ ${aliases(100, 'health')} }`, {}, undefined, 60_000)),
      ]),
    );
    for (const answer of run.result.slice(0, 4)) expect(codesOf(answer)).toEqual(['QUERY_TOO_COMPLEX']);
    for (const answer of run.result.slice(4)) expect(answer.body.data.a99).toBe('ok');
    expectServed('aliased pages, replays and health', run);
    expect(run.peakRssMb - run.baseRssMb).toBeLessThan(400);
  });

  it('one WebSocket asking for 300 subscriptions holds 20; one event is 20 messages', async () => {
    const client: Client = createClient({
      url: `ws://127.0.0.1:${server.port}/graphql`,
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${await token({ userId: 'watcher', agency: AGENCY, roles: ['auditor'] })}` },
      onNonLazyError: () => undefined,
    });
    let messages = 0;
    let refused = 0;
    try {
      const run = await underAttack(server, async () => {
        for (let i = 0; i < 300; i++) {
          client.subscribe({ query: 'subscription { clusterEvents { id } }' }, { next: () => void messages++, error: () => void refused++, complete: () => undefined });
        }
        for (let i = 0; i < 500 && refused < 280; i++) await sleep(20);
      });
      expect(refused).toBe(280);
      await gql(server.port, 'mutation { registerCluster(input: { templateKey: "race", name: "Watched" }) { id } }', {}, admin);
      for (let i = 0; i < 200 && messages < 20; i++) await sleep(20);
      await sleep(300);
      expect(messages).toBe(20);
      expectServed('300 subscriptions on one WebSocket', run);
      expect(run.peakRssMb - run.baseRssMb).toBeLessThan(400);
    } finally {
      await client.dispose();
    }
  });

  it('an auditor asking for 200 heads (and verifications) stores none while the history does not change', async () => {
    const db = await sqlClient(pg.url);
    try {
      const auditor = await token({ userId: 'aud', agency: AGENCY, roles: ['auditor'] });
      await gql(server.port, '{ auditHead { root } }', {}, auditor);
      const count = async () => Number((await db.query('select count(*) from audit_head where agency = $1', [AGENCY])).rows[0].count);
      const before = await count();
      const run = await underAttack(server, async () => {
        for (let i = 0; i < 20; i++) {
          await Promise.all(Array.from({ length: 10 }, (_, k) => gql(server.port, k % 4 ? '{ auditHead { root } }' : '{ verifyAuditTrail { valid } }', {}, auditor, 60_000)));
        }
      });
      expect(await count()).toBe(before);
      expectServed('200 heads of an unchanged history', run);
    } finally {
      await db.end();
    }
  });
});
