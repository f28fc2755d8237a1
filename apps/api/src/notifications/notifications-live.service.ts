import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { ErrorCode } from '@clusterflow/engine';
import { EventListener, isUuid, NOTIFICATIONS_CHANNEL, NotificationRepository, type NotificationRecord } from '@clusterflow/persistence';
import { LIVE_EVENTS_OPTIONS, MAX_QUEUED_EVENTS, type LiveEventsOptions } from '../live/live-events.service';

interface Announcement {
  agency: string;
  userId: string;
  id: string;
}

function parseAnnouncement(payload: string | undefined): Announcement | null {
  try {
    const v = JSON.parse(payload ?? '') as Partial<Announcement>;
    return typeof v.agency === 'string' && typeof v.userId === 'string' && isUuid(v.id) ? { agency: v.agency, userId: v.userId, id: v.id } : null;
  } catch {
    return null;
  }
}

/**
 * `notificationAdded`: the notify job announces each notification it writes on
 * NOTIFICATIONS_CHANNEL (in its transaction, so on commit); each instance listens on one
 * connection of its own and hands the caller's own notifications to their subscriptions.
 * An announcement for a person with no subscriber here costs no query.
 */
@Injectable()
export class NotificationsLiveService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('Notifications');
  private readonly listener: EventListener<Announcement>;
  /** Open streams by `<agency>\0<user id>`. */
  private readonly streams = new Map<string, Set<NotificationStream>>();

  constructor(
    @Inject(LIVE_EVENTS_OPTIONS) options: LiveEventsOptions,
    private readonly notifications: NotificationRepository,
  ) {
    this.listener = new EventListener<Announcement>({
      url: options.databaseUrl,
      channel: NOTIFICATIONS_CHANNEL,
      parse: parseAnnouncement,
      applicationName: 'clusterflow-notifications',
      onNotification: (a) => void this.announced(a),
      log: { info: (m) => this.log.log(m), warn: (m) => this.log.warn(m), debug: (m) => this.log.debug(m) },
    });
  }

  async onModuleInit(): Promise<void> {
    await this.listener.start();
  }

  async onModuleDestroy(): Promise<void> {
    for (const set of [...this.streams.values()]) for (const stream of [...set]) stream.end();
    await this.listener.stop();
  }

  /** The person's notifications from now on. */
  subscribe(agency: string, userId: string): AsyncIterableIterator<NotificationRecord> {
    if (!agency || !userId) throw new Error('an agency and a person are required for every subscription');
    const key = `${agency}\0${userId}`;
    const stream = new NotificationStream(() => {
      const set = this.streams.get(key);
      set?.delete(stream);
      if (set && !set.size) this.streams.delete(key);
    });
    let set = this.streams.get(key);
    if (!set) this.streams.set(key, (set = new Set()));
    set.add(stream);
    return stream;
  }

  private async announced(a: Announcement): Promise<void> {
    const set = this.streams.get(`${a.agency}\0${a.userId}`);
    if (!set?.size) return;
    try {
      const found = await this.notifications.find(a.agency, a.userId, a.id);
      if (found) for (const stream of this.streams.get(`${a.agency}\0${a.userId}`) ?? []) stream.push(found);
    } catch (e) {
      this.log.error(`could not load announced notification ${a.id} for live subscribers: ${(e as Error).message}`);
    }
  }
}

type Waiter = (result: IteratorResult<NotificationRecord>) => void;

/** One subscriber's notifications; one that lets MAX_QUEUED_EVENTS pile up is ended (SERVICE_UNAVAILABLE). */
class NotificationStream implements AsyncIterableIterator<NotificationRecord> {
  private readonly queue: NotificationRecord[] = [];
  private waiter: Waiter | null = null;
  private finished = false;
  private failure: GraphQLError | null = null;

  constructor(private readonly onEnd: () => void) {}

  push(n: NotificationRecord): void {
    if (this.finished) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: n, done: false });
    } else if (this.queue.length >= MAX_QUEUED_EVENTS) {
      this.failure = new GraphQLError(`more than ${MAX_QUEUED_EVENTS} notifications waited for this subscriber; subscribe again and read notifications`, {
        extensions: { code: ErrorCode.SERVICE_UNAVAILABLE },
      });
      this.queue.length = 0;
      this.end();
    } else {
      this.queue.push(n);
    }
  }

  end(): void {
    if (this.finished) return;
    this.finished = true;
    this.onEnd();
    const w = this.waiter;
    this.waiter = null;
    w?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<NotificationRecord>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure) {
      const f = this.failure;
      this.failure = null;
      return Promise.reject(f);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }

  return(): Promise<IteratorResult<NotificationRecord>> {
    this.queue.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error?: unknown): Promise<IteratorResult<NotificationRecord>> {
    this.end();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<NotificationRecord> {
    return this;
  }
}
