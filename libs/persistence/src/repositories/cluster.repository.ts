import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeKeysetCursor, encodeKeysetCursor, eventFields, iso, isUuid, required, uuids, type Row } from './rows';
import {
  badInput,
  type ClusterEvent,
  type ClusterState,
  type ClusterStatus,
  type ConditionState,
  type EventType,
  type FileFacts,
  type Outcome,
} from '@clusterflow/engine';

/**
 * Clusters, their event log and the projections folded from it, for one agency per call:
 * the read side (the command path is `ClusterCommandStore` in cluster-commands.ts).
 *
 * Reads are raw SQL through `em.execute` (MikroORM formats the `?` values into the
 * statement with PostgreSQL literal quoting), not the unit of work. Arrays are bound as
 * `array[?]` (MikroORM expands an array value into a comma-separated list; `array[]::uuid[]`
 * is valid SQL). Timestamps are read back through `to_char` in UTC with milliseconds
 * (MikroORM leaves timestamptz as text).
 */

/** A whole cluster row (every column), for the read side. */
export interface ClusterRecord {
  id: string;
  agency: string;
  name: string;
  sector: string | null;
  region: string | null;
  country: string | null;
  templateId: string;
  templateKey: string;
  templateVersion: number;
  phase: string;
  status: ClusterStatus;
  version: number;
  score: number | null;
  eligible: boolean | null;
  enteredPhaseAt: Date;
  dueAt: Date | null;
  registeredAt: Date;
  registeredBy: string;
  cdaIds: string[];
  snapshot: ClusterState;
  lastHash: string;
}

export type ClusterSort = 'REGISTERED_AT' | 'NAME' | 'SCORE';

export interface ClusterListFilter {
  phase?: string | null;
  status?: ClusterStatus | null;
  templateKey?: string | null;
  templateVersion?: number | null;
  /** Case-insensitive substring of name, sector, region or country. */
  search?: string | null;
  /** true: due before `now`; false: not due, or due at or after `now`. */
  overdue?: boolean | null;
}

export interface ClusterPageQuery {
  filter?: ClusterListFilter | null;
  sort: ClusterSort;
  first: number;
  /** A cursor from `clusterCursor` of the same sort. */
  after?: string | null;
}

export interface ClusterPage {
  rows: ClusterRecord[];
  hasNextPage: boolean;
  /** Size of the whole filtered list, not of the page. */
  totalCount: number;
}

export interface ArtefactVersionRecord {
  id: string;
  clusterId: string;
  artefactId: string;
  number: number;
  type: string;
  title: string;
  uri: string | null;
  sha256: string | null;
  fields: Record<string, unknown>;
  submittedBy: string;
  submittedAt: Date;
  eventId: string;
  /** The attached files, as the version's ARTEFACT_SUBMITTED event records them. */
  files: FileFacts[];
}

export interface DecisionRecord {
  id: string;
  clusterId: string;
  clusterName: string;
  gate: string;
  role: string;
  outcome: Outcome;
  comment: string | null;
  decidedBy: string;
  /** The decider's name as their token gave it (the DECIDED event's actor name). */
  decidedByName: string | null;
  decidedAt: Date;
  artefactVersionId: string | null;
  visit: number;
  counts: boolean;
  /** The conditions of an APPROVE_WITH_CONDITIONS, open or closed; empty for other outcomes. */
  conditions: ConditionState[];
  eventId: string;
}

export interface PhaseVisitRecord {
  clusterId: string;
  n: number;
  phase: string;
  enteredAt: Date;
  leftAt: Date | null;
  viaGate: string | null;
  suspendedMs: number;
}

export interface ClusterEventRecord {
  id: string;
  clusterId: string;
  seq: number;
  type: EventType;
  actor: string;
  actorName: string | null;
  role: string | null;
  at: Date;
  payload: unknown;
  prevHash: string;
  hash: string;
}



const CLUSTER_COLUMNS = [
  'id', 'agency', 'name', 'sector', 'region', 'country', 'template_id', 'template_key', 'template_version',
  'phase', 'status', 'version', 'score', 'eligible',
  `${iso('entered_phase_at')} as entered_phase_at`, `${iso('due_at')} as due_at`, `${iso('registered_at')} as registered_at`,
  'registered_by', 'cda_ids', 'snapshot', 'last_hash',
].join(', ');

const ORDER: Record<ClusterSort, (alias: string) => string> = {
  REGISTERED_AT: (a) => `${a}registered_at, ${a}id`,
  NAME: (a) => `${a}name, ${a}id`,
  SCORE: (a) => `${a}score desc nulls last, ${a}id`,
};

export class ClusterRepository {
  constructor(private readonly em: EntityManager) {}

  async find(agency: string, clusterId: string): Promise<ClusterRecord | null> {
    const [row] = await this.findMany(agency, [clusterId]);
    return row ?? null;
  }

  /** The clusters of these ids that exist in the agency, in the order of `ids`. */
  async findMany(agency: string, ids: readonly string[]): Promise<ClusterRecord[]> {
    required(agency);
    const wanted = uuids(ids);
    if (!wanted.length) return [];
    const rows = await this.em.execute<Row[]>(
      `select ${CLUSTER_COLUMNS} from cluster where agency = ? and id = any(array[?]::uuid[])`,
      [agency, wanted],
    );
    const byId = new Map(rows.map((r) => [String(r.id).toLowerCase(), toCluster(r)]));
    return [...new Set(ids.map((id) => id.toLowerCase()))].flatMap((id) => byId.get(id) ?? []);
  }

  /** The cluster's version (its last event's seq); null when the agency has no such cluster. */
  async version(agency: string, clusterId: string): Promise<number | null> {
    required(agency);
    if (!isUuid(clusterId)) return null;
    const [row] = await this.em.execute<Row[]>('select version from cluster where agency = ? and id = ?::uuid', [agency, clusterId]);
    return row?.version ?? null;
  }

  /**
   * Clusters of the agency on one template version that have not finished, in id order, up
   * to `limit` after `afterId`: what a bulk migration plans, batch after batch.
   */
  async onTemplateVersion(agency: string, templateKey: string, templateVersion: number, afterId: string | null, limit: number): Promise<ClusterRecord[]> {
    required(agency);
    const rows = await this.em.execute<Row[]>(
      `select ${CLUSTER_COLUMNS} from cluster
        where agency = ? and template_key = ? and template_version = ? and status <> 'FINISHED' and id > ?::uuid
        order by id limit ?`,
      [agency, templateKey, templateVersion, afterId ?? '00000000-0000-0000-0000-000000000000', limit],
    );
    return rows.map(toCluster);
  }

  /**
   * One page of the agency's clusters, keyset-paginated, with the size of the whole filtered
   * list; one statement. `now` decides `overdue`.
   */
  async page(agency: string, query: ClusterPageQuery, now: Date): Promise<ClusterPage> {
    required(agency);
    const { sort, first } = query;
    if (!ORDER[sort]) throw new Error(`not a cluster sort: ${String(sort)}`);
    if (!Number.isInteger(first) || first < 0) throw badInput(`first must be a non-negative integer, not ${first}`, { argument: 'first' });
    const after = query.after == null ? null : decodeCursor(sort, query.after);

    const where: string[] = ['agency = ?'];
    const values: unknown[] = [agency];
    const add = (clause: string, ...params: unknown[]) => {
      where.push(clause);
      values.push(...params);
    };
    const f = query.filter ?? {};
    if (f.phase != null) add('phase = ?', f.phase);
    if (f.status != null) add('status = ?', f.status);
    if (f.templateKey != null) add('template_key = ?', f.templateKey);
    if (f.templateVersion != null) {
      if (!Number.isInteger(f.templateVersion) || f.templateVersion < 1) throw badInput(`filter.templateVersion must be a positive integer, not ${f.templateVersion}`);
      add('template_version = ?', f.templateVersion);
    }
    if (f.search) {
      const pattern = `%${f.search.replace(/[\\%_]/g, '\\$&')}%`;
      add('(name ilike ? or sector ilike ? or region ilike ? or country ilike ?)', pattern, pattern, pattern, pattern);
    }
    if (f.overdue === true) add('due_at < ?::timestamptz', now.toISOString());
    if (f.overdue === false) add('(due_at is null or due_at >= ?::timestamptz)', now.toISOString());

    const keyset: string[] = [];
    const keysetValues: unknown[] = [];
    if (after) {
      if (sort === 'REGISTERED_AT') {
        keyset.push('(registered_at, id) > (?::timestamptz, ?::uuid)');
        keysetValues.push(after.key, after.id);
      } else if (sort === 'NAME') {
        keyset.push('(name, id) > (?, ?::uuid)');
        keysetValues.push(after.key, after.id);
      } else if (after.key === null) {
        keyset.push('(score is null and id > ?::uuid)');
        keysetValues.push(after.id);
      } else {
        keyset.push('(score < ?::float8 or (score = ?::float8 and id > ?::uuid) or score is null)');
        keysetValues.push(after.key, after.key, after.id);
      }
    }
    const filter = where.join(' and ');
    const rows = await this.em.execute<Row[]>(
      `select t.total_count, p.*
         from (select count(*)::int as total_count from cluster where ${filter}) t
         left join lateral (
           select ${CLUSTER_COLUMNS} from cluster
            where ${[filter, ...keyset].join(' and ')}
            order by ${ORDER[sort]('')}
            limit ?::int
         ) p on true
        order by ${ORDER[sort]('p.')}`,
      [...values, ...values, ...keysetValues, first + 1],
    );
    const total = rows[0]?.total_count ?? 0;
    const found = rows.filter((r) => r.id != null).map(toCluster);
    return { rows: found.slice(0, first), hasNextPage: found.length > first, totalCount: total };
  }

  /** Every artefact version of these clusters, in submission order. */
  async artefactVersions(agency: string, clusterIds: readonly string[]): Promise<ArtefactVersionRecord[]> {
    required(agency);
    const ids = uuids(clusterIds);
    if (!ids.length) return [];
    const rows = await this.em.execute<Row[]>(
      `select v.id, v.cluster_id, v.artefact_id, v.number, v.type, v.title, v.uri, v.sha256, v.fields, v.submitted_by,
              ${iso('v.submitted_at')} as submitted_at, v.event_id, e.payload->'files' as files
         from artefact_version v join cluster_event e on e.id = v.event_id
        where v.agency = ? and v.cluster_id = any(array[?]::uuid[])
        order by v.cluster_id, e.seq`,
      [agency, ids],
    );
    return rows.map(toVersion);
  }

  /** The artefact versions of these ids that exist in the agency (any order): one statement for a page of decisions. */
  async artefactVersionsByIds(agency: string, versionIds: readonly string[]): Promise<ArtefactVersionRecord[]> {
    required(agency);
    const ids = uuids(versionIds);
    if (!ids.length) return [];
    const rows = await this.em.execute<Row[]>(
      `select v.id, v.cluster_id, v.artefact_id, v.number, v.type, v.title, v.uri, v.sha256, v.fields, v.submitted_by,
              ${iso('v.submitted_at')} as submitted_at, v.event_id, e.payload->'files' as files
         from artefact_version v join cluster_event e on e.id = v.event_id
        where v.agency = ? and v.id = any(array[?]::uuid[])`,
      [agency, ids],
    );
    return rows.map(toVersion);
  }

  /** Every decision given on these clusters, in the order they were recorded (their events' seq). */
  async decisions(agency: string, clusterIds: readonly string[]): Promise<DecisionRecord[]> {
    required(agency);
    const ids = uuids(clusterIds);
    if (!ids.length) return [];
    const rows = await this.em.execute<Row[]>(
      `select d.id, d.cluster_id, d.cluster_name, d.gate, d.role, d.outcome, d.comment, d.decided_by, e.actor_name as decided_by_name,
              ${iso('d.decided_at')} as decided_at, d.artefact_version_id, d.visit, d.counts, d.conditions, d.event_id
         from decision d join cluster_event e on e.id = d.event_id
        where d.agency = ? and d.cluster_id = any(array[?]::uuid[])
        order by d.cluster_id, e.seq`,
      [agency, ids],
    );
    return rows.map(toDecision);
  }

  /** Every phase visit of these clusters, ordered by cluster, then n. */
  async visits(agency: string, clusterIds: readonly string[]): Promise<PhaseVisitRecord[]> {
    required(agency);
    const ids = uuids(clusterIds);
    if (!ids.length) return [];
    const rows = await this.em.execute<Row[]>(
      `select cluster_id, n, phase, ${iso('entered_at')} as entered_at, ${iso('left_at')} as left_at, via_gate, suspended_ms
         from phase_visit
        where agency = ? and cluster_id = any(array[?]::uuid[])
        order by cluster_id, n`,
      [agency, ids],
    );
    return rows.map((r) => ({
      clusterId: r.cluster_id,
      n: r.n,
      phase: r.phase,
      enteredAt: new Date(r.entered_at),
      leftAt: r.left_at == null ? null : new Date(r.left_at),
      viaGate: r.via_gate,
      suspendedMs: Number(r.suspended_ms),
    }));
  }

  /** The cluster's events as recorded (audit trail), ordered by seq; empty when not found. */
  async events(agency: string, clusterId: string): Promise<ClusterEventRecord[]> {
    return (await this.eventRows(agency, clusterId)).map((r) => ({ ...eventFields(r), at: new Date(r.at) }));
  }

  /** The cluster's events in the engine's shape (`at` as ISO 8601 with ms), ordered by seq, for replay. */
  async eventsOf(agency: string, clusterId: string): Promise<ClusterEvent[]> {
    return (await this.eventRows(agency, clusterId)).map(
      (r) =>
        ({
          type: r.type,
          role: r.role,
          payload: r.payload,
          clusterId: r.cluster_id,
          seq: r.seq,
          actor: r.actor,
          actorName: r.actor_name,
          at: r.at,
        }) as ClusterEvent,
    );
  }

  private async eventRows(agency: string, clusterId: string): Promise<Row[]> {
    required(agency);
    if (!isUuid(clusterId)) return [];
    return this.em.execute<Row[]>(
      `select id, cluster_id, seq, type, actor, actor_name, role, ${iso('at')} as at, payload, prev_hash, hash
         from cluster_event where agency = ? and cluster_id = ?::uuid order by seq`,
      [agency, clusterId],
    );
  }
}

/** The cursor of a row in a list sorted by `sort`: opaque base64url of the sort key and the id. */
export function clusterCursor(sort: ClusterSort, row: Pick<ClusterRecord, 'id' | 'name' | 'score' | 'registeredAt'>): string {
  const key = sort === 'REGISTERED_AT' ? row.registeredAt.toISOString() : sort === 'NAME' ? row.name : row.score;
  return encodeKeysetCursor(sort, key, row.id);
}

function decodeCursor(sort: ClusterSort, cursor: string): { key: string | number | null; id: string } {
  const { key, id } = decodeKeysetCursor(sort, cursor, (key) =>
    sort === 'REGISTERED_AT'
      ? typeof key === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(key) && !Number.isNaN(Date.parse(key))
      : sort === 'NAME'
        ? typeof key === 'string'
        : key === null || (typeof key === 'number' && Number.isFinite(key)),
  );
  return { key: key as string | number | null, id };
}

/** A decision row (snake_case, `decided_at` as ISO 8601 text) as a record. */
export function toDecision(r: Row): DecisionRecord {
  return {
    id: r.id,
    clusterId: r.cluster_id,
    clusterName: r.cluster_name,
    gate: r.gate,
    role: r.role,
    outcome: r.outcome,
    comment: r.comment,
    decidedBy: r.decided_by,
    decidedByName: r.decided_by_name ?? null,
    decidedAt: new Date(r.decided_at),
    artefactVersionId: r.artefact_version_id,
    visit: r.visit,
    counts: r.counts,
    conditions: r.conditions ?? [],
    eventId: r.event_id,
  };
}

function toVersion(r: Row): ArtefactVersionRecord {
  return {
    id: r.id,
    clusterId: r.cluster_id,
    artefactId: r.artefact_id,
    number: r.number,
    type: r.type,
    title: r.title,
    uri: r.uri,
    sha256: r.sha256,
    fields: r.fields,
    submittedBy: r.submitted_by,
    submittedAt: new Date(r.submitted_at),
    eventId: r.event_id,
    files: r.files ?? [],
  };
}

function toCluster(r: Row): ClusterRecord {
  return {
    id: r.id,
    agency: r.agency,
    name: r.name,
    sector: r.sector,
    region: r.region,
    country: r.country,
    templateId: r.template_id,
    templateKey: r.template_key,
    templateVersion: r.template_version,
    phase: r.phase,
    status: r.status,
    version: r.version,
    score: r.score,
    eligible: r.eligible,
    enteredPhaseAt: new Date(r.entered_phase_at),
    dueAt: r.due_at == null ? null : new Date(r.due_at),
    registeredAt: new Date(r.registered_at),
    registeredBy: r.registered_by,
    cdaIds: r.cda_ids,
    snapshot: r.snapshot,
    lastHash: r.last_hash,
  };
}

