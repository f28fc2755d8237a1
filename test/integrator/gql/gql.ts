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
    "\n  query TemplatePhases($key: String!) {\n    template(key: $key) {\n      id\n      key\n      version\n      title\n      phases { id key title due final }\n      gates { id key title from to }\n    }\n  }\n": typeof types.TemplatePhasesDocument,
    "\n  mutation PublishTemplate($source: String!) {\n    publishTemplate(source: $source) { id key version }\n  }\n": typeof types.PublishTemplateDocument,
    "\n  mutation RegisterCluster($name: String!, $templateKey: String!) {\n    registerCluster(input: { name: $name, templateKey: $templateKey }) { id name phase }\n  }\n": typeof types.RegisterClusterDocument,
    "\n  query ClusterReadiness($id: ID!) {\n    cluster(id: $id) {\n      id\n      phase\n      version\n      gates { gate to ready unmet { kind detail role artefactType have need } }\n      decisions { id gate role outcome decidedBy decidedByName decidedAt }\n    }\n  }\n": typeof types.ClusterReadinessDocument,
    "\n  mutation Decide($clusterId: ID!, $gate: String!, $role: String!, $outcome: Outcome!) {\n    decide(input: { clusterId: $clusterId, gate: $gate, role: $role, outcome: $outcome }) {\n      id gate role outcome decidedBy decidedByName decidedAt\n    }\n  }\n": typeof types.DecideDocument,
    "\n  query ApprovalHistory($from: DateTime, $to: DateTime) {\n    approvalHistory(filter: { from: $from, to: $to }) {\n      totalCount\n      edges { node { id decidedBy decidedByName decidedAt } }\n    }\n  }\n": typeof types.ApprovalHistoryDocument,
    "\n  query AuditTrail($clusterId: ID!) {\n    auditTrail(clusterId: $clusterId) { edges { node { id seq type actor actorName } } }\n  }\n": typeof types.AuditTrailDocument,
    "\n  subscription ClusterEvents($clusterId: ID) {\n    clusterEvents(clusterId: $clusterId) { id clusterId seq type actor actorName }\n  }\n": typeof types.ClusterEventsDocument,
    "\n  query TemplatePhasesByKey($key: String!) {\n    template(key: $key) { id phases { id: key title } }\n  }\n": typeof types.TemplatePhasesByKeyDocument,
    "\n  query Me { me { userId agency roles } }\n": typeof types.MeDocument,
};
const documents: Documents = {
    "\n  query TemplatePhases($key: String!) {\n    template(key: $key) {\n      id\n      key\n      version\n      title\n      phases { id key title due final }\n      gates { id key title from to }\n    }\n  }\n": types.TemplatePhasesDocument,
    "\n  mutation PublishTemplate($source: String!) {\n    publishTemplate(source: $source) { id key version }\n  }\n": types.PublishTemplateDocument,
    "\n  mutation RegisterCluster($name: String!, $templateKey: String!) {\n    registerCluster(input: { name: $name, templateKey: $templateKey }) { id name phase }\n  }\n": types.RegisterClusterDocument,
    "\n  query ClusterReadiness($id: ID!) {\n    cluster(id: $id) {\n      id\n      phase\n      version\n      gates { gate to ready unmet { kind detail role artefactType have need } }\n      decisions { id gate role outcome decidedBy decidedByName decidedAt }\n    }\n  }\n": types.ClusterReadinessDocument,
    "\n  mutation Decide($clusterId: ID!, $gate: String!, $role: String!, $outcome: Outcome!) {\n    decide(input: { clusterId: $clusterId, gate: $gate, role: $role, outcome: $outcome }) {\n      id gate role outcome decidedBy decidedByName decidedAt\n    }\n  }\n": types.DecideDocument,
    "\n  query ApprovalHistory($from: DateTime, $to: DateTime) {\n    approvalHistory(filter: { from: $from, to: $to }) {\n      totalCount\n      edges { node { id decidedBy decidedByName decidedAt } }\n    }\n  }\n": types.ApprovalHistoryDocument,
    "\n  query AuditTrail($clusterId: ID!) {\n    auditTrail(clusterId: $clusterId) { edges { node { id seq type actor actorName } } }\n  }\n": types.AuditTrailDocument,
    "\n  subscription ClusterEvents($clusterId: ID) {\n    clusterEvents(clusterId: $clusterId) { id clusterId seq type actor actorName }\n  }\n": types.ClusterEventsDocument,
    "\n  query TemplatePhasesByKey($key: String!) {\n    template(key: $key) { id phases { id: key title } }\n  }\n": types.TemplatePhasesByKeyDocument,
    "\n  query Me { me { userId agency roles } }\n": types.MeDocument,
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
export function graphql(source: "\n  query TemplatePhases($key: String!) {\n    template(key: $key) {\n      id\n      key\n      version\n      title\n      phases { id key title due final }\n      gates { id key title from to }\n    }\n  }\n"): (typeof documents)["\n  query TemplatePhases($key: String!) {\n    template(key: $key) {\n      id\n      key\n      version\n      title\n      phases { id key title due final }\n      gates { id key title from to }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PublishTemplate($source: String!) {\n    publishTemplate(source: $source) { id key version }\n  }\n"): (typeof documents)["\n  mutation PublishTemplate($source: String!) {\n    publishTemplate(source: $source) { id key version }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterCluster($name: String!, $templateKey: String!) {\n    registerCluster(input: { name: $name, templateKey: $templateKey }) { id name phase }\n  }\n"): (typeof documents)["\n  mutation RegisterCluster($name: String!, $templateKey: String!) {\n    registerCluster(input: { name: $name, templateKey: $templateKey }) { id name phase }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterReadiness($id: ID!) {\n    cluster(id: $id) {\n      id\n      phase\n      version\n      gates { gate to ready unmet { kind detail role artefactType have need } }\n      decisions { id gate role outcome decidedBy decidedByName decidedAt }\n    }\n  }\n"): (typeof documents)["\n  query ClusterReadiness($id: ID!) {\n    cluster(id: $id) {\n      id\n      phase\n      version\n      gates { gate to ready unmet { kind detail role artefactType have need } }\n      decisions { id gate role outcome decidedBy decidedByName decidedAt }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Decide($clusterId: ID!, $gate: String!, $role: String!, $outcome: Outcome!) {\n    decide(input: { clusterId: $clusterId, gate: $gate, role: $role, outcome: $outcome }) {\n      id gate role outcome decidedBy decidedByName decidedAt\n    }\n  }\n"): (typeof documents)["\n  mutation Decide($clusterId: ID!, $gate: String!, $role: String!, $outcome: Outcome!) {\n    decide(input: { clusterId: $clusterId, gate: $gate, role: $role, outcome: $outcome }) {\n      id gate role outcome decidedBy decidedByName decidedAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ApprovalHistory($from: DateTime, $to: DateTime) {\n    approvalHistory(filter: { from: $from, to: $to }) {\n      totalCount\n      edges { node { id decidedBy decidedByName decidedAt } }\n    }\n  }\n"): (typeof documents)["\n  query ApprovalHistory($from: DateTime, $to: DateTime) {\n    approvalHistory(filter: { from: $from, to: $to }) {\n      totalCount\n      edges { node { id decidedBy decidedByName decidedAt } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTrail($clusterId: ID!) {\n    auditTrail(clusterId: $clusterId) { edges { node { id seq type actor actorName } } }\n  }\n"): (typeof documents)["\n  query AuditTrail($clusterId: ID!) {\n    auditTrail(clusterId: $clusterId) { edges { node { id seq type actor actorName } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClusterEvents($clusterId: ID) {\n    clusterEvents(clusterId: $clusterId) { id clusterId seq type actor actorName }\n  }\n"): (typeof documents)["\n  subscription ClusterEvents($clusterId: ID) {\n    clusterEvents(clusterId: $clusterId) { id clusterId seq type actor actorName }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TemplatePhasesByKey($key: String!) {\n    template(key: $key) { id phases { id: key title } }\n  }\n"): (typeof documents)["\n  query TemplatePhasesByKey($key: String!) {\n    template(key: $key) { id phases { id: key title } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me { me { userId agency roles } }\n"): (typeof documents)["\n  query Me { me { userId agency roles } }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;