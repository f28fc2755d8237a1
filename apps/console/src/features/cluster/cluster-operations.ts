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
      derived
      cdaIds
      viewerCan
      roleAssignments {
        role
        userId
      }
      indicators {
        indicator
        aggregate
        baseline
        target
        progress
        targets {
          period
          value
        }
        values {
          period
          value
          recordedAt
          recordedBy
        }
      }
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
          files {
            id
            name
            size
            mediaType
            url
          }
        }
      }
      openConditions {
        id
        text
      }
      decisions {
        id
        gate
        role
        outcome
        comment
        decidedAt
        decidedBy
        decidedByName
        counts
        conditions {
          id
          text
          closedAt
          closedBy
          note
        }
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

export const CloseConditionDocument = graphql(`
  mutation CloseCondition($clusterId: ID!, $conditionId: ID!, $note: String!) {
    closeCondition(clusterId: $clusterId, conditionId: $conditionId, note: $note) {
      id
      closedAt
      closedBy
      note
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

export const SuspendDocument = graphql(`
  mutation Suspend($clusterId: ID!, $reason: String!) {
    suspend(clusterId: $clusterId, reason: $reason) {
      id
      status
      version
    }
  }
`);

export const ResumeDocument = graphql(`
  mutation Resume($clusterId: ID!) {
    resume(clusterId: $clusterId) {
      id
      status
      version
    }
  }
`);

export const RecordIndicatorDocument = graphql(`
  mutation RecordIndicator($input: IndicatorInput!) {
    recordIndicator(input: $input) {
      indicator
      period
      value
    }
  }
`);

export const SetIndicatorPlanDocument = graphql(`
  mutation SetIndicatorPlan($input: IndicatorPlanInput!) {
    setIndicatorPlan(input: $input) {
      indicator
      baseline
      target
    }
  }
`);

export const ClusterPeopleDocument = graphql(`
  query ClusterPeople {
    people {
      userId
      name
      roles
    }
  }
`);

export const AssignCdaDocument = graphql(`
  mutation AssignCda($clusterId: ID!, $userId: String!) {
    assignCda(clusterId: $clusterId, userId: $userId) {
      id
      cdaIds
      version
    }
  }
`);

export const UnassignCdaDocument = graphql(`
  mutation UnassignCda($clusterId: ID!, $userId: String!) {
    unassignCda(clusterId: $clusterId, userId: $userId) {
      id
      cdaIds
      version
    }
  }
`);

export const AssignRoleDocument = graphql(`
  mutation AssignRole($clusterId: ID!, $role: String!, $userId: String!) {
    assignRole(clusterId: $clusterId, role: $role, userId: $userId) {
      id
      roleAssignments {
        role
        userId
      }
      version
    }
  }
`);

export const UnassignRoleDocument = graphql(`
  mutation UnassignRole($clusterId: ID!, $role: String!, $userId: String!) {
    unassignRole(clusterId: $clusterId, role: $role, userId: $userId) {
      id
      roleAssignments {
        role
        userId
      }
      version
    }
  }
`);
