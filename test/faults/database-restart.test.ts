import type { Client } from 'pg';
import {
  LEAK,
  MUTATIONS,
  clustersInReview,
  codesOf,
  gql,
  halfWrittenCommands,
  missingSuccesses,
  sleep,
  sqlClient,
  startLoad,
  startOwnPostgres,
  startServer,
  succeeded,
  raceAgency,
  verifyAgency,
  waitUntil,
  type LoadRecord,
  type OwnPostgres,
  type ServerProcess,
} from './support/fault-harness';

/**
 * Database restart: stop and start PostgreSQL under a 32-client load. Meanwhile the server
 * answers every request, with SERVICE_UNAVAILABLE for what needs the database (never a stack
 * trace, never a 500, never silence past the client's timeout); it reconnects by itself and
 * serves again once the database is back.
 */
const AGENCY = 'restart-agency';
/** What a command may answer: success, a rule error, a lost race, or "the database is unavailable". */
const ALLOWED = ['SERVICE_UNAVAILABLE', 'CONFLICT', 'GATE_NOT_READY', 'BAD_USER_INPUT', 'FINAL_PHASE'];
const CLIENT_TIMEOUT_MS = 5_000;
/** How long the server may take to serve again once PostgreSQL is back. */
const RECOVERY_BOUND_MS = 15_000;

const show = (r: LoadRecord) => `${r.kind} after ${r.ms} ms: ${r.failure ?? `${r.answer!.status} ${r.answer!.text.slice(0, 300)}`}`;

describe('PostgreSQL restarted under load', () => {
  let pg: OwnPostgres;
  let server: ServerProcess;
  let db: Client;
  let load: ReturnType<typeof startLoad> | undefined;

  beforeAll(async () => {
    pg = await startOwnPostgres('restart');
    server = await startServer(pg.url);
  });
  afterAll(async () => {
    await load?.stop();
    await db?.end().catch(() => undefined);
    await server?.kill9();
    await pg?.dispose();
  });

  it('answers SERVICE_UNAVAILABLE while the database is down, and serves again by itself once it is back', async () => {
    const { admin, reviewers } = await raceAgency(server.port, AGENCY);
    const clusters = await clustersInReview(server.port, admin, 12);

    const traffic = (load = startLoad({ port: () => server.port, clients: 32, clusters, admin, reviewers, timeoutMs: CLIENT_TIMEOUT_MS }));
    await waitUntil(() => traffic.successes() >= 50, 20_000);

    // Down: a fast shutdown terminates every connection, the pool's and the LISTEN one.
    await pg.stop();
    const downAt = traffic.records.length;
    // Health and commands answer, with SERVICE_UNAVAILABLE, while it is down.
    const health = await gql(server.port, '{ health }', {}, undefined, CLIENT_TIMEOUT_MS);
    expect(codesOf(health)).toEqual(['SERVICE_UNAVAILABLE']);
    await waitUntil(() => traffic.records.length >= downAt + 64, 10_000);

    await pg.start();
    const backAt = Date.now();
    // Serves again, by itself: a command succeeds within the bound.
    let recoveredMs = -1;
    while (Date.now() - backAt < RECOVERY_BOUND_MS) {
      const probe = await gql(server.port, MUTATIONS.submit, { id: clusters[0], t: 'Probe' }, admin, CLIENT_TIMEOUT_MS).catch(() => null);
      if (probe && (!probe.body?.errors || codesOf(probe).join() === 'FINAL_PHASE')) {
        recoveredMs = Date.now() - backAt;
        break;
      }
      await sleep(50);
    }
    expect(recoveredMs).toBeGreaterThanOrEqual(0);
    const recoveredAt = backAt + recoveredMs;
    const successesBack = traffic.successes();
    await waitUntil(() => traffic.successes() >= successesBack + 50, 20_000);
    const records = await traffic.stop();
    process.stdout.write(`database restart: the server served again ${recoveredMs} ms after PostgreSQL was back (${records.length} commands)\n`);

    // Every command got an answer in time (no hang, no dropped connection), and every answer
    // is a success or a coded error, never a 500 or a stack trace.
    const unanswered = records.filter((r) => r.failure);
    expect(unanswered.map(show)).toEqual([]);
    const bad = records.filter((r) => r.answer!.status !== 200 || LEAK.test(r.answer!.text) || codesOf(r.answer!).some((c) => !ALLOWED.includes(c)));
    expect(bad.map(show)).toEqual([]);
    const unavailable = records.filter((r) => codesOf(r.answer!).includes('SERVICE_UNAVAILABLE'));
    expect(unavailable.length).toBeGreaterThan(0);
    expect(unavailable[0].answer!.body.errors[0].message).toBe('The database is unavailable; retry later');
    // Commands succeeded before the restart and after it.
    const downIndex = records.findIndex((r) => codesOf(r.answer!).includes('SERVICE_UNAVAILABLE'));
    expect(records.slice(0, downIndex).some(succeeded)).toBe(true);
    const afterRecovery = records.filter((r) => r.startedAt > recoveredAt);
    expect(afterRecovery.filter(succeeded).length).toBeGreaterThan(0);
    // Once it serves again, it serves: no connection left over from before the restart fails a command.
    expect(afterRecovery.filter((r) => codesOf(r.answer!).includes('SERVICE_UNAVAILABLE')).map(show)).toEqual([]);

    // The outage is readable in the server's log: JSON lines only (knex's own "Connection
    // Error" warnings included), and each SERVICE_UNAVAILABLE one warn line, with no stack.
    const lines = server.output().split('\n').filter((l) => l.trim());
    expect(lines.filter((l) => !l.startsWith('{'))).toEqual([]);
    const logged = lines.map((l) => JSON.parse(l));
    const unavailableLogged = logged.filter((e) => e.code === 'SERVICE_UNAVAILABLE');
    expect(unavailableLogged.length).toBeGreaterThan(0);
    expect(unavailableLogged.filter((e) => e.level !== 40 || e.err !== undefined || JSON.stringify(e).includes('    at ')).slice(0, 3)).toEqual([]);

    // And what it acknowledged is all there, whole, and verifies.
    db = await sqlClient(pg.url);
    expect(await missingSuccesses(db, records)).toEqual([]);
    expect(await halfWrittenCommands(db)).toEqual([]);
    const { trail, replay } = await verifyAgency(server.port, admin);
    expect(trail).toMatchObject({ valid: true });
    expect(replay).toMatchObject({ valid: true, differences: [] });
  });
});
