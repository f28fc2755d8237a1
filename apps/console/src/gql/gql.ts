/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n": typeof types.MeDocument,
    "\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n": typeof types.TemplateTitlesDocument,
    "\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n": typeof types.PortfolioDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n": types.MeDocument,
    "\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n": types.TemplateTitlesDocument,
    "\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n": types.PortfolioDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n"): (typeof documents)["\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;