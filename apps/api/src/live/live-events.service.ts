import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { ErrorCode, notFound } from '@clusterflow/engine';
import { ClusterRepository, EventListener, loadNotifiedEvents, type EventNotification, type NotifiedEvent } from '@clusterflow/persistence';
import type { AuditEventModel } from '../audit/models/audit-event.model';

export const LIVE_EVENTS_OPTIONS = Symbol('LIVE_EVENTS_OPTIONS');

export interface LiveEventsOptions {
  /** The database the ORM uses; the listener opens its own connection to it. */
  databaseUrl: string;
}

/** Events waiting for one slow subscriber before its subscription ends with SERVICE_UNAVAILABLE. */
export const MAX_QUEUED_EVENTS = 1000;
/** Notifications loaded per statement. */
const BATCH = 500;

/**
 * Live events for `clusterEvents`, on every server instance: the instance's one LISTEN
 * connection hears each committed event's notification (from whichever instance ran the
 * command), loads the event (agency-scoped) and hands it to the subscribers of its agency,
 * of its cluster or of all the agency's clusters. A notification for an agency with no
 * subscriber here costs no query. Events reach subscribers in commit order.
 */
@Injectable()
export class LiveEventsService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('LiveEvents');
  private readonly listener: EventListener;
  /** Open streams by agency; an agency without any has no entry. */
  private readonly streams = new Map<string, Set<EventStream>>();
  private pending: EventNotification[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    @Inject(LIVE_EVENTS_OPTIONS) options: LiveEventsOptions,
    private readonly clusters: ClusterRepository,
  ) {
    this.listener = new EventListener({
      url: options.databaseUrl,
      onNotification: (n) => this.notified(n),
      log: { info: (m) => this.log.log(m), warn: (m) => this.log.warn(m), debug: (m) => this.log.debug(m) },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    for (const set of [...this.streams.values()]) for (const stream of [...set]) stream.end();
    await this.listener.stop();
    await this.draining;
  }

  /** Whether this instance is listening now (false during a database outage). */
  get listening(): boolean {
    return this.listener.listening;
  }

  /** Open subscriptions on this instance, of one agency or of all. */
  subscriberCount(agency?: string): number {
    if (agency !== undefined) return this.streams.get(agency)?.size ?? 0;
    let n = 0;
    for (const set of this.streams.values()) n += set.size;
    return n;
  }

  /**
   * A stream of the agency's events from now on, of one cluster when `clusterId` is given
   * (NOT_FOUND when the agency has no such cluster; its events from the version read here
   * on, exactly). Ends when the subscriber leaves.
   */
  async subscribe(agency: string, clusterId: string | null): Promise<AsyncIterableIterator<AuditEventModel>> {
    if (!agency) throw new Error('an agency is required for every subscription');
    let afterSeq = 0;
    if (clusterId != null) {
      const version = await this.clusterVersion(agency, clusterId);
      if (version === null) throw notFound('cluster');
      afterSeq = version;
    }
    const stream = new EventStream(clusterId?.toLowerCase() ?? null, afterSeq, () => this.remove(agency, stream));
    let set = this.streams.get(agency);
    if (!set) this.streams.set(agency, (set = new Set()));
    set.add(stream);
    return stream;
  }

  /** The cluster's version (its last event's seq); null when the agency has no such cluster. */
  private async clusterVersion(agency: string, clusterId: string): Promise<number | null> {
    return this.clusters.version(agency, clusterId);
  }

  private remove(agency: string, stream: EventStream): void {
    const set = this.streams.get(agency);
    if (!set) return;
    set.delete(stream);
    if (!set.size) this.streams.delete(agency);
  }

  private notified(n: EventNotification): void {
    if (!this.wanted(n)) return; // nobody here listens for it: no query
    this.pending.push(n);
    this.draining ??= this.drain()
      .catch((e) => this.log.error(`live events fan-out failed: ${(e as Error).message}`))
      .finally(() => {
        this.draining = null;
      });
  }

  private wanted(n: EventNotification): boolean {
    const set = this.streams.get(n.agency);
    if (!set) return false;
    for (const stream of set) if (stream.wants(n.clusterId, n.seq)) return true;
    return false;
  }

  /** Loads and hands out what has been announced, a batch per statement, in announcement order. */
  private async drain(): Promise<void> {
    while (this.pending.length) {
      // Subscribers may have left while the batch waited.
      const batch = this.pending.splice(0, BATCH).filter((n) => this.wanted(n));
      if (!batch.length) continue;
      let events: Map<string, NotifiedEvent>;
      try {
        events = await loadNotifiedEvents(this.listener, batch);
      } catch (e) {
        this.log.error(`could not load ${batch.length} announced event(s) for live subscribers, who miss them: ${(e as Error).message}`);
        continue;
      }
      for (const n of batch) {
        const row = events.get(n.eventId);
        if (!row || row.agency !== n.agency) continue;
        const event = toModel(row);
        for (const stream of this.streams.get(n.agency) ?? []) {
          if (stream.wants(event.clusterId.toLowerCase(), event.seq)) stream.push(event);
        }
      }
    }
  }
}

function toModel(row: NotifiedEvent): AuditEventModel {
  return {
    id: row.id,
    clusterId: row.clusterId,
    seq: row.seq,
    type: row.type,
    actor: row.actor,
    actorName: row.actorName,
    role: row.role,
    at: new Date(row.at),
    payload: row.payload,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}

type Waiter = { resolve(result: IteratorResult<AuditEventModel>): void; reject(error: unknown): void };

/**
 * One subscriber's events: a queue the fan-out pushes to and graphql-ws pulls from. A
 * subscriber that lets MAX_QUEUED_EVENTS pile up is ended with SERVICE_UNAVAILABLE rather than
 * holding memory without bound (it subscribes again and reads `auditTrail` for the gap).
 */
class EventStream implements AsyncIterableIterator<AuditEventModel> {
  private readonly queue: AuditEventModel[] = [];
  private waiter: Waiter | null = null;
  private failure: unknown = null;
  private finished = false;

  constructor(
    /** Only this cluster's events (lowercase id); null: every cluster of the agency. */
    readonly clusterId: string | null,
    /** For a cluster's stream: its version when subscribed; earlier events are not news. */
    private readonly afterSeq: number,
    private readonly onEnd: () => void,
  ) {}

  wants(clusterId: string, seq: number): boolean {
    return this.clusterId === null || (this.clusterId === clusterId && seq > this.afterSeq);
  }

  push(event: AuditEventModel): void {
    if (this.finished) return;
    if (this.waiter) {
      const waiter = this.waiter;
      this.waiter = null;
      waiter.resolve({ value: event, done: false });
    } else if (this.queue.length >= MAX_QUEUED_EVENTS) {
      this.queue.length = 0;
      this.fail(
        new GraphQLError(`more than ${MAX_QUEUED_EVENTS} events waited for this subscriber; subscribe again and read auditTrail for what was missed`, {
          extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
        }),
      );
    } else {
      this.queue.push(event);
    }
  }

  /** Ends the stream: what is queued is dropped, a pending `next` resolves as done. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue.length = 0;
    this.onEnd();
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.resolve({ value: undefined, done: true });
  }

  private fail(error: unknown): void {
    const waiter = this.waiter;
    this.waiter = null;
    this.end();
    if (waiter) waiter.reject(error);
    else this.failure = error;
  }

  next(): Promise<IteratorResult<AuditEventModel>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure !== null) {
      const failure = this.failure;
      this.failure = null;
      return Promise.reject(failure);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<AuditEventModel>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<AuditEventModel>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<AuditEventModel> {
    return this;
  }
}
