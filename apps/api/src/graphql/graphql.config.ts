import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { errorLoggingPlugin } from './error-logging.plugin';
import { formatGraphQLError } from './errors';
import { parseOptions, queryLimitRules } from './limits';

/** Apollo 5 through @nestjs/apollo, code-first; the printed schema is committed as schema.gql. */
export function graphqlOptions(logger: Logger): ApolloDriverConfig {
  return {
    driver: ApolloDriver,
    path: '/graphql',
    autoSchemaFile: true,
    sortSchema: true,
    buildSchemaOptions: { dateScalarMode: 'isoDate' },
    playground: false,
    introspection: true,
    // Apollo's landing pages load from a CDN; the app serves its own IDE at /graphiql.
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled(), noStore, errorLoggingPlugin(logger)],
    // Query limits (limits.ts): tokens while parsing, then aliases, depth, directives and cost.
    parseOptions,
    validationRules: queryLimitRules,
    includeStacktraceInErrorResponses: false,
    formatError: formatGraphQLError,
    context: ({ req, res }: { req: unknown; res: unknown }) => ({ req, res }),
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
