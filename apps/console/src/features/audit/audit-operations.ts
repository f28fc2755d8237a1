import { graphql } from '../../gql';

export const ApprovalHistoryDocument = graphql(`
  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {
    approvalHistory(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          clusterId
          clusterName
          gate
          role
          outcome
          comment
          decidedAt
          decidedBy
          counts
          artefactVersion {
            id
            number
            title
          }
        }
      }
    }
  }
`);

export const AuditTrailDocument = graphql(`
  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {
    cluster(id: $clusterId) {
      id
      name
    }
    auditTrail(clusterId: $clusterId, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          seq
          type
          actor
          actorName
          role
          at
          payload
          hash
          prevHash
        }
      }
    }
  }
`);

export const VerifyAuditDocument = graphql(`
  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {
    verifyAuditTrail(clusterId: $clusterId, against: $against) {
      valid
      eventsChecked
      firstBrokenEventId
      message
      head {
        agency
        at
        clusters
        events
        keyId
        root
        signature
      }
    }
  }
`);

export const AuditHeadDocument = graphql(`
  query AuditHead {
    auditHead {
      agency
      at
      clusters
      events
      keyId
      root
      signature
    }
  }
`);
