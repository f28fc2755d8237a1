import { Client, type QueryResult, type QueryResultRow } from 'pg';
import type { EventType } from '@clusterflow/engine';
import { eventFields, iso, isUuid } from './repositories/rows';

/**
 * Live events across server instances, through PostgreSQL LISTEN/NOTIFY.
 *
 * The command path's write statement (`commitStatement`) calls `pg_notify(EVENTS_CHANNEL, …)`
 * for the event it inserts, inside the command's transaction: PostgreSQL delivers the
 * notification to every listening connection when, and only when, that transaction commits.
 * Each server instance holds one dedicated connection (`EventListener`, outside the ORM's pool)
 * that listens on the channel, and loads the notified events on it (`loadNotifiedEvents`).
 */

/** The channel every command's event is announced on. */
export const EVENTS_CHANNEL = 'clusterflow_events';

/** What a notification carries: enough to load the event, agency-scoped; never the event itself. */
export interface EventNotification {
  agency: string;
  clusterId: string;
  eventId: string;
  seq: number;
}

/** The payload of a notification on EVENTS_CHANNEL; null when it is not one of ours. */
export function parseEventNotification(payload: string | undefined): EventNotification | null {
  if (!payload) return null;
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return null;
  }
  const v = value as Partial<EventNotification> | null;
  if (!v || typeof v.agency !== 'string' || !v.agency || !isUuid(v.clusterId) || !isUuid(v.eventId) || !Number.isInteger(v.seq)) return null;
  return { agency: v.agency, clusterId: v.clusterId.toLowerCase(), eventId: v.eventId.toLowerCase(), seq: v.seq as number };
}

/** An event as recorded, `at` as ISO 8601 UTC text with milliseconds (the form its hash covers). */
export interface NotifiedEvent {
  id: string;
  agency: string;
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

interface Queryable {
  query<R extends QueryResultRow>(config: { name?: string; text: string; values?: unknown[] }): Promise<QueryResult<R>>;
}

const LOAD_EVENTS = `select e.id, e.agency, e.cluster_id, e.seq, e.type, e.actor, e.actor_name, e.role,
    ${iso('e.at')} as at, e.payload, e.prev_hash, e.hash
  from unnest($1::text[], $2::uuid[]) as w(agency, id)
  join cluster_event e on e.agency = w.agency and e.id = w.id`;

/**
 * The notified events, by event id, in one statement; each one matched on its agency as well
 * as its id, so a notification can never load another agency's event.
 */
export async function loadNotifiedEvents(db: Queryable, notifications: readonly EventNotification[]): Promise<Map<string, NotifiedEvent>> {
  if (!notifications.length) return new Map();
  const { rows } = await db.query<Record<string, any>>({
    name: 'cf_live_events',
    text: LOAD_EVENTS,
    values: [notifications.map((n) => n.agency), notifications.map((n) => n.eventId)],
  });
  return new Map(
    rows.map((r) => [String(r.id).toLowerCase(), { ...eventFields(r), agency: r.agency }]),
  );
}

export interface EventListenerLog {
  info(message: string): void;
  warn(message: string): void;
  debug(message: string): void;
}

export interface EventListenerOptions<N = EventNotification> {
  url: string;
  /** The channel to listen on: EVENTS_CHANNEL unless given (with `parse` for its payloads). */
  channel?: string;
  parse?: (payload: string | undefined) => N | null;
  /** Called for every well-formed notification on the channel, in the order PostgreSQL delivers them (commit order). */
  onNotification(notification: N): void;
  log: EventListenerLog;
  /** First reconnect delay; doubles per failed attempt up to `maxDelayMs` (with ±20 % jitter). */
  minDelayMs?: number;
  maxDelayMs?: number;
  /** A `select 1` this often finds a connection that died without a word (no FIN, no RST). */
  pingIntervalMs?: number;
  /** Shown in pg_stat_activity. */
  applicationName?: string;
}

/**
 * One dedicated PostgreSQL connection that LISTENs on EVENTS_CHANNEL and reconnects by itself:
 * when the connection ends or fails (the database restarts, a network cut, a terminated backend)
 * it retries with exponential backoff until it is back, logging once when an outage starts and
 * once when it ends. `stop()` closes it for good.
 */
export class EventListener<N = EventNotification> {
  private client: Client | null = null;
  private connecting: Promise<void> | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private outageSince: number | null = null;
  private attempts = 0;
  private readonly minDelayMs: number;
  private readonly maxDelayMs: number;

  private readonly channel: string;
  private readonly parse: (payload: string | undefined) => N | null;

  constructor(private readonly options: EventListenerOptions<N>) {
    this.channel = options.channel ?? EVENTS_CHANNEL;
    this.parse = options.parse ?? (parseEventNotification as unknown as (payload: string | undefined) => N | null);
    this.minDelayMs = options.minDelayMs ?? 250;
    this.maxDelayMs = options.maxDelayMs ?? 10_000;
  }

  /** Whether the connection is up and listening. */
  get listening(): boolean {
    return this.client !== null;
  }

  /**
   * Connects and listens; resolves after the first attempt either way (a failed one is logged
   * and retried in the background, so a server starts even while its database is restarting).
   */
  async start(): Promise<void> {
    this.stopped = false;
    await this.attempt();
    const interval = this.options.pingIntervalMs ?? 30_000;
    if (interval > 0) {
      this.pingTimer = setInterval(() => this.ping(), interval);
      this.pingTimer.unref();
    }
  }

  /** Closes the connection for good and cancels any reconnect. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = this.pingTimer = null;
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** Runs a query on the listening connection; fails at once while it is down. */
  query<R extends QueryResultRow>(config: { name?: string; text: string; values?: unknown[] }): Promise<QueryResult<R>> {
    if (!this.client) return Promise.reject(new Error('the LISTEN connection is down'));
    return this.client.query<R>(config);
  }

  private attempt(): Promise<void> {
    this.retryTimer = null;
    this.connecting = this.connect().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    const { url, applicationName = 'clusterflow-listener' } = this.options;
    const client = new Client({ connectionString: url, application_name: applicationName, keepAlive: true, connectionTimeoutMillis: 10_000, query_timeout: 10_000 });
    // Attached before connecting: an 'error' without a listener would end the process.
    client.on('error', (e) => this.lost(client, e));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => {
      if (client !== this.client || message.channel !== this.channel) return;
      const notification = this.parse(message.payload);
      if (notification) this.options.onNotification(notification);
    });
    try {
      await client.connect();
      await client.query(`listen ${client.escapeIdentifier(this.channel)}`);
    } catch (e) {
      await client.end().catch(() => undefined);
      if (this.stopped) return;
      this.attempts++;
      if (this.outageSince === null) {
        this.outageSince = Date.now();
        this.options.log.warn(`cannot LISTEN for live events (${(e as Error).message}); retrying in the background`);
      } else {
        this.options.log.debug(`LISTEN reconnect attempt ${this.attempts} failed: ${(e as Error).message}`);
      }
      this.scheduleRetry();
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    if (this.outageSince !== null) {
      this.options.log.info(`listening for live events again after ${Date.now() - this.outageSince} ms (${this.attempts} attempt(s)); events committed meanwhile were not announced`);
    }
    this.outageSince = null;
    this.attempts = 0;
  }

  private lost(client: Client, error?: Error): void {
    if (client !== this.client) return; // a client already given up on, or one still connecting
    this.client = null;
    client.end().catch(() => undefined);
    if (this.stopped) return;
    this.outageSince = Date.now();
    this.options.log.warn(`lost the LISTEN connection for live events${error ? ` (${error.message})` : ''}; reconnecting`);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const base = Math.min(this.maxDelayMs, this.minDelayMs * 2 ** Math.min(this.attempts, 16));
    const delay = Math.round(base * (0.8 + Math.random() * 0.4));
    this.retryTimer = setTimeout(() => void this.attempt(), delay);
  }

  private ping(): void {
    const client = this.client;
    if (!client || this.connecting) return;
    client.query('select 1').catch((e: Error) => this.lost(client, e));
  }
}
