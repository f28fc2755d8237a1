import { HttpException } from '@nestjs/common';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainError, ErrorCode } from '@clusterflow/engine';
import { ClientGone } from './client-gone';
import { graphqlJsLimitError } from './limits';

/** Codes that Apollo itself assigns and that the contract keeps as they are. */
const APOLLO_CODES = new Set(['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST']);
const CONTRACT_CODES = new Set<string>(Object.values(ErrorCode));

const HTTP_STATUS_CODES: Record<number, ErrorCode> = {
  400: ErrorCode.BAD_USER_INPUT,
  401: ErrorCode.UNAUTHENTICATED,
  403: ErrorCode.FORBIDDEN,
  404: ErrorCode.NOT_FOUND,
  409: ErrorCode.CONFLICT,
  413: ErrorCode.QUERY_TOO_COMPLEX,
};

/** PostgreSQL SQLSTATE classes and driver errors that mean "the database is not reachable now". */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e: any = error, depth = 0; e && depth < 5; e = e.cause ?? e.previous ?? e.originalError, depth++) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code)) return true;
    if (/^(08|57P0)/.test(code)) return true; // connection exception; admin/crash shutdown, cannot connect now
    if (e.name === 'ConnectionException' || e.name === 'KnexTimeoutError') return true;
    // pg's own errors, with no code: a pooled connection that died (a database restart) and was
    // handed out before its death was noticed fails its next query with "... is not queryable".
    if (typeof e.message === 'string' && /Connection terminated|Timeout acquiring a connection|the database system is (starting up|shutting down)|Client has encountered a connection error and is not queryable|Client was closed and is not queryable/i.test(e.message)) return true;
  }
  return false;
}

/**
 * The one place that turns any error into what a client sees: a message and an
 * `extensions.code` from the contract, with structured details where the contract names
 * them (`problems`, `unmet`), and never a stack trace, SQL text or driver message.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const unwrapped = error instanceof GraphQLError ? error.originalError ?? error : error;
  // graphql-js's own limits (tokens, the overlapping-fields budget) are query limits too.
  const original = graphqlJsLimitError(unwrapped) ?? unwrapped;
  const base = { message: withoutSuggestions(formatted.message), locations: formatted.locations, path: formatted.path };

  // The query limits (limits.ts) raise GraphQL errors with a contract code;
  // Apollo re-labels validation errors, so read the code from the original.
  if (original instanceof GraphQLError && CONTRACT_CODES.has(String(original.extensions?.code))) {
    // graphql-js prefixes a scalar's refusal of a variable with where it is ('Variable "$f" got
    // invalid value "x" at "f.from"; ...'): keep that.
    const message = formatted.message.endsWith(`; ${original.message}`) ? base.message : original.message;
    return { ...base, message, extensions: { code: original.extensions.code } };
  }
  if (original instanceof DomainError) {
    return { ...base, message: original.message, extensions: { ...original.details, code: original.code } };
  }
  if (original instanceof HttpException) {
    const code = HTTP_STATUS_CODES[original.getStatus()] ?? ErrorCode.INTERNAL;
    if (code !== ErrorCode.INTERNAL) return { ...base, message: httpMessage(original), extensions: { code } };
  }
  if (original instanceof ClientGone || isDatabaseUnavailable(original)) {
    return { ...base, message: 'The database is unavailable; retry later', extensions: { code: ErrorCode.SERVICE_UNAVAILABLE } };
  }
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && (APOLLO_CODES.has(code) || CONTRACT_CODES.has(code)) && !(original instanceof Error && !(original instanceof GraphQLError))) {
    return { ...base, extensions: { ...stripInternals(formatted.extensions), code } };
  }
  // Anything else is a bug: say so without details; the plugin logs it with the request id.
  return { ...base, message: 'Internal error', extensions: { code: ErrorCode.INTERNAL } };
}

/**
 * graphql-js ends validation and input-coercion messages with "Did you mean ...?", naming
 * fields, arguments, types and enum values close to a misspelt one: schema details that
 * a guessing client should not be handed one by one.
 */
function withoutSuggestions(message: string): string {
  const at = message.lastIndexOf(' Did you mean ');
  return at >= 0 && message.endsWith('?') ? message.slice(0, at) : message;
}

function httpMessage(e: HttpException): string {
  const response = e.getResponse() as string | { message?: string | string[] };
  if (typeof response === 'string') return response;
  const m = response.message;
  return Array.isArray(m) ? m.join('; ') : m ?? e.message;
}

function stripInternals(extensions: Record<string, unknown> | undefined): Record<string, unknown> {
  const { stacktrace: _s, exception: _e, originalError: _o, ...rest } = extensions ?? {};
  return rest;
}
