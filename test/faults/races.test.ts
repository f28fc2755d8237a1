import type { Client } from 'pg';
import {
  LEAK,
  MUTATIONS,
  codesOf,
  dataOf,
  gql,
  halfWrittenCommands,
  sqlClient,
  startOwnPostgres,
  startServer,
  raceAgency,
  verifyAgency,
  type GqlAnswer,
  type OwnPostgres,
  type ServerProcess,
} from './support/fault-harness';

/**
 * Races: 100 concurrent mixed commands (decisions, submissions, advances, some with a stale
 * expectedVersion) on one cluster, spread over two server processes on one database, so that
 * both the in-process queue and the row lock between processes are in play.
 */
const AGENCY = 'race-agency';
/** Codes a command that lost a race, or broke a rule, may get: never INTERNAL, never a 500. */
const LOSER_CODES = ['CONFLICT', 'GATE_NOT_READY', 'BAD_USER_INPUT', 'FINAL_PHASE'];

describe('100 concurrent mixed commands on one cluster, on two server processes', () => {
  let pg: OwnPostgres;
  const servers: ServerProcess[] = [];
  let db: Client;
  let admin: string;
  let reviewers: string[];

  beforeAll(async () => {
    pg = await startOwnPostgres('races');
    // Both at once on the empty database: they take turns applying the migrations.
    const started = await Promise.allSettled([startServer(pg.url), startServer(pg.url)]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    db = await sqlClient(pg.url);
    ({ admin, reviewers } = await raceAgency(servers[0].port, AGENCY));
  });
  afterAll(async () => {
    await db?.end();
    await Promise.all(servers.map((s) => s.stop()));
    await pg?.dispose();
  });

  it('ends in the state the committed events replay to; every loser gets CONFLICT or a rule error', async () => {
    const port = (i: number) => servers[i % 2].port;
    const { id } = dataOf(await gql(port(0), MUTATIONS.register, { n: 'Race' }, admin));
    dataOf(await gql(port(0), MUTATIONS.submit, { id, t: 'R0' }, admin));
    dataOf(await gql(port(1), MUTATIONS.advance, { id, g: 'start' }, admin));
    // Version 3, in review: three approvals pass `finish`.

    const commands: { kind: string; run: () => Promise<GqlAnswer> }[] = Array.from({ length: 100 }, (_, i) => {
      switch (i % 5) {
        case 0:
        case 1:
          return { kind: 'decide', run: () => gql(port(i), MUTATIONS.decide, { id, o: i % 7 === 0 ? 'REJECT' : 'APPROVE' }, reviewers[i % 5]) };
        case 2:
          return { kind: 'submit', run: () => gql(port(i), MUTATIONS.submit, { id, t: `R${i}` }, admin) };
        case 3:
          return { kind: 'advance', run: () => gql(port(i), MUTATIONS.advance, { id, g: 'finish' }, admin) };
        default:
          // A client that read version 3 and expects it still: CONFLICT once anything else won.
          return { kind: 'stale', run: () => gql(port(i), MUTATIONS.advance, { id, g: 'finish', v: 3 }, admin) };
      }
    });
    const answers = await Promise.all(commands.map((c) => c.run()));

    const unexpected = answers.filter((a) => a.status !== 200 || LEAK.test(a.text) || codesOf(a).some((c) => !LOSER_CODES.includes(c)));
    expect(unexpected.map((a) => `${a.status} ${a.text}`)).toEqual([]);
    const winners = answers.filter((a) => !a.body.errors);
    const losers = answers.filter((a) => a.body.errors);
    expect(losers.every((a) => codesOf(a).length === 1)).toBe(true);
    // Every stale expectedVersion lost, with CONFLICT (the decisions and submissions came first or not, version 3 is gone).
    const stale = commands.map((c, i) => [c.kind, answers[i]] as const).filter(([k]) => k === 'stale').map(([, a]) => a);
    expect(stale.filter((a) => !a.body.errors).length).toBeLessThanOrEqual(1);

    // The committed events are the winners, and nothing else.
    const { rows: events } = await db.query(`select seq, type, payload from cluster_event where cluster_id = $1 order by seq`, [id]);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: events.length }, (_, i) => i + 1));
    expect(events.length).toBe(3 + winners.length);
    const recorded = new Set(events.flatMap((e) => [e.payload.decisionId, e.payload.versionId].filter(Boolean)));
    for (const [i, a] of answers.entries()) {
      if (a.body.errors) continue;
      const kind = commands[i].kind;
      if (kind === 'decide') expect(recorded.has(a.body.data.decide.id)).toBe(true);
      if (kind === 'submit') expect(recorded.has(a.body.data.submitArtefact.id)).toBe(true);
      if (kind === 'advance' || kind === 'stale') expect(events[a.body.data.advance.version - 1]?.type).toBe('ADVANCED');
    }

    // The final state is the replay of those events, the chain holds, nothing is half-written.
    const final = dataOf(await gql(port(0), `query($id: ID!) { cluster(id: $id) { version phase } }`, { id }, admin));
    expect(final.version).toBe(events.length);
    const { trail, replay } = await verifyAgency(port(1), admin);
    expect(trail).toMatchObject({ valid: true, eventsChecked: events.length });
    expect(replay).toMatchObject({ valid: true, clustersChecked: 1, differences: [] });
    expect(await halfWrittenCommands(db)).toEqual([]);
    // Losers ran into each other: the race really happened.
    expect(losers.length).toBeGreaterThan(0);
    expect(new Set(losers.map((a) => codesOf(a)[0])).has('CONFLICT')).toBe(true);
  });
});
