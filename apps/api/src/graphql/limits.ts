import { GraphQLError, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { validationAbortedError } from 'graphql/validation/validationAbortedError';
import { ErrorCode } from '@clusterflow/engine';

/**
 * The contract's query limits, answered with QUERY_TOO_COMPLEX before anything executes.
 * Validation rules come from GraphQL Armor (its per-limit packages, which @escape.tech/graphql-armor
 * 3.2.0 brings with exact versions); the token limit is graphql-js's own `maxTokens` parse
 * option (armor's max-tokens plugin throws from Apollo 5's parsingDidStart hook, which
 * Apollo answers as an unexpected error with HTTP 500, after parsing the document twice).
 * The HTTP body limit (1 MiB, HTTP 413) lives in app.ts.
 */

/** More aliased fields than this in one operation (fragments included) is refused. */
export const MAX_ALIASES = 100;
/** Fields nested deeper than this (fragments do not add a level; introspection counts too). */
export const MAX_DEPTH = 15;
/** Directives in one operation; a client uses a handful of @include / @skip. */
export const MAX_DIRECTIVES = 50;
/**
 * Lexical tokens in a document; parsing stops at the limit, before any validation. A string
 * is one token however long, so a 1 MiB template sent as a `source:` literal is one token.
 * Measured: the standard introspection query is 163 tokens, every field of Cluster with its
 * nested lists 158, the largest query of the tests (100 aliased validateTemplate calls)
 * 1,210, and 100 aliases each asking for a cluster's list row 1,602. 5,000 leaves room for
 * 100 aliases of about 50 tokens each.
 */
export const MAX_TOKENS = 5000;
/**
 * GraphQL Armor's cost: a scalar costs 1, an object 2 plus 1.5 times the cost of its
 * selection (so nesting weighs more the deeper it goes), and a literal `first: n` multiplies
 * its field's cost by n (a `first` passed as a variable is not seen here: `first` <= 500 bounds
 * it). Introspection (`__schema`) costs nothing; depth, aliases and tokens still bound it.
 * Measured on our schema: a page of 50 clusters (`first: 50`) with every field and nested
 * list of Cluster costs 34,844; the same for 100 clusters 69,688; 100 aliases each asking
 * for a whole cluster 30,050; a page of 500 with a dashboard selection (gates and unmet
 * requirements) 77,594; the heaviest query of the e2e suites 2,875. 100,000 lets all of
 * these through and refuses a page of 500 (348,438) or 200 with everything in it.
 */
export const MAX_COST = 100_000;

const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });

/** Options for graphql-js's parser, set as Apollo's `parseOptions`. */
export const parseOptions: ParseOptions = { maxTokens: MAX_TOKENS };

/** graphql-js's own words when a document exceeds `maxTokens` ("more that" is theirs). */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:at|an) (\d+) tokens/;

/**
 * graphql-js's own limits as the contract's QUERY_TOO_COMPLEX: the parser's token limit
 * (Apollo labels it GRAPHQL_PARSE_FAILED) and the work budget of its overlapping-fields
 * check, which aborts validation of, e.g., one field repeated thousands of times (Apollo
 * labels it GRAPHQL_VALIDATION_FAILED). Undefined for any other error.
 */
export function graphqlJsLimitError(error: unknown): GraphQLError | undefined {
  if (error === validationAbortedError) return tooComplex('The query is too complex to validate');
  if (!(error instanceof GraphQLError)) return undefined;
  const match = TOKEN_LIMIT.exec(error.message);
  return match ? tooComplex(`The query has more than ${match[1]} tokens`) : undefined;
}

/** Validation contexts that already carry a limit error: a request hears of one limit, the first it breaks. */
const refused = new WeakSet<ValidationContext>();

/** Armor's rejection as QUERY_TOO_COMPLEX, reported to the validation context (armor would throw, or say BAD_USER_INPUT). */
function refuse(context: ValidationContext | null, error: GraphQLError): void {
  if (!context || refused.has(context)) return;
  refused.add(context);
  // Armor words every limit as a "Syntax Error:"; it is not one.
  context.reportError(tooComplex(error.message.replace(/^Syntax Error: /, '')));
}

const armor = { propagateOnRejection: false, onReject: [refuse], exposeLimits: true };

/** The limits as validation rules, in the order they answer: aliases, depth, directives, cost. */
export const queryLimitRules: ValidationRule[] = [
  maxAliasesRule({ ...armor, n: MAX_ALIASES, allowList: [] }),
  maxDepthRule({ ...armor, n: MAX_DEPTH, ignoreIntrospection: false, flattenFragments: true }),
  maxDirectivesRule({ ...armor, n: MAX_DIRECTIVES }),
  costLimitRule({ ...armor, maxCost: MAX_COST, flattenFragments: true }),
];
