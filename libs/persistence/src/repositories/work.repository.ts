import type { EntityManager } from '@mikro-orm/postgresql';
import type { ClusterState, WorkEntry } from '@clusterflow/engine';
import { decodeKeysetCursor, encodeKeysetCursor, isUuid, isoMicros } from './rows';
import { withPooledClient } from './pooled-client';

/**
 * The work_item projection (`myWork`): written by each command inside its one write statement
 * (`workCtes`), read a page at a time for one caller (`WORK_PAGE_SQL`).
 */

/** A `text[]` parameter passed as a JSON list (one parameter whatever its length). */
const TEXT_ARRAY = (p: string) => `array(select jsonb_array_elements_text(${p}))`;

/**
 * Adds to a command's statement the CTEs that bring the cluster's work items in line with
 * `work`: those no longer open are deleted, new ones inserted (waiting since the event, or
 * since their `notBefore`), the others updated in place, keeping their `since`, and only
 * when something of them changed (most commands leave most open items as they were, and an
 * update writes a new row version and its index entries even when it changes nothing).
 */
export function workCtes(
  agency: string,
  clusterId: string,
  work: readonly WorkEntry[],
  at: string,
  dueAt: string | null,
  cte: (name: string, sql: string, values: unknown[]) => void,
): void {
  const rows = work.map((w) => ({
    key: w.key,
    kind: w.kind,
    gate: w.gate,
    milestone: w.milestone,
    role: w.role,
    artefact_version_id: w.artefactVersionId && isUuid(w.artefactVersionId) ? w.artefactVersionId : null,
    indicator: w.indicator,
    detail: w.detail,
    audience: w.audience.keys.map((k) => `${agency}/${k}`),
    except_users: w.audience.except,
    not_before: w.notBefore,
  }));
  cte(
    'wd',
    `delete from work_item where cluster_id = ?::uuid and not (key = any(${TEXT_ARRAY('?::jsonb')})) and exists (select 1 from c)`,
    [clusterId, JSON.stringify(rows.map((r) => r.key))],
  );
  if (!rows.length) return;
  cte(
    'wi',
    `insert into work_item (cluster_id, key, agency, kind, gate, milestone, role, artefact_version_id, indicator, detail, audience, except_users,
       since, not_before, due_at)
     select c.id, w.key, ?, w.kind, w.gate, w.milestone, w.role, w.artefact_version_id, w.indicator, w.detail,
            ${TEXT_ARRAY('w.audience')}, ${TEXT_ARRAY('w.except_users')}, greatest(?::timestamptz, w.not_before), w.not_before, ?::timestamptz
       from c, jsonb_to_recordset(?::jsonb) as w(key text, kind text, gate text, milestone text, role text, artefact_version_id uuid,
            indicator text, detail text, audience jsonb, except_users jsonb, not_before timestamptz)
     on conflict (cluster_id, key) do update set kind = excluded.kind, gate = excluded.gate, milestone = excluded.milestone,
       role = excluded.role, artefact_version_id = excluded.artefact_version_id, indicator = excluded.indicator,
       detail = excluded.detail, audience = excluded.audience, except_users = excluded.except_users, due_at = excluded.due_at,
       not_before = excluded.not_before,
       since = case when work_item.not_before is distinct from excluded.not_before then excluded.since else work_item.since end
     where (work_item.kind, work_item.gate, work_item.milestone, work_item.role, work_item.artefact_version_id, work_item.indicator,
            work_item.detail, work_item.audience, work_item.except_users, work_item.due_at, work_item.not_before)
           is distinct from
           (excluded.kind, excluded.gate, excluded.milestone, excluded.role, excluded.artefact_version_id, excluded.indicator,
            excluded.detail, excluded.audience, excluded.except_users, excluded.due_at, excluded.not_before)`,
    [agency, at, dueAt, JSON.stringify(rows)],
  );
}

/** One item of a caller's work, as stored. */
export interface WorkItemRecord {
  clusterId: string;
  key: string;
  kind: string;
  gate: string | null;
  milestone: string | null;
  role: string | null;
  artefactVersionId: string | null;
  indicator: string | null;
  detail: string;
  since: Date;
  dueAt: Date | null;
}

export interface WorkPage {
  rows: WorkItemRecord[];
  totalCount: number;
  hasNextPage: boolean;
}

/** Where a page starts: after this item in the order (due, since, cluster, key). */
export interface WorkCursor {
  due: string | null;
  since: string;
  clusterId: string;
  key: string;
}


/**
 * A caller's work: the items whose audience holds one of their keys and that do not except
 * them, open now (`notBefore` passed), overdue first, then by due date, then by how long they
 * have waited. $1 agency, $2 keys (text[]), $3 user id, $4 now, $5..$8 the cursor (nulls
 * for the first page), $9 the page size plus one. The count and the page in one statement.
 */
export const WORK_PAGE_SQL = `with mine as (
    select cluster_id, key, kind, gate, milestone, role, artefact_version_id, indicator, detail, since, due_at,
           coalesce(due_at, 'infinity'::timestamptz) as due_order
      from work_item
     where audience && $2::text[] and agency = $1 and not ($3 = any(except_users))
       and (not_before is null or not_before <= $4::timestamptz)
  )
  select t.total_count, p.*
    from (select count(*)::int as total_count from mine) t
    left join lateral (
      select cluster_id, key, kind, gate, milestone, role, artefact_version_id, indicator, detail, since, due_at,
             ${isoMicros('since')} as since_cursor, ${isoMicros('due_at')} as due_cursor
        from mine
       where $8::text is null
          or (due_order, since, cluster_id, key) > (coalesce($5::timestamptz, 'infinity'::timestamptz), $6::timestamptz, $7::uuid, $8::text)
       order by due_order, since, cluster_id, key
       limit $9::int
    ) p on true`;

/** The parameters of WORK_PAGE_SQL. */
export function workPageValues(agency: string, keys: readonly string[], userId: string, now: Date, after: WorkCursor | null, first: number): unknown[] {
  return [
    agency,
    keys.map((k) => `${agency}/${k}`),
    userId,
    now.toISOString(),
    after?.due ?? null,
    after?.since ?? null,
    after?.clusterId ?? null,
    after?.key ?? null,
    first + 1,
  ];
}

interface WorkRow {
  total_count: number;
  cluster_id: string | null;
  key: string;
  kind: string;
  gate: string | null;
  milestone: string | null;
  role: string | null;
  artefact_version_id: string | null;
  indicator: string | null;
  detail: string;
  since: Date;
  due_at: Date | null;
  since_cursor: string;
  due_cursor: string | null;
}

export class WorkRepository {
  constructor(private readonly em: EntityManager) {}

  /**
   * Projects the open work of clusters recorded before the work_item projection existed:
   * once (recorded in app_state; `force` ignores the record), in one transaction under an
   * advisory lock so instances starting together take turns. `project` turns each batch of
   * active clusters into their open work (clusters without any left out); the items are
   * inserted for clusters that have none yet. Returns how many clusters it projected.
   */
  async backfillOnce(force: boolean, project: (clusters: ActiveClusterRow[]) => Promise<WorkBackfill[]>): Promise<number> {
    return this.em.fork().transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['clusterflow:work-projection']);
      const [done] = await tx.execute('select 1 as n from app_state where key = ?', [BACKFILL_STATE_KEY]);
      if (done && !force) return 0;
      let after = '00000000-0000-0000-0000-000000000000';
      let projected = 0;
      for (;;) {
        const rows = await tx.execute<{ id: string; agency: string; template_id: string; snapshot: ClusterState; due_at: string | null }[]>(
          `select id, agency, template_id, snapshot, to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due_at
             from cluster where status = 'ACTIVE' and id > ?::uuid order by id limit ?`,
          [after, BACKFILL_BATCH],
        );
        if (!rows.length) break;
        const batch = await project(rows.map((r) => ({ id: r.id, agency: r.agency, templateId: r.template_id, snapshot: r.snapshot, dueAt: r.due_at })));
        await insertMissingWork(tx, batch);
        projected += batch.length;
        after = rows[rows.length - 1].id;
      }
      await tx.execute(
        `insert into app_state (key, value, updated_at) values (?, ?::jsonb, now()) on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [BACKFILL_STATE_KEY, JSON.stringify({ version: 1, projected })],
      );
      return projected;
    });
  }

  /** One page of the caller's work (`keys`: the engine's audienceKeysOf the caller). */
  async page(agency: string, keys: readonly string[], userId: string, now: Date, first: number, after: WorkCursor | null): Promise<WorkPage & { cursors: WorkCursor[] }> {
    if (!agency) throw new Error('an agency is required for every work query');
    const values = workPageValues(agency, keys, userId, now, after, first);
    const { rows } = await withPooledClient(this.em, (client) => client.query<WorkRow>({ name: 'cf_work_page', text: WORK_PAGE_SQL, values }));
    const items = rows.filter((r) => r.cluster_id !== null);
    const page = items.slice(0, first);
    return {
      totalCount: rows[0]?.total_count ?? 0,
      hasNextPage: items.length > first,
      rows: page.map((r) => ({
        clusterId: r.cluster_id!,
        key: r.key,
        kind: r.kind,
        gate: r.gate,
        milestone: r.milestone,
        role: r.role,
        artefactVersionId: r.artefact_version_id,
        indicator: r.indicator,
        detail: r.detail,
        since: new Date(r.since),
        dueAt: r.due_at ? new Date(r.due_at) : null,
      })),
      cursors: page.map((r) => ({ due: r.due_cursor, since: r.since_cursor, clusterId: r.cluster_id!, key: r.key })),
    };
  }
}


const WORK_CURSOR = 'work';
const MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export const encodeWorkCursor = (c: WorkCursor): string => encodeKeysetCursor(WORK_CURSOR, [c.due, c.since, c.key], c.clusterId);

/** BAD_USER_INPUT on `after` when it is not a cursor of this list. */
export function decodeWorkCursor(cursor: string): WorkCursor {
  const { key, id } = decodeKeysetCursor(
    WORK_CURSOR,
    cursor,
    (k) =>
      Array.isArray(k) && k.length === 3 && (k[0] === null || (typeof k[0] === 'string' && MICROS.test(k[0]))) && typeof k[1] === 'string' && MICROS.test(k[1]) && typeof k[2] === 'string' && k[2].length <= 1000,
    4000,
  );
  const [due, since, itemKey] = key as [string | null, string, string];
  return { due, since, clusterId: id, key: itemKey };
}

/** A cluster's open work to project outside a command (a database an earlier release left). */
export interface WorkBackfill {
  agency: string;
  clusterId: string;
  dueAt: string | null;
  work: readonly (WorkEntry & { since: string })[];
}

/** An active cluster as the backfill reads it (`dueAt` as ISO 8601 text). */
export interface ActiveClusterRow {
  id: string;
  agency: string;
  templateId: string;
  snapshot: ClusterState;
  dueAt: string | null;
}

const BACKFILL_STATE_KEY = 'work-projection';
const BACKFILL_BATCH = 500;

/** Inserts work items of clusters that have none yet (never touching those a command wrote). */
async function insertMissingWork(em: EntityManager, clusters: readonly WorkBackfill[]): Promise<void> {
  const rows = clusters.flatMap((c) =>
    c.work.map((w) => ({
      cluster_id: c.clusterId,
      agency: c.agency,
      key: w.key,
      kind: w.kind,
      gate: w.gate,
      milestone: w.milestone,
      role: w.role,
      artefact_version_id: w.artefactVersionId && isUuid(w.artefactVersionId) ? w.artefactVersionId : null,
      indicator: w.indicator,
      detail: w.detail,
      audience: w.audience.keys.map((k) => `${c.agency}/${k}`),
      except_users: w.audience.except,
      since: w.since,
      not_before: w.notBefore,
      due_at: c.dueAt,
    })),
  );
  if (!rows.length) return;
  await em.execute(
    `insert into work_item (cluster_id, key, agency, kind, gate, milestone, role, artefact_version_id, indicator, detail, audience, except_users,
       since, not_before, due_at)
     select w.cluster_id, w.key, w.agency, w.kind, w.gate, w.milestone, w.role, w.artefact_version_id, w.indicator, w.detail,
            ${TEXT_ARRAY('w.audience')}, ${TEXT_ARRAY('w.except_users')}, w.since, w.not_before, w.due_at
       from jsonb_to_recordset(?::jsonb) as w(cluster_id uuid, agency text, key text, kind text, gate text, milestone text, role text,
            artefact_version_id uuid, indicator text, detail text, audience jsonb, except_users jsonb, since timestamptz,
            not_before timestamptz, due_at timestamptz)
      where not exists (select 1 from work_item x where x.cluster_id = w.cluster_id)
     on conflict (cluster_id, key) do nothing`,
    [JSON.stringify(rows)],
  );
}
