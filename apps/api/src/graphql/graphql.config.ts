import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '@clusterflow/engine';
import { DateTimeScalar } from './date-time.scalar';
import { requestSignal } from './client-gone';
import { errorLoggingPlugin } from './error-logging.plugin';
import { formatGraphQLError } from './errors';
import { parseOptions, queryLimitRules } from './limits';
import { requestLimitsPlugin } from './request-limits';

/** Apollo 5 through @nestjs/apollo, code-first; the printed schema is committed as schema.gql. */
export function graphqlOptions(logger: Logger): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    // Every Date field is the contract's DateTime: RFC 3339 with an offset in, UTC ISO 8601 out.
    buildSchemaOptions: { scalarsMap: [{ type: Date, scalar: DateTimeScalar }] },
    playground: false,
    introspection: true,
    // Automatic persisted queries are not offered: a hash alone answers PERSISTED_QUERY_NOT_SUPPORTED.
    persistedQueries: false,
    // Apollo's landing pages load from a CDN; the app serves its own IDE at /graphiql.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), noStore, subscriptionsOverWebSocket, errorLoggingPlugin(logger), requestLimitsPlugin],
    // Query limits (limits.ts): tokens while parsing, then aliases, depth, directives and cost.
    parseOptions,
    validationRules: queryLimitRules,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphQLError,
    // `signal` aborts when the client leaves before its answer (client-gone.ts).
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res, signal: requestSignal(res) }),
  };
}

/**
 * What Apollo's default cache-control plugin answers here, without its per-field hook on every
 * resolver: the schema declares no cache hints, so no answer is cacheable and each one says
 * `cache-control: no-store`.
 */
const noStore: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        response.http.headers.set('cache-control', 'no-store');
      },
    };
  },
};

/**
 * A subscription sent over HTTP is the client's mistake, not the server's: it answers
 * BAD_USER_INPUT (HTTP 400) saying where subscriptions are served, and runs nothing.
 */
const subscriptionsOverWebSocket: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation }) {
        if (operation?.operation === 'subscription') {
          throw new GraphQLError('subscriptions are served over WebSocket at /graphql', { extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } } });
        }
      },
    };
  },
};
