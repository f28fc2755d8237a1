/**
 * Time-driven events of template language version 2: a gate's `escalate` (ESCALATED) and a
 * phase's `expires` (PHASE_EXPIRED). Both are counted from the start of the current phase
 * visit, suspension excluded, and both are the system's: the job queue's schedule asks
 * `decideTimer` under the cluster's lock and records what it returns through `record`, like
 * any command, so the hash chain, replay and projections treat them like every other event.
 *
 * Never for a suspended or finished cluster; never for a visit the cluster has left (the
 * caller names the visit the timer was set for); an escalation once per gate and visit.
 */
import { parseDuration } from '../template/duration';
import type { TemplateDefinition } from '../template/types';
import { currentVisit, readinessOf, targetOf } from './readiness';
import { addDuration, isoOf, msOf } from './time';
import type { ClusterState, DecidedEvent } from './types';

/** Who records the timers' events: not a person. */
export const SYSTEM_ACTOR = { userId: 'system', name: 'Clusterflow' } as const;

/** When a duration counted from the current visit's start (its settled suspension added) is up; null without one. */
function upAt(state: ClusterState, after: string | undefined): number | null {
  const duration = after ? parseDuration(after) : null;
  if (!duration) return null;
  const visit = currentVisit(state);
  return addDuration(msOf(visit.enteredAt), duration) + visit.suspendedMs;
}

export interface ClusterTimers {
  /** The phase visit the times are for. */
  visit: number;
  /** When the current phase expires; null without `expires`. */
  expiresAt: string | null;
  /** Each gate out of the phase with `escalate` not yet escalated in this visit, and when it escalates (if still unmet then). */
  escalations: { gate: string; role: string; at: string }[];
}

/**
 * The timers of the current phase visit; null for a cluster that is suspended (its times move
 * on while it is) or finished. Times are ISO 8601.
 */
export function clusterTimers(def: TemplateDefinition, state: ClusterState): ClusterTimers | null {
  if (state.status !== 'ACTIVE') return null;
  const phase = def.phases.find((p) => p.id === state.phase);
  const expires = upAt(state, phase?.expires?.after);
  const escalated = currentVisit(state).escalated ?? {};
  const escalations = def.gates
    .filter((g) => g.escalate && g.from.includes(state.phase) && escalated[g.id] === undefined)
    .map((g) => ({ gate: g.id, role: g.escalate!.to, at: upAt(state, g.escalate!.after) }))
    .filter((e): e is { gate: string; role: string; at: number } => e.at !== null)
    .map((e) => ({ gate: e.gate, role: e.role, at: isoOf(e.at) }));
  return { visit: currentVisit(state).n, expiresAt: expires === null ? null : isoOf(expires), escalations };
}

/**
 * The event the system records at `now`, or null when none is due: the phase's expiry when its
 * time is up (it moves the cluster on, so escalations of the gates it leaves are moot), else the
 * first gate, in template order, whose escalation time is up while it is still unmet. `visit`:
 * the phase visit the timer was set for; null when the cluster has left it since.
 */
export function decideTimer(def: TemplateDefinition, state: ClusterState, now: string, visit: number | null = null): DecidedEvent | null {
  const timers = clusterTimers(def, state);
  if (!timers || (visit !== null && visit !== timers.visit)) return null;
  const at = msOf(now);
  const phase = def.phases.find((p) => p.id === state.phase);
  if (phase?.expires && timers.expiresAt !== null && msOf(timers.expiresAt) <= at) {
    return { type: 'PHASE_EXPIRED', role: null, payload: { from: phase.id, to: phase.expires.to, visit: timers.visit, after: phase.expires.after } };
  }
  for (const e of timers.escalations) {
    if (msOf(e.at) > at) continue;
    const gate = def.gates.find((g) => g.id === e.gate)!;
    if (readinessOf(def, state, targetOf(def, gate.id)!, now).ready) continue;
    return { type: 'ESCALATED', role: null, payload: { gate: gate.id, visit: timers.visit, role: e.role, after: gate.escalate!.after } };
  }
  return null;
}

/** The earliest time among the current visit's timers (for a scheduler's look-ahead); null when none. */
export function nextTimerAt(def: TemplateDefinition, state: ClusterState): string | null {
  const timers = clusterTimers(def, state);
  if (!timers) return null;
  const times = [timers.expiresAt, ...timers.escalations.map((e) => e.at)].filter((t): t is string => t !== null).sort();
  return times[0] ?? null;
}
