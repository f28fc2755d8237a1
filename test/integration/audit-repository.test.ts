import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { DomainError, ErrorCode, eventHash, GENESIS_HASH } from '@clusterflow/engine';
import { AuditRepository, ormConfig, type AuditEventRow } from '@clusterflow/persistence';
import { createTestDatabase } from '../support/test-app';

/**
 * The auditor's reads straight on PostgreSQL, with rows written by SQL (a realistic volume,
 * quickly): keyset batches of the export across batch and cluster boundaries, agency
 * isolation, and the plans of the approval history (which indexes serve which filter).
 */

const A = 'audit-repo-a';
const B = 'audit-repo-b';
const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const DECIDERS = ['ada', 'bo', 'cy', 'dee', 'eve'];

interface Seeded {
  clusters: string[];
  events: Map<string, AuditEventRow[]>;
}

describe('AuditRepository (PostgreSQL)', () => {
  let orm: MikroORM;
  let db: { url: string; drop(): Promise<void> };
  const seeded: Record<string, Seeded> = {};

  const sql = <T = any>(text: string, params: unknown[] = []) => orm.em.fork().execute<T[]>(text, params);
  const repo = () => new AuditRepository(orm.em.fork());

  /** Clusters with `events(i)` events each, hashed and chained as the server does. */
  async function seedClusters(agency: string, count: number, events: (i: number) => number): Promise<Seeded> {
    const clusters: string[] = [];
    const byCluster = new Map<string, AuditEventRow[]>();
    const rows: AuditEventRow[] = [];
    for (let i = 0; i < count; i++) {
      const clusterId = randomUUID();
      clusters.push(clusterId);
      let prevHash = GENESIS_HASH;
      const list: AuditEventRow[] = [];
      for (let seq = 1; seq <= events(i); seq++) {
        const at = new Date(T0 + i * 60_000 + seq * 1000).toISOString();
        const type = seq === 1 ? 'REGISTERED' : 'INDICATOR_RECORDED';
        const role = seq === 1 ? null : 'cda';
        const payload = seq === 1 ? { name: `Cluster ${i}`, note: 'a "quoted", comma\nline' } : { indicator: 'jobs', period: '2025', value: seq };
        const hash = eventHash({ clusterId, seq, type, actor: 'ada', role, at, payload, prevHash });
        const row: AuditEventRow = { id: randomUUID(), clusterId, seq, type: type as AuditEventRow['type'], actor: 'ada', actorName: seq === 1 ? 'Ada' : null, role, at, payload, prevHash, hash };
        list.push(row);
        rows.push(row);
        prevHash = hash;
      }
      byCluster.set(clusterId, list);
      await sql(
        `insert into cluster (id, agency, name, template_id, template_key, template_version, phase, status, version, entered_phase_at,
                              registered_at, registered_by, cda_ids, snapshot, last_hash)
         values (?, ?, ?, ?, 'tpl', 1, 'draft', 'ACTIVE', ?, ?::timestamptz, ?::timestamptz, 'ada', '{}', '{}'::jsonb, ?)`,
        [clusterId, agency, `Cluster ${i}`, randomUUID(), list.length, list[0].at, list[0].at, prevHash],
      );
    }
    for (let start = 0; start < rows.length; start += 2000) {
      const part = rows.slice(start, start + 2000);
      await sql(
        `insert into cluster_event (id, agency, cluster_id, seq, type, actor, actor_name, role, at, payload, prev_hash, hash)
         select e.id::uuid, ?, e.cluster_id::uuid, e.seq, e.type, e.actor, e.actor_name, e.role, e.at::timestamptz, e.payload, e.prev_hash, e.hash
           from jsonb_to_recordset(?::jsonb) as e(id text, cluster_id text, seq int, type text, actor text, actor_name text, role text, at text, payload jsonb, prev_hash text, hash text)`,
        [
          agency,
          JSON.stringify(part.map((r) => ({ id: r.id, cluster_id: r.clusterId, seq: r.seq, type: r.type, actor: r.actor, actor_name: r.actorName, role: r.role, at: r.at, payload: r.payload, prev_hash: r.prevHash, hash: r.hash }))),
        ],
      );
    }
    return { clusters, events: byCluster };
  }

  beforeAll(async () => {
    db = await createTestDatabase('audit_repository');
    orm = await MikroORM.init(ormConfig(db.url, { logger: () => undefined }));
    await orm.getMigrator().up();
    // Agency A: 30 clusters of 1 to 150 events (2,280 in all: three export batches and a bit).
    seeded[A] = await seedClusters(A, 30, (i) => 1 + ((i * 37) % 150));
    seeded[B] = await seedClusters(B, 5, () => 20);
    // 20,000 decisions over 200 clusters of both agencies, five deciders, one a minute.
    await sql(
      `insert into decision (id, agency, cluster_id, cluster_name, gate, role, outcome, decided_by, decided_at, visit, counts, event_id)
       select gen_random_uuid(), case when c % 4 = 0 then ? else ? end, ('00000000-0000-4000-8000-' || lpad(c::text, 12, '0'))::uuid,
              'Cluster ' || c, case when n % 3 = 0 then 'finish' else 'submit' end, case when n % 2 = 0 then 'reviewer' else 'board' end,
              case when n % 5 = 0 then 'REJECT' else 'APPROVE' end, (array[?, ?, ?, ?, ?])[1 + n % 5],
              ?::timestamptz + (n || ' minutes')::interval, 1, n % 7 <> 0, gen_random_uuid()
         from generate_series(1, 20000) n, lateral (select n % 200 as c) x`,
      [B, A, ...DECIDERS, new Date(T0).toISOString()],
    );
    await sql('analyze decision');
    await sql('analyze cluster_event');
    await sql('analyze cluster');
  }, 120_000);

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  describe('export batches', () => {
    async function readAll(agency: string, clusterId: string | null, limit: number): Promise<{ rows: AuditEventRow[]; batches: number }> {
      const rows: AuditEventRow[] = [];
      let batches = 0;
      for (;;) {
        const last = rows[rows.length - 1];
        const batch = await repo().exportBatch(agency, clusterId, last ? { clusterId: last.clusterId, seq: last.seq } : null, limit);
        batches++;
        rows.push(...batch);
        if (batch.length < limit) return { rows, batches };
      }
    }

    it('read the whole agency in (cluster, seq) order across batches, each event once, every chain whole', async () => {
      const { rows, batches } = await readAll(A, null, 1000);
      const expected = [...seeded[A].events.values()].flat().sort((x, y) => (x.clusterId < y.clusterId ? -1 : x.clusterId > y.clusterId ? 1 : x.seq - y.seq));
      expect(rows).toHaveLength(expected.length);
      expect(batches).toBe(Math.floor(expected.length / 1000) + 1);
      expect(rows).toEqual(expected);
      for (const [i, e] of rows.entries()) {
        const prev = rows[i - 1];
        expect(e.prevHash).toBe(prev && prev.clusterId === e.clusterId ? prev.hash : GENESIS_HASH);
        expect(eventHash(e)).toBe(e.hash);
      }
    });

    it('read one cluster in seq order, also with a batch smaller than the cluster', async () => {
      const cluster = seeded[A].clusters.find((c) => seeded[A].events.get(c)!.length > 100)!;
      const { rows, batches } = await readAll(A, cluster, 7);
      expect(rows).toEqual(seeded[A].events.get(cluster));
      expect(batches).toBe(Math.floor(rows.length / 7) + 1);
    });

    it('never read another agency\'s events', async () => {
      expect(await repo().exportBatch(B, seeded[A].clusters[0], null, 1000)).toEqual([]);
      const { rows } = await readAll(B, null, 1000);
      expect(rows).toHaveLength(100);
      expect(new Set(rows.map((r) => r.clusterId))).toEqual(new Set(seeded[B].clusters));
      expect(await repo().exportBatch(A, 'not-a-uuid', null, 10)).toEqual([]);
    });
  });

  describe('trail pages', () => {
    it('page a cluster\'s events by seq, and tell an unknown cluster from an empty page', async () => {
      const cluster = seeded[A].clusters[3];
      const all = seeded[A].events.get(cluster)!;
      const first = await repo().trailPage(A, cluster, 10);
      expect(first).toMatchObject({ found: true, hasNextPage: true });
      expect(first.rows).toEqual(all.slice(0, 10));
      const rest = await repo().trailPage(A, cluster, 500, 10);
      expect(rest.rows).toEqual(all.slice(10));
      expect(rest.hasNextPage).toBe(false);
      expect(await repo().trailPage(A, cluster, 10, all.length)).toEqual({ found: true, rows: [], hasNextPage: false });
      expect(await repo().trailPage(B, cluster, 10)).toEqual({ found: false, rows: [], hasNextPage: false });
      expect(await repo().trailPage(A, randomUUID(), 10)).toEqual({ found: false, rows: [], hasNextPage: false });
    });
  });

  describe('approval pages', () => {
    it('page the agency\'s decisions newest first with the filtered count, and never another agency\'s', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page = await repo().approvalPage(A, { filter: { decidedBy: 'bo', from: new Date(T0 + 1000 * 60_000), to: new Date(T0 + 3000 * 60_000) }, first: 150, after });
        pages++;
        expect(page.totalCount).toBe(300); // bo decides every fifth minute; three quarters are agency A's
        seen.push(...page.rows.map((r) => r.decidedAt.toISOString()));
        for (const r of page.rows) expect(r.decidedBy).toBe('bo');
        if (!page.hasNextPage) break;
        after = page.rows[page.rows.length - 1].cursor;
      }
      expect(pages).toBe(2);
      expect(seen).toHaveLength(300);
      expect([...seen].sort().reverse()).toEqual(seen);
      expect(seen[0] < new Date(T0 + 3000 * 60_000).toISOString()).toBe(true);
      expect(seen[seen.length - 1] >= new Date(T0 + 1000 * 60_000).toISOString()).toBe(true);
      const other = await repo().approvalPage(B, { filter: { clusterId: '00000000-0000-4000-8000-000000000001' }, first: 5 });
      expect(other).toMatchObject({ rows: [], totalCount: 0, hasNextPage: false });
    });

    it('refuse a cursor it did not make', async () => {
      const refusal = await repo().approvalPage(A, { first: 5, after: 'bm90IGEgY3Vyc29y' }).catch((e) => e);
      expect(refusal).toBeInstanceOf(DomainError);
      expect((refusal as DomainError).code).toBe(ErrorCode.BAD_USER_INPUT);
    });

    interface PlanNode {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      Plans?: PlanNode[];
    }

    /** The scans of the statement the repository sends, with its values, as EXPLAIN plans it. */
    async function scansOf(run: (r: AuditRepository) => Promise<unknown>): Promise<{ decisionIndexes: string[]; decisionSeqScans: number }> {
      const statements: string[] = [];
      const real = orm.em.fork();
      const spy = { execute: async (text: string, params: unknown[]) => (statements.push(real.getPlatform().formatQuery(text, params)), []) } as unknown as EntityManager;
      await run(new AuditRepository(spy));
      expect(statements).toHaveLength(1);
      const [row] = await sql<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(`explain (format json) ${statements[0]}`);
      const nodes: PlanNode[] = [];
      const walk = (n: PlanNode) => (nodes.push(n), (n.Plans ?? []).forEach(walk));
      walk(row['QUERY PLAN'][0].Plan);
      return {
        // Index scans name their table; bitmap index scans only their index.
        decisionIndexes: nodes.map((n) => n['Index Name']).filter((n): n is string => !!n && n.startsWith('decision_')),
        decisionSeqScans: nodes.filter((n) => n['Relation Name'] === 'decision' && n['Node Type'] === 'Seq Scan').length,
      };
    }

    it('use the (agency, decided_by, decided_at) index for a decider and a date range', async () => {
      const scans = await scansOf((r) => r.approvalPage(A, { filter: { decidedBy: 'cy', from: new Date(T0), to: new Date(T0 + 86_400_000) }, first: 50 }));
      expect(scans.decisionIndexes).toEqual(['decision_agency_decided_by_decided_at_index', 'decision_agency_decided_by_decided_at_index']); // the count and the page
      expect(scans.decisionSeqScans).toBe(0);
    });

    it('use the (cluster_id, decided_at) index for a cluster', async () => {
      const scans = await scansOf((r) => r.approvalPage(A, { filter: { clusterId: '00000000-0000-4000-8000-000000000001' }, first: 50 }));
      expect(scans.decisionIndexes).toEqual(['decision_cluster_id_decided_at_index', 'decision_cluster_id_decided_at_index']);
      expect(scans.decisionSeqScans).toBe(0);
    });

    it('use the (agency, decided_at) index for a date range alone, also on a later page', async () => {
      const first = await repo().approvalPage(A, { filter: { from: new Date(T0), to: new Date(T0 + 86_400_000) }, first: 50 });
      const scans = await scansOf((r) => r.approvalPage(A, { filter: { from: new Date(T0), to: new Date(T0 + 86_400_000) }, first: 50, after: first.rows[49].cursor }));
      expect(scans.decisionIndexes).toEqual(['decision_agency_decided_at_index', 'decision_agency_decided_at_index']);
      expect(scans.decisionSeqScans).toBe(0);
    });
  });
});
