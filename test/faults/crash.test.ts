import type { Client } from 'pg';
import {
  MUTATIONS,
  clustersInReview,
  codesOf,
  gql,
  halfWrittenCommands,
  missingSuccesses,
  sqlClient,
  startLoad,
  startOwnPostgres,
  startServer,
  succeeded,
  raceAgency,
  verifyAgency,
  waitUntil,
  type OwnPostgres,
  type ServerProcess,
} from './support/fault-harness';

/**
 * Crash: kill -9 the server in the middle of a 32-client load of mixed commands, start a new
 * one on the same database, and check that every command that was answered with success is in
 * the log, every chain verifies, every replay equals its snapshot, and no command is half-written.
 */
const AGENCY = 'crash-agency';

describe('kill -9 of the server under load', () => {
  let pg: OwnPostgres;
  const servers: ServerProcess[] = [];
  let db: Client;
  let load: ReturnType<typeof startLoad> | undefined;

  beforeAll(async () => {
    pg = await startOwnPostgres('crash');
    db = await sqlClient(pg.url);
  });
  afterAll(async () => {
    await load?.stop();
    await db?.end();
    await Promise.all(servers.map((s) => s.kill9()));
    await pg?.dispose();
  });

  it('loses no acknowledged command and leaves no half-written one', async () => {
    const first = await startServer(pg.url);
    servers.push(first);
    const { admin, reviewers } = await raceAgency(first.port, AGENCY);
    const clusters = await clustersInReview(first.port, admin, 12);

    const traffic = (load = startLoad({ port: () => first.port, clients: 32, clusters, admin, reviewers, timeoutMs: 5_000 }));
    // Kill it in full flight: once commands have succeeded, with 32 in progress.
    await waitUntil(() => traffic.successes() >= 100, 20_000);
    const inFlight = traffic.records.filter((r) => !r.answer && !r.failure).length;
    await first.kill9();
    const records = await traffic.stop();
    const acknowledged = records.filter(succeeded);
    expect(acknowledged.length).toBeGreaterThanOrEqual(100);
    expect(inFlight).toBeGreaterThan(0);
    // Some commands never got an answer: they were cut off by the kill.
    expect(records.some((r) => r.failure)).toBe(true);

    // Nothing half-written, even before a server comes back: PostgreSQL rolled back whatever was open.
    expect(await halfWrittenCommands(db)).toEqual([]);
    expect(await missingSuccesses(db, records)).toEqual([]);

    const restartedAt = Date.now();
    const second = await startServer(pg.url);
    servers.push(second);
    process.stdout.write(
      `crash: killed with ${inFlight} commands in flight after ${acknowledged.length} acknowledged; a new server answered ${Date.now() - restartedAt} ms after its start\n`,
    );
    const { trail, replay } = await verifyAgency(second.port, admin);
    expect(trail).toMatchObject({ valid: true });
    expect(replay).toMatchObject({ valid: true, differences: [] });
    // Every cluster and event in the database was checked (a registration may have committed
    // and died before its answer went out: in the log, never acknowledged, which is fine).
    const { rows } = await db.query(
      `select (select count(*)::int from cluster where agency = $1) as clusters, (select count(*)::int from cluster_event where agency = $1) as events`,
      [AGENCY],
    );
    expect(replay.clustersChecked).toBe(rows[0].clusters);
    expect(trail.eventsChecked).toBe(rows[0].events);
    expect(rows[0].clusters).toBeGreaterThanOrEqual(clusters.length);

    // No lock or transaction outlived the dead server: every cluster takes a command at once
    // (recorded, or refused by a rule when the cluster has finished).
    for (const id of clusters) {
      const after = await gql(second.port, MUTATIONS.submit, { id, t: 'After the crash' }, admin, 5_000);
      expect(['ok', 'FINAL_PHASE']).toContain(after.body.errors ? codesOf(after).join() : 'ok');
    }
    expect(await halfWrittenCommands(db)).toEqual([]);
  });
});
