import type { Task, TaskList } from 'graphile-worker';
import { dropWebhookOutbox, isWebhookJobPayload, Jobs, recordWebhookAttempt, scheduleWebhookJob, webhookHead, type WebhookHead } from '@clusterflow/persistence';
import { deliver, type DeliveryOutcome, type WebhookMessage } from './webhook-sender';

export interface WebhookJobDeps {
  /** WEBHOOK_ALLOW_PRIVATE. */
  allowPrivate: boolean;
  /** The waits before each retry (WEBHOOK_RETRY_DELAYS); after the last, the event is left failed. */
  retryDelaysMs: readonly number[];
  /** For tests: how long a receiver has (WEBHOOK_TIMEOUT_MS by default). */
  timeoutMs?: number;
  /** For tests: the sending itself. */
  send?: (message: WebhookMessage) => Promise<DeliveryOutcome>;
}

/** Events delivered by one run of the job before it hands over to a new one (so no run lasts for ever). */
const EVENTS_PER_RUN = 100;

/** The message a webhook receives for an event: `{ type, agency, clusterId, event }` (contract v2). */
export function webhookBody(agency: string, head: WebhookHead): string {
  return JSON.stringify({ type: head.event.type, agency, clusterId: head.event.clusterId, event: head.event });
}

/**
 * The `webhook` job: one per webhook and cluster at a time (its job key and queue), delivering
 * the cluster's events from the outbox in `seq` order. An event that fails waits for its retry
 * (the job rescheduled then) and holds back the later ones, so a receiver gets them in order;
 * after the last retry it is left failed and the next one goes. Every attempt is logged.
 */
export function webhookTasks(deps: WebhookJobDeps): TaskList {
  const send = deps.send ?? ((m: WebhookMessage) => deliver(m, { allowPrivate: deps.allowPrivate, timeoutMs: deps.timeoutMs }));

  const webhook: Task = async (payload, helpers) => {
    if (!isWebhookJobPayload(payload)) throw new Error('webhook: not a webhook job payload');
    for (let n = 0; n < EVENTS_PER_RUN; n++) {
      const head = await helpers.withPgClient((client) => webhookHead(client, payload));
      if (!head) return;
      if (!head.active) {
        await helpers.withPgClient((client) => dropWebhookOutbox(client, payload));
        return;
      }
      if (head.nextAt && head.nextAt.getTime() > Date.now()) {
        await helpers.withPgClient((client) => scheduleWebhookJob(client, payload, head.nextAt!));
        return;
      }
      const at = new Date();
      const outcome = await send({ url: head.url, secret: head.secret, id: head.eventId, body: webhookBody(payload.agency, head), at });
      const attempt = head.attempts + 1;
      const delay = outcome.succeeded ? undefined : deps.retryDelaysMs[attempt - 1];
      const retryAt = delay === undefined ? null : new Date(Date.now() + delay);
      const error = !outcome.succeeded && !retryAt ? `${outcome.error ?? 'failed'}; failed after ${attempt} attempt${attempt === 1 ? '' : 's'}` : outcome.error;
      await helpers.withPgClient((client) =>
        recordWebhookAttempt(client, payload, { eventId: head.eventId, type: head.event.type, attempt, status: outcome.status, error, at, succeeded: outcome.succeeded, retryAt }),
      );
      if (retryAt) return;
    }
    // More to do: a fresh run, behind the jobs of other webhooks and clusters.
    await helpers.withPgClient((client) => scheduleWebhookJob(client, payload, new Date()));
  };

  return { [Jobs.WEBHOOK]: webhook };
}
