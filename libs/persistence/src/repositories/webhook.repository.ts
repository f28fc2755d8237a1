import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { JOB_SCHEMA, Jobs, MAX_JOB_ATTEMPTS } from '../jobs/job-queue';
import type { Queryable } from './notification.repository';
import { decodeKeysetCursor, encodeKeysetCursor, eventFields, iso, isUuid, isoMicros } from './rows';

/**
 * Webhooks (contract v2): the agency's webhooks and their delivery log, read and changed
 * through the ORM's connection (`WebhookRepository`); delivered by the `webhook` job on a
 * client of the job queue's pool (the functions below taking a `Queryable`). Every statement
 * names the agency.
 *
 * The outbox: a command's own statement (cluster-commands.ts, `webhookCtes`) writes a
 * `webhook_outbox` row per matching active webhook and enqueues that webhook's job for the
 * cluster (job key and queue `webhook:<webhook id>:<cluster id>`), so a rolled-back command
 * delivers nothing, a committed one is delivered even after a crash, and the jobs of one
 * webhook and cluster run one at a time, taking the cluster's events in `seq` order.
 */

export interface WebhookRecord {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  createdAt: Date;
}

export interface WebhookDeliveryRecord {
  id: string;
  eventId: string | null;
  type: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: Date;
  succeeded: boolean;
}

export interface WebhookDeliveryPage {
  rows: WebhookDeliveryRecord[];
  cursors: string[];
  hasNextPage: boolean;
}

/** The most webhooks an agency may have (not deleted). */
export const MAX_WEBHOOKS_PER_AGENCY = 50;

const COLUMNS = 'id, url, events, active, created_at';
const CURSOR_TAG = 'wd';

const recordOf = (r: Record<string, any>): WebhookRecord => ({
  id: r.id,
  url: r.url,
  events: r.events,
  active: r.active,
  createdAt: new Date(r.created_at),
});

const deliveryOf = (r: Record<string, any>): WebhookDeliveryRecord => ({
  id: r.id,
  eventId: r.event_id,
  type: r.type,
  attempt: r.attempt,
  status: r.status,
  error: r.error,
  at: new Date(r.at),
  succeeded: r.succeeded,
});

function required(agency: string): void {
  if (!agency) throw new Error('an agency is required for every webhook query');
}

/** The job key and queue of a webhook's deliveries on one cluster: one job at a time, in seq order. */
export const webhookJobKey = (webhookId: string, clusterId: string) => `webhook:${webhookId}:${clusterId}`;

export class WebhookRepository {
  constructor(private readonly em: EntityManager) {}

  /** The agency's webhooks (not deleted), oldest first. */
  async list(agency: string): Promise<WebhookRecord[]> {
    required(agency);
    const rows = await this.em.execute<Record<string, any>[]>(
      `select ${COLUMNS} from webhook where agency = ? and deleted_at is null order by created_at, id`,
      [agency],
    );
    return rows.map(recordOf);
  }

  /** One of the agency's webhooks; null when it has none of this id (or it was deleted). */
  async find(agency: string, id: string): Promise<WebhookRecord | null> {
    required(agency);
    if (!isUuid(id)) return null;
    const [row] = await this.em.execute<Record<string, any>[]>(`select ${COLUMNS} from webhook where agency = ? and id = ? and deleted_at is null`, [agency, id]);
    return row ? recordOf(row) : null;
  }

  /**
   * A new webhook, unless the agency has MAX_WEBHOOKS_PER_AGENCY already (null then); the
   * count and the insert in one statement, under a lock on the agency's webhooks.
   */
  async create(agency: string, entry: { url: string; events: string[]; secret: string; createdBy: string }): Promise<WebhookRecord | null> {
    required(agency);
    const rows = await this.em.execute<Record<string, any>[]>(
      `insert into webhook (id, agency, url, events, secret, active, created_by, created_at)
       select ?::uuid, ?, ?, array(select jsonb_array_elements_text(?::jsonb)), ?, true, ?, now()
        where (select count(*) from webhook where agency = ? and deleted_at is null) < ?::int
       returning ${COLUMNS}`,
      [randomUUID(), agency, entry.url, JSON.stringify(entry.events), entry.secret, entry.createdBy, agency, MAX_WEBHOOKS_PER_AGENCY],
    );
    return rows[0] ? recordOf(rows[0]) : null;
  }

  /** Turns the webhook on or off; null when the agency has no such webhook. */
  async setActive(agency: string, id: string, active: boolean): Promise<WebhookRecord | null> {
    required(agency);
    if (!isUuid(id)) return null;
    const [row] = await this.em.execute<Record<string, any>[]>(
      `update webhook set active = ? where agency = ? and id = ? and deleted_at is null returning ${COLUMNS}`,
      [active, agency, id],
    );
    return row ? recordOf(row) : null;
  }

  /** Deletes the webhook (its delivery log stays) and what it had still to receive; false when there was none. */
  async delete(agency: string, id: string): Promise<boolean> {
    required(agency);
    if (!isUuid(id)) return false;
    const [row] = await this.em.execute<{ n: number }[]>(
      `with d as (update webhook set deleted_at = now(), active = false where agency = ? and id = ? and deleted_at is null returning id),
            o as (delete from webhook_outbox where agency = ? and webhook_id in (select id from d) returning 1)
       select (select count(*)::int from d) as n, (select count(*)::int from o) as dropped`,
      [agency, id, agency],
    );
    return (row?.n ?? 0) > 0;
  }

  /** The webhook's delivery attempts, newest first (keyset paging on the attempt's time and id). */
  async deliveries(agency: string, webhookId: string, first: number, after: string | null): Promise<WebhookDeliveryPage> {
    required(agency);
    const cursor = after ? decodeKeysetCursor(CURSOR_TAG, after, (k) => typeof k === 'string' && !Number.isNaN(Date.parse(k)), 200) : null;
    const rows = await this.em.execute<Record<string, any>[]>(
      `select id, event_id, type, attempt, status, error, at, succeeded, ${isoMicros('at')} as at_cursor
         from webhook_delivery
        where agency = ? and webhook_id = ?
          and (?::timestamptz is null or (at, id) < (?::timestamptz, ?::uuid))
        order by at desc, id desc
        limit ?::int`,
      [agency, webhookId, cursor?.key ?? null, cursor?.key ?? null, cursor?.id ?? null, first + 1],
    );
    const page = rows.slice(0, first);
    return {
      rows: page.map(deliveryOf),
      cursors: page.map((r) => encodeKeysetCursor(CURSOR_TAG, r.at_cursor, r.id)),
      hasNextPage: rows.length > first,
    };
  }
}

// --- the `webhook` job ------------------------------------------------------------------------

export interface WebhookJobPayload {
  agency: string;
  webhookId: string;
  clusterId: string;
}

export const isWebhookJobPayload = (p: unknown): p is WebhookJobPayload => {
  const x = p as Partial<WebhookJobPayload> | null;
  return !!x && typeof x.agency === 'string' && isUuid(x.webhookId) && isUuid(x.clusterId);
};

/** The next event a webhook has to receive of a cluster (lowest seq), with the webhook and the event. */
export interface WebhookHead {
  url: string;
  secret: string;
  /** False when the webhook was turned off or deleted since: nothing more is delivered. */
  active: boolean;
  eventId: string;
  seq: number;
  attempts: number;
  nextAt: Date | null;
  event: ReturnType<typeof eventFields>;
}

export async function webhookHead(db: Queryable, p: WebhookJobPayload): Promise<WebhookHead | null> {
  const { rows } = await db.query(
    `select w.url, w.secret, (w.active and w.deleted_at is null) as active, o.event_id, o.seq, o.attempts, o.next_at,
            e.id, e.cluster_id, e.seq as event_seq, e.type, e.actor, e.actor_name, e.role, ${iso('e.at')} as at, e.payload, e.prev_hash, e.hash
       from webhook_outbox o
       join webhook w on w.id = o.webhook_id and w.agency = o.agency
       join cluster_event e on e.id = o.event_id and e.agency = o.agency
      where o.agency = $1 and o.webhook_id = $2 and o.cluster_id = $3
      order by o.seq
      limit 1`,
    [p.agency, p.webhookId, p.clusterId],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    url: r.url,
    secret: r.secret,
    active: r.active,
    eventId: r.event_id,
    seq: r.seq,
    attempts: r.attempts,
    nextAt: r.next_at ? new Date(r.next_at) : null,
    event: { ...eventFields(r), seq: r.event_seq },
  };
}

/** Drops what a webhook turned off or deleted still had to receive of a cluster. */
export async function dropWebhookOutbox(db: Queryable, p: WebhookJobPayload): Promise<number> {
  const { rowCount } = await db.query(`delete from webhook_outbox where agency = $1 and webhook_id = $2 and cluster_id = $3`, [p.agency, p.webhookId, p.clusterId]);
  return rowCount ?? 0;
}

/** (Re)schedules the webhook's job for the cluster at `runAt` (replacing a waiting one's time). */
export async function scheduleWebhookJob(db: Queryable, p: WebhookJobPayload, runAt: Date): Promise<void> {
  const key = webhookJobKey(p.webhookId, p.clusterId);
  await db.query(
    `select ${JOB_SCHEMA}.add_job($1, json_build_object('agency', $2::text, 'webhookId', $3::text, 'clusterId', $4::text),
       queue_name := $5, run_at := $6::timestamptz, max_attempts := $7::smallint, job_key := $5, job_key_mode := 'replace')`,
    [Jobs.WEBHOOK, p.agency, p.webhookId, p.clusterId, key, runAt.toISOString(), MAX_JOB_ATTEMPTS],
  );
}

export interface WebhookAttempt {
  eventId: string;
  type: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: Date;
  succeeded: boolean;
  /** When to try this event again; null: it is done (delivered, or given up on). */
  retryAt: Date | null;
}

/**
 * Records an attempt in the delivery log and moves the outbox on, in one statement: the event
 * leaves the outbox when done, or waits for `retryAt` (the job rescheduled for then).
 */
export async function recordWebhookAttempt(db: Queryable, p: WebhookJobPayload, a: WebhookAttempt): Promise<void> {
  const key = webhookJobKey(p.webhookId, p.clusterId);
  await db.query(
    `with d as (insert into webhook_delivery (id, agency, webhook_id, event_id, cluster_id, type, attempt, status, error, at, succeeded)
                values ($1::uuid, $2, $3::uuid, $4::uuid, $5::uuid, $6, $7::int, $8::int, $9, $10::timestamptz, $11::boolean) returning 1),
          done as (delete from webhook_outbox where $12::timestamptz is null and agency = $2 and webhook_id = $3::uuid and event_id = $4::uuid returning 1),
          later as (update webhook_outbox set attempts = $7::int, next_at = $12::timestamptz
                     where $12::timestamptz is not null and agency = $2 and webhook_id = $3::uuid and event_id = $4::uuid returning 1),
          j as (select ${JOB_SCHEMA}.add_job($13, json_build_object('agency', $2::text, 'webhookId', $3::text, 'clusterId', $5::text),
                  queue_name := $14, run_at := $12::timestamptz, max_attempts := $15::smallint, job_key := $14, job_key_mode := 'replace')
                  from later)
     select (select count(*) from d) as d, (select count(*) from done) as done, (select count(*) from j) as j`,
    [
      randomUUID(), p.agency, p.webhookId, a.eventId, p.clusterId, a.type, a.attempt, a.status, a.error, a.at.toISOString(), a.succeeded,
      a.retryAt?.toISOString() ?? null, Jobs.WEBHOOK, key, MAX_JOB_ATTEMPTS,
    ],
  );
}

/**
 * The outbox CTEs of a command's statement (cluster-commands.ts): an outbox row for each of the
 * agency's active webhooks listening to the event's type, and its job for the cluster. The job
 * keeps its time when one is already waiting (a retry is not brought forward by a new event).
 */
export function webhookCtes(
  agency: string,
  event: { id: string; clusterId: string; seq: number; type: string },
  cte: (name: string, sql: string, values: unknown[]) => void,
): void {
  cte(
    'wh',
    `insert into webhook_outbox (webhook_id, event_id, agency, cluster_id, seq, attempts)
     select w.id, ?::uuid, w.agency, ?::uuid, ?::int, 0 from webhook w
      where w.agency = ? and w.active and w.deleted_at is null and (? = any(w.events) or '*' = any(w.events)) and exists (select 1 from c)
     returning webhook_id`,
    [event.id, event.clusterId, event.seq, agency, event.type],
  );
  // Its job through the job outbox (jobs/job-outbox.ts), like the command's other jobs.
  cte(
    'whj',
    `insert into job_outbox (agency, task, payload, queue_name, job_key, max_attempts)
     select ?, ?, json_build_object('agency', ?::text, 'webhookId', wh.webhook_id, 'clusterId', ?::text),
            'webhook:' || wh.webhook_id || ':' || ?::text, 'webhook:' || wh.webhook_id || ':' || ?::text, ?::smallint
       from wh
     returning id`,
    [agency, Jobs.WEBHOOK, agency, event.clusterId, event.clusterId, event.clusterId, MAX_JOB_ATTEMPTS],
  );
}
