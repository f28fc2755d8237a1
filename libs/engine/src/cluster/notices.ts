/**
 * Who is told what after a command (contract v2, "Notifications"): pure, from the event the
 * command recorded, the cluster after it and its open work (`openWork`, whose audiences come
 * from probing `decide`, so "who could approve" is the rules' own answer, never a copy).
 *
 * A notice names its people as audience keys (`role`: anyone of the agency holding it;
 * `role@user`: that person) and user ids, minus `except`; the actor is never told. A notice
 * tied to a work item (`workKey`) is sent only when that item is new with this command: the
 * store checks that against the items open before it, in the command's own statement.
 */
import type { TemplateDefinition } from '../template/types';
import { AGENCY_ADMIN, CDA } from '../roles';
import { isForwardGate, requiresNothing, targetOf } from './readiness';
import type { ClusterEvent, ClusterState } from './types';
import type { WorkEntry } from './viewer';

export const NOTIFICATION_KINDS = [
  'DECISION_REQUESTED',
  'REJECTED',
  'GATE_READY',
  'GATE_PASSED',
  'DUE_SOON',
  'OVERDUE',
  'ESCALATED',
  'PHASE_EXPIRED',
  'CONDITION_OPEN',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface Notice {
  kind: NotificationKind;
  /** Audience keys as in `WorkAudience.keys`. */
  keys: string[];
  /** People told by id (the cluster's CDAs, a submitter). */
  users: string[];
  /** People not told although a key reaches them (the actor, a submitter, those who already approved). */
  except: string[];
  /** Told only when this work item was not open before the command. */
  workKey: string | null;
  title: string;
  body: string;
}

/** The console's page of a cluster (apps/console routes), relative to the server. */
export const clusterPath = (clusterId: string): string => `/clusters/${clusterId}`;

const phaseTitle = (def: TemplateDefinition, id: string) => def.phases.find((p) => p.id === id)?.title ?? id;
const targetTitle = (def: TemplateDefinition, id: string) => targetOf(def, id)?.title ?? id;

/**
 * The notices a recorded event gives rise to. `work`: the cluster's open work after the event.
 * Titles and bodies are sentences in the template's language (its titles), naming the cluster.
 */
export function noticesOf(def: TemplateDefinition, event: ClusterEvent, state: ClusterState, work: readonly WorkEntry[]): Notice[] {
  const notices: Notice[] = [];
  const actor = event.actor;
  const cluster = state.name;
  const cdas = state.cdaIds;
  const base = { keys: [] as string[], users: [] as string[], except: [actor], workKey: null as string | null };

  if (event.type === 'DECIDED' && event.payload.outcome === 'REJECT') {
    const p = event.payload;
    const version = p.artefactVersionId ? state.artefacts.flatMap((a) => a.versions).find((v) => v.id === p.artefactVersionId) : undefined;
    const what = version ? `version ${version.number} of “${version.title}”` : `“${targetTitle(def, p.gate)}”`;
    const by = event.actorName ?? actor;
    notices.push({
      ...base,
      kind: 'REJECTED',
      users: [...new Set([...(version ? [version.submittedBy] : []), ...cdas])],
      title: `Rejected: ${what} of ${cluster}`,
      body: `${by} (${p.role}) rejected ${what} for “${targetTitle(def, p.gate)}” of ${cluster}.${p.comment ? ` Their comment: ${p.comment}` : ''}`,
    });
  }
  if (event.type === 'ADVANCED') {
    const p = event.payload;
    notices.push({
      ...base,
      kind: 'GATE_PASSED',
      users: [...cdas],
      title: `${cluster} passed “${targetTitle(def, p.gate)}”`,
      body: `${cluster} moved from ${phaseTitle(def, p.from)} to ${phaseTitle(def, p.to)} through “${targetTitle(def, p.gate)}”.`,
    });
  }
  if (event.type === 'ESCALATED') {
    const p = event.payload;
    const role = def.roles[p.role];
    const visit = state.visits.find((v) => v.n === p.visit);
    notices.push({
      ...base,
      kind: 'ESCALATED',
      // The role the gate's `escalate` names: the cluster's CDAs, those assigned to a cluster-scoped role, or the agency's holders.
      ...(p.role === CDA
        ? { users: [...cdas] }
        : role?.scope === 'cluster'
          ? { keys: state.roleAssignments.filter((a) => a.role === p.role).map((a) => `${p.role}@${a.userId}`) }
          : { keys: [p.role] }),
      title: `Escalated: “${targetTitle(def, p.gate)}” of ${cluster}`,
      body: `“${targetTitle(def, p.gate)}” of ${cluster} is still not met after ${p.after} in ${phaseTitle(def, visit?.phase ?? state.phase)} (not counting suspension). You are told as ${role?.title ?? p.role}.`,
    });
  }
  if (event.type === 'PHASE_EXPIRED') {
    const p = event.payload;
    notices.push({
      ...base,
      kind: 'PHASE_EXPIRED',
      keys: [AGENCY_ADMIN],
      users: [...cdas],
      title: `${cluster}: ${phaseTitle(def, p.from)} expired`,
      body: `${cluster} spent ${p.after} in ${phaseTitle(def, p.from)} (not counting suspension), so the system moved it to ${phaseTitle(def, p.to)}.`,
    });
  }
  if (state.status === 'ACTIVE' && !state.suspension) {
    for (const w of work) {
      if (w.kind === 'DECIDE') {
        const version = w.artefactVersionId ? state.artefacts.flatMap((a) => a.versions).find((v) => v.id === w.artefactVersionId) : undefined;
        notices.push({
          kind: 'DECISION_REQUESTED',
          keys: [...w.audience.keys],
          users: [],
          except: [...new Set([...w.audience.except, actor])],
          workKey: w.key,
          title: `Decision requested: ${targetTitle(def, w.gate ?? w.milestone ?? '')} of ${cluster}`,
          body: version
            ? `Version ${version.number} of “${version.title}” waits for a decision as ${w.role} on “${targetTitle(def, w.gate ?? w.milestone ?? '')}” of ${cluster} (${phaseTitle(def, state.phase)}).`
            : `“${targetTitle(def, w.gate ?? w.milestone ?? '')}” of ${cluster} (${phaseTitle(def, state.phase)}) waits for a decision as ${w.role}.`,
        });
      } else if (w.kind === 'ADVANCE' && (w.notBefore === null || w.notBefore <= event.at)) {
        const gate = def.gates.find((g) => g.id === w.gate);
        // A way off the main path that asks for nothing (a loop back or an exit open at any time) is a
        // choice, not news: it is ready on entering the phase and would be announced on every visit.
        if (gate && requiresNothing(gate.requires) && !isForwardGate(def, gate, state.phase)) continue;
        notices.push({
          ...base,
          kind: 'GATE_READY',
          users: [...cdas],
          workKey: w.key,
          title: `${cluster} is ready to pass “${targetTitle(def, w.gate ?? '')}”`,
          body: `Every requirement of “${targetTitle(def, w.gate ?? '')}” is met: ${cluster} can move from ${phaseTitle(def, state.phase)} to ${phaseTitle(def, gate?.to ?? '')}.`,
        });
      }
    }
  }
  return notices;
}
