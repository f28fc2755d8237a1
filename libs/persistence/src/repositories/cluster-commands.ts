import type { EntityManager } from '@mikro-orm/postgresql';
import { createHash, randomUUID } from 'node:crypto';
import type { QueryResult } from 'pg';
import { DomainError, ErrorCode, indicatorPeriodRows, waitingSince, type ClusterState, type EventPayloads, type Notice, type PhaseVisitState, type Recorded, type WorkEntry } from '@clusterflow/engine';
import { Jobs, MAX_JOB_ATTEMPTS } from '../jobs/job-queue';
import { EVENTS_CHANNEL } from '../live-events';
import { KeyedQueue, KeyedQueueRefusal } from './keyed-queue';
import { knexClientOf, withPooledClient, type KnexClient } from './pooled-client';
import { isUuid, required, uuids } from './rows';
import { workCtes } from './work.repository';
import { fileOf, LOCK_FILES, type StoredFileRow } from './file.repository';
import { webhookCtes } from './webhook.repository';

export { isUuid };

/**
 * The command path, straight on the `pg` driver with the ORM's connection pool: one
 * transaction per command, the cluster row locked, and one prepared statement writing the
 * event, the snapshot and the projections, and queuing the event's notification (live-events.ts).
 * No unit of work, no values pasted into SQL text, three round trips (begin and lock together,
 * write, commit).
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

/** Everything one command writes, in one statement: what the engine's `record` made, and where it goes. */
export interface CommandWrite {
  /** The template version the cluster runs on after the command. */
  templateId: string;
  /** The event's row id. */
  eventId: string;
  recorded: Recorded;
  /** The cluster's open work after the event (the work_item projection, work.repository.ts); left as it is when absent. */
  work?: WorkEntry[];
  /**
   * Who is to be told (the engine's `noticesOf`): enqueued as one `notify` job in the same
   * statement, when any is due (those tied to a work item only when that item is new).
   */
  notices?: Notice[];
}

export interface Statement {
  /** A prepared-statement name derived from the text, so each connection parses it once. */
  name: string;
  text: string;
  values: unknown[];
}

const statementName = (text: string) => `cf_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;

/** `pg` binds JS arrays as PostgreSQL arrays and strings as text; Dates are not used here. */
const param = (value: unknown): unknown => (value === undefined ? null : value);

/**
 * The per-cluster command queues (keyed-queue.ts), one per connection pool, so that every
 * store on the same ORM shares them: commands on one cluster wait for each other here,
 * without a connection, instead of in PostgreSQL's lock queue holding one each.
 */
const commandQueues = new WeakMap<KnexClient, KeyedQueue>();

/**
 * The most commands waiting on one cluster (the running one aside): one more is refused at
 * once with SERVICE_UNAVAILABLE, so a burst cannot pile up in memory without end.
 */
export const MAX_WAITING_COMMANDS_PER_CLUSTER = 256;

/**
 * The longest a command waits for its cluster's turn: past it, it is refused with
 * SERVICE_UNAVAILABLE and never runs (its client has most likely given up by then).
 */
export const MAX_COMMAND_WAIT_MS = 10_000;

/**
 * The longest a command waits for its cluster's row lock once it has its turn here: the lock
 * is held by another process's command (a few milliseconds) or by something outside the
 * server. Past it, the command is refused with SERVICE_UNAVAILABLE and nothing is written.
 */
export const ROW_LOCK_TIMEOUT_MS = 10_000;

function commandQueueOf(em: EntityManager): KeyedQueue {
  const pool = knexClientOf(em);
  let queue = commandQueues.get(pool);
  if (!queue) {
    queue = new KeyedQueue({ maxWaiting: MAX_WAITING_COMMANDS_PER_CLUSTER, maxWaitMs: MAX_COMMAND_WAIT_MS });
    commandQueues.set(pool, queue);
  }
  return queue;
}

/** A refused command as the contract's "retry later"; nothing of it ran, so a retry is safe. */
function clusterBusy(clusterId: string, refusal: KeyedQueueRefusal): DomainError {
  const why =
    refusal.reason === 'full'
      ? `${refusal.waiting} commands are waiting`
      : `the command waited ${refusal.limits.maxWaitMs / 1000} s for its turn and was not run`;
  return new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `cluster ${clusterId} is busy: ${why}; retry later`);
}

/** Throws unless the write hit its cluster row (a failed version or hash guard writes nothing). */
export function expectCommitted(result: QueryResult, write: CommandWrite): void {
  if (result.rows[0]?.n !== 1) {
    const s = write.recorded.state;
    throw new Error(
      `cluster ${s.id} was not at version ${s.version - 1} with the event's previous hash: nothing written (a concurrent change, or a missing lock)`,
    );
  }
}

/**
 * Runs commands on one cluster at a time: `work` gets the locked row (null when the agency
 * has no such cluster) and returns what to write, if anything; everything commits together
 * or not at all.
 */
export class ClusterCommandStore {
  constructor(
    private readonly em: EntityManager,
    private readonly options: { rowLockTimeoutMs?: number } = {},
  ) {}

  /** A new cluster: its first event, row and projections in one atomic statement. */
  async insert(agency: string, write: CommandWrite): Promise<void> {
    await withPooledClient(this.em, async (client) => expectCommitted(await client.query(commitStatement(agency, write)), write));
  }

  async withLockedCluster<T>(
    agency: string,
    clusterId: string,
    work: (row: ClusterRow | null, tx: CommandTransaction) => Promise<{ write: CommandWrite | null; value: T }>,
  ): Promise<T> {
    if (!agency) throw new Error('an agency is required for every cluster command');
    // One command per cluster at a time in this process (see commandQueueOf); the row lock
    // below still serializes commands of different processes.
    const key = `${agency}\0${clusterId.toLowerCase()}`;
    try {
      return await commandQueueOf(this.em).run(key, () => this.lockedCommand(agency, clusterId, work));
    } catch (e) {
      throw e instanceof KeyedQueueRefusal && e.key === key ? clusterBusy(clusterId, e) : e;
    }
  }

  private lockedCommand<T>(
    agency: string,
    clusterId: string,
    work: (row: ClusterRow | null, tx: CommandTransaction) => Promise<{ write: CommandWrite | null; value: T }>,
  ): Promise<T> {
    return withPooledClient(this.em, async (client) => {
      // Begin and lock in one round trip (simple protocol, so the values are quoted literals:
      // the id is checked to be a uuid, the agency escaped by the driver).
      const id = isUuid(clusterId) ? clusterId : '00000000-0000-0000-0000-000000000000';
      const lock = LOCK.replace('$2', () => `'${id}'`).replace('$1', () => client.escapeLiteral(agency));
      const lockTimeout = Math.max(1, Math.round(this.options.rowLockTimeoutMs ?? ROW_LOCK_TIMEOUT_MS));
      try {
        let locked: QueryResult;
        try {
          [, , locked] = (await client.query(`begin; set local lock_timeout = ${lockTimeout}; ${lock}`)) as unknown as QueryResult[];
        } catch (e) {
          if ((e as { code?: string }).code !== LOCK_NOT_AVAILABLE) throw e;
          throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `cluster ${clusterId} is busy: another process held it for ${lockTimeout / 1000} s; retry later`);
        }
        const r = locked.rows[0];
        const row: ClusterRow | null = r
          ? {
              id: r.id,
              agency: r.agency,
              name: r.name,
              templateId: r.template_id,
              templateKey: r.template_key,
              templateVersion: r.template_version,
              version: r.version,
              snapshot: r.snapshot,
              lastHash: r.last_hash,
            }
          : null;
        const tx: CommandTransaction = {
          async templateDefinition(templateId) {
            const found = await client.query({ name: 'cf_template_definition', text: TEMPLATE_DEFINITION, values: [agency, templateId] });
            return found.rows[0]?.definition ?? null;
          },
          async templateVersionId(key, version) {
            const found = await client.query({ name: 'cf_template_version_id', text: TEMPLATE_VERSION_ID, values: [agency, key, version] });
            return found.rows[0]?.id ?? null;
          },
          async lockFiles(ids) {
            const valid = uuids(ids);
            if (!valid.length) return [];
            const found = await client.query({ name: 'cf_lock_files', text: LOCK_FILES, values: [agency, valid] });
            return found.rows.map((r) => ({ ...fileOf(r), attached: r.artefact_version_id !== null }));
          },
        };
        const { write, value } = await work(row, tx);
        if (write) expectCommitted(await client.query(commitStatement(agency, write)), write);
        await client.query('commit');
        return value;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      }
    });
  }
}

/** Reads a command may need under the lock, on the same connection (never a second one from the pool). */
export interface CommandTransaction {
  /** The stored definition of a template version of the agency; null when there is none. */
  templateDefinition(templateId: string): Promise<unknown>;
  /** The id of a published version of one of the agency's templates; null when there is none. */
  templateVersionId(key: string, version: number): Promise<string | null>;
  /** The agency's stored files of these ids, locked until the command ends (so two submissions never attach one file). */
  lockFiles(ids: readonly string[]): Promise<(StoredFileRow & { attached: boolean })[]>;
}

const TEMPLATE_DEFINITION = `select definition from programme_template where agency = $1 and id = $2::uuid`;
const TEMPLATE_VERSION_ID = `select id from programme_template where agency = $1 and key = $2 and version = $3::int`;

/** SQLSTATE lock_not_available: `lock_timeout` passed while waiting for the row. */
const LOCK_NOT_AVAILABLE = '55P03';

const LOCK = `select id, agency, name, template_id, template_key, template_version, version, snapshot, last_hash
  from cluster where agency = $1 and id = $2::uuid for update`;

/**
 * One command's write as one statement of data-modifying CTEs: the cluster insert or the
 * guarded update (previous version `snapshot.version - 1` and previous hash `event.prevHash`),
 * the event, the projections and the `counts` of the cluster's decisions. Every part is
 * conditioned on the cluster row having been hit, so a failed guard writes nothing.
 */
export function commitStatement(agency: string, write: CommandWrite): Statement {
  required(agency);
  const { state: s, event, projection } = write.recorded;
  const isNew = event.type === 'REGISTERED';
  const visit = s.visits[s.visits.length - 1];
  if (event.clusterId !== s.id) throw new Error('commit: the event and the snapshot name different clusters');
  if (event.seq !== s.version) throw new Error(`commit: event seq ${event.seq} does not match snapshot version ${s.version}`);
  if (!visit) throw new Error('commit: the snapshot has no phase visit');

  const ctes: string[] = [];
  const params: unknown[] = [];
  const cte = (name: string, sql: string, values: unknown[]) => {
    ctes.push(`${name} as (${sql})`);
    params.push(...values);
  };
  const common = [
    s.name, s.sector, s.region, s.country, write.templateId, s.templateKey, s.templateVersion, s.phase, s.status, s.version,
    projection.score, projection.eligible, visit.enteredAt, projection.dueAt, s.cdaIds, JSON.stringify(s), event.hash,
    JSON.stringify(projection.gates), waitingSince(visit),
  ];
  if (isNew) {
    cte(
      'c',
      `insert into cluster (name, sector, region, country, template_id, template_key, template_version, phase, status, version,
         score, eligible, entered_phase_at, due_at, cda_ids, snapshot, last_hash, gate_unmet, waiting_since, id, agency, registered_at, registered_by)
       values (?, ?, ?, ?, ?::uuid, ?, ?::int, ?, ?, ?::int, ?::float8, ?::boolean, ?::timestamptz, ?::timestamptz, ?::text[],
         ?::jsonb, ?, ?::jsonb, ?::timestamptz, ?::uuid, ?, ?::timestamptz, ?)
       returning id`,
      [...common, s.id, agency, s.registeredAt, s.registeredBy],
    );
  } else {
    cte(
      'c',
      `update cluster set name = ?, sector = ?, region = ?, country = ?, template_id = ?::uuid, template_key = ?,
         template_version = ?::int, phase = ?, status = ?, version = ?::int, score = ?::float8, eligible = ?::boolean,
         entered_phase_at = ?::timestamptz, due_at = ?::timestamptz, cda_ids = ?::text[], snapshot = ?::jsonb, last_hash = ?,
         gate_unmet = ?::jsonb, waiting_since = ?::timestamptz
       where agency = ? and id = ?::uuid and version = ?::int and last_hash = ?
       returning id`,
      [...common, agency, s.id, s.version - 1, event.prevHash],
    );
  }
  cte(
    'e',
    `insert into cluster_event (id, agency, cluster_id, seq, type, actor, actor_name, role, at, payload, prev_hash, hash)
     select ?::uuid, ?, c.id, ?::int, ?, ?, ?, ?, ?::timestamptz, ?::jsonb, ?, ? from c
     returning agency, cluster_id, id, seq`,
    [write.eventId, agency, event.seq, event.type, event.actor, event.actorName, event.role, event.at, JSON.stringify(event.payload), event.prevHash, event.hash],
  );
  // Live events (live-events.ts): the notification is queued inside the command's transaction,
  // so PostgreSQL delivers it to every listening instance on commit, and never on rollback.
  cte(
    'notified',
    `select pg_notify('${EVENTS_CHANNEL}', json_build_object('agency', agency, 'clusterId', cluster_id, 'eventId', id, 'seq', seq)::text) from e`,
    [],
  );
  // Webhooks (webhook.repository.ts): the event's outbox rows and jobs, committed with it or not at all.
  webhookCtes(agency, { id: write.eventId, clusterId: s.id, seq: event.seq, type: event.type }, cte);
  projections(agency, write, visit, cte);
  // Read before `workCtes` rewrites work_item: every CTE sees the rows as they were before the statement.
  const notifying = !!write.notices?.length;
  if (notifying) noticeCte(agency, write, cte);
  if (write.work) workCtes(agency, s.id, write.work, event.at, projection.dueAt, cte);
  if (!isNew) {
    const counting = uuids(projection.countingDecisionIds);
    cte(
      'k',
      `update decision set counts = (id = any(?::uuid[]))
        where agency = ? and cluster_id = ?::uuid and counts <> (id = any(?::uuid[])) and exists (select 1 from c)`,
      [counting, agency, s.id, counting],
    );
  }
  // `notified` and `whj` are read here so that they run (a CTE that nothing reads is never evaluated).
  const text = `with ${ctes.join(',\n')}\nselect (select count(*)::int from c) as n, (select count(*)::int from notified) as notified, (select count(*)::int from whj) as webhooks${notifying ? ', (select count(*)::int from j) as queued' : ''}`;
  return { ...prepared(text), values: params.map(param) };
}

/**
 * A statement's text with `$n` placeholders and its prepared-statement name, by its text with
 * `?`: the shapes a command's statement takes are few (one per event type, notices and files
 * or not), so each is numbered and hashed once per process instead of on every command.
 */
const preparedTexts = new Map<string, { name: string; text: string }>();
const MAX_PREPARED_TEXTS = 1000;

function prepared(text: string): { name: string; text: string } {
  let found = preparedTexts.get(text);
  if (!found) {
    let n = 0;
    found = { name: statementName(text), text: text.replace(/\?/g, () => `$${++n}`) };
    if (preparedTexts.size >= MAX_PREPARED_TEXTS) preparedTexts.clear();
    preparedTexts.set(text, found);
  }
  return found;
}

/**
 * The outbox: one `notify` job in the command's own statement (a row of `job_outbox`, which the
 * relay moves into the job queue: jobs/job-outbox.ts), carrying the notices that are due: each
 * one not tied to a work item, and each one tied to an item that was not open before this
 * command (its key absent from work_item as the statement found it). Nothing is enqueued when
 * none is due, or when the write missed.
 */
function noticeCte(agency: string, write: CommandWrite, cte: (name: string, sql: string, values: unknown[]) => void): void {
  const { state: s, event } = write.recorded;
  cte(
    'j',
    `insert into job_outbox (agency, task, payload, max_attempts)
     select ?, ?, json_build_object('agency', ?::text, 'clusterId', ?::text, 'eventId', ?::text, 'at', ?::text, 'notices', due.list), ?::smallint
       from (select jsonb_agg(x) as list from jsonb_array_elements(?::jsonb) x
              where x->>'workKey' is null
                 or not exists (select 1 from work_item w where w.cluster_id = ?::uuid and w.key = x->>'workKey')) due
      where due.list is not null and exists (select 1 from c)
     returning id`,
    [agency, Jobs.NOTIFY, agency, s.id, write.eventId, event.at, MAX_JOB_ATTEMPTS, JSON.stringify(write.notices), s.id],
  );
}

function projections(
  agency: string,
  write: CommandWrite,
  visit: PhaseVisitState,
  cte: (name: string, sql: string, values: unknown[]) => void,
): void {
  const { state: s, event, projection } = write.recorded;
  const clusterId = s.id;
  const eventId = write.eventId;
  switch (event.type) {
    case 'REGISTERED':
      cte('v', insertVisit, visitValues(agency, visit));
      break;
    case 'ADVANCED':
    case 'PHASE_EXPIRED': {
      const previous = s.visits[s.visits.length - 2];
      if (!previous) throw new Error(`commit: ${event.type} with a single phase visit in the snapshot`);
      cte(
        'l',
        `update phase_visit set left_at = ?::timestamptz
          where agency = ? and cluster_id = ?::uuid and n = ?::int and exists (select 1 from c)`,
        [previous.leftAt ?? event.at, agency, clusterId, previous.n],
      );
      cte('v', insertVisit, visitValues(agency, visit));
      break;
    }
    case 'RESUMED':
      cte(
        'v',
        `update phase_visit set suspended_ms = ?::bigint
          where agency = ? and cluster_id = ?::uuid and n = ?::int and exists (select 1 from c)`,
        [visit.suspendedMs, agency, clusterId, visit.n],
      );
      break;
    case 'ARTEFACT_SUBMITTED': {
      const p: EventPayloads['ARTEFACT_SUBMITTED'] = event.payload;
      cte(
        'a',
        `insert into artefact_version (id, agency, cluster_id, artefact_id, number, type, title, uri, sha256, fields,
           submitted_by, submitted_at, event_id)
         select ?::uuid, ?, c.id, ?::uuid, ?::int, ?, ?, ?, ?, ?::jsonb, ?, ?::timestamptz, ?::uuid from c`,
        [p.versionId, agency, p.artefactId, p.number, p.type, p.title, p.uri, p.sha256, JSON.stringify(p.fields), event.actor, event.at, eventId],
      );
      if (p.files?.length) {
        // Attached with the version: the rows were locked by lockFiles and found unattached.
        cte(
          'f',
          `update stored_file set artefact_version_id = ?::uuid, attached_at = ?::timestamptz
            where agency = ? and id = any(?::uuid[]) and artefact_version_id is null and exists (select 1 from c)`,
          [p.versionId, event.at, agency, p.files.map((f) => f.id)],
        );
      }
      break;
    }
    case 'DECIDED': {
      const p: EventPayloads['DECIDED'] = event.payload;
      cte(
        'd',
        `insert into decision (id, agency, cluster_id, cluster_name, gate, role, outcome, comment, decided_by, decided_at,
           artefact_version_id, visit, counts, conditions, event_id)
         select ?::uuid, ?, c.id, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::uuid, ?::int, ?::boolean, ?::jsonb, ?::uuid from c`,
        [
          p.decisionId, agency, s.name, p.gate, p.role, p.outcome, p.comment, event.actor, event.at,
          p.artefactVersionId, visit.n, projection.countingDecisionIds.includes(p.decisionId),
          JSON.stringify(s.decisions.find((d) => d.id === p.decisionId)?.conditions ?? []), eventId,
        ],
      );
      break;
    }
    case 'CONDITION_CLOSED': {
      const p: EventPayloads['CONDITION_CLOSED'] = event.payload;
      cte(
        'd',
        `update decision set conditions = ?::jsonb
          where agency = ? and cluster_id = ?::uuid and id = ?::uuid and exists (select 1 from c)`,
        [JSON.stringify(s.decisions.find((d) => d.id === p.decisionId)?.conditions ?? []), agency, clusterId, p.decisionId],
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
        [event.at, agency, clusterId, p.indicator, p.period],
      );
      cte(
        'i',
        `insert into indicator_value (id, agency, cluster_id, indicator, period, value, note, recorded_by, recorded_at, event_id)
         select ?::uuid, ?, c.id, ?, ?, ?::float8, ?, ?, ?::timestamptz, ?::uuid from c`,
        [randomUUID(), agency, p.indicator, p.period, p.value, p.note, event.actor, event.at, eventId],
      );
      indicatorPeriodCte(agency, s, p.indicator, p.period, cte);
      break;
    }
    case 'INDICATOR_PLAN_SET': {
      const p: EventPayloads['INDICATOR_PLAN_SET'] = event.payload;
      indicatorPeriodCte(agency, s, p.indicator, null, cte);
      break;
    }
    case 'MIGRATED':
      // The phase visit goes on under the new version's phase id.
      cte(
        'v',
        `update phase_visit set phase = ?
          where agency = ? and cluster_id = ?::uuid and n = ?::int and exists (select 1 from c)`,
        [visit.phase, agency, clusterId, visit.n],
      );
      if (event.payload.gates) {
        // Decisions under a renamed gate move to its new id, as in the snapshot.
        const renamed = Object.entries(event.payload.gates);
        cte(
          'd',
          `update decision set gate = m.new
             from unnest(?::text[], ?::text[]) as m(old, new)
            where agency = ? and cluster_id = ?::uuid and gate = m.old and exists (select 1 from c)`,
          [renamed.map(([old]) => old), renamed.map(([, renamedTo]) => renamedTo), agency, clusterId],
        );
      }
      break;
    default:
      break;
  }
}

/**
 * The `indicator_period` and `indicator_summary` projections (the engine's `indicatorPeriodRows`
 * and `indicatorSummaryRows`; portfolio analytics), as CTEs of the command's statement. A
 * recording rewrites its period's row, a plan every row of the indicator and removes periods
 * left with neither a value nor a target; the summary row is folded from the same rows. Values,
 * targets and baselines travel as JSON numbers, which PostgreSQL reads into `numeric` from their
 * text, so the sums are exact decimal sums of the numbers as written (0.1 + 0.2 = 0.3).
 */
function indicatorPeriodCte(agency: string, s: ClusterState, indicator: string, period: string | null, cte: (name: string, sql: string, values: unknown[]) => void): void {
  const rows = indicatorPeriodRows(s, indicator);
  const json = JSON.stringify(rows);
  cte(
    'ip',
    `insert into indicator_period (agency, cluster_id, indicator, period, template_key, value, recorded_at, target, baseline)
     select ?, c.id, ?, r.period, ?, r.value, r."recordedAt", r.target, r.baseline
       from c, jsonb_to_recordset(?::jsonb) as r(period text, value numeric, "recordedAt" timestamptz, target numeric, baseline numeric)
      where ?::text is null or r.period = ?::text
     on conflict (cluster_id, indicator, period) do update
       set template_key = excluded.template_key, value = excluded.value, recorded_at = excluded.recorded_at,
           target = excluded.target, baseline = excluded.baseline`,
    [agency, indicator, s.templateKey, json, period, period],
  );
  if (period === null) {
    cte(
      'ipd',
      `delete from indicator_period
        where agency = ? and cluster_id = ?::uuid and indicator = ? and period <> all(?::text[]) and exists (select 1 from c)`,
      [agency, s.id, indicator, rows.map((r) => r.period)],
    );
  }
  if (!rows.length) {
    cte('isd', `delete from indicator_summary where agency = ? and cluster_id = ?::uuid and indicator = ? and exists (select 1 from c)`, [agency, s.id, indicator]);
    return;
  }
  cte(
    'isu',
    `insert into indicator_summary (agency, cluster_id, indicator, template_key, value_sum, value_count, value_min, value_max, value_last,
       baseline, target_sum, target_latest)
     select ?, c.id, ?, ?, sum(r.value), count(r.value)::int, min(r.value), max(r.value),
            (array_agg(r.value order by r.period desc) filter (where r.value is not null))[1], max(r.baseline), sum(r.target),
            (array_agg(r.target order by r.period desc) filter (where r.target is not null))[1]
       from c, jsonb_to_recordset(?::jsonb) as r(period text, value numeric, target numeric, baseline numeric)
      group by c.id
     on conflict (cluster_id, indicator) do update
       set template_key = excluded.template_key, value_sum = excluded.value_sum, value_count = excluded.value_count,
           value_min = excluded.value_min, value_max = excluded.value_max, value_last = excluded.value_last,
           baseline = excluded.baseline, target_sum = excluded.target_sum, target_latest = excluded.target_latest`,
    [agency, indicator, s.templateKey, json],
  );
}

const insertVisit = `insert into phase_visit (agency, cluster_id, n, phase, entered_at, left_at, via_gate, suspended_ms)
  select ?, c.id, ?::int, ?, ?::timestamptz, ?::timestamptz, ?, ?::bigint from c`;

function visitValues(agency: string, v: PhaseVisitState): unknown[] {
  return [agency, v.n, v.phase, v.enteredAt, v.leftAt, v.viaGate, v.suspendedMs];
}

