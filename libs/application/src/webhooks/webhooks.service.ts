import { Inject, Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { badInput, notFound, unstorableText } from '@clusterflow/engine';
import { MAX_WEBHOOKS_PER_AGENCY, WebhookRepository, type WebhookRecord } from '@clusterflow/persistence';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { checkedAddresses, RefusedAddress } from './webhook-address';

const MAX_URL = 2000;
const MAX_EVENTS = 50;

/** A new webhook with its secret: said once, in createWebhook's answer. */
export type CreatedWebhook = WebhookRecord & { secret: string };

/** A webhook secret as Standard Webhooks writes it: `whsec_` and 32 random bytes in base64. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The agency's webhooks (contract v2, Webhooks): the checks of what an admin enters, and the
 * secret. Who may call it is the resolver's policy (agency_admin).
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhookRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  list(agency: string): Promise<WebhookRecord[]> {
    return this.webhooks.list(agency);
  }

  /**
   * Checks the URL (http or https, a host that resolves now, to public addresses only, unless
   * WEBHOOK_ALLOW_PRIVATE) and the event types (`knownTypes`, or `*` alone), then stores it.
   */
  async create(agency: string, createdBy: string, url: string, events: string[], knownTypes: readonly string[]): Promise<CreatedWebhook> {
    const parsed = checkUrl(url);
    const types = checkEvents(events, knownTypes);
    try {
      // With private addresses allowed there is nothing to refuse (each delivery resolves the host anew).
      if (!this.config.webhookAllowPrivate) await checkedAddresses(parsed, false);
    } catch (e) {
      if (e instanceof RefusedAddress) throw badInput(`url: ${e.message}`, { argument: 'url' });
      throw e;
    }
    const secret = newWebhookSecret();
    const created = await this.webhooks.create(agency, { url: parsed.toString(), events: types, secret, createdBy });
    if (!created) throw badInput(`the agency has ${MAX_WEBHOOKS_PER_AGENCY} webhooks already: delete one first`);
    return { ...created, secret };
  }

  async setActive(agency: string, id: string, active: boolean): Promise<WebhookRecord> {
    const changed = await this.webhooks.setActive(agency, id, active);
    if (!changed) throw notFound('webhook');
    return changed;
  }

  async delete(agency: string, id: string): Promise<boolean> {
    if (!(await this.webhooks.delete(agency, id))) throw notFound('webhook');
    return true;
  }

  /** The webhook's deliveries; NOT_FOUND when the agency has no such webhook. */
  async deliveries(agency: string, webhookId: string, first: number, after: string | null) {
    if (!(await this.webhooks.find(agency, webhookId))) throw notFound('webhook');
    return this.webhooks.deliveries(agency, webhookId, first, after);
  }
}

function checkUrl(raw: string): URL {
  const bad = (why: string) => badInput(`url ${why}`, { argument: 'url' });
  if (typeof raw !== 'string' || !raw.trim()) throw bad('must not be empty');
  if (raw.length > MAX_URL) throw bad(`is longer than ${MAX_URL} characters`);
  const unstorable = unstorableText(raw);
  if (unstorable) throw bad(unstorable);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw bad(`${JSON.stringify(raw)} is not a URL (like https://example.org/hooks/clusterflow)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw bad(`must start with https:// or http:// (got ${url.protocol})`);
  if (url.username || url.password) throw bad('must not hold a user name or password (the signature authenticates the server)');
  if (url.hash) throw bad('must not have a fragment (#...)');
  return url;
}

function checkEvents(events: string[], knownTypes: readonly string[]): string[] {
  if (!Array.isArray(events) || !events.length) throw badInput('events must name at least one audit event type, or be ["*"] for all', { argument: 'events' });
  if (events.length > MAX_EVENTS) throw badInput(`events: at most ${MAX_EVENTS}`, { argument: 'events' });
  const list = [...new Set(events)];
  if (list.includes('*')) {
    if (list.length > 1) throw badInput('events: "*" (every type) stands alone', { argument: 'events' });
    return list;
  }
  list.forEach((type, i) => {
    if (!knownTypes.includes(type)) {
      throw badInput(`events[${events.indexOf(type) >= 0 ? events.indexOf(type) : i}]: ${JSON.stringify(type).slice(0, 120)} is not an audit event type (one of ${knownTypes.join(', ')}, or "*")`, { argument: 'events' });
    }
  });
  return list;
}
