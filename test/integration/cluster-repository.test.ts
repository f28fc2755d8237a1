import { MikroORM } from '@mikro-orm/postgresql';
import { createHash, randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, type ClusterState, type EventPayloads, type EventType } from '@clusterflow/engine';
import { ClusterCommandStore, ClusterRepository, clusterCursor, ormConfig, type ClusterPage, type ClusterPageQuery, type ClusterRow, type CommandWrite } from '@clusterflow/persistence';
import { createTestDatabase } from '../support/test-app';

const ZERO = '0'.repeat(64);
const A = 'agency-a';
const B = 'agency-b';

/** A cluster as the service would hold it between commands: its snapshot and chain head. */
interface Sim {
  agency: string;
  templateId: string;
  snapshot: ClusterState;
  lastHash: string;
}

interface StepOptions {
  at: string;
  actor?: string;
  role?: string | null;
  counting?: string[];
  score?: number | null;
  eligible?: boolean | null;
  dueAt?: string | null;
}

const hashOf = (clusterId: string, seq: number) => createHash('sha256').update(`${clusterId}:${seq}`).digest('hex');

describe('ClusterRepository (PostgreSQL)', () => {
  let orm: MikroORM;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabase('cluster_repository');
    orm = await MikroORM.init(ormConfig(db.url, { logger: () => undefined }));
    await orm.getMigrator().up();
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  const reader = () => new ClusterRepository(orm.em.fork());
  const sql = <T = any>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);

  const store = () => new ClusterCommandStore(orm.em);
  /** The row under the lock, as a command sees it (nothing written). */
  const lockedRow = (agency: string, id: string) =>
    store().withLockedCluster<ClusterRow | null>(agency, id, async (row) => ({ write: null, value: row }));

  function initialSnapshot(id: string, name: string, at: string, extra: Partial<ClusterState> = {}): ClusterState {
    return {
      id,
      name,
      sector: null,
      region: null,
      country: null,
      attributes: {},
      templateKey: 'cdp',
      templateVersion: 1,
      machine: { diagnostic: 'running' },
      phase: 'diagnostic',
      status: 'ACTIVE',
      version: 1,
      registeredAt: at,
      registeredBy: 'cda-1',
      cdaIds: ['cda-1'],
      roleAssignments: [],
      scores: {},
      artefacts: [],
      decisions: [],
      indicators: {},
      visits: [{ n: 1, phase: 'diagnostic', enteredAt: at, leftAt: null, viaGate: null, suspendedMs: 0, milestones: {} }],
      suspension: null,
      frozen: [],
      ...extra,
    };
  }

  async function register(agency: string, name: string, at: string, options: { id?: string; extra?: Partial<ClusterState>; score?: number | null; dueAt?: string | null } = {}): Promise<Sim> {
    const id = options.id ?? randomUUID();
    const snapshot = initialSnapshot(id, name, at, options.extra);
    const sim: Sim = { agency, templateId: randomUUID(), snapshot, lastHash: ZERO };
    const payload: EventPayloads['REGISTERED'] = {
      name,
      sector: snapshot.sector,
      region: snapshot.region,
      country: snapshot.country,
      attributes: {},
      templateKey: 'cdp',
      templateVersion: 1,
      cdaIds: snapshot.cdaIds,
    };
    await write(sim, true, 'REGISTERED', payload, { at, role: 'cda', score: options.score ?? null, dueAt: options.dueAt ?? null });
    return sim;
  }

  /** Records an event whose effect on the snapshot `change` has already made (version and seq are set here). */
  async function step<T extends EventType>(sim: Sim, type: T, payload: EventPayloads[T], options: StepOptions, change: (s: ClusterState) => void = () => undefined): Promise<void> {
    const next = structuredClone(sim.snapshot);
    change(next);
    next.version = sim.snapshot.version + 1;
    await store().withLockedCluster(sim.agency, sim.snapshot.id, async (locked) => {
      expect(locked?.version).toBe(sim.snapshot.version);
      const pending = { ...sim, snapshot: next };
      return { write: writeOf(pending, false, type, payload, options), value: undefined };
    });
    Object.assign(sim, { snapshot: next, lastHash: hashOf(next.id, next.version) });
  }

  async function write<T extends EventType>(sim: Sim, isNew: boolean, type: T, payload: EventPayloads[T], options: StepOptions): Promise<void> {
    const written = writeOf(sim, isNew, type, payload, options);
    if (isNew) await store().insert(sim.agency, written);
    else await store().withLockedCluster(sim.agency, sim.snapshot.id, async () => ({ write: written, value: undefined }));
    sim.lastHash = written.recorded.event.hash;
  }

  /** What one command writes, as the service builds it (with a made-up hash and projection). */
  function writeOf<T extends EventType>(sim: Sim, isNew: boolean, type: T, payload: EventPayloads[T], options: StepOptions): CommandWrite {
    const s = sim.snapshot;
    const hash = hashOf(s.id, s.version);
    expect(isNew).toBe(type === 'REGISTERED');
    return {
      templateId: sim.templateId,
      eventId: randomUUID(),
      recorded: {
        state: s,
        projection: {
          score: options.score ?? null,
          eligible: options.eligible ?? null,
          dueAt: options.dueAt ?? null,
          countingDecisionIds: options.counting ?? [],
          gates: [],
        },
        event: {
          clusterId: s.id,
          seq: s.version,
          type,
          role: options.role ?? null,
          payload,
          actor: options.actor ?? 'cda-1',
          actorName: options.actor ? null : 'Ana CDA',
          at: options.at,
          prevHash: sim.lastHash,
          hash,
        } as any,
      },
    };
  }

  async function expectBadInput(promise: Promise<unknown>, message: string): Promise<void> {
    const error = await promise.then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect((error as DomainError).message).toBe(message);
  }

  describe('commands', () => {
    it('registers: the cluster row, the first event and the first visit; find, lock and the event log read them back', async () => {
      const sim = await register(A, 'Dairy Valley', '2025-03-11T09:30:00.000Z', {
        extra: { sector: 'Agro', region: 'North', country: 'KE', cdaIds: ['cda-1', 'cda-2'] },
        score: null,
        dueAt: '2025-06-11T09:30:00.000Z',
      });
      const id = sim.snapshot.id;

      const found = await reader().find(A, id);
      expect(found).toEqual({
        id,
        agency: A,
        name: 'Dairy Valley',
        sector: 'Agro',
        region: 'North',
        country: 'KE',
        templateId: sim.templateId,
        templateKey: 'cdp',
        templateVersion: 1,
        phase: 'diagnostic',
        status: 'ACTIVE',
        version: 1,
        score: null,
        eligible: null,
        enteredPhaseAt: new Date('2025-03-11T09:30:00.000Z'),
        dueAt: new Date('2025-06-11T09:30:00.000Z'),
        registeredAt: new Date('2025-03-11T09:30:00.000Z'),
        registeredBy: 'cda-1',
        cdaIds: ['cda-1', 'cda-2'],
        snapshot: sim.snapshot,
        lastHash: hashOf(id, 1),
      });

      const locked = await lockedRow(A, id);
      expect(locked).toEqual({
        id,
        agency: A,
        name: 'Dairy Valley',
        templateId: sim.templateId,
        templateKey: 'cdp',
        templateVersion: 1,
        version: 1,
        snapshot: sim.snapshot,
        lastHash: hashOf(id, 1),
      });

      const events = await reader().eventsOf(A, id);
      expect(events).toEqual([
        {
          clusterId: id,
          seq: 1,
          type: 'REGISTERED',
          role: 'cda',
          actor: 'cda-1',
          actorName: 'Ana CDA',
          at: '2025-03-11T09:30:00.000Z',
          payload: expect.objectContaining({ name: 'Dairy Valley', cdaIds: ['cda-1', 'cda-2'] }),
        },
      ]);
      const [stored] = await reader().events(A, id);
      expect(stored).toMatchObject({ seq: 1, at: new Date('2025-03-11T09:30:00.000Z'), prevHash: ZERO, hash: hashOf(id, 1) });

      expect(await reader().visits(A, [id])).toEqual([
        { clusterId: id, n: 1, phase: 'diagnostic', enteredAt: new Date('2025-03-11T09:30:00.000Z'), leftAt: null, viaGate: null, suspendedMs: 0 },
      ]);
    });

    it('writes the projections of artefacts, decisions, indicators and visits, and keeps decision.counts in step', async () => {
      const sim = await register(A, 'Textiles East', '2025-01-01T00:00:00.000Z');
      const id = sim.snapshot.id;
      const [artefactId, v1, v2, d1, d2, d3] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];

      const submit = (versionId: string, number: number, at: string, counting: string[]) =>
        step(sim, 'ARTEFACT_SUBMITTED', { artefactId, versionId, number, type: 'diagnostic_report', title: `Report v${number}`, uri: number === 1 ? 'https://x/r1' : null, sha256: null, fields: { pages: 10 + number, final: number === 2 } }, { at, counting }, (s) => {
          const version = { id: versionId, number, title: `Report v${number}`, uri: null, sha256: null, fields: {}, submittedBy: 'cda-1', submittedAt: at };
          const existing = s.artefacts.find((a) => a.id === artefactId);
          if (existing) existing.versions.push(version);
          else s.artefacts.push({ id: artefactId, type: 'diagnostic_report', versions: [version] });
        });
      const decide = (decisionId: string, role: string, at: string, counting: string[], artefactVersionId: string | null) =>
        step(sim, 'DECIDED', { decisionId, gate: 'g_diagnostic', role, outcome: 'APPROVE', artefactVersionId, comment: role === 'pm' ? 'fine' : null }, { at, actor: `${role}-user`, role, counting }, (s) => {
          s.decisions.push({ id: decisionId, gate: 'g_diagnostic', role, outcome: 'APPROVE', decidedBy: `${role}-user`, decidedAt: at, artefactVersionId, comment: null, visit: 1 });
        });

      await submit(v1, 1, '2025-01-02T00:00:00.000Z', []);
      await decide(d1, 'pm', '2025-01-03T00:00:00.000Z', [d1], v1);
      await decide(d2, 'board', '2025-01-04T00:00:00.000Z', [d1, d2], null);
      const counts = async () => Object.fromEntries((await reader().decisions(A, [id])).map((d) => [d.id, d.counts]));
      expect(await counts()).toEqual({ [d1]: true, [d2]: true });

      // A new version voids the decision on the old one: the service passes the new counting set.
      await submit(v2, 2, '2025-01-05T00:00:00.000Z', [d2]);
      expect(await counts()).toEqual({ [d1]: false, [d2]: true });
      // Any command may change the set (here: everything voided, then restored).
      await step(sim, 'SCORED', { scores: { c1: 4 } }, { at: '2025-01-05T01:00:00.000Z', counting: [], score: 4, eligible: true }, (s) => {
        s.scores.c1 = 4;
      });
      expect(await counts()).toEqual({ [d1]: false, [d2]: false });
      expect(await reader().find(A, id)).toMatchObject({ score: 4, eligible: true });
      await step(sim, 'ROLE_ASSIGNED', { userId: 'u9', role: 'board' }, { at: '2025-01-05T02:00:00.000Z', counting: [d2], score: 4, eligible: true }, (s) => {
        s.roleAssignments.push({ userId: 'u9', role: 'board' });
      });
      expect(await counts()).toEqual({ [d1]: false, [d2]: true });

      const versions = await reader().artefactVersions(A, [id]);
      expect(versions.map((v) => [v.id, v.number, v.title])).toEqual([[v1, 1, 'Report v1'], [v2, 2, 'Report v2']]);
      expect(versions[0]).toMatchObject({ clusterId: id, artefactId, type: 'diagnostic_report', uri: 'https://x/r1', sha256: null, fields: { pages: 11, final: false }, submittedBy: 'cda-1', submittedAt: new Date('2025-01-02T00:00:00.000Z') });

      // Indicators: a second recording for a period supersedes the first.
      const record = (period: string, value: number, at: string) =>
        step(sim, 'INDICATOR_RECORDED', { indicator: 'jobs', period, value, note: value === 12.5 ? 'revised' : null }, { at, counting: [d2] });
      await record('2025', 10, '2025-02-01T00:00:00.000Z');
      await record('2026', 20, '2025-02-02T00:00:00.000Z');
      await record('2025', 12.5, '2025-02-03T00:00:00.000Z');
      const values = await sql(
        `select period, value, note, recorded_by, to_char(superseded_at at time zone 'UTC', 'YYYY-MM-DD') as superseded from indicator_value where cluster_id = ? order by recorded_at`,
        [id],
      );
      expect(values).toEqual([
        { period: '2025', value: 10, note: null, recorded_by: 'cda-1', superseded: '2025-02-03' },
        { period: '2026', value: 20, note: null, recorded_by: 'cda-1', superseded: null },
        { period: '2025', value: 12.5, note: 'revised', recorded_by: 'cda-1', superseded: null },
      ]);

      // Advancing closes visit 1 and opens visit 2; a decision in visit 2 records n = 2.
      await step(sim, 'ADVANCED', { gate: 'g_diagnostic', from: 'diagnostic', to: 'action_plan', decisionsUsed: [d2] }, { at: '2025-03-01T00:00:00.000Z', counting: [d2] }, (s) => {
        s.phase = 'action_plan';
        s.machine = { action_plan: 'running' };
        s.frozen.push(d2);
        s.visits[0].leftAt = '2025-03-01T00:00:00.000Z';
        s.visits.push({ n: 2, phase: 'action_plan', enteredAt: '2025-03-01T00:00:00.000Z', leftAt: null, viaGate: 'g_diagnostic', suspendedMs: 0, milestones: {} });
      });
      await decide(d3, 'pm', '2025-03-02T00:00:00.000Z', [d2, d3], null);
      const decisions = await reader().decisions(A, [id]);
      expect(decisions.map((d) => [d.id, d.visit, d.counts])).toEqual([[d1, 1, false], [d2, 1, true], [d3, 2, true]]);
      expect(decisions[0]).toMatchObject({ clusterId: id, clusterName: 'Textiles East', gate: 'g_diagnostic', role: 'pm', outcome: 'APPROVE', comment: 'fine', decidedBy: 'pm-user', decidedAt: new Date('2025-01-03T00:00:00.000Z'), artefactVersionId: v1 });

      // Suspension time lands on the current visit when the cluster resumes.
      await step(sim, 'SUSPENDED', { reason: 'funding' }, { at: '2025-03-03T00:00:00.000Z', counting: [d2, d3] }, (s) => {
        s.status = 'SUSPENDED';
        s.suspension = { since: '2025-03-03T00:00:00.000Z', reason: 'funding' };
      });
      expect((await reader().find(A, id))?.status).toBe('SUSPENDED');
      await step(sim, 'RESUMED', { suspendedMs: 86_400_000 * 40 }, { at: '2025-04-12T00:00:00.000Z', counting: [d2, d3] }, (s) => {
        s.status = 'ACTIVE';
        s.suspension = null;
        s.visits[1].suspendedMs = 86_400_000 * 40;
      });

      expect(await reader().visits(A, [id])).toEqual([
        { clusterId: id, n: 1, phase: 'diagnostic', enteredAt: new Date('2025-01-01T00:00:00.000Z'), leftAt: new Date('2025-03-01T00:00:00.000Z'), viaGate: null, suspendedMs: 0 },
        { clusterId: id, n: 2, phase: 'action_plan', enteredAt: new Date('2025-03-01T00:00:00.000Z'), leftAt: null, viaGate: 'g_diagnostic', suspendedMs: 3_456_000_000 },
      ]);
      const row = await reader().find(A, id);
      expect(row).toMatchObject({ phase: 'action_plan', status: 'ACTIVE', version: sim.snapshot.version, enteredPhaseAt: new Date('2025-03-01T00:00:00.000Z'), lastHash: sim.lastHash });
      expect(row?.snapshot).toEqual(sim.snapshot);

      // The log is complete, in order, and chained.
      const events = await reader().events(A, id);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: sim.snapshot.version }, (_, i) => i + 1));
      events.forEach((e, i) => expect(e.prevHash).toBe(i === 0 ? ZERO : events[i - 1].hash));
      expect((await reader().eventsOf(A, id)).map((e) => e.type)).toEqual(events.map((e) => e.type));
    });

    it('stores text with quotes, backslashes and question marks, and empty arrays, as given', async () => {
      const name = `O'Brien \\ "cluster"? $1 ?? \\?`;
      const sim = await register(A, name, '2025-01-01T00:00:00.000Z', { extra: { cdaIds: [], sector: "it's ?", attributes: { note: 'a\\b?c' } } });
      const id = sim.snapshot.id;
      const versionId = randomUUID();
      await step(sim, 'ARTEFACT_SUBMITTED', { artefactId: randomUUID(), versionId, number: 1, type: 'report', title: "what's new?", uri: null, sha256: null, fields: { 'odd key?': "va'lue\\" } }, { at: '2025-01-02T00:00:00.000Z' });
      const row = await reader().find(A, id);
      expect(row).toMatchObject({ name, sector: "it's ?", cdaIds: [] });
      expect(row?.snapshot).toEqual(sim.snapshot);
      expect((await reader().page(A, { filter: { search: "o'brien \\" }, sort: 'NAME', first: 5 }, new Date())).rows.map((r) => r.id)).toEqual([id]);
      const [version] = await reader().artefactVersions(A, [id]);
      expect(version).toMatchObject({ id: versionId, title: "what's new?", fields: { 'odd key?': "va'lue\\" } });
    });

    it('guards the version and the chain head: a stale write throws and writes nothing', async () => {
      const sim = await register(A, 'Guarded', '2025-01-01T00:00:00.000Z');
      const id = sim.snapshot.id;
      await step(sim, 'SCORED', { scores: { c1: 1 } }, { at: '2025-01-02T00:00:00.000Z' });
      const before = await reader().events(A, id);

      // A second writer that read version 1 (no lock) tries to record seq 2 again.
      const stale: Sim = { ...sim, snapshot: { ...structuredClone(sim.snapshot), version: 2 }, lastHash: hashOf(id, 1) };
      await expect(
        write(stale, false, 'ARTEFACT_SUBMITTED', { artefactId: randomUUID(), versionId: randomUUID(), number: 1, type: 't', title: 't', uri: null, sha256: null, fields: {} }, { at: '2025-01-03T00:00:00.000Z' }),
      ).rejects.toThrow(/was not at version 1/);

      // Right version, wrong previous hash.
      const forked: Sim = { ...sim, snapshot: { ...structuredClone(sim.snapshot), version: 3 }, lastHash: hashOf(id, 99) };
      await expect(write(forked, false, 'SCORED', { scores: { c1: 2 } }, { at: '2025-01-03T00:00:00.000Z' })).rejects.toThrow(/was not at version 2/);

      expect(await reader().events(A, id)).toEqual(before);
      expect(await reader().artefactVersions(A, [id])).toEqual([]);
      expect((await reader().find(A, id))?.version).toBe(2);

      // Registering an id twice fails on the primary key.
      await expect(register(A, 'Again', '2025-01-01T00:00:00.000Z', { id })).rejects.toThrow();
    });

    it('lock holds the row until the transaction ends', async () => {
      const sim = await register(A, 'Locked', '2025-01-01T00:00:00.000Z');
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const first = store().withLockedCluster(A, sim.snapshot.id, async () => {
        locked();
        await held;
        return { write: null, value: undefined };
      });
      await isLocked;
      await expect(
        orm.em.fork().transactional(async (em) => {
          await em.execute(`set local lock_timeout = '200ms'`);
          return em.execute(`select id from cluster where id = '${sim.snapshot.id}' for update`);
        }),
      ).rejects.toThrow(/lock timeout/);
      release();
      await first;
    });
  });

  describe('agency scoping', () => {
    it('a cluster of another agency is not found, not locked, not listed and has no events or projections', async () => {
      const sim = await register(B, 'Other agency', '2025-01-01T00:00:00.000Z');
      const id = sim.snapshot.id;
      const decisionId = randomUUID();
      await step(sim, 'DECIDED', { decisionId, gate: 'g', role: 'pm', outcome: 'REJECT', artefactVersionId: null, comment: null }, { at: '2025-01-02T00:00:00.000Z', counting: [decisionId] }, (s) => {
        s.decisions.push({ id: decisionId, gate: 'g', role: 'pm', outcome: 'REJECT', decidedBy: 'cda-1', decidedAt: '2025-01-02T00:00:00.000Z', artefactVersionId: null, comment: null, visit: 1 });
      });
      expect(await reader().find(B, id)).not.toBeNull();

      const repo = reader();
      expect(await repo.find(A, id)).toBeNull();
      expect(await repo.findMany(A, [id])).toEqual([]);
      expect(await lockedRow(A, id)).toBeNull();
      expect(await repo.events(A, id)).toEqual([]);
      expect(await repo.eventsOf(A, id)).toEqual([]);
      expect(await repo.decisions(A, [id])).toEqual([]);
      expect(await repo.visits(A, [id])).toEqual([]);
      const listed = await repo.page(A, { sort: 'REGISTERED_AT', first: 500 }, new Date());
      expect(listed.rows.map((r) => r.id)).not.toContain(id);
      expect((await repo.decisions(B, [id])).map((d) => d.id)).toEqual([decisionId]);

      // Another agency cannot write to it either.
      const hijack: Sim = { ...structuredClone(sim), agency: A, snapshot: { ...structuredClone(sim.snapshot), version: 3 } };
      await expect(write(hijack, false, 'SCORED', { scores: { c: 1 } }, { at: '2025-01-03T00:00:00.000Z' })).rejects.toThrow(/was not at version 2/);
    });

    it('every method requires an agency', async () => {
      const repo = reader();
      const id = randomUUID();
      await expect(repo.find('', id)).rejects.toThrow(/agency is required/);
      await expect(repo.findMany('', [id])).rejects.toThrow(/agency is required/);
      await expect(lockedRow('', id)).rejects.toThrow(/agency is required/);
      await expect(repo.page('', { sort: 'NAME', first: 1 }, new Date())).rejects.toThrow(/agency is required/);
      await expect(repo.artefactVersions('', [id])).rejects.toThrow(/agency is required/);
      await expect(repo.decisions('', [id])).rejects.toThrow(/agency is required/);
      await expect(repo.visits('', [id])).rejects.toThrow(/agency is required/);
      await expect(repo.events('', id)).rejects.toThrow(/agency is required/);
      await expect(repo.eventsOf('', id)).rejects.toThrow(/agency is required/);
      await expect(store().insert('', {} as any)).rejects.toThrow(/agency is required/);
    });

    it('ids that are not uuids name no cluster', async () => {
      const repo = reader();
      expect(await repo.find(A, 'not-a-uuid')).toBeNull();
      expect(await repo.findMany(A, ["x' or 1=1 --"])).toEqual([]);
      expect(await repo.events(A, 'nope')).toEqual([]);
    });
  });

  describe('page', () => {
    const P = 'agency-list';
    const now = new Date('2025-06-01T00:00:00.000Z');
    // id order: c1 < c2 < ... (fixed ids make the tie-breaks checkable)
    const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
    const clusters: { n: number; name: string; at: string; score: number | null; due: string | null; sector?: string; region?: string; country?: string; phase?: string; status?: 'ACTIVE' | 'SUSPENDED' }[] = [
      { n: 1, name: 'Coffee Highlands', at: '2025-01-05T00:00:00.000Z', score: 7.5, due: '2025-05-01T00:00:00.000Z', sector: 'Agro-food', country: 'ET' },
      { n: 2, name: 'auto parts', at: '2025-01-01T00:00:00.000Z', score: null, due: null, sector: 'Automotive' },
      { n: 3, name: 'Blue Economy', at: '2025-01-03T00:00:00.000Z', score: 9, due: '2025-07-01T00:00:00.000Z', region: 'Coast', phase: 'action_plan' },
      { n: 4, name: 'Dairy 100%', at: '2025-01-02T00:00:00.000Z', score: 7.5, due: '2025-06-01T00:00:00.000Z' },
      { n: 5, name: 'Electronics', at: '2025-01-04T00:00:00.000Z', score: null, due: '2025-01-01T00:00:00.000Z', status: 'SUSPENDED' },
      { n: 6, name: 'Furniture', at: '2025-01-06T00:00:00.000Z', score: 3, due: null, country: 'Kenya' },
      { n: 7, name: 'Dairy 1000', at: '2025-01-02T00:00:00.000Z', score: 7.5, due: null },
    ];

    beforeAll(async () => {
      for (const c of clusters) {
        await register(P, c.name, c.at, {
          id: id(c.n),
          score: c.score,
          dueAt: c.due,
          extra: { sector: c.sector ?? null, region: c.region ?? null, country: c.country ?? null, phase: c.phase ?? 'diagnostic', status: c.status ?? 'ACTIVE' },
        });
      }
      // The same id in another agency must never show up here.
      await register(B, 'Coffee elsewhere', '2025-01-01T00:00:00.000Z', { score: 10 });
    });

    /** Every page of a list, `first` at a time, following the cursors. */
    async function walk(query: Omit<ClusterPageQuery, 'after' | 'first'>, first: number): Promise<{ ids: number[]; pages: ClusterPage[] }> {
      const pages: ClusterPage[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await reader().page(P, { ...query, first, after }, now);
        pages.push(page);
        if (!page.hasNextPage) break;
        after = clusterCursor(query.sort, page.rows[page.rows.length - 1]);
        expect(pages.length).toBeLessThan(20);
      }
      const ids = pages.flatMap((p) => p.rows.map((r) => Number(r.id.slice(-12))));
      return { ids, pages };
    }

    it('REGISTERED_AT: ascending, ties by id, across pages, with the total of the whole list', async () => {
      const { ids, pages } = await walk({ sort: 'REGISTERED_AT' }, 2);
      expect(ids).toEqual([2, 4, 7, 3, 5, 1, 6]);
      expect(pages.map((p) => p.rows.length)).toEqual([2, 2, 2, 1]);
      expect(pages.map((p) => p.totalCount)).toEqual([7, 7, 7, 7]);
      expect(pages.map((p) => p.hasNextPage)).toEqual([true, true, true, false]);
      expect(pages[0].rows[0]).toMatchObject({ agency: P, name: 'auto parts', registeredAt: new Date('2025-01-01T00:00:00.000Z'), sector: 'Automotive' });
    });

    it('NAME: ascending, then id', async () => {
      const { ids } = await walk({ sort: 'NAME' }, 3);
      const expected = [...clusters].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.n - b.n));
      // The database collation decides where the lower-case name goes; the order is the same on every page.
      const all = await reader().page(P, { sort: 'NAME', first: 100 }, now);
      expect(ids).toEqual(all.rows.map((r) => Number(r.id.slice(-12))));
      expect(new Set(ids)).toEqual(new Set(expected.map((c) => c.n)));
      expect(ids.indexOf(4)).toBeLessThan(ids.indexOf(7)); // 'Dairy 100%' before 'Dairy 1000'
    });

    it('SCORE: descending, nulls last, ties by id, across pages of one', async () => {
      const { ids, pages } = await walk({ sort: 'SCORE' }, 1);
      expect(ids).toEqual([3, 1, 4, 7, 6, 2, 5]);
      expect(pages.every((p) => p.totalCount === 7)).toBe(true);
      expect(pages[0].rows[0].score).toBe(9);
    });

    it('filters: search (case-insensitive, any of name, sector, region, country; wildcards literal), overdue, phase, status, template', async () => {
      const list = async (filter: ClusterPageQuery['filter'], sort: ClusterPageQuery['sort'] = 'REGISTERED_AT') => {
        const page = await reader().page(P, { filter, sort, first: 100 }, now);
        expect(page.totalCount).toBe(page.rows.length);
        return page.rows.map((r) => Number(r.id.slice(-12)));
      };
      expect(await list({ search: 'DAIRY' })).toEqual([4, 7]);
      expect(await list({ search: 'agro' })).toEqual([1]);
      expect(await list({ search: 'coast' })).toEqual([3]);
      expect(await list({ search: 'KEN' })).toEqual([6]);
      expect(await list({ search: 'auto' })).toEqual([2]);
      expect(await list({ search: '0%' })).toEqual([4]);
      expect(await list({ search: '_' })).toEqual([]);
      expect(await list({ search: '' })).toHaveLength(7);
      // due before now; a cluster due exactly now is not overdue
      expect(await list({ overdue: true })).toEqual([5, 1]);
      expect(await list({ overdue: false })).toEqual([2, 4, 7, 3, 6]);
      expect(await list({ phase: 'action_plan' })).toEqual([3]);
      expect(await list({ status: 'SUSPENDED' })).toEqual([5]);
      expect(await list({ templateKey: 'cdp', overdue: false, search: 'dairy' })).toEqual([4, 7]);
      expect(await list({ templateKey: 'other' })).toEqual([]);
      expect(await list({ phase: null, status: null, search: null, overdue: null })).toHaveLength(7);

      // Filtered and paginated: the total stays the filtered total.
      const first = await reader().page(P, { filter: { overdue: false }, sort: 'SCORE', first: 2 }, now);
      expect(first.rows.map((r) => Number(r.id.slice(-12)))).toEqual([3, 4]);
      expect(first).toMatchObject({ hasNextPage: true, totalCount: 5 });
      const second = await reader().page(P, { filter: { overdue: false }, sort: 'SCORE', first: 2, after: clusterCursor('SCORE', first.rows[1]) }, now);
      expect(second.rows.map((r) => Number(r.id.slice(-12)))).toEqual([7, 6]);
      expect(second).toMatchObject({ hasNextPage: true, totalCount: 5 });
    });

    it('an empty page still counts the list; first = 0 answers only the count', async () => {
      const zero = await reader().page(P, { sort: 'NAME', first: 0 }, now);
      expect(zero).toEqual({ rows: [], hasNextPage: true, totalCount: 7 });
      const none = await reader().page(P, { filter: { search: 'no such cluster' }, sort: 'NAME', first: 10 }, now);
      expect(none).toEqual({ rows: [], hasNextPage: false, totalCount: 0 });
      const last = await reader().page(P, { sort: 'SCORE', first: 5, after: clusterCursor('SCORE', { id: id(5), name: '', score: null, registeredAt: now }) }, now);
      expect(last).toEqual({ rows: [], hasNextPage: false, totalCount: 7 });
    });

    it('a malformed cursor, or one of another sort, is BAD_USER_INPUT', async () => {
      const repo = reader();
      const message = 'after is not a cursor of this list';
      const row = { id: id(1), name: 'Coffee Highlands', score: 7.5, registeredAt: new Date('2025-01-05T00:00:00.000Z') };
      const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      for (const after of [
        'not a cursor!',
        'abc',
        Buffer.from('{"not":"json"').toString('base64url'),
        b64({ sort: 'NAME' }),
        b64(['NAME', 'x', 'not-a-uuid']),
        b64(['SCORE', 'high', id(1)]),
        b64(['REGISTERED_AT', 'yesterday', id(1)]),
        clusterCursor('SCORE', row),
        clusterCursor('REGISTERED_AT', row),
      ]) {
        await expectBadInput(repo.page(P, { sort: 'NAME', first: 2, after }, now), message);
      }
      await expectBadInput(repo.page(P, { sort: 'NAME', first: -1 }, now), 'first must be a non-negative integer, not -1');
      // Well-formed cursors of the right sort work.
      expect((await repo.page(P, { sort: 'NAME', first: 2, after: clusterCursor('NAME', row) }, now)).totalCount).toBe(7);
      expect((await repo.page(P, { sort: 'REGISTERED_AT', first: 2, after: clusterCursor('REGISTERED_AT', row) }, now)).rows.map((r) => r.id)).toEqual([id(6)]);
    });

    it('the batch loaders answer many clusters in one call, only of the agency', async () => {
      const repo = reader();
      const visits = await repo.visits(P, [id(1), id(2), id(3), randomUUID()]);
      expect(visits.map((v) => [Number(v.clusterId.slice(-12)), v.n])).toEqual([[1, 1], [2, 1], [3, 1]]);
      const found = await repo.findMany(P, [id(3), id(1), id(3), randomUUID()]);
      expect(found.map((r) => r.id)).toEqual([id(3), id(1)]);
      expect(await repo.findMany(P, [])).toEqual([]);
      expect(await repo.decisions(P, [])).toEqual([]);
    });
  });
});
