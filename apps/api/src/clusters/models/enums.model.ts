import { registerEnumType } from '@nestjs/graphql';

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
} as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];

registerEnumType(Outcome, {
  name: 'Outcome',
  description: 'What a decision says',
  valuesMap: {
    APPROVE: { description: 'Approved' },
    REJECT: { description: 'Rejected' },
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
