import type { ServerResponse } from 'node:http';

/** Work stopped because the client that asked for it disconnected; nobody receives the answer, so it is not logged. */
export class ClientGone extends Error {
  constructor() {
    super('the client disconnected before the answer was ready');
    this.name = 'ClientGone';
  }
}

/**
 * A signal that aborts (with ClientGone) when the HTTP response closes before it was
 * finished: the client left, and heavy work done for it (verifyReplay, verifyAuditTrail)
 * stops at its next step instead of running to the end for nobody.
 */
export function requestSignal(res: unknown): AbortSignal | undefined {
  const response = res as Partial<ServerResponse> | undefined;
  if (!response || typeof response.once !== 'function') return undefined;
  const controller = new AbortController();
  response.once('close', () => {
    if (!response.writableFinished) controller.abort(new ClientGone());
  });
  return controller.signal;
}

/** The request's signal from a GraphQL context (none over WebSocket). */
export const signalOf = (context: unknown): AbortSignal | undefined => (context as { signal?: AbortSignal } | undefined)?.signal;
