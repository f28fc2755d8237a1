export * from './types';
export { apply, replay, suspensionLength } from './apply';
export { decide, decideRegister, AGENCY_ADMIN, CDA } from './decide';
export { countingDecisionIds, gateReadiness, milestoneStatuses, readinessOf, suspendedMsOf, targetOf, currentVisit, latestVersion } from './readiness';
export { indicatorSummaries, currentValues } from './indicators';
export { scoreOf, eligibleOf } from './selection';
export { dueAt, isOverdue, storedDueAt } from './due';
export { periodKind } from './period';
export { DAY_MS } from './time';
