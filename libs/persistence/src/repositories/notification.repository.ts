import type { EntityManager } from '@mikro-orm/postgresql';
import type { QueryResult, QueryResultRow } from 'pg';
import { NOTIFICATION_KINDS, noticeText, type Notice, type NotificationKind } from '@clusterflow/engine';
import { JOB_SCHEMA, Jobs, MAX_JOB_ATTEMPTS } from '../jobs/job-queue';
import { decodeKeysetCursor, encodeKeysetCursor, isUuid, isoMicros } from './rows';

/**
 * Notifications (contract v2): the caller's own, read and marked through the ORM's connection
 * (`NotificationRepository`); written, mailed and digested by the jobs on a client of the job
 * queue's pool (the functions below taking a `Queryable`). Every statement names the agency.
 */

/** The channel a new notification is announced on (to `notificationAdded` subscribers), on commit. */
export const NOTIFICATIONS_CHANNEL = 'clusterflow_notifications';

export const EMAIL_MODES = ['IMMEDIATE', 'DAILY_DIGEST', 'OFF'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];

export interface NotificationRecord {
  id: string;
  kind: NotificationKind;
  clusterId: string | null;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export interface NotificationPage {
  rows: NotificationRecord[];
  cursors: string[];
  totalCount: number;
  unread: number;
  hasNextPage: boolean;
}

export interface Queryable {
  query<R extends QueryResultRow = any>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

const COLUMNS = 'id, kind, cluster_id, title, body, created_at, read_at';
const CURSOR_TAG = 'n';

const recordOf = (r: Record<string, any>): NotificationRecord => ({
  id: r.id,
  kind: r.kind,
  clusterId: r.cluster_id,
  title: r.title,
  body: r.body,
  createdAt: new Date(r.created_at),
  readAt: r.read_at ? new Date(r.read_at) : null,
});

function required(agency: string, userId: string): void {
  if (!agency) throw new Error('an agency is required for every notification query');
  if (!userId) throw new Error('a person is required for every notification query');
}

export class NotificationRepository {
  constructor(private readonly em: EntityManager) {}

  /** The person's notifications, newest first, with the counts, in one statement. */
  async page(agency: string, userId: string, unreadOnly: boolean, first: number, after: string | null): Promise<NotificationPage> {
    required(agency, userId);
    const cursor = after ? decodeKeysetCursor(CURSOR_TAG, after, (k) => typeof k === 'string' && !Number.isNaN(Date.parse(k)), 200) : null;
    const rows = await this.em.execute<Record<string, any>[]>(
      `with mine as (select ${COLUMNS}, ${isoMicros('created_at')} as at_cursor from notification where agency = ? and user_id = ?)
       select c.total_count, c.unread, p.*
         from (select count(*) filter (where not ?::boolean or read_at is null)::int as total_count,
                      count(*) filter (where read_at is null)::int as unread from mine) c
         left join lateral (
           select * from mine
            where (not ?::boolean or read_at is null)
              and (?::timestamptz is null or (created_at, id) < (?::timestamptz, ?::uuid))
            order by created_at desc, id desc
            limit ?::int
         ) p on true`,
      [agency, userId, unreadOnly, unreadOnly, cursor?.key ?? null, cursor?.key ?? null, cursor?.id ?? null, first + 1],
    );
    const found = rows.filter((r) => r.id);
    const page = found.slice(0, first);
    return {
      rows: page.map(recordOf),
      cursors: page.map((r) => encodeKeysetCursor(CURSOR_TAG, r.at_cursor, r.id)),
      totalCount: rows[0]?.total_count ?? 0,
      unread: rows[0]?.unread ?? 0,
      hasNextPage: found.length > first,
    };
  }

  /** One of the person's notifications; null when it is not theirs. */
  async find(agency: string, userId: string, id: string): Promise<NotificationRecord | null> {
    required(agency, userId);
    if (!isUuid(id)) return null;
    const [row] = await this.em.execute<Record<string, any>[]>(`select ${COLUMNS} from notification where agency = ? and user_id = ? and id = ?`, [agency, userId, id]);
    return row ? recordOf(row) : null;
  }

  /** Marks the person's unread notifications of `ids` (all of them when null) read; how many changed. */
  async markRead(agency: string, userId: string, ids: readonly string[] | null): Promise<number> {
    required(agency, userId);
    const wanted = ids === null ? null : [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    if (wanted && !wanted.length) return 0;
    const rows = await this.em.execute<{ n: number }[]>(
      `with changed as (update notification set read_at = now()
          where agency = ? and user_id = ? and read_at is null ${wanted ? 'and id = any(array(select jsonb_array_elements_text(?::jsonb))::uuid[])' : ''}
          returning 1)
       select count(*)::int as n from changed`,
      [agency, userId, ...(wanted ? [JSON.stringify(wanted)] : [])],
    );
    return rows[0]?.n ?? 0;
  }

  async preferences(agency: string, userId: string): Promise<NotificationPreferences> {
    required(agency, userId);
    const [row] = await this.em.execute<{ email_mode: EmailMode; language: string | null }[]>(
      `select email_mode, language from notification_preference where agency = ? and user_id = ?`,
      [agency, userId],
    );
    return { email: row?.email_mode ?? 'IMMEDIATE', language: row?.language ?? null };
  }

  /** Changes what is given (`undefined`: unchanged; a null language: the template's default again). */
  async setPreferences(agency: string, userId: string, change: { email?: EmailMode; language?: string | null }): Promise<NotificationPreferences> {
    required(agency, userId);
    const [row] = await this.em.execute<{ email_mode: EmailMode; language: string | null }[]>(
      `insert into notification_preference (agency, user_id, email_mode, language, updated_at) values (?, ?, coalesce(?, 'IMMEDIATE'), ?, now())
       on conflict (agency, user_id) do update set
         email_mode = coalesce(?, notification_preference.email_mode),
         language = case when ?::boolean then excluded.language else notification_preference.language end,
         updated_at = excluded.updated_at
       returning email_mode, language`,
      [agency, userId, change.email ?? null, change.language ?? null, change.email ?? null, change.language !== undefined],
    );
    return { email: row.email_mode, language: row.language };
  }
}

export interface NotificationPreferences {
  email: EmailMode;
  /** The language chosen for notifications (one of the engine's MAIL_LANGUAGES); null: each template's default. */
  language: string | null;
}

// --- the jobs' side ---------------------------------------------------------------------------

/** What a command's `notify` job carries (cluster-commands.ts, `noticeCte`). */
export interface NotifyPayload {
  agency: string;
  clusterId: string;
  eventId: string;
  at: string;
  notices: Notice[];
}

export function isNotifyPayload(p: unknown): p is NotifyPayload {
  const v = p as Partial<NotifyPayload> | null;
  return !!v && typeof v.agency === 'string' && isUuid(v.clusterId) && isUuid(v.eventId) && typeof v.at === 'string' && Array.isArray(v.notices);
}

/**
 * Writes a command's notices as notifications, one per person and notice: the people its
 * audience keys reach in the agency (`role`: whoever holds it, as the person table knows
 * them; `role@user`: that person) and those it names, minus `except`. In one statement: the
 * rows (none twice: a retried job writes nothing new), a `mail` job for each one whose person
 * gets mail at once (when `mail` is true), and the announcement for live subscribers.
 * Returns how many were written.
 */
export function recordNotices(db: Queryable, payload: NotifyPayload, mail: boolean): Promise<number> {
  return recordNoticeBatch(db, [payload], mail);
}

/**
 * `recordNotices` for many commands' notices at once (the notify job's batch, job-outbox.ts):
 * one read of the role holders the batch's notices name (and one of the people's chosen
 * languages when a notice is given in several), and one statement writing every notification
 * with its mail jobs and announcements, so a batch costs two or three statements however many
 * commands it carries. All or nothing: the caller tries the entries one by one when it fails.
 */
export async function recordNoticeBatch(db: Queryable, payloads: readonly NotifyPayload[], mail: boolean): Promise<number> {
  const roleKeys = new Set<string>();
  for (const p of payloads) for (const n of p.notices) for (const k of n.keys) if (!k.includes('@')) roleKeys.add(`${p.agency}\0${k}`);
  /** `agency\0role` -> the people holding it. */
  const holders = new Map<string, string[]>();
  if (roleKeys.size) {
    const agencies = [...new Set(payloads.map((p) => p.agency))];
    const roles = [...new Set([...roleKeys].map((k) => k.slice(k.indexOf('\0') + 1)))];
    const { rows } = await db.query<{ agency: string; user_id: string; roles: string[] }>(
      agencies.length === 1
        ? `select agency, user_id, roles from person where agency = $1 and roles && $2::text[]`
        : `select agency, user_id, roles from person where agency = any($1::text[]) and roles && $2::text[]`,
      [agencies.length === 1 ? agencies[0] : agencies, roles],
    );
    for (const r of rows) {
      for (const role of r.roles) {
        const key = `${r.agency}\0${role}`;
        if (roleKeys.has(key)) holders.set(key, [...(holders.get(key) ?? []), r.user_id]);
      }
    }
  }
  const told: { payload: NotifyPayload; notice: Notice; people: string[] }[] = [];
  for (const payload of payloads) {
    for (const n of payload.notices) {
      if (!(NOTIFICATION_KINDS as readonly string[]).includes(n.kind)) continue;
      const people = new Set<string>(n.users);
      for (const key of n.keys) {
        const i = key.indexOf('@');
        if (i >= 0) people.add(key.slice(i + 1));
        else for (const u of holders.get(`${payload.agency}\0${key}`) ?? []) people.add(u);
      }
      for (const u of n.except) people.delete(u);
      told.push({ payload, notice: n, people: [...people].sort() });
    }
  }
  // Each person's chosen language (`agency\0user` -> language), for notices given in several (the template's `languages`).
  const chosen = new Map<string, string>();
  const choosing = [...new Set(told.filter((x) => x.notice.texts).flatMap((x) => x.people.map((u) => `${x.payload.agency}\0${u}`)))];
  if (choosing.length) {
    const pairs = choosing.map((k) => k.split('\0'));
    const { rows: prefs } = await db.query<{ agency: string; user_id: string; language: string }>(
      `select p.agency, p.user_id, p.language from notification_preference p
         join unnest($1::text[], $2::text[]) as w(agency, user_id) on p.agency = w.agency and p.user_id = w.user_id
        where p.language is not null`,
      [pairs.map(([agency]) => agency), pairs.map(([, user]) => user)],
    );
    for (const r of prefs) chosen.set(`${r.agency}\0${r.user_id}`, r.language);
  }
  const rows: { agency: string; cluster_id: string; created_at: string; user_id: string; kind: string; title: string; body: string; source: string; language: string | null }[] = [];
  for (const { payload, notice: n, people } of told) {
    const { agency, clusterId, at } = payload;
    const source = `${payload.eventId}/${n.kind}/${n.workKey ?? ''}`;
    for (const user of people) {
      const { title, body, language } = noticeText(n, chosen.get(`${agency}\0${user}`));
      rows.push({ agency, cluster_id: clusterId, created_at: at, user_id: user, kind: n.kind, title, body, source, language });
    }
  }
  if (!rows.length) return 0;
  const { rows: result } = await db.query<{ written: number }>(
    `with n as (
       insert into notification (id, agency, user_id, kind, cluster_id, title, body, source, created_at, language)
       select gen_random_uuid(), r.agency, r.user_id, r.kind, r.cluster_id, r.title, r.body, r.source, r.created_at, r.language
         from jsonb_to_recordset($1::jsonb) as r(agency text, cluster_id uuid, created_at timestamptz, user_id text, kind text, title text, body text, source text, language text)
       on conflict (agency, user_id, source) do nothing
       returning id, agency, user_id
     ), ${deliveryCtes('$2', '$3', '$4')}
     select (select count(*)::int from n) as written, (select count(*)::int from m) as mails, (select count(*)::int from l) as announced`,
    [JSON.stringify(rows), Jobs.MAIL, MAX_JOB_ATTEMPTS, mail],
  );
  return result[0]?.written ?? 0;
}

/**
 * What follows the insert of notifications (a CTE `n` returning id, agency, user_id): a `mail`
 * job for each one whose person has an address and EmailMode IMMEDIATE (when `mail`), and its
 * announcement to live subscribers; both happen on commit only. The parameters are the mail
 * job's name, its attempts and whether mail is on.
 */
function deliveryCtes(jobName: string, attempts: string, mail: string): string {
  return `m as (
       select ${JOB_SCHEMA}.add_job(${jobName}, json_build_object('agency', n.agency, 'notificationId', n.id), job_key := 'mail:' || n.id::text, max_attempts := ${attempts}::smallint)
         from n
         join person p on p.agency = n.agency and p.user_id = n.user_id and p.email is not null
         left join notification_preference pref on pref.agency = n.agency and pref.user_id = n.user_id
        where ${mail}::boolean and coalesce(pref.email_mode, 'IMMEDIATE') = 'IMMEDIATE'
     ), l as (
       select pg_notify('${NOTIFICATIONS_CHANNEL}', json_build_object('agency', agency, 'userId', user_id, 'id', id)::text) from n
     )`;
}

/** How long before a phase's `due` its CDAs are told it is due soon (contract: 7 days). */
export const DUE_SOON_BEFORE = '7 days';

/**
 * The timers of phase due dates, fired at `now` in one statement: DUE_SOON once the current
 * visit's due date is within DUE_SOON_BEFORE, OVERDUE once it has passed (an overdue cluster
 * not told it was due soon is told only that it is overdue), each to the cluster's CDAs, once
 * per cluster, phase visit and kind (`timer_fired`), whichever instance runs it.
 *
 * Only active clusters with a stored due date qualify: the projection has none while a cluster
 * is suspended or finished, and it is the current visit's, so a timer of a visit the cluster has
 * left never fires. The rows are read `for share` (only those about to fire), so a command
 * changing one meanwhile is waited for and the row judged again as it committed.
 *
 * The template language's `escalate` (on gates) and `expires` (on phases) are events, not only
 * notifications: the same job records them through the command pipeline after this statement
 * (cluster-timers.ts, ClustersService.fireTimers), the snapshot keeping what already fired.
 * Returns how many notifications were written.
 */
export async function fireDueTimers(db: Queryable, now: Date, mail: boolean): Promise<number> {
  const { rows } = await db.query<{ written: number }>(
    `with due as (
       select c.agency, c.id, c.name, c.due_at, c.cda_ids, jsonb_array_length(c.snapshot->'visits') as visit,
              case when c.due_at <= $1::timestamptz then 'OVERDUE' else 'DUE_SOON' end as kind,
              coalesce((select p->>'title' from programme_template t, json_array_elements(t.definition::json->'phases') p
                         where t.id = c.template_id and p->>'id' = c.phase), c.phase) as phase_title,
              c.phase, t.definition::jsonb->'languages' as languages, t.definition::jsonb->'titles' as titles
         from cluster c
         join programme_template t on t.id = c.template_id
        where c.status = 'ACTIVE' and c.due_at is not null and c.due_at <= $1::timestamptz + interval '${DUE_SOON_BEFORE}'
          and not exists (select 1 from timer_fired f where f.cluster_id = c.id and f.visit = jsonb_array_length(c.snapshot->'visits')
                             and f.kind = case when c.due_at <= $1::timestamptz then 'OVERDUE' else 'DUE_SOON' end)
        for share of c
     ), fired as (
       insert into timer_fired (cluster_id, visit, kind, agency, fired_at)
       select id, visit, kind, agency, $1::timestamptz from due
       on conflict do nothing
       returning cluster_id, visit, kind
     ), n as (
       insert into notification (id, agency, user_id, kind, cluster_id, title, body, source, created_at, language)
       select gen_random_uuid(), d.agency, u.user_id, d.kind, d.id,
              case when l.lang = 'fr'
                   then case when d.kind = 'OVERDUE' then d.name || ' est en retard dans la phase « ' || l.phase || ' »' else d.name || ' arrive à échéance dans la phase « ' || l.phase || ' »' end
                   else case when d.kind = 'OVERDUE' then d.name || ' is overdue in ' || l.phase else d.name || ' is due soon in ' || l.phase end end,
              case when l.lang = 'fr'
                   then case when d.kind = 'OVERDUE' then d.name || ' devait quitter la phase « ' || l.phase || ' » avant le ' else d.name || ' doit quitter la phase « ' || l.phase || ' » avant le ' end
                        || to_char(d.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC.'
                   else case when d.kind = 'OVERDUE' then d.name || ' was due to leave ' || l.phase || ' by ' else d.name || ' is due to leave ' || l.phase || ' by ' end
                        || to_char(d.due_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') || ' UTC.' end,
              'timer/' || d.id || '/' || d.visit || '/' || d.kind, $1::timestamptz, case when d.languages is not null then l.lang end
         from fired f
         join due d on d.id = f.cluster_id and d.visit = f.visit and d.kind = f.kind
         cross join unnest(d.cda_ids) as u(user_id)
         left join notification_preference pref on pref.agency = d.agency and pref.user_id = u.user_id
         -- The person's language when the template gives it, else the template's default (engine: noticeText);
         -- the phase's title from the template's title map in it.
         cross join lateral (
           select x.lang, coalesce(d.titles->x.lang->>('phases.' || d.phase || '.title'), d.phase_title) as phase
             from (select case when pref.language is not null and coalesce(d.languages, '[]'::jsonb) @> to_jsonb(pref.language)
                               then pref.language else coalesce(d.languages->>0, 'en') end as lang) x
         ) l
       on conflict (agency, user_id, source) do nothing
       returning id, agency, user_id
     ), ${deliveryCtes('$2', '$3', '$4')}
     select (select count(*)::int from n) as written, (select count(*)::int from m) as mails, (select count(*)::int from l) as announced`,
    [now.toISOString(), Jobs.MAIL, MAX_JOB_ATTEMPTS, mail],
  );
  return rows[0]?.written ?? 0;
}

/** A notification to mail, with its person's address and current choice. */
export interface MailableNotification {
  id: string;
  agency: string;
  userId: string;
  kind: NotificationKind;
  clusterId: string | null;
  title: string;
  body: string;
  createdAt: Date;
  emailedAt: Date | null;
  email: string | null;
  name: string | null;
  emailMode: EmailMode;
  /** The language the title and body are in when the person chose one the template gives; null: the template's default. */
  language: string | null;
  /** The person's chosen language (for a digest's own sentences); null: none. */
  chosenLanguage: string | null;
}

const MAILABLE = `select n.id, n.agency, n.user_id, n.kind, n.cluster_id, n.title, n.body, n.created_at, n.emailed_at, p.email, p.name,
    coalesce(pref.email_mode, 'IMMEDIATE') as email_mode, n.language, pref.language as chosen_language
  from notification n
  left join person p on p.agency = n.agency and p.user_id = n.user_id
  left join notification_preference pref on pref.agency = n.agency and pref.user_id = n.user_id`;

const mailableOf = (r: Record<string, any>): MailableNotification => ({
  id: r.id,
  agency: r.agency,
  userId: r.user_id,
  kind: r.kind,
  clusterId: r.cluster_id,
  title: r.title,
  body: r.body,
  createdAt: new Date(r.created_at),
  emailedAt: r.emailed_at ? new Date(r.emailed_at) : null,
  email: r.email,
  name: r.name,
  emailMode: r.email_mode,
  language: r.language ?? null,
  chosenLanguage: r.chosen_language ?? null,
});

export async function mailableNotification(db: Queryable, agency: string, id: string): Promise<MailableNotification | null> {
  if (!isUuid(id)) return null;
  const { rows } = await db.query(`${MAILABLE} where n.agency = $1 and n.id = $2::uuid`, [agency, id]);
  return rows[0] ? mailableOf(rows[0]) : null;
}

/** Records that the SMTP server accepted the mail carrying these notifications. */
export async function markEmailed(db: Queryable, agency: string, ids: readonly string[]): Promise<void> {
  await db.query(`update notification set emailed_at = now() where agency = $1 and id = any($2::uuid[]) and emailed_at is null`, [agency, ids]);
}

/**
 * The digest's fan-out: a `digest_mail` job for each person with DAILY_DIGEST, an address and
 * notifications not mailed from the day before `until`; one per person (job key), however
 * often the schedule fires. Returns how many were enqueued.
 */
export async function enqueueDigests(db: Queryable, until: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `with due as (
       select distinct n.agency, n.user_id
         from notification n
         join notification_preference pref on pref.agency = n.agency and pref.user_id = n.user_id and pref.email_mode = 'DAILY_DIGEST'
         join person p on p.agency = n.agency and p.user_id = n.user_id and p.email is not null
        where n.emailed_at is null and n.created_at <= $1::timestamptz and n.created_at > $1::timestamptz - interval '1 day'
     )
     select count(${JOB_SCHEMA}.add_job($2, json_build_object('agency', agency, 'userId', user_id, 'until', $1::text),
              job_key := 'digest:' || agency || '/' || user_id, max_attempts := $3::smallint))::int as n
       from due`,
    [until.toISOString(), Jobs.DIGEST_MAIL, MAX_JOB_ATTEMPTS],
  );
  return rows[0]?.n ?? 0;
}

/** One person's notifications for their digest: not yet mailed, from the day before `until`, oldest first. */
export async function digestNotifications(db: Queryable, agency: string, userId: string, until: Date): Promise<MailableNotification[]> {
  const { rows } = await db.query(
    `${MAILABLE} where n.agency = $1 and n.user_id = $2 and n.emailed_at is null
        and n.created_at <= $3::timestamptz and n.created_at > $3::timestamptz - interval '1 day'
      order by n.created_at, n.id`,
    [agency, userId, until.toISOString()],
  );
  return rows.map(mailableOf);
}

export const isEmailMode = (v: unknown): v is EmailMode => (EMAIL_MODES as readonly unknown[]).includes(v);
