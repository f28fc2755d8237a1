import { graphql } from '../../gql';

export const ClusterPageDocument = graphql(`
  query ClusterPage($id: ID!) {
    cluster(id: $id) {
      id
      name
      phase
      status
      version
      templateKey
      templateVersion
      due
      overdue
      enteredPhaseAt
      eligible
      score
      sector
      region
      country
      attributes
      cdaIds
      viewerCan
      history {
        phase
        enteredAt
        leftAt
        viaGate
        suspendedDays
      }
      gates {
        gate
        ready
        to
        unmet {
          kind
          detail
          role
          have
          need
          artefactType
          milestone
          indicator
          attribute
          viewerCanAct
          artefactVersionId
        }
      }
      milestones {
        milestone
        reached
        reachedAt
      }
      artefacts {
        id
        type
        title
        versions {
          id
          number
          title
          submittedAt
          submittedBy
          fields
          uri
          sha256
        }
      }
      decisions {
        id
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
`);

export const ClusterTemplateDocument = graphql(`
  query ClusterTemplate($key: String!, $version: Int) {
    template(key: $key, version: $version) {
      id
      key
      version
      title
      definition
    }
  }
`);

export const ScoreClusterDocument = graphql(`
  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {
    scoreCluster(clusterId: $clusterId, scores: $scores) {
      id
      score
      version
    }
  }
`);

export const SubmitArtefactDocument = graphql(`
  mutation SubmitArtefact($input: SubmitArtefactInput!) {
    submitArtefact(input: $input) {
      id
      number
      title
    }
  }
`);

export const DecideDocument = graphql(`
  mutation Decide($input: DecisionInput!) {
    decide(input: $input) {
      id
      outcome
    }
  }
`);

export const ReachMilestoneDocument = graphql(`
  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {
    reachMilestone(clusterId: $clusterId, milestone: $milestone) {
      id
      version
    }
  }
`);

export const AdvanceDocument = graphql(`
  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {
    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {
      id
      phase
      version
    }
  }
`);

export const ClusterEventsDocument = graphql(`
  subscription ClusterEvents($clusterId: ID!) {
    clusterEvents(clusterId: $clusterId) {
      id
      seq
      type
      actor
      actorName
      at
    }
  }
`);
