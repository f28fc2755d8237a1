import { registerEnumType } from '@nestjs/graphql';
import { describedEnum } from '../../graphql/described-enum';
import type { UnmetKind as EngineUnmetKind } from '@clusterflow/engine';
import type { ClusterAction as EngineClusterAction } from '@clusterflow/engine';

/**
 * The GraphQL enums of the cluster domain. String-valued consts (not TS `enum`s), so the
 * engine's string unions (`'ACTIVE' | 'SUSPENDED' | 'FINISHED'`, `'APPROVE' | 'REJECT'`)
 * are assignable to them without casts.
 */

export const ClusterStatus = {
  ACTIVE: 'ACTIVE',
  SUSPENDED: 'SUSPENDED',
  FINISHED: 'FINISHED',
} as const;
export type ClusterStatus = (typeof ClusterStatus)[keyof typeof ClusterStatus];

registerEnumType(ClusterStatus, {
  name: 'ClusterStatus',
  description: 'Where a cluster stands in its programme',
  valuesMap: {
    ACTIVE: { description: 'Running in its current phase' },
    SUSPENDED: { description: 'Paused until it is resumed' },
    FINISHED: { description: 'In a final phase' },
  },
});

export const Outcome = {
  APPROVE: 'APPROVE',
  REJECT: 'REJECT',
  APPROVE_WITH_CONDITIONS: 'APPROVE_WITH_CONDITIONS',
  DEFER: 'DEFER',
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

registerEnumType(Outcome, {
  name: 'Outcome',
  description: 'What a decision says',
  valuesMap: {
    APPROVE: { description: 'Approved' },
    REJECT: { description: 'Rejected' },
    APPROVE_WITH_CONDITIONS: { description: 'Approved, with conditions that stay open on the cluster until closed (counts as an approval)' },
    DEFER: { description: 'Deferred: recorded, counts for nothing and blocks nothing; it replaces the person\'s earlier decision for counting' },
  },
});

/** Not in the contract: the order of `clusters` (an addition the contract allows). */
export const ClusterSort = {
  REGISTERED_AT: 'REGISTERED_AT',
  NAME: 'NAME',
  SCORE: 'SCORE',
} as const;
export type ClusterSort = (typeof ClusterSort)[keyof typeof ClusterSort];

registerEnumType(ClusterSort, {
  name: 'ClusterSort',
  description: 'The order of a list of clusters',
  valuesMap: {
    REGISTERED_AT: { description: 'In the order of registration, oldest first (the default)' },
    NAME: { description: 'By name, A to Z' },
    SCORE: { description: 'Highest score first, for ranking candidates; clusters without a score (not every criterion scored) last' },
  },
});

/**
 * What an unmet requirement lacks. Every kind the engine reports, and only those: a kind added
 * to the engine's `UnmetKind` fails the typecheck here until it is described.
 */
const UNMET_KINDS = {
  ARTEFACT: 'An artefact of a type is missing (fewer submitted than needed)',
  APPROVAL: 'Approvals in a role are missing, or a rejection is in force',
  SCORE: 'The selection score is below the minimum, or not every criterion is scored',
  ELIGIBILITY: 'An attribute fails the eligibility rules',
  INDICATOR: 'An indicator has no value, or one outside the required range',
  MILESTONE: 'A milestone is not reached in this phase visit',
  AFTER: 'Too little time has passed in the phase',
  CHECK: 'A rule of the template (`checks`) does not hold; the detail is its message, with the reason when it could not be evaluated',
  CONDITIONS: 'Conditions of an approval with conditions on the cluster are still open (`conditions: closed`)',
} as const satisfies Record<EngineUnmetKind, string>;

export const UnmetKind = describedEnum('UnmetKind', 'What kind of requirement does not hold yet', UNMET_KINDS);
export type UnmetKind = EngineUnmetKind;

/** Contract version 2: what the caller may do on a cluster now (`Cluster.viewerCan`). */
export const ClusterAction = describedEnum(
  'ClusterAction',
  'An action on a cluster; `viewerCan` lists those whose command the server would accept from the caller now',
  {
    SCORE: 'scoreCluster',
    SUBMIT_ARTEFACT: 'submitArtefact',
    DECIDE: 'decide, in some role and on some gate or milestone of the current phase',
    RECORD_INDICATOR: 'recordIndicator',
    SET_INDICATOR_PLAN: 'setIndicatorPlan',
    REACH_MILESTONE: 'reachMilestone, for some milestone ready now',
    ADVANCE: 'advance, through some gate ready now',
    ASSIGN: 'assignCda, unassignCda, assignRole, unassignRole',
    SUSPEND: 'suspend',
    RESUME: 'resume',
    MIGRATE: 'migrate, to another published version of the template',
    CLOSE_CONDITION: 'closeCondition, for some open condition of the cluster (our addition)',
  } satisfies Record<EngineClusterAction, string>,
);
export type ClusterAction = EngineClusterAction;
