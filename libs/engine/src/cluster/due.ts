import { parseDuration } from '../template/duration';
import type { TemplateDefinition } from '../template/types';
import { currentVisit, suspendedMsOf } from './readiness';
import { addDuration, isoOf, msOf } from './time';
import type { ClusterState } from './types';

/** Entry + the phase's `due` (calendar arithmetic, UTC), not counting suspension before `now`. */
function dueMs(def: TemplateDefinition, state: ClusterState, now: string | null): number | null {
  if (state.status === 'FINISHED') return null;
  const due = def.phases.find((p) => p.id === state.phase)?.due;
  const duration = due ? parseDuration(due) : null;
  if (!duration) return null;
  const visit = currentVisit(state);
  const suspended = now === null ? visit.suspendedMs : suspendedMsOf(state, visit, now);
  return addDuration(msOf(visit.enteredAt), duration) + suspended;
}

/** When the current phase visit is due, moving on while the cluster is suspended. */
export function dueAt(def: TemplateDefinition, state: ClusterState, now: string): string | null {
  const ms = dueMs(def, state, now);
  return ms === null ? null : isoOf(ms);
}

/** A suspended cluster is never overdue. */
export function isOverdue(def: TemplateDefinition, state: ClusterState, now: string): boolean {
  if (state.status !== 'ACTIVE') return false;
  const ms = dueMs(def, state, now);
  return ms !== null && msOf(now) > ms;
}

/**
 * The due time to store for queries (`overdue` filters): only for an active cluster, where
 * it does not move with time; null while suspended or finished.
 */
export function storedDueAt(def: TemplateDefinition, state: ClusterState): string | null {
  if (state.status !== 'ACTIVE') return null;
  const ms = dueMs(def, state, null);
  return ms === null ? null : isoOf(ms);
}
