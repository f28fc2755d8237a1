import {
  currentVisit,
  dueAt,
  eligibleOf,
  isOverdue,
  milestoneStatuses,
  scoreOf,
  type ClusterState,
  type TemplateDefinition,
} from '@clusterflow/engine';
import type { ClusterModel } from './models/cluster.model';

/**
 * A cluster as the resolvers hand it on: the contract's scalar fields, plus the snapshot
 * and template the field resolvers compute the rest from (gates, indicators, due), all at
 * one `now` so every field of one answer agrees.
 */
export type ClusterView = ClusterModel & { snapshot: ClusterState; definition: TemplateDefinition; now: string };

export function clusterView(state: ClusterState, definition: TemplateDefinition, now: string): ClusterView {
  return {
    id: state.id,
    name: state.name,
    sector: state.sector,
    region: state.region,
    country: state.country,
    attributes: state.attributes,
    templateKey: state.templateKey,
    templateVersion: state.templateVersion,
    phase: state.phase,
    status: state.status,
    enteredPhaseAt: new Date(currentVisit(state).enteredAt),
    due: dateOrNull(dueAt(definition, state, now)),
    overdue: isOverdue(definition, state, now),
    cdaIds: state.cdaIds,
    roleAssignments: state.roleAssignments,
    score: scoreOf(definition, state.scores),
    eligible: eligibleOf(definition, state.attributes),
    milestones: milestoneStatuses(definition, state).map((m) => ({ ...m, reachedAt: dateOrNull(m.reachedAt) })),
    version: state.version,
    snapshot: state,
    definition,
    now,
  };
}

export const dateOrNull = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);
