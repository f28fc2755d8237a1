import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { checkedAddresses, RefusedAddress } from './webhook-address';

/** How long a receiver has to answer a delivery (the whole exchange). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** The most of a receiver's answer read (and thrown away). */
const MAX_ANSWER_BYTES = 64 * 1024;

export interface DeliveryOutcome {
  status: number | null;
  error: string | null;
  succeeded: boolean;
}

export interface WebhookMessage {
  url: string;
  secret: string;
  /** `webhook-id`: the same for every attempt at one event (the receiver's idempotency key). */
  id: string;
  body: string;
  at: Date;
}

/**
 * POSTs one signed message (Standard Webhooks: `webhook-id`, `webhook-timestamp`,
 * `webhook-signature: v1,<base64 HMAC-SHA256>` with the `standardwebhooks` package), to the
 * address checked when the URL is resolved (an own `lookup`, so the connection goes nowhere
 * else), redirects not followed (a 3xx is a failure), within `timeoutMs`. Never throws: the
 * outcome says what happened.
 */
export async function deliver(message: WebhookMessage, options: { allowPrivate: boolean; timeoutMs?: number }): Promise<DeliveryOutcome> {
  let url: URL;
  try {
    url = new URL(message.url);
  } catch {
    return { status: null, error: 'the URL does not parse', succeeded: false };
  }
  let address;
  try {
    [address] = await checkedAddresses(url, options.allowPrivate);
  } catch (e) {
    return { status: null, error: e instanceof RefusedAddress ? `refused: ${e.message}` : (e as Error).message, succeeded: false };
  }
  const signature = new Webhook(message.secret).sign(message.id, message.at, message.body);
  const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const pinned: LookupFunction = (_hostname, opts, callback) => {
    if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [address]);
    else callback(null, address.address, address.family);
  };
  return new Promise<DeliveryOutcome>((resolve) => {
    let settled = false;
    const settle = (outcome: DeliveryOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      {
        method: 'POST',
        agent: false,
        lookup: pinned,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(message.body),
          'user-agent': 'Clusterflow-Webhooks/1',
          'webhook-id': message.id,
          'webhook-timestamp': String(Math.floor(message.at.getTime() / 1000)),
          'webhook-signature': signature,
        },
      },
      (response) => {
        const status = response.statusCode ?? null;
        let read = 0;
        response.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) response.destroy();
        });
        const done = () => {
          const ok = status !== null && status >= 200 && status < 300;
          settle({ status, error: ok ? null : `the receiver answered ${status}${status !== null && status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`, succeeded: ok });
        };
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(() => {
      settle({ status: null, error: `no answer within ${timeoutMs / 1000} s`, succeeded: false });
      request.destroy();
    }, timeoutMs);
    request.on('error', (e: NodeJS.ErrnoException) => settle({ status: null, error: e.code ? `${e.code}: ${e.message}` : e.message, succeeded: false }));
    request.end(message.body);
  });
}
