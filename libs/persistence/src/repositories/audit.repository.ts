import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, type EventType, type Outcome } from '@clusterflow/engine';
import { toDecision, type DecisionRecord } from './cluster.repository';
import { decodeKeysetCursor, encodeKeysetCursor, eventFields, iso, isUuid, isoMicros, required, type Row } from './rows';

/**
 * The auditor's reads, for one agency per call: a cluster's event log page by page, the
 * agency's decisions across clusters (the approval history), and the event log in keyset
 * batches for the export. Raw SQL through `em.execute`, as in cluster.repository.ts; every
 * statement filters by the agency.
 */

/** An event as recorded, `at` as ISO 8601 UTC text with milliseconds (the form the hash covers). */
export interface AuditEventRow {
  id: string;
  clusterId: string;
  seq: number;
  type: EventType;
  actor: string;
  actorName: string | null;
  role: string | null;
  at: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export interface TrailPage {
  /** False when the agency has no cluster of this id. */
  found: boolean;
  rows: AuditEventRow[];
  hasNextPage: boolean;
}

export interface ApprovalListFilter {
  clusterId?: string | null;
  decidedBy?: string | null;
  role?: string | null;
  gate?: string | null;
  outcome?: Outcome | null;
  /** Inclusive: decided at or after this moment. */
  from?: Date | null;
  /** Exclusive: decided before this moment. */
  to?: Date | null;
}

export interface ApprovalPageQuery {
  filter?: ApprovalListFilter | null;
  first: number;
  /** A cursor from `decisionCursor`. */
  after?: string | null;
}

export interface ApprovalPage {
  /** False when `filter.clusterId` names no cluster of the agency. */
  clusterFound: boolean;
  /** Newest first (decided_at desc, id desc). */
  rows: (DecisionRecord & { cursor: string })[];
  hasNextPage: boolean;
  /** Size of the whole filtered list, not of the page. */
  totalCount: number;
}

/** Where an export batch continues: after this event (the keyset is (cluster_id, seq)). */
export interface ExportPosition {
  clusterId: string;
  seq: number;
}

/** The same with microseconds: the exact value, for keyset cursors. */

const EVENT_COLUMNS = `id, cluster_id, seq, type, actor, actor_name, role, ${iso('at')} as at, payload, prev_hash, hash`;

/** The decider's name is the one their DECIDED event recorded (the decision row keeps the user id). */
const DECISION_COLUMNS = `id, cluster_id, cluster_name, gate, role, outcome, comment, decided_by,
  (select e.actor_name from cluster_event e where e.id = decision.event_id) as decided_by_name, ${iso('decided_at')} as decided_at,
  ${isoMicros('decided_at')} as cursor_at, decided_at as sort_at, artefact_version_id, visit, counts, conditions, event_id`;

const MAX_SEQ = 2_147_483_647;

export class AuditRepository {
  constructor(private readonly em: EntityManager) {}

  /** Whether the agency has a cluster of this id. */
  async clusterExists(agency: string, clusterId: string): Promise<boolean> {
    required(agency);
    if (!isUuid(clusterId)) return false;
    const rows = await this.em.execute<Row[]>('select 1 from cluster where agency = ? and id = ?::uuid', [agency, clusterId]);
    return rows.length > 0;
  }

  /**
   * One page of a cluster's events in seq order, after event `afterSeq` (0: from the
   * start), and whether the cluster exists; one statement.
   */
  async trailPage(agency: string, clusterId: string, first: number, afterSeq = 0): Promise<TrailPage> {
    required(agency);
    if (!Number.isInteger(first) || first < 0) throw new Error(`first must be a non-negative integer, not ${first}`);
    if (!isUuid(clusterId)) return { found: false, rows: [], hasNextPage: false };
    const rows = await this.em.execute<Row[]>(
      `select c.id as found_id, e.*
         from cluster c
         left join lateral (
           select ${EVENT_COLUMNS} from cluster_event
            where agency = c.agency and cluster_id = c.id and seq > ?::int
            order by seq
            limit ?::int
         ) e on true
        where c.agency = ? and c.id = ?::uuid
        order by e.seq`,
      [afterSeq, first + 1, agency, clusterId],
    );
    if (!rows.length) return { found: false, rows: [], hasNextPage: false };
    const events = rows.filter((r) => r.id != null).map(toEvent);
    return { found: true, rows: events.slice(0, first), hasNextPage: events.length > first };
  }

  /**
   * Up to `limit` events of the agency (or of one of its clusters) after `after`, in
   * (cluster_id, seq) order: one batch of the export.
   */
  async exportBatch(agency: string, clusterId: string | null, after: ExportPosition | null, limit: number): Promise<AuditEventRow[]> {
    required(agency);
    const where = ['agency = ?'];
    const values: unknown[] = [agency];
    if (clusterId != null) {
      if (!isUuid(clusterId)) return [];
      where.push('cluster_id = ?::uuid', 'seq > ?::int');
      values.push(clusterId, after?.seq ?? 0);
    } else if (after) {
      where.push('(cluster_id, seq) > (?::uuid, ?::int)');
      values.push(after.clusterId, after.seq);
    }
    const rows = await this.em.execute<Row[]>(
      `select ${EVENT_COLUMNS} from cluster_event where ${where.join(' and ')} order by cluster_id, seq limit ?::int`,
      [...values, limit],
    );
    return rows.map(toEvent);
  }

  /**
   * One page of the agency's decisions, newest first (decided_at desc, id desc), keyset
   * paginated, with the size of the whole filtered list; one statement. `from` is
   * inclusive, `to` exclusive.
   */
  async approvalPage(agency: string, query: ApprovalPageQuery): Promise<ApprovalPage> {
    required(agency);
    const { first } = query;
    if (!Number.isInteger(first) || first < 0) throw new Error(`first must be a non-negative integer, not ${first}`);
    const f = query.filter ?? {};
    const after = query.after == null ? null : decodeDecisionCursor(query.after);
    if (f.clusterId != null && !isUuid(f.clusterId)) return { clusterFound: false, rows: [], hasNextPage: false, totalCount: 0 };

    const where: string[] = ['agency = ?'];
    const values: unknown[] = [agency];
    const add = (clause: string, ...params: unknown[]) => {
      where.push(clause);
      values.push(...params);
    };
    if (f.clusterId != null) add('cluster_id = ?::uuid', f.clusterId);
    if (f.decidedBy != null) add('decided_by = ?', f.decidedBy);
    if (f.role != null) add('role = ?', f.role);
    if (f.gate != null) add('gate = ?', f.gate);
    if (f.outcome != null) add('outcome = ?', f.outcome);
    if (f.from != null) add('decided_at >= ?::timestamptz', f.from.toISOString());
    if (f.to != null) add('decided_at < ?::timestamptz', f.to.toISOString());

    const keyset: string[] = [];
    const keysetValues: unknown[] = [];
    if (after) {
      // PostgreSQL turns the row comparison's leading column into an index bound (decided_at <= ...).
      keyset.push('(decided_at, id) < (?::timestamptz, ?::uuid)');
      keysetValues.push(after.at, after.id);
    }
    const filter = where.join(' and ');
    const clusterFound = f.clusterId != null ? 'exists (select 1 from cluster where agency = ? and id = ?::uuid)' : 'true';
    const clusterValues = f.clusterId != null ? [agency, f.clusterId] : [];
    const rows = await this.em.execute<Row[]>(
      `select t.total_count, t.cluster_found, p.*
         from (select count(*)::int as total_count, ${clusterFound} as cluster_found from decision where ${filter}) t
         left join lateral (
           select ${DECISION_COLUMNS} from decision
            where ${[filter, ...keyset].join(' and ')}
            order by decided_at desc, id desc
            limit ?::int
         ) p on true
        order by p.sort_at desc, p.id desc`,
      [...clusterValues, ...values, ...values, ...keysetValues, first + 1],
    );
    const totalCount = rows[0]?.total_count ?? 0;
    const found = rows.filter((r) => r.id != null).map((r) => ({ ...toDecision(r), cursor: encodeDecisionCursor(r.cursor_at, r.id) }));
    return { clusterFound: rows[0]?.cluster_found !== false, rows: found.slice(0, first), hasNextPage: found.length > first, totalCount };
  }
}

/** An opaque cursor: base64url of the exact decided_at (microseconds) and the id. */
function encodeDecisionCursor(at: string, id: string): string {
  return encodeKeysetCursor('DECISION', at, id);
}

function decodeDecisionCursor(cursor: string): { at: string; id: string } {
  const { key, id } = decodeKeysetCursor(
    'DECISION',
    cursor,
    (at) => typeof at === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at) && !Number.isNaN(Date.parse(at)),
    200,
  );
  return { at: key as string, id };
}

/** The seq an audit-trail cursor names: the cursor is the seq as decimal text. */
export function decodeSeqCursor(cursor: string): number {
  const n = /^\d{1,10}$/.test(cursor) ? Number(cursor) : NaN;
  if (!Number.isSafeInteger(n) || n > MAX_SEQ) throw badInput('after is not a cursor of this list (the seq of an event, as text)', { argument: 'after' });
  return n;
}

function toEvent(r: Row): AuditEventRow {
  return { ...eventFields(r), type: r.type as EventType };
}
