import GraphQLJSON from 'graphql-type-json';

/** The contract's `JSON` scalar: any JSON value (definitions, payloads, fields). */
export const JSONScalar = GraphQLJSON;
