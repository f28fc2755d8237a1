/**
 * What a person may do on a cluster now, and what waits on whom: answered by asking the
 * engine's own `decide` (and `decideMigrate`) with well-formed probe commands and recording
 * nothing, so these answers and the commands can never disagree. A probe is accepted when
 * `decide` returns (an event, or null for a no-op) and refused when it throws a coded error.
 */
import { DomainError } from '../errors';
import type { FieldDefinition, ScalarValue, TemplateDefinition } from '../template/types';
import { AGENCY_ADMIN, CDA } from '../roles';
import { decide } from './decide';
import { decideMigrate } from './migration';
import { currentVisit, gatesOut, isApproval, latestVersion, openConditions, readinessOf, targetOf, type Target } from './readiness';
import { addDuration, msOf } from './time';
import { parseDuration } from '../template/duration';
import { own } from '../own';
import type { Actor, ArtefactVersionState, ClusterCommand, ClusterState, UnmetKind, UnmetRequirement } from './types';

export const CLUSTER_ACTIONS = [
  'SCORE',
  'SUBMIT_ARTEFACT',
  'DECIDE',
  'RECORD_INDICATOR',
  'SET_INDICATOR_PLAN',
  'REACH_MILESTONE',
  'ADVANCE',
  'ASSIGN',
  'SUSPEND',
  'RESUME',
  'MIGRATE',
  'CLOSE_CONDITION',
] as const;
export type ClusterAction = (typeof CLUSTER_ACTIONS)[number];

/** Ids no person holds: probes for "anyone holding this role". */
const SOMEONE = '\u0000someone';

/**
 * True when `decide` accepts the command now (an event or a no-op); false on a rule error.
 * A refusal's error is only looked at for its class, so it is made without a stack trace
 * (capturing one was a tenth of the time of a command's open work).
 */
function accepts(def: TemplateDefinition, state: ClusterState, actor: Actor, command: ClusterCommand, now: string): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    decide(def, state, actor, command, now);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    // A bug: decide again, pure as it is, for the error with its stack.
    Error.stackTraceLimit = limit;
    decide(def, state, actor, command, now);
    throw e;
  } finally {
    Error.stackTraceLimit = limit;
  }
}

// --- well-formed probe commands ----------------------------------------------------------

/** A value every declaration accepts, so that a probe fails only on the rules, never on its input. */
function sampleValue(field: FieldDefinition): ScalarValue {
  switch (field.type) {
    case 'integer':
      return field.min !== undefined ? Math.ceil(field.min) : field.max !== undefined ? Math.min(0, Math.floor(field.max)) : 0;
    case 'number':
      return field.min ?? field.max ?? 0;
    case 'boolean':
      return true;
    case 'date':
      return '2025-01-01';
    default:
      return field.values?.[0] ?? 'probe';
  }
}

const submitProbe = (def: TemplateDefinition, type: string | undefined): ClusterCommand => {
  const artefact = type !== undefined ? own(def.artefacts, type) : Object.values(def.artefacts)[0];
  const fields: Record<string, ScalarValue> = {};
  for (const f of Object.values(artefact?.fields ?? {})) fields[f.id] = sampleValue(f);
  return { type: 'SUBMIT_ARTEFACT', newArtefactId: SOMEONE, newVersionId: SOMEONE, artefactType: artefact?.id ?? '', title: 'probe', fields };
};

const scoreProbe = (def: TemplateDefinition): ClusterCommand => {
  const criterion = Object.keys(def.selection?.criteria ?? {})[0] ?? '';
  return { type: 'SCORE', scores: [{ criterion, score: def.selection?.scale.min ?? 0 }] };
};

/** A period of the kind the indicator already uses on this cluster, so the probe is well-formed. */
const recordProbe = (def: TemplateDefinition, state: ClusterState, indicator?: string): ClusterCommand => {
  const id = indicator ?? Object.keys(def.indicators)[0] ?? '';
  const recorded = state.indicators[id];
  const period = recorded?.values[0]?.period ?? recorded?.targets[0]?.period ?? '2025';
  return { type: 'RECORD_INDICATOR', indicator: id, period, value: 0 };
};

const planProbe = (def: TemplateDefinition): ClusterCommand => ({ type: 'SET_INDICATOR_PLAN', indicator: Object.keys(def.indicators)[0] ?? '', targets: [] });

const decideProbe = (target: string, role: string, artefactVersionId: string | null): ClusterCommand => ({
  type: 'DECIDE',
  decisionId: SOMEONE,
  gate: target,
  role,
  outcome: 'APPROVE',
  artefactVersionId,
});

const closeProbe = (conditionId: string): ClusterCommand => ({ type: 'CLOSE_CONDITION', conditionId, note: 'probe' });

/** The gates out of the current phase and its milestones not reached in this visit. */
function openTargets(def: TemplateDefinition, state: ClusterState): Target[] {
  if (state.status === 'FINISHED') return [];
  const reached = currentVisit(state).milestones;
  const milestones = (def.phases.find((p) => p.id === state.phase)?.milestones ?? []).filter((m) => reached[m.id] === undefined);
  return [...gatesOut(def, state), ...milestones.map((m) => targetOf(def, m.id)!)];
}

/** The versions a decision in `role` on `target` may name: null (no `of:`) and the latest version of each artefact of an `of:` type. */
function decisionSubjects(state: ClusterState, target: Target, role: string, artefactType?: string): (ArtefactVersionState | null)[] {
  const reqs = target.requires.approvals.filter((r) => r.role === role && (artefactType === undefined || r.of === artefactType));
  const subjects: (ArtefactVersionState | null)[] = [];
  if (reqs.some((r) => !r.of)) subjects.push(null);
  const types = new Set(reqs.map((r) => r.of).filter(Boolean));
  // The most recently submitted first: the version a person would expect to decide on.
  const latest = state.artefacts.filter((a) => types.has(a.type)).map(latestVersion);
  subjects.push(...latest.sort((a, b) => (a.submittedAt < b.submittedAt ? 1 : a.submittedAt > b.submittedAt ? -1 : 0)));
  return subjects;
}

// --- what the caller may do ------------------------------------------------------------------

export interface ViewerOptions {
  /** Another published version of the cluster's template, when there is one: MIGRATE needs a version to move to. */
  otherVersion?: TemplateDefinition | null;
}

/** The actions the caller may take on the cluster now: each is offered exactly when its command would be accepted. */
export function viewerCan(def: TemplateDefinition, state: ClusterState, actor: Actor, now: string, options: ViewerOptions = {}): ClusterAction[] {
  const ok = (command: ClusterCommand) => accepts(def, state, actor, command, now);
  const targets = openTargets(def, state);
  const can: Record<ClusterAction, () => boolean> = {
    SCORE: () => ok(scoreProbe(def)),
    SUBMIT_ARTEFACT: () => Object.keys(def.artefacts).some((type) => ok(submitProbe(def, type))),
    DECIDE: () =>
      targets.some((t) =>
        [...new Set(t.requires.approvals.map((r) => r.role))].some((role) => decisionSubjects(state, t, role).some((v) => ok(decideProbe(t.id, role, v?.id ?? null)))),
      ),
    RECORD_INDICATOR: () => Object.keys(def.indicators).some((i) => ok(recordProbe(def, state, i))),
    SET_INDICATOR_PLAN: () => ok(planProbe(def)),
    REACH_MILESTONE: () => targets.some((t) => t.kind === 'milestone' && ok({ type: 'REACH_MILESTONE', milestone: t.id })),
    ADVANCE: () => targets.some((t) => t.kind === 'gate' && ok({ type: 'ADVANCE', gate: t.id })),
    ASSIGN: () => ok({ type: 'ASSIGN_CDA', userId: actor.userId }),
    SUSPEND: () => ok({ type: 'SUSPEND', reason: 'probe' }),
    RESUME: () => ok({ type: 'RESUME' }),
    CLOSE_CONDITION: () => {
      const [first] = openConditions(state);
      return first !== undefined && ok(closeProbe(first.condition.id));
    },
    MIGRATE: () => {
      if (!options.otherVersion) return false;
      try {
        decideMigrate(def, options.otherVersion, state, actor, now);
        return true;
      } catch (e) {
        if (e instanceof DomainError) return false;
        throw e;
      }
    },
  };
  return CLUSTER_ACTIONS.filter((action) => can[action]());
}

/** An unmet requirement as one caller sees it. */
export interface ViewerUnmet extends UnmetRequirement {
  /** The caller could fill it now: the command that does would be accepted, and would add something. */
  viewerCanAct: boolean;
  /** For approvals `of:` an artefact: the version to decide on. */
  artefactVersionId: string | null;
}

/**
 * Whether the caller can fill one unmet requirement of `target` now. An approval needs a
 * decision the command accepts on a version the caller has not already approved; artefacts,
 * scores, indicators and milestones need the command that fills them to be accepted;
 * eligibility and elapsed time no command fills.
 */
export function viewerUnmet(def: TemplateDefinition, state: ClusterState, actor: Actor, target: Target, unmet: UnmetRequirement, now: string): ViewerUnmet {
  const ok = (command: ClusterCommand) => accepts(def, state, actor, command, now);
  if (unmet.kind === 'APPROVAL' && unmet.role) {
    const subjects = decisionSubjects(state, target, unmet.role, unmet.artefactType ?? undefined).filter((v) => (unmet.artefactType ? v !== null : v === null));
    const actable = subjects.find((v) => !approvedAlready(state, target, unmet.role!, v, actor.userId) && ok(decideProbe(target.id, unmet.role!, v?.id ?? null)));
    const shown = actable ?? subjects[0] ?? null;
    return { ...unmet, viewerCanAct: actable !== undefined, artefactVersionId: shown?.id ?? null };
  }
  return { ...unmet, viewerCanAct: fillCommand(def, state, unmet) !== null && ok(fillCommand(def, state, unmet)!), artefactVersionId: null };
}

/** The command that fills a requirement of a kind other than APPROVAL, or null when none does. */
function fillCommand(def: TemplateDefinition, state: ClusterState, unmet: UnmetRequirement): ClusterCommand | null {
  switch (unmet.kind) {
    case 'ARTEFACT':
      return submitProbe(def, unmet.artefactType);
    case 'SCORE':
      return scoreProbe(def);
    case 'INDICATOR':
      return recordProbe(def, state, unmet.indicator);
    case 'MILESTONE':
      return unmet.milestone ? { type: 'REACH_MILESTONE', milestone: unmet.milestone } : null;
    case 'CONDITIONS':
      return unmet.conditionIds?.length ? closeProbe(unmet.conditionIds[0]) : null;
    default:
      return null;
  }
}

/** The person's latest decision on this requirement is an approval: deciding again adds nothing. */
function approvedAlready(state: ClusterState, target: Target, role: string, version: ArtefactVersionState | null, userId: string): boolean {
  const visit = currentVisit(state).n;
  const mine = state.decisions.filter(
    (d) => d.gate === target.id && d.role === role && d.decidedBy === userId && (version ? d.artefactVersionId === version.id : d.artefactVersionId === null && d.visit === visit),
  );
  return mine.length > 0 && isApproval(mine[mine.length - 1].outcome);
}

/** Every gate out of the current phase with its unmet requirements as the caller sees them. */
export function viewerGates(def: TemplateDefinition, state: ClusterState, actor: Actor, now: string) {
  return gatesOut(def, state).map((t) => {
    const r = readinessOf(def, state, t, now);
    return { gate: t.id, to: t.to!, ready: r.ready, unmet: r.unmet.map((u) => viewerUnmet(def, state, actor, t, u, now)) };
  });
}

// --- what waits on whom (the myWork projection) ------------------------------------------------

export type WorkKind = 'DECIDE' | 'SUBMIT_ARTEFACT' | 'SCORE' | 'RECORD_INDICATOR' | 'REACH_MILESTONE' | 'ADVANCE' | 'CLOSE_CONDITION';

const KIND_OF: Partial<Record<UnmetKind, WorkKind>> = {
  APPROVAL: 'DECIDE',
  ARTEFACT: 'SUBMIT_ARTEFACT',
  SCORE: 'SCORE',
  INDICATOR: 'RECORD_INDICATOR',
  MILESTONE: 'REACH_MILESTONE',
  CONDITIONS: 'CLOSE_CONDITION',
};

/**
 * Who a work item waits on, as keys a caller's token is matched against: `role` (anyone
 * holding it) or `role@user` (that user, holding it). `except`: people it does not wait on
 * although a key matches (the submitter of the version, those who already approved).
 */
export interface WorkAudience {
  keys: string[];
  except: string[];
}

/** The keys a caller matches: each role they hold, alone and with their user id. */
export const audienceKeysOf = (actor: Actor): string[] => actor.roles.flatMap((r) => [r, `${r}@${actor.userId}`]);

export interface WorkEntry {
  /** Stable within the cluster's phase visit: the same item keeps its key from command to command. */
  key: string;
  kind: WorkKind;
  gate: string | null;
  milestone: string | null;
  role: string | null;
  artefactVersionId: string | null;
  indicator: string | null;
  detail: string;
  /** When the item can first be acted on (a gate's `after:`), or null when it can now. */
  notBefore: string | null;
  audience: WorkAudience;
}

/**
 * What waits on whom in the cluster, for every caller at once: each unmet requirement of a
 * gate or milestone of the current phase that someone could fill, and each gate someone may
 * pass. Independent of time: a gate's `after:` becomes `notBefore`, so the list stays right
 * until the next event. Audiences are found by probing `decide` with the people who could
 * qualify (anyone holding a role, each person assigned on the cluster).
 */
export function openWork(def: TemplateDefinition, state: ClusterState): WorkEntry[] {
  if (state.status !== 'ACTIVE' || state.suspension) return [];
  const visit = currentVisit(state);
  const later = '9999-12-31T23:59:59.999Z';
  const assigned = [...new Set([...state.cdaIds, ...state.roleAssignments.map((a) => a.userId)])];
  const audienceOf = (roles: readonly string[], command: ClusterCommand, except: (userId: string) => boolean = () => false): WorkAudience => {
    const keys: string[] = [];
    for (const role of roles) {
      if (accepts(def, state, { userId: SOMEONE, roles: [role] }, command, later)) keys.push(role);
      else for (const userId of assigned) if (!except(userId) && accepts(def, state, { userId, roles: [role] }, command, later)) keys.push(`${role}@${userId}`);
    }
    return { keys, except: [] };
  };
  const operators = [AGENCY_ADMIN, CDA];
  const entries: WorkEntry[] = [];
  for (const target of openTargets(def, state)) {
    const readiness = readinessOf(def, state, target, later);
    const notBefore = notBeforeOf(def, state, target);
    const where = target.kind === 'gate' ? { gate: target.id, milestone: null } : { gate: null, milestone: target.id };
    const base = { ...where, role: null, artefactVersionId: null, indicator: null, notBefore: null };
    if (readiness.ready) {
      const command: ClusterCommand = target.kind === 'gate' ? { type: 'ADVANCE', gate: target.id } : { type: 'REACH_MILESTONE', milestone: target.id };
      const audience = audienceOf(operators, command);
      if (audience.keys.length) {
        entries.push({
          ...base,
          key: `${visit.n}:${target.kind === 'gate' ? 'ADVANCE' : 'REACH_MILESTONE'}:${target.id}`,
          kind: target.kind === 'gate' ? 'ADVANCE' : 'REACH_MILESTONE',
          detail: target.kind === 'gate' ? `${target.title}: ready to pass to ${def.phases.find((p) => p.id === target.to)?.title ?? target.to}` : `${target.title}: ready to be marked reached`,
          notBefore,
          audience,
        });
      }
      continue;
    }
    // A bare exit (a gate into a final phase asking only for decisions, such as dropping the
    // cluster) is a decision people may take, not work waiting on them; once decided, passing it is.
    if (isBareExit(def, target)) continue;
    for (const unmet of readiness.unmet) {
      // A milestone of the phase is an open target of its own (above); not listed again under its gate.
      const kind = KIND_OF[unmet.kind];
      if (!kind || kind === 'REACH_MILESTONE') continue;
      if (kind === 'DECIDE') {
        const subjects = decisionSubjects(state, target, unmet.role!, unmet.artefactType ?? undefined).filter((v) => (unmet.artefactType ? v !== null : v === null));
        // An approval of a document nobody has submitted yet waits on those who may submit it.
        if (!subjects.length && unmet.artefactType) {
          const audience = audienceOf(submitterRoles(def, unmet.artefactType), submitProbe(def, unmet.artefactType));
          if (audience.keys.length) {
            entries.push({ ...base, key: `${visit.n}:SUBMIT_ARTEFACT:${target.id}:${unmet.artefactType}`, kind: 'SUBMIT_ARTEFACT', detail: `${target.title}: ${unmet.detail}`, audience });
          }
        }
        for (const version of subjects) {
          const command = decideProbe(target.id, unmet.role!, version?.id ?? null);
          const approved = (userId: string) => approvedAlready(state, target, unmet.role!, version, userId);
          const audience = audienceOf([unmet.role!], command, approved);
          // People a role key reaches who may not fill it: the submitter, those who already approved.
          const deciders = new Set([...state.decisions.filter((d) => d.gate === target.id && d.role === unmet.role).map((d) => d.decidedBy), ...(version ? [version.submittedBy] : [])]);
          audience.except = [...deciders].filter((u) => approved(u) || !accepts(def, state, { userId: u, roles: [unmet.role!] }, command, later)).sort();
          if (!audience.keys.length) continue;
          entries.push({
            ...base,
            key: `${visit.n}:DECIDE:${target.id}:${unmet.role}:${version?.id ?? ''}`,
            kind,
            role: unmet.role!,
            artefactVersionId: version?.id ?? null,
            detail: `${target.title}: ${unmet.detail}`,
            audience,
          });
        }
        continue;
      }
      const command = fillCommand(def, state, unmet);
      if (!command) continue;
      const audience = audienceOf(kind === 'SUBMIT_ARTEFACT' && unmet.artefactType ? submitterRoles(def, unmet.artefactType) : operators, command);
      if (!audience.keys.length) continue;
      const subject = unmet.artefactType ?? unmet.indicator ?? unmet.milestone ?? '';
      entries.push({
        ...base,
        key: `${visit.n}:${kind}:${target.id}:${subject}`,
        kind,
        indicator: unmet.indicator ?? null,
        detail: `${target.title}: ${unmet.detail}`,
        audience,
      });
    }
  }
  // One item per key: a document both required and to be approved is one thing to submit.
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(e.key) && !!seen.add(e.key));
}

/** The roles that may submit an artefact type: agency admins, CDAs and the type's `submitters`. */
function submitterRoles(def: TemplateDefinition, type: string): string[] {
  return [...new Set([AGENCY_ADMIN, CDA, ...(own(def.artefacts, type)?.submitters ?? [])])];
}

function isBareExit(def: TemplateDefinition, target: Target): boolean {
  const r = target.requires;
  const final = def.phases.find((p) => p.id === target.to)?.final === true;
  const onlyDecisions = !r.artefacts.length && !r.score && !r.eligible && !r.indicators.length && !r.milestones.length && !r.after && !r.conditions;
  return target.kind === 'gate' && final && onlyDecisions && r.approvals.every((a) => !a.of);
}

/** When a target's `after:` holds (suspension so far counted), or null when it has none. */
function notBeforeOf(def: TemplateDefinition, state: ClusterState, target: Target): string | null {
  const duration = target.requires.after ? parseDuration(target.requires.after) : null;
  if (!duration) return null;
  const visit = currentVisit(state);
  const entered = msOf(visit.enteredAt);
  return new Date(addDuration(entered, duration) + visit.suspendedMs).toISOString();
}

/** Whether a work item waits on the caller (the same match the myWork query makes in SQL). */
export function waitsOn(entry: WorkEntry, actor: Actor): boolean {
  const mine = new Set(audienceKeysOf(actor));
  return entry.audience.keys.some((k) => mine.has(k)) && !entry.audience.except.includes(actor.userId);
}
