import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { Logger } from 'pino';
import { ErrorCode } from '@clusterflow/engine';
import { formatGraphQLError } from './errors';

interface RequestContext extends BaseContext {
  req?: { id?: string | number; log?: Logger };
}

/**
 * Logs every unexpected error with the request id and puts that id on the INTERNAL error
 * the client receives, so a user's report leads straight to the log line.
 */
export function errorLoggingPlugin(fallback: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          const log = contextValue.req?.log ?? fallback;
          for (const error of errors) {
            // Log exactly what the client will see as INTERNAL or SERVICE_UNAVAILABLE.
            const code = formatGraphQLError({ message: error.message }, error).extensions?.code;
            if (code !== ErrorCode.INTERNAL && code !== ErrorCode.SERVICE_UNAVAILABLE) continue;
            log.error({ err: error.originalError ?? error, path: error.path, code }, 'unexpected error in a GraphQL request');
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
