import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '@clusterflow/engine';
import { ClientGone } from './client-gone';
import { formatGraphQLError } from './errors';

interface RequestContext extends BaseContext {
  req?: { id?: string | number; log?: Logger };
}

/** How one GraphQL error is logged: not at all, or at a level with the fields and the message of one log line. */
export type ErrorLogEntry = { level: 'error' | 'warn'; fields: Record<string, unknown>; message: string } | null;

/**
 * The log line for one error of a GraphQL request, decided by the code the client receives:
 * INTERNAL (a bug) at error level with the error and its stack; SERVICE_UNAVAILABLE (the
 * database is down, a cluster is busy: expected, and retried by clients) at warn level as
 * one short line with the reason and no stack, so an outage stays readable; any other code
 * is the client's business and not logged.
 */
export function errorLogEntry(error: GraphQLError): ErrorLogEntry {
  // Log exactly what the client will see as INTERNAL or SERVICE_UNAVAILABLE (with the code
  // Apollo put on its own errors, such as GRAPHQL_VALIDATION_FAILED, which are not ours to log).
  const code = formatGraphQLError({ message: error.message, extensions: error.extensions }, error).extensions?.code;
  const original = error.originalError ?? error;
  if (original instanceof ClientGone) return null; // nobody is there to answer
  if (code === ErrorCode.INTERNAL) {
    return { level: 'error', fields: { err: original, path: error.path, code }, message: 'unexpected error in a GraphQL request' };
  }
  if (code === ErrorCode.SERVICE_UNAVAILABLE) {
    return { level: 'warn', fields: { code, path: error.path, reason: reasonOf(original) }, message: 'service unavailable in a GraphQL request' };
  }
  return null;
}

/** The error's name and the first line of its message (a driver error, a busy cluster), without a stack. */
function reasonOf(error: Error): string {
  const message = String(error.message ?? '').split('\n', 1)[0].slice(0, 300);
  return error.name && error.name !== 'Error' ? `${error.name}: ${message}` : message;
}

/**
 * Logs every unexpected error with the request id (see errorLogEntry) and puts that id on
 * the INTERNAL or SERVICE_UNAVAILABLE error the client receives, so a user's report leads
 * straight to the log line.
 */
export function errorLoggingPlugin(fallback: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const log = contextValue.req?.log ?? fallback;
          for (const error of errors) {
            const entry = errorLogEntry(error);
            if (entry) log[entry.level](entry.fields, entry.message);
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code === ErrorCode.INTERNAL || error.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE) {
              (error.extensions as Record<string, unknown>).requestId = String(contextValue.req?.id ?? '');
            }
          }
        },
      };
    },
  };
}
