import { randomUUID } from 'node:crypto';
import { Injectable, Logger as NestLogger, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLModule, GraphQLSchemaHost } from '@nestjs/graphql';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import {
  getOperationAST,
  GraphQLError,
  parse,
  specifiedRules,
  subscribe,
  validate,
  type ExecutionArgs,
  type ExecutionResult,
  type FormattedExecutionResult,
  type GraphQLFormattedError,
  type GraphQLSchema,
} from 'graphql';
import { isAsyncIterable } from 'graphql/jsutils/isAsyncIterable';
import type { Context, SubscribePayload } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import { DomainError, ErrorCode } from '@clusterflow/engine';
import type { Principal } from '@clusterflow/application/auth/principal';
import { AuthModule } from '../auth/auth.module';
import { TokenService } from '@clusterflow/application/auth/token.service';
import { APP_CONFIG } from '@clusterflow/application/config/config.module';
import type { AppConfig } from '@clusterflow/application/config/config';
import { introspectionGate } from '../graphql/introspection';
import { checkOperation } from '../graphql/request-limits';

/** Close codes, as graphql-ws uses them: no token at all, and a token that is refused. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;
/** The identity provider's keys cannot be loaded now (WebSocket "Try Again Later"). */
export const CLOSE_TRY_AGAIN_LATER = 1013;
export const CLOSE_INTERNAL_ERROR = 1011;

export interface SubscriptionDeps {
  tokens: TokenService;
  /** The executable schema, once Nest has built it. */
  schema(): GraphQLSchema;
  logger: Logger;
}

/** Subscriptions one WebSocket may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;
/** Subscriptions one person (agency and user id) may hold at once on one server instance, over all their connections. */
export const MAX_SUBSCRIPTIONS_PER_PERSON = 50;

/** What a connection proved in its `connection_init`. */
interface Connection {
  id: string;
  principal: Principal;
  authorization: string;
  expiry?: { cancel(): void };
}

/** Node's timers hold at most 2^31 - 1 ms (24.8 days); a longer delay fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `run` at the epoch time `at`, however far ahead: a timer longer than Node allows is
 * re-armed in steps (a token valid for a year still closes its connection when it expires).
 * The timers do not keep the process alive.
 */
export function runAt(at: number, run: () => void): { cancel(): void } {
  let timer: NodeJS.Timeout;
  const arm = () => {
    const ms = at - Date.now();
    timer = ms > MAX_TIMER_MS ? setTimeout(arm, MAX_TIMER_MS) : setTimeout(run, Math.max(ms, 0));
    timer.unref?.();
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}

type WsContext = Context<Record<string, unknown> | undefined, unknown>;

/**
 * The GraphQL module with `options` (graphql.config.ts) as they are for HTTP, plus subscriptions
 * over graphql-ws (`withSubscriptions`), which need the TokenService and the built schema.
 */
export function graphqlModuleWithSubscriptions(options: ApolloDriverConfig, logger: Logger): DynamicModule {
  return GraphQLModule.forRootAsync<ApolloDriverConfig>({
    driver: options.driver,
    imports: [AuthModule],
    inject: [TokenService, ModuleRef, APP_CONFIG],
    useFactory: (tokens: TokenService, moduleRef: ModuleRef, config: AppConfig) => {
      const gated = config.introspection === 'token' ? { ...options, plugins: [...(options.plugins ?? []), introspectionGate(tokens)] } : options;
      return withSubscriptions(gated, { tokens, logger, schema: () => moduleRef.get(GraphQLSchemaHost, { strict: false }).schema });
    },
  });
}

/**
 * The HTTP options plus `clusterEvents` over graphql-ws on the same path (/graphql), with the
 * contract's identity: the token travels in `connectionParams.authorization` ("Bearer …") and
 * is verified once, when the connection opens. No token closes the connection with 4401, a
 * refused one (bad signature, expired, wrong claims) with 4403; a connection is closed with
 * 4403 when its token expires. Each operation then runs with a request-like context holding
 * the verified principal, so the global AuthGuard and @CurrentUser work as over HTTP.
 *
 * Operations are parsed and validated with the HTTP options' `parseOptions` and
 * `validationRules` (the query limits), and their errors shaped by its `formatError`.
 * Only subscriptions are served here; queries and mutations go to POST /graphql.
 */
export function withSubscriptions(options: ApolloDriverConfig, deps: SubscriptionDeps): ApolloDriverConfig {
  const connections = new WeakMap<WsContext, Connection>();
  /** Source streams opened in onSubscribe, handed to graphql-ws's `subscribe` for the same arguments. */
  const streams = new WeakMap<ExecutionArgs, AsyncIterableIterator<ExecutionResult>>();
  /** Open connections of each person (agency and user id), to count their subscriptions. */
  const byPerson = new Map<string, Set<WsContext>>();
  const personOf = (p: Principal) => JSON.stringify([p.agency, p.userId]);
  const open = (ctx: WsContext) => Object.keys(ctx.subscriptions).length;
  const format = (error: GraphQLError): GraphQLFormattedError => {
    const formatted = options.formatError ? options.formatError(error.toJSON(), error) : error.toJSON();
    const code = formatted.extensions?.code;
    if (code === ErrorCode.INTERNAL || code === ErrorCode.SERVICE_UNAVAILABLE) {
      deps.logger.error({ err: error.originalError ?? error, path: error.path, code }, 'unexpected error in a GraphQL subscription');
    }
    return formatted;
  };
  /** Errors refuse() already shaped (graphql-ws hands them to onError too). */
  const shaped = new WeakSet<GraphQLError>();
  /** Errors answered before execution, as graphql-ws wants them: GraphQLError instances, already shaped. */
  const refuse = (errors: readonly GraphQLError[], label: string): GraphQLError[] =>
    errors.map((e) => {
      const labelled = e.extensions?.code ? e : new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, originalError: e.originalError, extensions: { code: label } });
      const f = format(labelled);
      const shapedError = new GraphQLError(f.message, { source: e.source, positions: e.positions, extensions: f.extensions });
      shaped.add(shapedError);
      return shapedError;
    });

  return {
    ...options,
    subscriptions: {
      'graphql-ws': {
        path: options.path ?? '/graphql',

        onConnect: async (ctx: WsContext) => {
          const socket = (ctx.extra as Extra).socket;
          const raw = ctx.connectionParams?.authorization ?? ctx.connectionParams?.Authorization;
          const match = typeof raw === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(raw) : null;
          if (!match) {
            const why = raw === undefined || raw === null || raw === '' ? 'a bearer token is required in connectionParams.authorization' : 'connectionParams.authorization must be "Bearer <token>"';
            socket.close(CLOSE_UNAUTHORIZED, closeReason(`Unauthorized: ${why}`));
            return false;
          }
          let principal: Principal;
          try {
            principal = await deps.tokens.verify(match[1]);
          } catch (e) {
            if (e instanceof DomainError && e.code === ErrorCode.SERVICE_UNAVAILABLE) socket.close(CLOSE_TRY_AGAIN_LATER, closeReason(`Try again later: ${e.message}`));
            else if (e instanceof DomainError) socket.close(CLOSE_FORBIDDEN, closeReason(`Forbidden: ${e.message}`));
            else {
              deps.logger.error({ err: e }, 'unexpected error while authenticating a WebSocket connection');
              socket.close(CLOSE_INTERNAL_ERROR, 'Internal server error');
            }
            return false;
          }
          if (socket.readyState !== socket.OPEN) return false; // the peer left while its token was checked
          const connection: Connection = { id: randomUUID(), principal, authorization: raw as string };
          // A verified token has an exp (TokenService requires it): the connection lasts no longer.
          const exp = decodeJwt(match[1]).exp;
          connection.expiry = runAt(typeof exp === 'number' ? exp * 1000 : 0, () => socket.close(CLOSE_FORBIDDEN, 'Forbidden: the token has expired'));
          connections.set(ctx, connection);
          const person = personOf(principal);
          byPerson.set(person, (byPerson.get(person) ?? new Set()).add(ctx));
          return true;
        },

        onClose: (ctx: WsContext) => {
          const connection = connections.get(ctx);
          if (!connection) return;
          connection.expiry?.cancel();
          connections.delete(ctx);
          const person = personOf(connection.principal);
          byPerson.get(person)?.delete(ctx);
          if (byPerson.get(person)?.size === 0) byPerson.delete(person);
        },

        onSubscribe: async (ctx: WsContext, _id: string, payload: SubscribePayload): Promise<ExecutionArgs | readonly GraphQLError[]> => {
          const connection = connections.get(ctx);
          // graphql-ws answers a subscribe before the acknowledgement itself (4401); this is a second lock.
          if (!connection) return refuse([new GraphQLError('the connection is not authenticated', { extensions: { code: ErrorCode.UNAUTHENTICATED } })], ErrorCode.UNAUTHENTICATED);
          let document;
          try {
            document = parse(payload.query, options.parseOptions);
          } catch (e) {
            if (e instanceof GraphQLError) return refuse([e], 'GRAPHQL_PARSE_FAILED');
            throw e;
          }
          const schema = deps.schema();
          const errors = validate(schema, document, [...specifiedRules, ...(options.validationRules ?? [])]);
          if (errors.length) return refuse(errors, 'GRAPHQL_VALIDATION_FAILED');
          const operation = getOperationAST(document, payload.operationName);
          if (!operation) {
            const message = payload.operationName
              ? `the document has no operation named ${JSON.stringify(payload.operationName)}`
              : 'the document holds several operations: name the one to run in operationName';
            return refuse([new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT } })], ErrorCode.BAD_USER_INPUT);
          }
          if (operation.operation !== 'subscription') {
            return refuse(
              [new GraphQLError('only subscriptions are served over WebSocket; send queries and mutations to POST /graphql', { extensions: { code: ErrorCode.BAD_USER_INPUT } })],
              ErrorCode.BAD_USER_INPUT,
            );
          }
          try {
            checkOperation(schema, document, operation, payload.variables ?? undefined);
          } catch (e) {
            if (e instanceof GraphQLError) return refuse([e], String(e.extensions.code));
            throw e;
          }
          // This subscription is already in ctx.subscriptions (graphql-ws adds it before asking).
          if (open(ctx) > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
            return refuse([tooMany(`a connection may hold at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions at once; complete one first`)], ErrorCode.QUERY_TOO_COMPLEX);
          }
          const mine = [...(byPerson.get(personOf(connection.principal)) ?? [])].reduce((n, c) => n + open(c), 0);
          if (mine > MAX_SUBSCRIPTIONS_PER_PERSON) {
            return refuse([tooMany(`one person may hold at most ${MAX_SUBSCRIPTIONS_PER_PERSON} subscriptions at once, over all their connections; complete one first`)], ErrorCode.QUERY_TOO_COMPLEX);
          }
          const args: ExecutionArgs = {
            schema,
            document,
            operationName: payload.operationName,
            variableValues: payload.variables,
            // Request-like, as requestOf (auth.decorators.ts) reads it: the AuthGuard finds the user already verified.
            contextValue: { req: { id: connection.id, headers: { authorization: connection.authorization }, user: connection.principal } },
          };
          // Open the source stream now, so that what refuses the subscription (variables that do not
          // coerce, NOT_FOUND, FORBIDDEN from the resolver's subscribe) is a graphql-ws `error`
          // message, as for validation errors, rather than a `next` with errors and a `complete`.
          const stream = await subscribe(args);
          // Errors without a path are the request's (variables that do not coerce); with one, the resolver's.
          if (!isAsyncIterable(stream)) return (stream.errors ?? []).flatMap((e) => refuse([e], e.path ? ErrorCode.INTERNAL : ErrorCode.BAD_USER_INPUT));
          streams.set(args, stream);
          return args;
        },

        subscribe: (args: ExecutionArgs) => {
          const stream = streams.get(args);
          streams.delete(args);
          return stream ?? subscribe(args);
        },

        onNext: (_ctx: WsContext, _id: string, _payload: SubscribePayload, _args: ExecutionArgs, result: ExecutionResult): FormattedExecutionResult | void => {
          if (!result.errors?.length) return;
          return { ...result, errors: result.errors.map(format) };
        },

        // Errors graphql-ws sends as an `error` message (a stream that failed): shaped, with a code.
        onError: (_ctx: WsContext, _id: string, _payload: SubscribePayload, errors: readonly GraphQLError[]): GraphQLFormattedError[] =>
          errors.map((e) => (shaped.has(e) ? e.toJSON() : format(e))),
      } as NonNullable<ApolloDriverConfig['subscriptions']>['graphql-ws'],
    },
  };
}

const tooMany = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });

/** The largest graphql-ws message accepted, as for an HTTP body (ws alone would take 100 MiB). */
export const MAX_WS_MESSAGE_BYTES = 1024 * 1024;
/** How long a closing socket waits for the peer's close frame (ws: 30 s), which bounds shutdown. */
export const WS_CLOSE_TIMEOUT_MS = 2000;

/**
 * Caps graphql-ws messages at MAX_WS_MESSAGE_BYTES (a bigger one closes the socket with 1009),
 * and drops a peer that does not answer a close within WS_CLOSE_TIMEOUT_MS, so that shutting
 * down (which closes every socket, 1001) cannot hang on one. @nestjs/graphql 13 builds its
 * WebSocketServer without taking options for it; ws reads both from the server's options at
 * each upgrade, so they are set there once the driver has started.
 */
@Injectable()
export class WebSocketLimits implements OnApplicationBootstrap {
  private readonly log = new NestLogger('WebSocketLimits');

  constructor(private readonly moduleRef: ModuleRef) {}

  onApplicationBootstrap(): void {
    const driver = this.moduleRef.get(GraphQLModule, { strict: false }).graphQlAdapter as unknown as {
      _subscriptionService?: { wss?: { options: { maxPayload?: number; closeTimeout?: number } } };
    };
    const wss = driver?._subscriptionService?.wss;
    if (wss) Object.assign(wss.options, { maxPayload: MAX_WS_MESSAGE_BYTES, closeTimeout: WS_CLOSE_TIMEOUT_MS });
    else this.log.warn('cannot find the graphql-ws WebSocketServer: WebSocket messages are not limited in size, and shutdown may wait 30 s for an unresponsive peer');
  }
}

/** A WebSocket close reason is at most 123 bytes of UTF-8. */
function closeReason(text: string): string {
  if (Buffer.byteLength(text, 'utf8') <= 123) return text;
  let reason = text;
  while (Buffer.byteLength(`${reason}…`, 'utf8') > 123) reason = reason.slice(0, -1);
  return `${reason}…`;
}
