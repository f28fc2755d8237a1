import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import {
  badInput,
  type ClusterEvent,
  type ClusterState,
  type ClusterStatus,
  type EventPayloads,
  type EventType,
  type Outcome,
  type PhaseVisitState,
} from '@clusterflow/engine';

/**
 * Clusters, their event log and the projections folded from it, for one agency per call.
 *
 * Everything here is raw SQL through `em.execute` (MikroORM formats the `?` values into the
 * statement with PostgreSQL literal quoting), not the unit of work: a command costs one
 * `select ... for update` and one write statement. Arrays are bound as `array[?]` (MikroORM
 * expands an array value into a comma-separated list; `array[]::uuid[]` is valid SQL), JSON
 * as a string cast to jsonb, timestamps as ISO strings cast to timestamptz. Timestamps are
 * read back through `to_char` in UTC with milliseconds (MikroORM leaves timestamptz as text).
 */

/** What a command needs of the cluster it changes: read under `select ... for update`. */
export interface ClusterRow {
  id: string;
  agency: string;
  name: string;
  templateId: string;
  templateKey: string;
  templateVersion: number;
  version: number;
  snapshot: ClusterState;
  lastHash: string;
}

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

/** An event as recorded (the audit trail), with its id and place in the hash chain. */
export type StoredClusterEvent = ClusterEvent & { id: string; prevHash: string; hash: string };

/** Everything one command writes, in one statement. */
export interface CommandWrite {
  /** REGISTERED: insert the cluster row; else update it. */
  isNew: boolean;
  cluster: {
    id: string;
    templateId: string;
    snapshot: ClusterState;
    score: number | null;
    eligible: boolean | null;
    /** ISO 8601; null when the phase has no due date or the cluster is suspended or finished. */
    dueAt: string | null;
    lastHash: string;
  };
  event: StoredClusterEvent;
  /** Decisions of this cluster whose `counts` must now be true; all its others become false. */
  countingDecisionIds: string[];
}

export type ClusterSort = 'REGISTERED_AT' | 'NAME' | 'SCORE';

export interface ClusterListFilter {
  phase?: string | null;
  status?: ClusterStatus | null;
  templateKey?: string | null;
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
  decidedAt: Date;
  artefactVersionId: string | null;
  visit: number;
  counts: boolean;
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

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A timestamptz column as ISO 8601 UTC text with milliseconds (`2025-03-11T09:30:00.000Z`). */
const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

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

type Row = Record<string, any>;

export class ClusterRepository {
  constructor(private readonly em: EntityManager) {}

  /** The cluster row, locked until the end of the caller's transaction; null when not found. */
  async lock(agency: string, clusterId: string): Promise<ClusterRow | null> {
    required(agency);
    if (!isUuid(clusterId)) return null;
    const rows = await this.em.execute<Row[]>(
      `select id, agency, name, template_id, template_key, template_version, version, snapshot, last_hash
         from cluster where agency = ? and id = ?::uuid for update`,
      [agency, clusterId],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      agency: r.agency,
      name: r.name,
      templateId: r.template_id,
      templateKey: r.template_key,
      templateVersion: r.template_version,
      version: r.version,
      snapshot: r.snapshot,
      lastHash: r.last_hash,
    };
  }

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

  /**
   * Records one command in one statement: the event, the cluster row and the projections.
   * Every part is conditioned on the cluster insert or the guarded update (previous version
   * `snapshot.version - 1` and previous hash `event.prevHash`) having hit its row, so a failed
   * guard writes nothing and throws.
   */
  async commit(agency: string, write: CommandWrite): Promise<void> {
    required(agency);
    const { cluster, event, isNew } = write;
    const s = cluster.snapshot;
    const visit = s.visits[s.visits.length - 1];
    if (event.clusterId !== cluster.id || s.id !== cluster.id) throw new Error('commit: the event, the row and the snapshot name different clusters');
    if (event.seq !== s.version) throw new Error(`commit: event seq ${event.seq} does not match snapshot version ${s.version}`);
    if (isNew !== (event.type === 'REGISTERED')) throw new Error('commit: a new cluster row goes with REGISTERED, and only with it');
    if (!visit) throw new Error('commit: the snapshot has no phase visit');

    const ctes: string[] = [];
    const params: unknown[] = [];
    const cte = (name: string, sql: string, values: unknown[]) => {
      ctes.push(`${name} as (${sql})`);
      params.push(...values);
    };
    const common = [
      s.name, s.sector, s.region, s.country, cluster.templateId, s.templateKey, s.templateVersion, s.phase, s.status, s.version,
      cluster.score, cluster.eligible, visit.enteredAt, cluster.dueAt, s.cdaIds, JSON.stringify(s), cluster.lastHash,
    ];
    if (isNew) {
      cte(
        'c',
        `insert into cluster (name, sector, region, country, template_id, template_key, template_version, phase, status, version,
           score, eligible, entered_phase_at, due_at, cda_ids, snapshot, last_hash, id, agency, registered_at, registered_by)
         values (?, ?, ?, ?, ?::uuid, ?, ?::int, ?, ?, ?::int, ?::float8, ?::boolean, ?::timestamptz, ?::timestamptz, array[?]::text[],
           ?::jsonb, ?, ?::uuid, ?, ?::timestamptz, ?)
         returning id`,
        [...common, cluster.id, agency, s.registeredAt, s.registeredBy],
      );
    } else {
      cte(
        'c',
        `update cluster set name = ?, sector = ?, region = ?, country = ?, template_id = ?::uuid, template_key = ?,
           template_version = ?::int, phase = ?, status = ?, version = ?::int, score = ?::float8, eligible = ?::boolean,
           entered_phase_at = ?::timestamptz, due_at = ?::timestamptz, cda_ids = array[?]::text[], snapshot = ?::jsonb, last_hash = ?
         where agency = ? and id = ?::uuid and version = ?::int and last_hash = ?
         returning id`,
        [...common, agency, cluster.id, s.version - 1, event.prevHash],
      );
    }
    cte(
      'e',
      `insert into cluster_event (id, agency, cluster_id, seq, type, actor, actor_name, role, at, payload, prev_hash, hash)
       select ?::uuid, ?, c.id, ?::int, ?, ?, ?, ?, ?::timestamptz, ?::jsonb, ?, ? from c`,
      [event.id, agency, event.seq, event.type, event.actor, event.actorName, event.role, event.at, JSON.stringify(event.payload), event.prevHash, event.hash],
    );
    this.projections(agency, write, visit, cte);
    if (!isNew) {
      const counting = uuids(write.countingDecisionIds);
      cte(
        'k',
        `update decision set counts = (id = any(array[?]::uuid[]))
          where agency = ? and cluster_id = ?::uuid and counts <> (id = any(array[?]::uuid[])) and exists (select 1 from c)`,
        [counting, agency, cluster.id, counting],
      );
    }
    const rows = await this.em.execute<Row[]>(`with ${ctes.join(',\n')}\nselect count(*)::int as n from c`, params);
    if (rows[0]?.n !== 1) {
      throw new Error(
        `cluster ${cluster.id} was not at version ${s.version - 1} with the event's previous hash: nothing written (a concurrent change, or a missing lock)`,
      );
    }
  }

  private projections(
    agency: string,
    write: CommandWrite,
    visit: PhaseVisitState,
    cte: (name: string, sql: string, values: unknown[]) => void,
  ): void {
    const { cluster, event } = write;
    const s = cluster.snapshot;
    switch (event.type) {
      case 'REGISTERED':
        cte('v', insertVisit, visitValues(agency, visit));
        break;
      case 'ADVANCED': {
        const previous = s.visits[s.visits.length - 2];
        if (!previous) throw new Error('commit: ADVANCED with a single phase visit in the snapshot');
        cte(
          'l',
          `update phase_visit set left_at = ?::timestamptz
            where agency = ? and cluster_id = ?::uuid and n = ?::int and exists (select 1 from c)`,
          [previous.leftAt ?? event.at, agency, cluster.id, previous.n],
        );
        cte('v', insertVisit, visitValues(agency, visit));
        break;
      }
      case 'RESUMED':
        cte(
          'v',
          `update phase_visit set suspended_ms = ?::bigint
            where agency = ? and cluster_id = ?::uuid and n = ?::int and exists (select 1 from c)`,
          [visit.suspendedMs, agency, cluster.id, visit.n],
        );
        break;
      case 'ARTEFACT_SUBMITTED': {
        const p: EventPayloads['ARTEFACT_SUBMITTED'] = event.payload;
        cte(
          'a',
          `insert into artefact_version (id, agency, cluster_id, artefact_id, number, type, title, uri, sha256, fields,
             submitted_by, submitted_at, event_id)
           select ?::uuid, ?, c.id, ?::uuid, ?::int, ?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz, ?::uuid from c`,
          [p.versionId, agency, p.artefactId, p.number, p.type, p.title, p.uri, p.sha256, JSON.stringify(p.fields), event.actor, event.at, event.id],
        );
        break;
      }
      case 'DECIDED': {
        const p: EventPayloads['DECIDED'] = event.payload;
        cte(
          'd',
          `insert into decision (id, agency, cluster_id, cluster_name, gate, role, outcome, comment, decided_by, decided_at,
             artefact_version_id, visit, counts, event_id)
           select ?::uuid, ?, c.id, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::uuid, ?::int, ?::boolean, ?::uuid from c`,
          [
            p.decisionId, agency, s.name, p.gate, p.role, p.outcome, p.comment, event.actor, event.at,
            p.artefactVersionId, visit.n, write.countingDecisionIds.includes(p.decisionId), event.id,
          ],
        );
        break;
      }
      case 'INDICATOR_RECORDED': {
        const p: EventPayloads['INDICATOR_RECORDED'] = event.payload;
        cte(
          's',
          `update indicator_value set superseded_at = ?::timestamptz
            where agency = ? and cluster_id = ?::uuid and indicator = ? and period = ? and superseded_at is null
              and exists (select 1 from c)`,
          [event.at, agency, cluster.id, p.indicator, p.period],
        );
        cte(
          'i',
          `insert into indicator_value (id, agency, cluster_id, indicator, period, value, note, recorded_by, recorded_at, event_id)
           select ?::uuid, ?, c.id, ?, ?, ?::float8, ?, ?, ?::timestamptz, ?::uuid from c`,
          [randomUUID(), agency, p.indicator, p.period, p.value, p.note, event.actor, event.at, event.id],
        );
        break;
      }
      default:
        break;
    }
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
              ${iso('v.submitted_at')} as submitted_at, v.event_id
         from artefact_version v join cluster_event e on e.id = v.event_id
        where v.agency = ? and v.cluster_id = any(array[?]::uuid[])
        order by v.cluster_id, e.seq`,
      [agency, ids],
    );
    return rows.map((r) => ({
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
    }));
  }

  /** Every decision given on these clusters, ordered by decided_at, id. */
  async decisions(agency: string, clusterIds: readonly string[]): Promise<DecisionRecord[]> {
    required(agency);
    const ids = uuids(clusterIds);
    if (!ids.length) return [];
    const rows = await this.em.execute<Row[]>(
      `select id, cluster_id, cluster_name, gate, role, outcome, comment, decided_by, ${iso('decided_at')} as decided_at,
              artefact_version_id, visit, counts, event_id
         from decision
        where agency = ? and cluster_id = any(array[?]::uuid[])
        order by decided_at, id`,
      [agency, ids],
    );
    return rows.map((r) => ({
      id: r.id,
      clusterId: r.cluster_id,
      clusterName: r.cluster_name,
      gate: r.gate,
      role: r.role,
      outcome: r.outcome,
      comment: r.comment,
      decidedBy: r.decided_by,
      decidedAt: new Date(r.decided_at),
      artefactVersionId: r.artefact_version_id,
      visit: r.visit,
      counts: r.counts,
      eventId: r.event_id,
    }));
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
    return (await this.eventRows(agency, clusterId)).map((r) => ({
      id: r.id,
      clusterId: r.cluster_id,
      seq: r.seq,
      type: r.type,
      actor: r.actor,
      actorName: r.actor_name,
      role: r.role,
      at: new Date(r.at),
      payload: r.payload,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
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
  return Buffer.from(JSON.stringify([sort, key, row.id])).toString('base64url');
}

function decodeCursor(sort: ClusterSort, cursor: string): { key: string | number | null; id: string } {
  const bad = () => badInput('after is not a cursor of this list', { argument: 'after' });
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== sort || !isUuid(parsed[2])) throw bad();
  const key: unknown = parsed[1];
  const ok =
    sort === 'REGISTERED_AT'
      ? typeof key === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(key) && !Number.isNaN(Date.parse(key))
      : sort === 'NAME'
        ? typeof key === 'string'
        : key === null || (typeof key === 'number' && Number.isFinite(key));
  if (!ok) throw bad();
  return { key: key as string | number | null, id: parsed[2] };
}

const insertVisit = `insert into phase_visit (agency, cluster_id, n, phase, entered_at, left_at, via_gate, suspended_ms)
  select ?, c.id, ?::int, ?, ?::timestamptz, ?::timestamptz, ?, ?::bigint from c`;

function visitValues(agency: string, v: PhaseVisitState): unknown[] {
  return [agency, v.n, v.phase, v.enteredAt, v.leftAt, v.viaGate, v.suspendedMs];
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

const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The valid uuids among `ids`, once each (an id that is not a uuid names no cluster). */
function uuids(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
}

function required(agency: string): string {
  if (!agency) throw new Error('an agency is required for every cluster query');
  return agency;
}
