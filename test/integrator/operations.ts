import { graphql } from './gql';

/**
 * The operations a client of the API would write, typed by GraphQL Code Generator (client
 * preset) from schema.gql into ./gql (committed; `npm run codegen:integrator` regenerates it,
 * and codegen.test.ts fails when it drifts).
 */

export const TemplatePhases = graphql(`
  query TemplatePhases($key: String!) {
    template(key: $key) {
      id
      key
      version
      title
      phases { id key title due final }
      gates { id key title from to }
    }
  }
`);

export const PublishTemplate = graphql(`
  mutation PublishTemplate($source: String!) {
    publishTemplate(source: $source) { id key version }
  }
`);

export const RegisterCluster = graphql(`
  mutation RegisterCluster($name: String!, $templateKey: String!) {
    registerCluster(input: { name: $name, templateKey: $templateKey }) { id name phase }
  }
`);

export const ClusterReadiness = graphql(`
  query ClusterReadiness($id: ID!) {
    cluster(id: $id) {
      id
      phase
      version
      gates { gate to ready unmet { kind detail role artefactType have need } }
      decisions { id gate role outcome decidedBy decidedByName decidedAt }
    }
  }
`);

export const Decide = graphql(`
  mutation Decide($clusterId: ID!, $gate: String!, $role: String!, $outcome: Outcome!) {
    decide(input: { clusterId: $clusterId, gate: $gate, role: $role, outcome: $outcome }) {
      id gate role outcome decidedBy decidedByName decidedAt
    }
  }
`);

export const ApprovalHistory = graphql(`
  query ApprovalHistory($from: DateTime, $to: DateTime) {
    approvalHistory(filter: { from: $from, to: $to }) {
      totalCount
      edges { node { id decidedBy decidedByName decidedAt } }
    }
  }
`);

export const AuditTrail = graphql(`
  query AuditTrail($clusterId: ID!) {
    auditTrail(clusterId: $clusterId) { edges { node { id seq type actor actorName } } }
  }
`);

export const ClusterEvents = graphql(`
  subscription ClusterEvents($clusterId: ID) {
    clusterEvents(clusterId: $clusterId) { id clusterId seq type actor actorName }
  }
`);

/** Keyed as version 1 keyed phases (by their template-local id), to show what a global id prevents. */
export const TemplatePhasesByKey = graphql(`
  query TemplatePhasesByKey($key: String!) {
    template(key: $key) { id phases { id: key title } }
  }
`);

export const Me = graphql(`
  query Me { me { userId agency roles } }
`);
