import { GraphQLError, GraphQLScalarType } from 'graphql';
import GraphQLJSON from 'graphql-type-json';
import { ErrorCode } from '@clusterflow/engine';

/** Deepest nesting of objects and lists accepted in a `JSON` input (attributes, fields): far beyond any use, far below any stack. */
export const MAX_JSON_DEPTH = 32;

/** Whether `value` nests objects or lists deeper than `max`; iterative, so no input can exhaust the stack. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

function bounded<T>(value: T): T {
  if (nestsDeeperThan(value, MAX_JSON_DEPTH)) {
    throw new GraphQLError(`a JSON value may nest objects and lists at most ${MAX_JSON_DEPTH} levels deep`, { extensions: { code: ErrorCode.BAD_USER_INPUT } });
  }
  return value;
}

/** The contract's `JSON` scalar: any JSON value (definitions, payloads, fields); as input, at most MAX_JSON_DEPTH levels deep. */
export const JSONScalar = new GraphQLScalarType({
  name: GraphQLJSON.name,
  description: GraphQLJSON.description,
  specifiedByURL: GraphQLJSON.specifiedByURL,
  serialize: (value) => GraphQLJSON.serialize(value),
  parseValue: (value) => bounded(GraphQLJSON.parseValue(value)),
  parseLiteral: (ast, variables) => bounded(GraphQLJSON.parseLiteral(ast, variables)),
});
