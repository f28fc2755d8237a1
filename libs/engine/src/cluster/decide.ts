/**
 * Checks a command against the snapshot and the template's rules and returns the event to
 * record, or throws a coded DomainError. The one place every rule lives, so that no entry
 * point can bypass it. Checks run in the contract's order: NOT_FOUND, FORBIDDEN,
 * FINAL_PHASE / SUSPENDED, CONFLICT, BAD_USER_INPUT, GATE_NOT_READY.
 */
import { badInput, conflict, DomainError, ErrorCode, forbidden, notFound } from '../errors';
import type { ArtefactTypeDefinition, TemplateDefinition } from '../template/types';
import { checkFields, unstorableText } from './fields';
import { PERIOD_EXAMPLES, periodKind, comparePeriods } from './period';
import { passGate } from './machine';
import { currentVisit, gatesOut, latestVersion, readinessOf, suspensionLength, targetOf, type Target } from './readiness';
import type { Actor, ArtefactState, ArtefactVersionState, ClusterCommand, ClusterState, DecidedEvent, FileFacts, RegisterCommand, SubmittedFile } from './types';
import { own } from '../own';
import { ACCEPT_MEDIA_TYPES, MAX_CONDITIONS_PER_DECISION, MAX_FILES_PER_VERSION, MAX_NAME_LENGTH, MAX_TEXT_LENGTH, MAX_URI_LENGTH, SHA256_PATTERN } from '../limits';
import { AGENCY_ADMIN, AUDITOR, CDA } from '../roles';

const MAX_TEXT = MAX_NAME_LENGTH;
const MAX_LONG_TEXT = MAX_TEXT_LENGTH;
const MAX_URI = MAX_URI_LENGTH;
const SHA256 = SHA256_PATTERN;

/** The first event of a cluster. The caller has found the template (else NOT_FOUND). */
export function decideRegister(def: TemplateDefinition, actor: Actor, command: RegisterCommand): DecidedEvent {
  const admin = actor.roles.includes(AGENCY_ADMIN);
  const cda = actor.roles.includes(CDA);
  if (!admin && !cda) throw forbidden('only an agency_admin or a cda may register clusters');
  const name = text(command.name, 'name', MAX_TEXT, true)!;
  const attributes = checkFields(def.attributes, command.attributes, 'attributes');
  return {
    type: 'REGISTERED',
    role: admin ? AGENCY_ADMIN : CDA,
    payload: {
      name,
      sector: text(command.sector, 'sector', MAX_TEXT),
      region: text(command.region, 'region', MAX_TEXT),
      country: text(command.country, 'country', MAX_TEXT),
      attributes,
      templateKey: def.key,
      templateVersion: def.version,
      cdaIds: cda ? [actor.userId] : [],
    },
  };
}

/**
 * The event a command on an existing cluster records, or null when it changes nothing
 * (assigning someone already assigned, unassigning someone who is not).
 */
export function decide(def: TemplateDefinition, state: ClusterState, actor: Actor, command: ClusterCommand, now: string): DecidedEvent | null {
  switch (command.type) {
    case 'ASSIGN_CDA':
    case 'UNASSIGN_CDA': {
      const role = adminOnly(actor, command.type === 'ASSIGN_CDA' ? 'assign CDAs' : 'unassign CDAs');
      notFinished(state);
      const userId = text(command.userId, 'userId', MAX_TEXT, true)!;
      const assigned = state.cdaIds.includes(userId);
      if (command.type === 'ASSIGN_CDA') return assigned ? null : { type: 'CDA_ASSIGNED', role, payload: { userId } };
      return assigned ? { type: 'CDA_UNASSIGNED', role, payload: { userId } } : null;
    }
    case 'ASSIGN_ROLE':
    case 'UNASSIGN_ROLE': {
      const by = adminOnly(actor, command.type === 'ASSIGN_ROLE' ? 'assign cluster roles' : 'unassign cluster roles');
      notFinished(state);
      const userId = text(command.userId, 'userId', MAX_TEXT, true)!;
      const role = clusterScopedRole(def, command.role);
      const assigned = state.roleAssignments.some((a) => a.userId === userId && a.role === role);
      if (command.type === 'ASSIGN_ROLE') return assigned ? null : { type: 'ROLE_ASSIGNED', role: by, payload: { userId, role } };
      return assigned ? { type: 'ROLE_UNASSIGNED', role: by, payload: { userId, role } } : null;
    }
    case 'SCORE': {
      const role = operate(actor, state, 'score clusters');
      active(state);
      return { type: 'SCORED', role, payload: { scores: checkScores(def, command.scores) } };
    }
    case 'SUBMIT_ARTEFACT':
      return submitArtefact(def, state, actor, command);
    case 'DECIDE':
      return decideOn(def, state, actor, command);
    case 'CLOSE_CONDITION': {
      const found = conditionsOf(state).find(({ condition }) => condition.id === command.conditionId);
      if (!found) throw notFound('condition');
      const role = operate(actor, state, 'close conditions');
      active(state);
      if (found.condition.closedAt !== null) {
        throw badInput(`the condition was already closed at ${found.condition.closedAt} by ${found.condition.closedBy}`);
      }
      const note = text(command.note, 'note', MAX_LONG_TEXT, true)!;
      return { type: 'CONDITION_CLOSED', role, payload: { decisionId: found.decision.id, conditionId: found.condition.id, note } };
    }
    case 'RECORD_INDICATOR': {
      const role = operate(actor, state, 'record indicators');
      active(state);
      const indicator = declaredIndicator(def, command.indicator);
      const period = checkPeriod(command.period, 'period');
      samePeriodKind(state, indicator, [period]);
      return {
        type: 'INDICATOR_RECORDED',
        role,
        payload: { indicator, period, value: finite(command.value, 'value'), note: text(command.note, 'note', MAX_LONG_TEXT) },
      };
    }
    case 'SET_INDICATOR_PLAN': {
      const role = operate(actor, state, 'set indicator plans');
      active(state);
      const indicator = declaredIndicator(def, command.indicator);
      const targets = (command.targets ?? []).map((t, i) => ({
        period: checkPeriod(t.period, `targets[${i}].period`),
        value: finite(t.value, `targets[${i}].value`),
      }));
      const periods = targets.map((t) => t.period);
      const twice = periods.find((p, i) => periods.indexOf(p) !== i);
      if (twice) throw badInput(`targets name period ${twice} twice`);
      samePeriodKind(state, indicator, periods, false); // the plan replaces the old targets
      const baseline =
        command.baseline === undefined ? (state.indicators[indicator]?.baseline ?? null) : command.baseline === null ? null : finite(command.baseline, 'baseline');
      return {
        type: 'INDICATOR_PLAN_SET',
        role,
        payload: { indicator, baseline, targets: targets.sort((a, b) => comparePeriods(a.period, b.period)) },
      };
    }
    case 'REACH_MILESTONE': {
      const role = operate(actor, state, 'reach milestones');
      active(state);
      const target = targetOf(def, command.milestone);
      if (!target || target.kind !== 'milestone' || !target.phases.includes(state.phase)) {
        throw badInput(`${JSON.stringify(command.milestone)} is not a milestone of the current phase ${state.phase}${listOf(milestonesHere(def, state))}`);
      }
      const reachedAt = currentVisit(state).milestones[target.id];
      if (reachedAt) throw badInput(`milestone ${target.id} was already reached in this visit of ${state.phase}, at ${reachedAt}`);
      const readiness = readinessOf(def, state, target, now);
      if (!readiness.ready) throw notReady(`milestone ${target.id}`, readiness.unmet);
      return { type: 'MILESTONE_REACHED', role, payload: { milestone: target.id, decisionsUsed: readiness.decisionsUsed } };
    }
    case 'ADVANCE': {
      const role = operate(actor, state, 'advance clusters');
      active(state);
      if (command.expectedVersion != null && command.expectedVersion !== state.version) {
        throw conflict(`the cluster is at version ${state.version}, not ${command.expectedVersion}: someone changed it first; reload and try again`);
      }
      const target = gateOutOf(def, state, command.gate);
      // The phase machine decides: its guard is the gate's readiness check.
      const { readiness, to } = passGate(def, state, target.id, now);
      if (!readiness.ready || to === null) throw notReady(`gate ${target.id}`, readiness.unmet);
      return { type: 'ADVANCED', role, payload: { gate: target.id, from: state.phase, to, decisionsUsed: readiness.decisionsUsed } };
    }
    case 'SUSPEND': {
      const role = adminOnly(actor, 'suspend clusters');
      notFinished(state);
      if (state.suspension) throw new DomainError(ErrorCode.SUSPENDED, `the cluster is already suspended since ${state.suspension.since}`);
      return { type: 'SUSPENDED', role, payload: { reason: text(command.reason, 'reason', MAX_LONG_TEXT, true)! } };
    }
    case 'RESUME': {
      const role = adminOnly(actor, 'resume clusters');
      notFinished(state);
      if (!state.suspension) throw badInput('the cluster is not suspended');
      return { type: 'RESUMED', role, payload: { suspendedMs: suspensionLength(state, now) } };
    }
  }
}

// --- the commands with most rules ----------------------------------------------------

function submitArtefact(
  def: TemplateDefinition,
  state: ClusterState,
  actor: Actor,
  command: Extract<ClusterCommand, { type: 'SUBMIT_ARTEFACT' }>,
): DecidedEvent {
  const existing = command.artefactId ? state.artefacts.find((a) => a.id === command.artefactId) : undefined;
  if (command.artefactId && !existing) throw notFound('artefact');
  const declared = own(def.artefacts, existing?.type ?? command.artefactType);
  const role = declared?.submitters ? submitter(def, declared, actor, state) : operate(actor, state, 'submit artefacts');
  active(state);
  const type = own(def.artefacts, command.artefactType);
  if (!type) throw badInput(`unknown artefact type ${JSON.stringify(command.artefactType)}${listOf(Object.keys(def.artefacts))}`);
  if (existing && existing.type !== type.id) throw badInput(`artefact ${existing.id} is a ${existing.type}, not a ${type.id}`);
  const title = text(command.title, 'title', MAX_TEXT, true)!;
  const uri = text(command.uri, 'uri', MAX_URI);
  const sha256 = text(command.sha256, 'sha256', 64);
  if (sha256 !== null && !SHA256.test(sha256)) throw badInput('sha256 must be 64 hexadecimal characters');
  const fields = checkFields(type.fields, command.fields, 'fields');
  const files = checkFiles(command.files ?? []);
  const limits = type.files;
  if (limits && files.length > limits.max) {
    throw badInput(`files: ${article(type.title)} ${type.title} carries at most ${limits.max} file${limits.max === 1 ? '' : 's'}; ${files.length} were given`);
  }
  if (limits?.accept) {
    const admitted = new Set(limits.accept.flatMap((e) => ACCEPT_MEDIA_TYPES[e] ?? []));
    const refused = files.findIndex((f) => !admitted.has(f.mediaType));
    if (refused >= 0) {
      const f = files[refused];
      throw badInput(`files[${refused}]: ${f.name} is ${f.mediaType}; ${article(type.title)} ${type.title} accepts ${limits.accept.join(', ')} files`);
    }
  }
  return {
    type: 'ARTEFACT_SUBMITTED',
    role,
    payload: {
      artefactId: existing?.id ?? command.newArtefactId,
      versionId: command.newVersionId,
      number: existing ? existing.versions.length + 1 : 1,
      type: type.id,
      title,
      uri,
      sha256: sha256?.toLowerCase() ?? null,
      fields,
      ...(files.length ? { files } : {}),
    },
  };
}

/**
 * The files a submission attaches, each an upload of the caller's agency that no version holds
 * yet, named once: BAD_USER_INPUT otherwise (unknown and another agency's alike).
 */
function checkFiles(files: readonly SubmittedFile[]): FileFacts[] {
  if (files.length > MAX_FILES_PER_VERSION) throw badInput(`files: a version carries at most ${MAX_FILES_PER_VERSION} files; ${files.length} were given`);
  const seen = new Set<string>();
  return files.map(({ id, stored }, i) => {
    const key = id.toLowerCase();
    if (seen.has(key)) throw badInput(`files[${i}]: file ${id} is named twice`);
    seen.add(key);
    if (!stored) throw badInput(`files[${i}]: ${id} is not a file uploaded in your agency (POST /files)`);
    if (stored.attached) throw badInput(`files[${i}]: file ${id} (${stored.name}) is already attached to an artefact version; upload it again to attach it here`);
    return { id: stored.id, sha256: stored.sha256, size: stored.size, name: stored.name, mediaType: stored.mediaType };
  });
}

function decideOn(
  def: TemplateDefinition,
  state: ClusterState,
  actor: Actor,
  command: Extract<ClusterCommand, { type: 'DECIDE' }>,
): DecidedEvent {
  let found: { artefact: ArtefactState; version: ArtefactVersionState } | null = null;
  if (command.artefactVersionId) {
    for (const artefact of state.artefacts) {
      const version = artefact.versions.find((v) => v.id === command.artefactVersionId);
      if (version) found = { artefact, version };
    }
    if (!found) throw notFound('artefact version');
  }
  // FORBIDDEN: the role must be the caller's, assigned here when cluster-scoped; no self-approval.
  if (!actor.roles.includes(command.role)) throw forbidden(`your token does not hold the role ${command.role}`);
  if (command.role === AUDITOR) throw forbidden('an auditor reads everything and changes nothing, so decides in no role');
  const declared = own(def.roles, command.role);
  // The built-in cda role is cluster-scoped through the CDA team (assignCda), not assignRole.
  const assignedHere =
    command.role === CDA ? state.cdaIds.includes(actor.userId) : state.roleAssignments.some((a) => a.userId === actor.userId && a.role === command.role);
  if (declared?.scope === 'cluster' && !assignedHere) {
    throw forbidden(`only people assigned as ${command.role} on this cluster may decide in that role here`);
  }
  if (found && found.version.submittedBy === actor.userId) {
    throw forbidden(`you submitted version ${found.version.number} of ${found.version.title}; someone else must decide on it`);
  }
  active(state);
  if (found && latestVersion(found.artefact).id !== found.version.id) {
    throw conflict(
      `version ${found.version.number} of ${found.version.title} is no longer the latest (version ${latestVersion(found.artefact).number} is); decide on the latest version`,
    );
  }
  const target = targetOf(def, command.gate);
  if (!target) throw badInput(`unknown gate or milestone ${JSON.stringify(command.gate)}${listOf([...gateIdsHere(def, state), ...milestonesHere(def, state)])}`);
  if (!target.phases.includes(state.phase)) {
    throw badInput(`${target.kind} ${target.id} does not belong to the current phase ${state.phase}${listOf([...gateIdsHere(def, state), ...milestonesHere(def, state)])}`);
  }
  if (target.kind === 'milestone' && currentVisit(state).milestones[target.id]) {
    throw badInput(`milestone ${target.id} was already reached in this visit`);
  }
  const inRole = target.requires.approvals.filter((r) => r.role === command.role);
  if (!inRole.length) {
    const roles = [...new Set(target.requires.approvals.map((r) => r.role))];
    throw badInput(`${target.kind} ${target.id} takes no decision in role ${command.role}${roles.length ? ` (it needs ${roles.join(', ')})` : ' (it needs no approvals)'}`);
  }
  if (found) {
    if (!inRole.some((r) => r.of === found.artefact.type)) {
      throw badInput(`in role ${command.role}, ${target.kind} ${target.id} takes no decision on a ${found.artefact.type}${ofList(inRole)}`);
    }
  } else if (!inRole.some((r) => !r.of)) {
    throw badInput(`artefactVersionId is required: in role ${command.role}, ${target.kind} ${target.id} decides on ${ofList(inRole).slice(2)}`);
  }
  const outcome = OUTCOMES.find((o) => o === command.outcome);
  if (!outcome) throw badInput(`outcome must be one of ${OUTCOMES.join(', ')}`);
  const conditions = checkConditions(outcome, command.conditions);
  return {
    type: 'DECIDED',
    role: command.role,
    payload: {
      decisionId: command.decisionId,
      gate: target.id,
      role: command.role,
      outcome,
      artefactVersionId: found?.version.id ?? null,
      comment: text(command.comment, 'comment', MAX_LONG_TEXT),
      ...(conditions.length ? { conditions } : {}),
    },
  };
}

const OUTCOMES = ['APPROVE', 'REJECT', 'APPROVE_WITH_CONDITIONS', 'DEFER'] as const;

/** Conditions: required (at least one) with APPROVE_WITH_CONDITIONS and refused with any other outcome. */
function checkConditions(outcome: (typeof OUTCOMES)[number], given: readonly { id: string; text: string }[] | null | undefined): { id: string; text: string }[] {
  const list = given ?? [];
  if (outcome !== 'APPROVE_WITH_CONDITIONS') {
    if (list.length) throw badInput(`conditions are given only with APPROVE_WITH_CONDITIONS, not with ${outcome}`);
    return [];
  }
  if (!list.length) throw badInput('conditions: APPROVE_WITH_CONDITIONS needs at least one condition');
  if (list.length > MAX_CONDITIONS_PER_DECISION) throw badInput(`conditions: at most ${MAX_CONDITIONS_PER_DECISION} conditions; ${list.length} were given`);
  return list.map((c, i) => ({ id: c.id, text: text(c.text, `conditions[${i}]`, MAX_LONG_TEXT, true)! }));
}

/** Every condition on the cluster, open or closed, with its decision. */
const conditionsOf = (state: ClusterState) =>
  state.decisions.flatMap((decision) => (decision.conditions ?? []).map((condition) => ({ decision, condition })));

// --- who may ---------------------------------------------------------------------------

/** An agency_admin, or a CDA assigned to this cluster. Returns the role acted in. */
function operate(actor: Actor, state: ClusterState, what: string): string {
  if (actor.roles.includes(CDA) && state.cdaIds.includes(actor.userId)) return CDA;
  if (actor.roles.includes(AGENCY_ADMIN)) return AGENCY_ADMIN;
  throw forbidden(`only an agency_admin or a CDA assigned to this cluster may ${what}`);
}

/**
 * Who may submit a type with `submitters`: the cluster's assigned CDAs when `cda` is listed,
 * holders of the other roles (assigned on this cluster for `scope: cluster` roles), and agency
 * admins always. Returns the role acted in.
 */
function submitter(def: TemplateDefinition, type: ArtefactTypeDefinition, actor: Actor, state: ClusterState): string {
  const submitters = type.submitters ?? [];
  if (submitters.includes(CDA) && actor.roles.includes(CDA) && state.cdaIds.includes(actor.userId)) return CDA;
  for (const role of submitters) {
    if (role === CDA || !actor.roles.includes(role)) continue;
    if (own(def.roles, role)?.scope === 'cluster' && !state.roleAssignments.some((a) => a.userId === actor.userId && a.role === role)) continue;
    return role;
  }
  if (actor.roles.includes(AGENCY_ADMIN)) return AGENCY_ADMIN;
  const who = submitters.map((r) => (r === CDA ? "the cluster's assigned CDAs" : own(def.roles, r)?.scope === 'cluster' ? `${r} (assigned on this cluster)` : r));
  throw forbidden(`only ${[...who, 'agency admins'].join(', ')} may submit ${article(type.title)} ${type.title}`);
}

function adminOnly(actor: Actor, what: string): string {
  if (actor.roles.includes(AGENCY_ADMIN)) return AGENCY_ADMIN;
  throw forbidden(`only an agency_admin may ${what}`);
}

// --- state checks ------------------------------------------------------------------------

function notFinished(state: ClusterState): void {
  if (state.status === 'FINISHED') {
    throw new DomainError(ErrorCode.FINAL_PHASE, `the cluster has finished in the final phase ${state.phase}; it can no longer change`);
  }
}

/** Neither finished nor suspended: what submissions, decisions, indicators, milestones and advances need. */
function active(state: ClusterState): void {
  notFinished(state);
  if (state.suspension) {
    throw new DomainError(ErrorCode.SUSPENDED, `the cluster is suspended (${state.suspension.reason}); resume it first`);
  }
}

// --- input checks ------------------------------------------------------------------------

function text(value: string | null | undefined, path: string, max: number, required = false): string | null {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed) {
    if (required) throw badInput(`${path} must not be empty`);
    return null;
  }
  if (trimmed.length > max) throw badInput(`${path} is longer than ${max} characters`);
  const bad = unstorableText(trimmed);
  if (bad) throw badInput(`${path} ${bad}`);
  return trimmed;
}

function finite(value: number, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw badInput(`${path} must be a finite number`);
  return value;
}

function checkScores(def: TemplateDefinition, scores: readonly { criterion: string; score: number }[]): Record<string, number> {
  const selection = def.selection;
  if (!selection) throw badInput(`template ${def.key} has no selection section, so clusters on it are not scored`);
  if (!scores?.length) throw badInput('scores must name at least one criterion');
  const result: Record<string, number> = {};
  scores.forEach(({ criterion, score }, i) => {
    if (!own(selection.criteria, criterion)) throw badInput(`scores[${i}].criterion: unknown criterion ${JSON.stringify(criterion)}${listOf(Object.keys(selection.criteria))}`);
    if (criterion in result) throw badInput(`scores[${i}].criterion: ${criterion} is scored twice`);
    const { min, max } = selection.scale;
    if (typeof score !== 'number' || !Number.isFinite(score) || score < min || score > max) {
      throw badInput(`scores[${i}].score: ${score} is outside the scale ${min} to ${max}`);
    }
    result[criterion] = score;
  });
  return result;
}

function declaredIndicator(def: TemplateDefinition, indicator: string): string {
  if (!own(def.indicators, indicator)) throw badInput(`unknown indicator ${JSON.stringify(indicator)}${listOf(Object.keys(def.indicators))}`);
  return indicator;
}

function checkPeriod(period: string, path: string): string {
  const value = typeof period === 'string' ? period.trim() : '';
  if (!periodKind(value)) throw badInput(`${path}: ${JSON.stringify(period)} is not a period; use ${PERIOD_EXAMPLES}`);
  return value;
}

/** One indicator on one cluster uses one kind of period (`withTargets`: the current targets stay). */
function samePeriodKind(state: ClusterState, indicator: string, periods: readonly string[], withTargets = true): void {
  const recorded = state.indicators[indicator];
  const known = [...(recorded?.values.map((v) => v.period) ?? []), ...(withTargets ? (recorded?.targets.map((t) => t.period) ?? []) : [])];
  const kinds = new Set([...known, ...periods].map((p) => periodKind(p)));
  if (kinds.size > 1) {
    const established = known.length ? periodKind(known[0]) : periodKind(periods[0]);
    throw badInput(`${indicator} is reported by ${established}; one indicator uses one kind of period (${PERIOD_EXAMPLES})`);
  }
}

function clusterScopedRole(def: TemplateDefinition, role: string): string {
  const declared = own(def.roles, role);
  const scoped = Object.values(def.roles).filter((r) => r.scope === 'cluster').map((r) => r.id);
  if (role === CDA) throw badInput('CDAs are assigned with assignCda');
  if (!declared) throw badInput(`unknown role ${JSON.stringify(role)}${listOf(scoped, 'roles assigned per cluster')}`);
  if (declared.scope !== 'cluster') {
    throw badInput(`role ${role} has scope agency: everyone holding it in the agency decides; only roles with scope: cluster are assigned per cluster${listOf(scoped, 'those are')}`);
  }
  return role;
}

function gateOutOf(def: TemplateDefinition, state: ClusterState, gate: string): Target {
  const target = targetOf(def, gate);
  if (!target || target.kind !== 'gate') throw badInput(`unknown gate ${JSON.stringify(gate)}${listOf(gateIdsHere(def, state), 'gates out of the current phase')}`);
  if (!target.phases.includes(state.phase)) {
    throw badInput(`gate ${gate} does not leave the current phase ${state.phase}${listOf(gateIdsHere(def, state), 'gates out of it')}`);
  }
  return target;
}

function notReady(what: string, unmet: readonly { detail: string }[]): DomainError {
  return new DomainError(ErrorCode.GATE_NOT_READY, `${what} is not ready: ${unmet.map((u) => u.detail).join('; ')}`, { unmet });
}

const gateIdsHere = (def: TemplateDefinition, state: ClusterState) => gatesOut(def, state).map((g) => g.id);
const milestonesHere = (def: TemplateDefinition, state: ClusterState) =>
  def.phases.find((p) => p.id === state.phase)?.milestones.map((m) => m.id) ?? [];
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');
const listOf = (ids: readonly string[], label = 'known') => (ids.length ? ` (${label}: ${ids.join(', ')})` : '');
const ofList = (reqs: readonly { of?: string }[]) => {
  const types = reqs.map((r) => r.of).filter(Boolean);
  return types.length ? `; a version of ${types.join(' or ')}` : '';
};
