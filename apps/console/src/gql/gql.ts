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
    "\n  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {\n    approvalHistory(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          clusterId\n          clusterName\n          gate\n          role\n          outcome\n          comment\n          decidedAt\n          decidedBy\n          counts\n          artefactVersion {\n            id\n            number\n            title\n          }\n        }\n      }\n    }\n  }\n": typeof types.ApprovalHistoryDocument,
    "\n  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {\n    cluster(id: $clusterId) {\n      id\n      name\n    }\n    auditTrail(clusterId: $clusterId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          seq\n          type\n          actor\n          actorName\n          role\n          at\n          payload\n          hash\n          prevHash\n        }\n      }\n    }\n  }\n": typeof types.AuditTrailDocument,
    "\n  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {\n    verifyAuditTrail(clusterId: $clusterId, against: $against) {\n      valid\n      eventsChecked\n      firstBrokenEventId\n      message\n      head {\n        agency\n        at\n        clusters\n        events\n        keyId\n        root\n        signature\n      }\n    }\n  }\n": typeof types.VerifyAuditDocument,
    "\n  query AuditHead {\n    auditHead {\n      agency\n      at\n      clusters\n      events\n      keyId\n      root\n      signature\n    }\n  }\n": typeof types.AuditHeadDocument,
    "\n  query ClusterPage($id: ID!) {\n    cluster(id: $id) {\n      id\n      name\n      phase\n      status\n      version\n      templateKey\n      templateVersion\n      due\n      overdue\n      enteredPhaseAt\n      eligible\n      score\n      sector\n      region\n      country\n      attributes\n      cdaIds\n      viewerCan\n      history {\n        phase\n        enteredAt\n        leftAt\n        viaGate\n        suspendedDays\n      }\n      gates {\n        gate\n        ready\n        to\n        unmet {\n          kind\n          detail\n          role\n          have\n          need\n          artefactType\n          milestone\n          indicator\n          attribute\n          viewerCanAct\n          artefactVersionId\n        }\n      }\n      milestones {\n        milestone\n        reached\n        reachedAt\n      }\n      artefacts {\n        id\n        type\n        title\n        versions {\n          id\n          number\n          title\n          submittedAt\n          submittedBy\n          fields\n          uri\n          sha256\n        }\n      }\n      decisions {\n        id\n        gate\n        role\n        outcome\n        comment\n        decidedAt\n        decidedBy\n        counts\n        artefactVersion {\n          id\n          number\n          title\n        }\n      }\n    }\n  }\n": typeof types.ClusterPageDocument,
    "\n  query ClusterTemplate($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n": typeof types.ClusterTemplateDocument,
    "\n  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {\n    scoreCluster(clusterId: $clusterId, scores: $scores) {\n      id\n      score\n      version\n    }\n  }\n": typeof types.ScoreClusterDocument,
    "\n  mutation SubmitArtefact($input: SubmitArtefactInput!) {\n    submitArtefact(input: $input) {\n      id\n      number\n      title\n    }\n  }\n": typeof types.SubmitArtefactDocument,
    "\n  mutation Decide($input: DecisionInput!) {\n    decide(input: $input) {\n      id\n      outcome\n    }\n  }\n": typeof types.DecideDocument,
    "\n  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {\n    reachMilestone(clusterId: $clusterId, milestone: $milestone) {\n      id\n      version\n    }\n  }\n": typeof types.ReachMilestoneDocument,
    "\n  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {\n    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {\n      id\n      phase\n      version\n    }\n  }\n": typeof types.AdvanceDocument,
    "\n  subscription ClusterEvents($clusterId: ID!) {\n    clusterEvents(clusterId: $clusterId) {\n      id\n      seq\n      type\n      actor\n      actorName\n      at\n    }\n  }\n": typeof types.ClusterEventsDocument,
    "\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n": typeof types.PortfolioDocument,
};
const documents: Documents = {
    "\n  query Me {\n    me {\n      userId\n      name\n      agency\n      roles\n    }\n  }\n": types.MeDocument,
    "\n  query TemplateTitles {\n    templates {\n      key\n      id\n      version\n      title\n      phases {\n        id\n        key\n        title\n      }\n      gates {\n        id\n        key\n        title\n      }\n    }\n  }\n": types.TemplateTitlesDocument,
    "\n  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {\n    approvalHistory(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          clusterId\n          clusterName\n          gate\n          role\n          outcome\n          comment\n          decidedAt\n          decidedBy\n          counts\n          artefactVersion {\n            id\n            number\n            title\n          }\n        }\n      }\n    }\n  }\n": types.ApprovalHistoryDocument,
    "\n  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {\n    cluster(id: $clusterId) {\n      id\n      name\n    }\n    auditTrail(clusterId: $clusterId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          seq\n          type\n          actor\n          actorName\n          role\n          at\n          payload\n          hash\n          prevHash\n        }\n      }\n    }\n  }\n": types.AuditTrailDocument,
    "\n  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {\n    verifyAuditTrail(clusterId: $clusterId, against: $against) {\n      valid\n      eventsChecked\n      firstBrokenEventId\n      message\n      head {\n        agency\n        at\n        clusters\n        events\n        keyId\n        root\n        signature\n      }\n    }\n  }\n": types.VerifyAuditDocument,
    "\n  query AuditHead {\n    auditHead {\n      agency\n      at\n      clusters\n      events\n      keyId\n      root\n      signature\n    }\n  }\n": types.AuditHeadDocument,
    "\n  query ClusterPage($id: ID!) {\n    cluster(id: $id) {\n      id\n      name\n      phase\n      status\n      version\n      templateKey\n      templateVersion\n      due\n      overdue\n      enteredPhaseAt\n      eligible\n      score\n      sector\n      region\n      country\n      attributes\n      cdaIds\n      viewerCan\n      history {\n        phase\n        enteredAt\n        leftAt\n        viaGate\n        suspendedDays\n      }\n      gates {\n        gate\n        ready\n        to\n        unmet {\n          kind\n          detail\n          role\n          have\n          need\n          artefactType\n          milestone\n          indicator\n          attribute\n          viewerCanAct\n          artefactVersionId\n        }\n      }\n      milestones {\n        milestone\n        reached\n        reachedAt\n      }\n      artefacts {\n        id\n        type\n        title\n        versions {\n          id\n          number\n          title\n          submittedAt\n          submittedBy\n          fields\n          uri\n          sha256\n        }\n      }\n      decisions {\n        id\n        gate\n        role\n        outcome\n        comment\n        decidedAt\n        decidedBy\n        counts\n        artefactVersion {\n          id\n          number\n          title\n        }\n      }\n    }\n  }\n": types.ClusterPageDocument,
    "\n  query ClusterTemplate($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n": types.ClusterTemplateDocument,
    "\n  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {\n    scoreCluster(clusterId: $clusterId, scores: $scores) {\n      id\n      score\n      version\n    }\n  }\n": types.ScoreClusterDocument,
    "\n  mutation SubmitArtefact($input: SubmitArtefactInput!) {\n    submitArtefact(input: $input) {\n      id\n      number\n      title\n    }\n  }\n": types.SubmitArtefactDocument,
    "\n  mutation Decide($input: DecisionInput!) {\n    decide(input: $input) {\n      id\n      outcome\n    }\n  }\n": types.DecideDocument,
    "\n  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {\n    reachMilestone(clusterId: $clusterId, milestone: $milestone) {\n      id\n      version\n    }\n  }\n": types.ReachMilestoneDocument,
    "\n  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {\n    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {\n      id\n      phase\n      version\n    }\n  }\n": types.AdvanceDocument,
    "\n  subscription ClusterEvents($clusterId: ID!) {\n    clusterEvents(clusterId: $clusterId) {\n      id\n      seq\n      type\n      actor\n      actorName\n      at\n    }\n  }\n": types.ClusterEventsDocument,
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
export function graphql(source: "\n  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {\n    approvalHistory(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          clusterId\n          clusterName\n          gate\n          role\n          outcome\n          comment\n          decidedAt\n          decidedBy\n          counts\n          artefactVersion {\n            id\n            number\n            title\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ApprovalHistory($first: Int!, $after: String, $filter: ApprovalFilter) {\n    approvalHistory(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          clusterId\n          clusterName\n          gate\n          role\n          outcome\n          comment\n          decidedAt\n          decidedBy\n          counts\n          artefactVersion {\n            id\n            number\n            title\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {\n    cluster(id: $clusterId) {\n      id\n      name\n    }\n    auditTrail(clusterId: $clusterId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          seq\n          type\n          actor\n          actorName\n          role\n          at\n          payload\n          hash\n          prevHash\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AuditTrail($clusterId: ID!, $first: Int!, $after: String) {\n    cluster(id: $clusterId) {\n      id\n      name\n    }\n    auditTrail(clusterId: $clusterId, first: $first, after: $after) {\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          seq\n          type\n          actor\n          actorName\n          role\n          at\n          payload\n          hash\n          prevHash\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {\n    verifyAuditTrail(clusterId: $clusterId, against: $against) {\n      valid\n      eventsChecked\n      firstBrokenEventId\n      message\n      head {\n        agency\n        at\n        clusters\n        events\n        keyId\n        root\n        signature\n      }\n    }\n  }\n"): (typeof documents)["\n  query VerifyAudit($clusterId: ID, $against: AuditHeadInput) {\n    verifyAuditTrail(clusterId: $clusterId, against: $against) {\n      valid\n      eventsChecked\n      firstBrokenEventId\n      message\n      head {\n        agency\n        at\n        clusters\n        events\n        keyId\n        root\n        signature\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditHead {\n    auditHead {\n      agency\n      at\n      clusters\n      events\n      keyId\n      root\n      signature\n    }\n  }\n"): (typeof documents)["\n  query AuditHead {\n    auditHead {\n      agency\n      at\n      clusters\n      events\n      keyId\n      root\n      signature\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterPage($id: ID!) {\n    cluster(id: $id) {\n      id\n      name\n      phase\n      status\n      version\n      templateKey\n      templateVersion\n      due\n      overdue\n      enteredPhaseAt\n      eligible\n      score\n      sector\n      region\n      country\n      attributes\n      cdaIds\n      viewerCan\n      history {\n        phase\n        enteredAt\n        leftAt\n        viaGate\n        suspendedDays\n      }\n      gates {\n        gate\n        ready\n        to\n        unmet {\n          kind\n          detail\n          role\n          have\n          need\n          artefactType\n          milestone\n          indicator\n          attribute\n          viewerCanAct\n          artefactVersionId\n        }\n      }\n      milestones {\n        milestone\n        reached\n        reachedAt\n      }\n      artefacts {\n        id\n        type\n        title\n        versions {\n          id\n          number\n          title\n          submittedAt\n          submittedBy\n          fields\n          uri\n          sha256\n        }\n      }\n      decisions {\n        id\n        gate\n        role\n        outcome\n        comment\n        decidedAt\n        decidedBy\n        counts\n        artefactVersion {\n          id\n          number\n          title\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ClusterPage($id: ID!) {\n    cluster(id: $id) {\n      id\n      name\n      phase\n      status\n      version\n      templateKey\n      templateVersion\n      due\n      overdue\n      enteredPhaseAt\n      eligible\n      score\n      sector\n      region\n      country\n      attributes\n      cdaIds\n      viewerCan\n      history {\n        phase\n        enteredAt\n        leftAt\n        viaGate\n        suspendedDays\n      }\n      gates {\n        gate\n        ready\n        to\n        unmet {\n          kind\n          detail\n          role\n          have\n          need\n          artefactType\n          milestone\n          indicator\n          attribute\n          viewerCanAct\n          artefactVersionId\n        }\n      }\n      milestones {\n        milestone\n        reached\n        reachedAt\n      }\n      artefacts {\n        id\n        type\n        title\n        versions {\n          id\n          number\n          title\n          submittedAt\n          submittedBy\n          fields\n          uri\n          sha256\n        }\n      }\n      decisions {\n        id\n        gate\n        role\n        outcome\n        comment\n        decidedAt\n        decidedBy\n        counts\n        artefactVersion {\n          id\n          number\n          title\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ClusterTemplate($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n"): (typeof documents)["\n  query ClusterTemplate($key: String!, $version: Int) {\n    template(key: $key, version: $version) {\n      id\n      key\n      version\n      title\n      definition\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {\n    scoreCluster(clusterId: $clusterId, scores: $scores) {\n      id\n      score\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation ScoreCluster($clusterId: ID!, $scores: [CriterionScoreInput!]!) {\n    scoreCluster(clusterId: $clusterId, scores: $scores) {\n      id\n      score\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitArtefact($input: SubmitArtefactInput!) {\n    submitArtefact(input: $input) {\n      id\n      number\n      title\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitArtefact($input: SubmitArtefactInput!) {\n    submitArtefact(input: $input) {\n      id\n      number\n      title\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Decide($input: DecisionInput!) {\n    decide(input: $input) {\n      id\n      outcome\n    }\n  }\n"): (typeof documents)["\n  mutation Decide($input: DecisionInput!) {\n    decide(input: $input) {\n      id\n      outcome\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {\n    reachMilestone(clusterId: $clusterId, milestone: $milestone) {\n      id\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation ReachMilestone($clusterId: ID!, $milestone: String!) {\n    reachMilestone(clusterId: $clusterId, milestone: $milestone) {\n      id\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {\n    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {\n      id\n      phase\n      version\n    }\n  }\n"): (typeof documents)["\n  mutation Advance($clusterId: ID!, $gate: String!, $expectedVersion: Int) {\n    advance(clusterId: $clusterId, gate: $gate, expectedVersion: $expectedVersion) {\n      id\n      phase\n      version\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ClusterEvents($clusterId: ID!) {\n    clusterEvents(clusterId: $clusterId) {\n      id\n      seq\n      type\n      actor\n      actorName\n      at\n    }\n  }\n"): (typeof documents)["\n  subscription ClusterEvents($clusterId: ID!) {\n    clusterEvents(clusterId: $clusterId) {\n      id\n      seq\n      type\n      actor\n      actorName\n      at\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {\n    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {\n      totalCount\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n      edges {\n        cursor\n        node {\n          id\n          name\n          phase\n          status\n          score\n          overdue\n          due\n          sector\n          region\n          country\n          templateKey\n          templateVersion\n        }\n      }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;