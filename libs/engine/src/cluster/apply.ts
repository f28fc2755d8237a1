/**
 * Folds recorded events into a snapshot. Pure and total over the events `decide` produces;
 * an event that cannot follow the snapshot (wrong sequence, a phase change the machine does
 * not allow) means a corrupt log and throws.
 */
import type { TemplateDefinition } from '../template/types';
import { own } from '../own';
import { initialValue, phaseOf, runningValue, step } from './machine';
import { currentVisit } from './readiness';
import type { ArtefactVersionState, ClusterEvent, ClusterState, EventPayloads, PhaseVisitState } from './types';

export function apply(def: TemplateDefinition, state: ClusterState | null, event: ClusterEvent): ClusterState {
  return applyInPlace(def, state === null ? null : structuredClone(state), event);
}

/**
 * Rebuilds a snapshot from a cluster's whole log. `definitionOf` gives the template version
 * an event was recorded under (a migration switches versions part-way).
 */
export function replay(definitionOf: (version: number) => TemplateDefinition, events: readonly ClusterEvent[]): ClusterState {
  let state: ClusterState | null = null;
  for (const event of events) state = applyInPlace(definitionOf(versionOf(state, event)), state, event);
  if (!state) throw new Error('a cluster log starts with REGISTERED');
  return state;
}

/** The template version an event is folded under: the cluster's, or the new one for MIGRATED (and REGISTERED). */
export function versionOf(state: ClusterState | null, event: ClusterEvent): number {
  if (event.type === 'REGISTERED') return event.payload.templateVersion;
  if (event.type === 'MIGRATED') return event.payload.toVersion;
  return state?.templateVersion ?? NaN;
}

function applyInPlace(def: TemplateDefinition, state: ClusterState | null, event: ClusterEvent): ClusterState {
  if (event.type === 'REGISTERED') {
    if (state !== null || event.seq !== 1) throw new Error(`REGISTERED must be event 1 of a new cluster (got seq ${event.seq})`);
    return registered(def, event.clusterId, event.payload, event.actor, event.at);
  }
  if (state === null) throw new Error(`${event.type} before REGISTERED`);
  if (event.seq !== state.version + 1) throw new Error(`event ${event.seq} cannot follow version ${state.version} of cluster ${state.id}`);
  state.version = event.seq;
  const at = event.at;
  switch (event.type) {
    case 'CDA_ASSIGNED':
      state.cdaIds.push(event.payload.userId);
      break;
    case 'CDA_UNASSIGNED':
      state.cdaIds = state.cdaIds.filter((id) => id !== event.payload.userId);
      break;
    case 'ROLE_ASSIGNED':
      state.roleAssignments.push({ userId: event.payload.userId, role: event.payload.role });
      break;
    case 'ROLE_UNASSIGNED': {
      const { userId, role } = event.payload;
      state.roleAssignments = state.roleAssignments.filter((a) => !(a.userId === userId && a.role === role));
      break;
    }
    case 'SCORED':
      state.scores = { ...state.scores, ...event.payload.scores };
      break;
    case 'ARTEFACT_SUBMITTED': {
      const p = event.payload;
      const version: ArtefactVersionState = { id: p.versionId, number: p.number, title: p.title, uri: p.uri, sha256: p.sha256, fields: p.fields, submittedBy: event.actor, submittedAt: at };
      if (p.files?.length) version.files = p.files.map((f) => ({ ...f }));
      const artefact = state.artefacts.find((a) => a.id === p.artefactId);
      if (artefact) artefact.versions.push(version);
      else state.artefacts.push({ id: p.artefactId, type: p.type, versions: [version] });
      break;
    }
    case 'DECIDED': {
      const p = event.payload;
      state.decisions.push({
        id: p.decisionId,
        gate: p.gate,
        role: p.role,
        outcome: p.outcome,
        decidedBy: event.actor,
        decidedAt: at,
        artefactVersionId: p.artefactVersionId,
        comment: p.comment,
        visit: currentVisit(state).n,
        ...(p.conditions?.length ? { conditions: p.conditions.map((c) => ({ id: c.id, text: c.text, closedAt: null, closedBy: null, note: null })) } : {}),
      });
      break;
    }
    case 'CONDITION_CLOSED': {
      const p = event.payload;
      const condition = state.decisions.find((d) => d.id === p.decisionId)?.conditions?.find((c) => c.id === p.conditionId);
      if (!condition || condition.closedAt !== null) throw new Error(`CONDITION_CLOSED of condition ${p.conditionId}, which is not open on decision ${p.decisionId}`);
      condition.closedAt = at;
      condition.closedBy = event.actor;
      condition.note = p.note;
      break;
    }
    case 'INDICATOR_RECORDED': {
      const p = event.payload;
      const indicator = (state.indicators[p.indicator] ??= { values: [], baseline: null, targets: [] });
      for (const v of indicator.values) if (v.period === p.period && v.supersededAt === null) v.supersededAt = at;
      indicator.values.push({ period: p.period, value: p.value, note: p.note, recordedBy: event.actor, recordedAt: at, supersededAt: null });
      break;
    }
    case 'INDICATOR_PLAN_SET': {
      const p = event.payload;
      const indicator = (state.indicators[p.indicator] ??= { values: [], baseline: null, targets: [] });
      indicator.baseline = p.baseline;
      indicator.targets = p.targets.map((t) => ({ period: t.period, value: t.value }));
      break;
    }
    case 'MILESTONE_REACHED':
      currentVisit(state).milestones[event.payload.milestone] = at;
      freeze(state, event.payload.decisionsUsed);
      break;
    case 'ADVANCED':
      advanced(def, state, event.payload, at);
      break;
    case 'SUSPENDED':
      state.machine = step(def, state.machine, { type: 'SUSPEND' });
      state.status = 'SUSPENDED';
      state.suspension = { since: at, reason: event.payload.reason };
      break;
    case 'RESUMED':
      state.machine = step(def, state.machine, { type: 'RESUME' });
      currentVisit(state).suspendedMs += event.payload.suspendedMs;
      state.status = 'ACTIVE';
      state.suspension = null;
      break;
    case 'MIGRATED':
      migrated(def, state, event.payload);
      break;
    case 'ESCALATED': {
      const p = event.payload;
      const current = currentVisit(state);
      if (state.status !== 'ACTIVE' || p.visit !== current.n || current.escalated?.[p.gate] !== undefined) {
        throw new Error(`ESCALATED of gate ${p.gate} in visit ${p.visit}, while the cluster is ${state.status.toLowerCase()} in visit ${current.n}${current.escalated?.[p.gate] ? ', escalated already' : ''}`);
      }
      (current.escalated ??= {})[p.gate] = at;
      break;
    }
    case 'PHASE_EXPIRED':
      expired(def, state, event.payload, at);
      break;
    default:
      throw new Error(`unknown event type ${(event as { type: string }).type}`);
  }
  return state;
}

function registered(def: TemplateDefinition, id: string, p: EventPayloads['REGISTERED'], actor: string, at: string): ClusterState {
  const machine = initialValue(def);
  const phase = phaseOf({ value: machine });
  return {
    id,
    name: p.name,
    sector: p.sector,
    region: p.region,
    country: p.country,
    attributes: p.attributes,
    templateKey: p.templateKey,
    templateVersion: p.templateVersion,
    machine,
    phase,
    status: 'ACTIVE',
    version: 1,
    registeredAt: at,
    registeredBy: actor,
    cdaIds: [...p.cdaIds],
    roleAssignments: [],
    scores: {},
    artefacts: [],
    decisions: [],
    indicators: {},
    visits: [visit(1, phase, at, null)],
    suspension: null,
    frozen: [],
  };
}

function advanced(def: TemplateDefinition, state: ClusterState, p: EventPayloads['ADVANCED'], at: string): void {
  if (p.from !== state.phase) throw new Error(`ADVANCED from ${p.from} while the cluster is in ${state.phase}`);
  state.machine = step(def, state.machine, { type: 'ADVANCE', gate: p.gate });
  state.phase = phaseOf({ value: state.machine });
  if (state.phase !== p.to) throw new Error(`gate ${p.gate} leads to ${state.phase}, the event says ${p.to}`);
  const previous = currentVisit(state);
  previous.leftAt = at;
  state.visits.push(visit(previous.n + 1, state.phase, at, p.gate));
  freeze(state, p.decisionsUsed);
  if (def.phases.find((ph) => ph.id === state.phase)?.final) state.status = 'FINISHED';
}

/** The system moves the cluster out of an expired phase: a new visit, entered through no gate. */
function expired(def: TemplateDefinition, state: ClusterState, p: EventPayloads['PHASE_EXPIRED'], at: string): void {
  const previous = currentVisit(state);
  if (p.from !== state.phase || p.visit !== previous.n) throw new Error(`PHASE_EXPIRED of ${p.from} in visit ${p.visit} while the cluster is in ${state.phase}, visit ${previous.n}`);
  state.machine = step(def, state.machine, { type: 'EXPIRE' });
  state.phase = phaseOf({ value: state.machine });
  if (state.phase !== p.to) throw new Error(`phase ${p.from} expires into ${state.phase}, the event says ${p.to}`);
  previous.leftAt = at;
  state.visits.push(visit(previous.n + 1, state.phase, at, null));
  if (def.phases.find((ph) => ph.id === state.phase)?.final) state.status = 'FINISHED';
}

/** `def` is the version migrated to; the phase visit goes on under the new phase id. */
function migrated(def: TemplateDefinition, state: ClusterState, p: EventPayloads['MIGRATED']): void {
  if (p.fromVersion !== state.templateVersion || p.from !== state.phase) {
    throw new Error(`MIGRATED from ${p.from} of version ${p.fromVersion} while the cluster is in ${state.phase} of version ${state.templateVersion}`);
  }
  if (def.version !== p.toVersion || def.key !== state.templateKey) throw new Error(`MIGRATED to version ${p.toVersion} folded under ${def.key} version ${def.version}`);
  if (state.status !== 'ACTIVE') throw new Error(`MIGRATED on a ${state.status.toLowerCase()} cluster`);
  state.templateVersion = p.toVersion;
  // Decisions given under a renamed gate keep counting under its new id.
  if (p.gates) for (const d of state.decisions) d.gate = own(p.gates, d.gate) ?? d.gate;
  state.machine = runningValue(def, p.to);
  state.phase = p.to;
  currentVisit(state).phase = p.to;
}

/** Marks decisions as used for good; an unchanged `of:` decision used on two visits is listed once. */
function freeze(state: ClusterState, ids: readonly string[]): void {
  for (const id of ids) if (!state.frozen.includes(id)) state.frozen.push(id);
}

const visit = (n: number, phase: string, at: string, viaGate: string | null): PhaseVisitState => ({
  n,
  phase,
  enteredAt: at,
  leftAt: null,
  viaGate,
  suspendedMs: 0,
  milestones: {},
});
