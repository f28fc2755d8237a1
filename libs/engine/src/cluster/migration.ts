/**
 * Moving a running cluster to another version of its template. `planMigration` shows what
 * the move changes before anything happens; `decideMigrate` checks who may move it and
 * returns the MIGRATED event when the plan has no problems. `apply` folds MIGRATED under the
 * new version, so replay uses the old machine before the event and the new one after it.
 */
import { badInput, DomainError, ErrorCode, forbidden } from '../errors';
import type { TemplateDefinition } from '../template/types';
import { apply } from './apply';
import { AGENCY_ADMIN, CDA } from '../roles';
import { gateReadiness } from './readiness';
import type { Actor, ClusterEvent, ClusterState, DecidedEvent, GateUnmetRequirement, UnmetRequirement } from './types';
import { own } from '../own';

export interface MigrationPlan {
  clusterId: string;
  fromVersion: number;
  toVersion: number;
  fromPhase: string;
  /** The phase of the new version the cluster lands in; null when it has no counterpart. */
  toPhase: string | null;
  /** `diagnostic → diagnostic_study (migration.phases of version 2)`, for people. */
  phaseMapping: string;
  /** Renamed gates whose decisions on this cluster move to the new id (old → new); empty when none. */
  gates: Record<string, string>;
  /** `endorse_diagnostic → endorse_study (2 decisions)`, one per renamed gate with decisions on record. */
  gateMapping: string[];
  /** Why the migration cannot be applied; empty when it can. */
  problems: string[];
  /** Requirements of the gates out of the current phase that hold under the old version and not under the new. */
  newlyUnmet: GateUnmetRequirement[];
}

/**
 * What moving `state` from `from` to `to` would do at `now`. Pure; never throws for a
 * cluster that cannot move, it lists the reasons in `problems` instead (a bulk migration
 * reports them per cluster).
 */
export function planMigration(from: TemplateDefinition, to: TemplateDefinition, state: ClusterState, now: string): MigrationPlan {
  const { toPhase, how, ambiguous } = mapPhase(from, to, state.phase);
  const problems: string[] = [];
  if (state.status === 'FINISHED') problems.push(`the cluster has finished in ${state.phase}; a finished cluster keeps the version it finished on`);
  if (state.suspension) problems.push(`the cluster is suspended (${state.suspension.reason}); resume it before migrating`);
  if (ambiguous) {
    problems.push(`phase ${state.phase} comes from several phases of version ${to.version} (${ambiguous.join(', ')}), so it has no single counterpart there`);
  } else if (toPhase === null) {
    problems.push(`phase ${state.phase} has no counterpart in version ${to.version}: it is not declared there and its migration section does not map it`);
  } else if (to.phases.find((p) => p.id === toPhase)?.final) {
    problems.push(`phase ${state.phase} maps onto ${toPhase}, a final phase of version ${to.version}; a migration does not finish a cluster`);
  }
  problems.push(...disappearing(to, state));
  const plan: MigrationPlan = {
    clusterId: state.id,
    fromVersion: from.version,
    toVersion: to.version,
    fromPhase: state.phase,
    toPhase,
    phaseMapping: toPhase === null ? `${state.phase} → (none)` : `${state.phase} → ${toPhase} (${how})`,
    ...renamedGates(from, to, state),
    problems,
    newlyUnmet: [],
  };
  if (problems.length || toPhase === null) return plan;
  const migrated = apply(to, state, migratedEvent(state, from, to, toPhase, plan.gates, state.version + 1, now));
  plan.newlyUnmet = newlyUnmet(gateReadiness(from, state, now), gateReadiness(to, migrated, now));
  return plan;
}

/**
 * The MIGRATED event for `command`, or none when the plan has problems (it is returned
 * either way). Refused outright (coded errors, in the contract's order) for anyone but an
 * agency_admin, a finished or suspended cluster, and the version it already runs on.
 */
export function decideMigrate(
  from: TemplateDefinition,
  to: TemplateDefinition,
  state: ClusterState,
  actor: Actor,
  now: string,
): { plan: MigrationPlan; event: DecidedEvent | null } {
  mayMigrate(actor);
  if (state.status === 'FINISHED') {
    throw new DomainError(ErrorCode.FINAL_PHASE, `the cluster has finished in the final phase ${state.phase}; it keeps the version it finished on`);
  }
  if (state.suspension) throw new DomainError(ErrorCode.SUSPENDED, `the cluster is suspended (${state.suspension.reason}); resume it before migrating`);
  if (to.key !== from.key) throw new Error(`a cluster on ${from.key} cannot migrate to ${to.key}`);
  if (to.version === from.version) throw badInput(`the cluster already runs on version ${to.version} of ${to.key}`);
  const plan = planMigration(from, to, state, now);
  if (plan.problems.length || plan.toPhase === null) return { plan, event: null };
  return {
    plan,
    event: { type: 'MIGRATED', role: AGENCY_ADMIN, payload: migratedPayload(state, from, to, plan.toPhase, plan.gates) },
  };
}

/** Only an agency_admin moves clusters between template versions (FORBIDDEN otherwise). */
export function mayMigrate(actor: Actor): void {
  if (!actor.roles.includes(AGENCY_ADMIN)) throw forbidden('only an agency_admin may migrate clusters');
}

/**
 * The phase of `to` a cluster in `phase` of `from` lands in: the newer template's
 * `migration.phases` entry when it names `from`'s version; else the phase with the same id
 * (unless, migrating back, the mapping moved the old phase of that id elsewhere); else,
 * migrating back to the version the mapping names, the one old phase mapped onto `phase`.
 * Several old phases mapped onto it leave the choice to people (`ambiguous`).
 */
export function mapPhase(
  from: TemplateDefinition,
  to: TemplateDefinition,
  phase: string,
): { toPhase: string | null; how: string; ambiguous?: string[] } {
  const declared = (def: TemplateDefinition, id: string) => def.phases.some((p) => p.id === id);
  const forward = to.migration?.from === from.version ? to.migration.phases : null;
  const mapped = forward ? own(forward, phase) : undefined;
  if (mapped !== undefined) return { toPhase: mapped, how: `migration.phases of version ${to.version}` };
  const back = from.migration?.from === to.version ? from.migration.phases : null;
  if (declared(to, phase) && (!back || own(back, phase) === undefined)) return { toPhase: phase, how: 'same id' };
  const candidates = back ? Object.keys(back).filter((old) => back[old] === phase && declared(to, old)) : [];
  if (candidates.length === 1) return { toPhase: candidates[0], how: `migration.phases of version ${from.version}, read backwards` };
  if (candidates.length > 1) return { toPhase: null, how: 'ambiguous', ambiguous: candidates };
  return { toPhase: null, how: 'no counterpart' };
}

/** Things recorded on the cluster that the new version no longer declares. */
function disappearing(to: TemplateDefinition, state: ClusterState): string[] {
  const problems: string[] = [];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const types = new Map<string, number>();
  for (const a of state.artefacts) types.set(a.type, (types.get(a.type) ?? 0) + 1);
  for (const [type, n] of types) {
    if (!own(to.artefacts, type)) problems.push(`artefact type ${type} (${count(n, 'artefact')} on this cluster) is not declared in version ${to.version}`);
  }
  const roles = new Map<string, string[]>();
  const use = (role: string, what: string) => {
    if (role === CDA || role === AGENCY_ADMIN) return;
    const uses = roles.get(role) ?? [];
    if (!uses.includes(what)) uses.push(what);
    roles.set(role, uses);
  };
  for (const a of state.roleAssignments) use(a.role, 'assigned on this cluster');
  for (const d of state.decisions) use(d.role, 'decisions on record');
  for (const [role, uses] of roles) {
    const declared = own(to.roles, role);
    if (!declared) problems.push(`role ${role} (${uses.join(', ')}) is not declared in version ${to.version}`);
    else if (declared.scope !== 'cluster' && state.roleAssignments.some((a) => a.role === role)) {
      problems.push(`role ${role} is assigned on this cluster but has scope agency in version ${to.version}`);
    }
  }
  for (const indicator of Object.keys(state.indicators)) {
    if (!own(to.indicators, indicator)) problems.push(`indicator ${indicator} (recorded on this cluster) is not declared in version ${to.version}`);
  }
  return problems;
}

/** The unmet requirements under the new version that were not unmet, gate by gate, under the old one. */
function newlyUnmet(before: readonly { gate: string; unmet: UnmetRequirement[] }[], after: readonly { gate: string; unmet: UnmetRequirement[] }[]): GateUnmetRequirement[] {
  const held = new Set(before.flatMap((g) => g.unmet.map((u) => requirementKey(g.gate, u))));
  return after.flatMap((g) => g.unmet.filter((u) => !held.has(requirementKey(g.gate, u))).map((u) => ({ gate: g.gate, ...u })));
}

/** A requirement's identity across versions: its gate, kind and subject (not its numbers). */
const requirementKey = (gate: string, u: UnmetRequirement) =>
  [gate, u.kind, u.role ?? '', u.artefactType ?? '', u.indicator ?? '', u.milestone ?? '', u.attribute ?? ''].join('\u0000');

/** The payload names renamed gates only when decisions move (so a plain migration's event is as in version 1). */
function migratedPayload(state: ClusterState, from: TemplateDefinition, to: TemplateDefinition, toPhase: string, gates: Record<string, string>) {
  return { fromVersion: from.version, toVersion: to.version, from: state.phase, to: toPhase, ...(Object.keys(gates).length ? { gates } : {}) };
}

/**
 * Gates renamed between the versions with decisions on this cluster: the newer template's
 * `migration.gates` when its `migration.from` is `from`'s version; migrating back to that
 * version, the same mapping read backwards (a new id that several old ones merged into is left
 * alone: the engine cannot know which old gate its decisions were for).
 */
export function renamedGates(from: TemplateDefinition, to: TemplateDefinition, state: ClusterState): { gates: Record<string, string>; gateMapping: string[] } {
  let mapping: Record<string, string> = {};
  if (to.migration?.from === from.version && to.migration.gates) mapping = { ...to.migration.gates };
  else if (from.migration?.from === to.version && from.migration.gates) {
    const back = from.migration.gates;
    for (const [old, renamed] of Object.entries(back)) {
      if (Object.values(back).filter((r) => r === renamed).length === 1) mapping[renamed] = old;
    }
  }
  const gates: Record<string, string> = {};
  const gateMapping: string[] = [];
  for (const [old, renamed] of Object.entries(mapping)) {
    const n = state.decisions.filter((d) => d.gate === old).length;
    if (!n || old === renamed) continue;
    gates[old] = renamed;
    gateMapping.push(`${old} → ${renamed} (${n} decision${n === 1 ? '' : 's'})`);
  }
  return { gates, gateMapping };
}

function migratedEvent(state: ClusterState, from: TemplateDefinition, to: TemplateDefinition, toPhase: string, gates: Record<string, string>, seq: number, at: string): ClusterEvent {
  return {
    type: 'MIGRATED',
    role: AGENCY_ADMIN,
    payload: migratedPayload(state, from, to, toPhase, gates),
    clusterId: state.id,
    seq,
    actor: 'migration-plan',
    actorName: null,
    at,
  };
}
