/**
 * Gate and milestone readiness: a pure function of the snapshot and `now`. Approval
 * requirements are filled by a maximum matching of distinct people to requirement slots,
 * so one person never counts towards two requirements of one gate.
 */
import { parseDuration } from '../template/duration';
import type { ApprovalRequirement, Requirements, TemplateDefinition } from '../template/types';
import { indicatorAggregate } from './indicators';
import { evaluateChecks } from './expressions';
import { scoreOf, thresholdFailure } from './selection';
import { addDuration, DAY_MS, msOf } from './time';
import type {
  ConditionState,
  ArtefactState,
  ArtefactVersionState,
  ClusterState,
  DecisionState,
  GateReadiness,
  MilestoneStatus,
  PhaseVisitState,
  Readiness,
  UnmetRequirement,
} from './types';
import { own } from '../own';

/** A gate or a milestone: what a decision, an advance or `reachMilestone` names. */
export interface Target {
  kind: 'gate' | 'milestone';
  id: string;
  title: string;
  requires: Requirements;
  /** The phases it belongs to: a gate's `from`, a milestone's phase. */
  phases: string[];
  /** A gate's destination. */
  to?: string;
}

export function targetOf(def: TemplateDefinition, id: string): Target | null {
  const gate = def.gates.find((g) => g.id === id);
  if (gate) return { kind: 'gate', id, title: gate.title, requires: gate.requires, phases: gate.from, to: gate.to };
  for (const phase of def.phases) {
    const m = phase.milestones.find((x) => x.id === id);
    if (m) return { kind: 'milestone', id, title: m.title, requires: m.requires, phases: [phase.id] };
  }
  return null;
}

export const currentVisit = (state: ClusterState): PhaseVisitState => state.visits[state.visits.length - 1];

export const latestVersion = (a: ArtefactState): ArtefactVersionState => a.versions[a.versions.length - 1];

/** APPROVE and APPROVE_WITH_CONDITIONS count as approvals; DEFER and REJECT do not. */
export const isApproval = (outcome: DecisionState['outcome']): boolean => outcome === 'APPROVE' || outcome === 'APPROVE_WITH_CONDITIONS';

/** The conditions on the cluster not closed yet, in decision order. */
export function openConditions(state: ClusterState): { decision: DecisionState; condition: ConditionState }[] {
  const open: { decision: DecisionState; condition: ConditionState }[] = [];
  for (const decision of state.decisions) for (const condition of decision.conditions ?? []) if (condition.closedAt === null) open.push({ decision, condition });
  return open;
}

/** Each person's latest decision among these (given in decision order). */
function latestByPerson(decisions: readonly DecisionState[]): Map<string, DecisionState> {
  const latest = new Map<string, DecisionState>();
  for (const d of decisions) {
    latest.delete(d.decidedBy); // keep insertion order = order of latest decisions
    latest.set(d.decidedBy, d);
  }
  return latest;
}

/** One way to fill an approval requirement: the current visit's decisions, or one artefact's latest version. */
interface Option {
  artefact: ArtefactState | null;
  approvals: Map<string, DecisionState>;
  rejections: DecisionState[];
}

function optionsFor(state: ClusterState, targetId: string, req: ApprovalRequirement): Option[] {
  const inRole = state.decisions.filter((d) => d.gate === targetId && d.role === req.role);
  const option = (decisions: DecisionState[], artefact: ArtefactState | null): Option => {
    const latest = [...latestByPerson(decisions).values()];
    return {
      artefact,
      approvals: new Map(latest.filter((d) => isApproval(d.outcome)).map((d) => [d.decidedBy, d])),
      rejections: latest.filter((d) => d.outcome === 'REJECT'),
    };
  };
  if (!req.of) {
    const visit = currentVisit(state).n;
    return [option(inRole.filter((d) => d.artefactVersionId === null && d.visit === visit), null)];
  }
  return state.artefacts
    .filter((a) => a.type === req.of)
    .map((a) => option(inRole.filter((d) => d.artefactVersionId === latestVersion(a).id), a));
}

/** Kuhn's augmenting paths: people to requirement slots. Returns slot index → person. */
function maximumMatching(people: string[], slotsOf: (person: string) => number[], slotCount: number): (string | null)[] {
  const owner: (string | null)[] = new Array<string | null>(slotCount).fill(null);
  const tryPlace = (person: string, seen: Set<number>): boolean => {
    for (const slot of slotsOf(person)) {
      if (seen.has(slot)) continue;
      seen.add(slot);
      const holder = owner[slot];
      if (holder === null || tryPlace(holder, seen)) {
        owner[slot] = person;
        return true;
      }
    }
    return false;
  };
  for (const person of people) tryPlace(person, new Set());
  return owner;
}

const MAX_COMBINATIONS = 256;

interface ApprovalResult {
  unmet: UnmetRequirement[];
  /** Approvals the matching uses. */
  used: string[];
  /** Rejections in force (they block their requirement, so they count). */
  blocking: string[];
}

function evaluateApprovals(def: TemplateDefinition, state: ClusterState, target: Target): ApprovalResult {
  const reqs = target.requires.approvals;
  if (!reqs.length) return { unmet: [], used: [], blocking: [] };
  const optionLists = reqs.map((req) => optionsFor(state, target.id, req));
  const usable = optionLists.map((options) => options.filter((o) => o.rejections.length === 0));
  const blocking = optionLists.flatMap((options) => options.flatMap((o) => o.rejections.map((d) => d.id)));

  const slotReq: number[] = reqs.flatMap((req, i) => new Array<number>(req.count).fill(i));
  const run = (choice: (Option | null)[]) => {
    const people = [...new Set(choice.flatMap((o) => (o ? [...o.approvals.values()] : [])).sort(byTime).map((d) => d.decidedBy))];
    const owner = maximumMatching(
      people,
      (person) => slotReq.flatMap((reqIndex, slot) => (choice[reqIndex]?.approvals.has(person) ? [slot] : [])),
      slotReq.length,
    );
    return { choice, owner, filled: owner.filter((p) => p !== null).length };
  };

  // Pick, for each `of:` requirement, the artefact whose approvals fill the most slots.
  const combinations = usable.reduce((n, options) => n * Math.max(1, options.length), 1);
  let best: ReturnType<typeof run>;
  if (combinations <= MAX_COMBINATIONS) {
    best = run(usable.map((options) => options[0] ?? null));
    const walk = (i: number, chosen: (Option | null)[]) => {
      if (i === usable.length) {
        const r = run(chosen);
        if (r.filled > best.filled) best = r;
        return;
      }
      if (!usable[i].length) return walk(i + 1, [...chosen, null]);
      for (const o of usable[i]) walk(i + 1, [...chosen, o]);
    };
    walk(0, []);
  } else {
    best = run(usable.map((options) => [...options].sort((a, b) => b.approvals.size - a.approvals.size)[0] ?? null));
  }

  const used: string[] = [];
  const have = reqs.map(() => 0);
  best.owner.forEach((person, slot) => {
    if (person === null) return;
    const reqIndex = slotReq[slot];
    have[reqIndex] += 1;
    used.push(best.choice[reqIndex]!.approvals.get(person)!.id);
  });

  const unmet: UnmetRequirement[] = [];
  reqs.forEach((req, i) => {
    if (have[i] >= req.count) return;
    const role = own(def.roles, req.role)?.title ?? req.role;
    const base = { kind: 'APPROVAL' as const, role: req.role, ...(req.of ? { artefactType: req.of } : {}), have: have[i], need: req.count };
    const of = req.of ? ` of the latest ${own(def.artefacts, req.of)?.title ?? req.of}` : '';
    const options = optionLists[i];
    if (req.of && !options.length) {
      unmet.push({ ...base, detail: `${req.count} approval${plural(req.count)} by ${role}${of} needed; no ${own(def.artefacts, req.of)?.title ?? req.of} has been submitted` });
    } else if (!usable[i].length) {
      const rejecters = [...new Set(options.flatMap((o) => o.rejections.map((d) => d.decidedBy)))];
      unmet.push({ ...base, detail: `${role}${of}: rejected by ${rejecters.join(', ')}; ${req.of ? 'a new version must be submitted or the rejection withdrawn by an approval' : 'the rejection stands until they approve'}` });
    } else {
      unmet.push({ ...base, detail: `${req.count} approval${plural(req.count)} by ${role}${of} needed; ${have[i]} counted` });
    }
  });
  return { unmet, used, blocking };
}

const byTime = (a: DecisionState, b: DecisionState) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0);
const plural = (n: number) => (n === 1 ? '' : 's');

/** Every requirement of a gate or milestone, checked against the snapshot at `now`. */
export function readinessOf(def: TemplateDefinition, state: ClusterState, target: Target, now: string): Readiness {
  const req = target.requires;
  const unmet: UnmetRequirement[] = [];
  const visit = currentVisit(state);

  for (const r of req.artefacts) {
    const type = own(def.artefacts, r.type);
    const title = type?.title ?? r.type;
    const minFiles = type?.files?.min ?? 0;
    const candidates = state.artefacts.filter((a) => a.type === r.type && Object.entries(r.where ?? {}).every(([k, v]) => latestVersion(a).fields[k] === v));
    // A version counts only with its files (`files.min`): the latest version of each artefact.
    const short = candidates.filter((a) => (latestVersion(a).files?.length ?? 0) < minFiles);
    const matching = candidates.length - short.length;
    if (matching < r.count) {
      const where = r.where ? ` with ${Object.entries(r.where).map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(', ')}` : '';
      const missing = short.map((a) => {
        const v = latestVersion(a);
        const lacking = minFiles - (v.files?.length ?? 0);
        return `version ${v.number} of ${v.title} lacks ${lacking} of the ${minFiles} file${minFiles === 1 ? '' : 's'} ${/^[aeiou]/i.test(title) ? 'an' : 'a'} ${title} needs`;
      });
      const detail = `${r.count} ${title}${where} needed; ${matching} submitted${short.length ? ` with ${minFiles === 1 ? 'its file' : 'its files'} (${missing.join('; ')})` : ''}`;
      unmet.push({ kind: 'ARTEFACT', artefactType: r.type, have: matching, need: r.count, detail });
    }
  }

  const approvals = evaluateApprovals(def, state, target);
  unmet.push(...approvals.unmet);

  if (req.score) {
    const score = scoreOf(def, state.scores);
    if (score === null) {
      const missing = Object.keys(def.selection?.criteria ?? {}).filter((c) => state.scores[c] === undefined);
      unmet.push({ kind: 'SCORE', need: req.score.min, detail: `a selection score of at least ${req.score.min} needed; not scored yet: ${missing.join(', ')}` });
    } else if (score < req.score.min) {
      unmet.push({ kind: 'SCORE', have: score, need: req.score.min, detail: `a selection score of at least ${req.score.min} needed; the score is ${round(score)}` });
    }
  }

  if (req.eligible) {
    for (const t of def.selection?.eligibility ?? []) {
      const failure = thresholdFailure(t, state.attributes);
      if (!failure) continue;
      const value = state.attributes[t.attribute];
      const need = t.min ?? t.max;
      unmet.push({
        kind: 'ELIGIBILITY',
        attribute: t.attribute,
        ...(typeof value === 'number' ? { have: value } : {}),
        ...(need !== undefined ? { need } : {}),
        detail: `not eligible: ${failure}`,
      });
    }
  }

  for (const r of req.indicators) {
    const title = own(def.indicators, r.indicator)?.title ?? r.indicator;
    const value = indicatorAggregate(def, state, r.indicator);
    const range = [r.min !== undefined ? `at least ${r.min}` : '', r.max !== undefined ? `at most ${r.max}` : ''].filter(Boolean).join(' and ');
    if (value === null) {
      unmet.push({ kind: 'INDICATOR', indicator: r.indicator, ...needOf(r), detail: `${title} must be ${range}; no value recorded` });
    } else if ((r.min !== undefined && value < r.min) || (r.max !== undefined && value > r.max)) {
      unmet.push({ kind: 'INDICATOR', indicator: r.indicator, have: value, ...needOf(r), detail: `${title} must be ${range}; it is ${round(value)}` });
    }
  }

  const phaseDef = def.phases.find((p) => p.id === state.phase);
  for (const id of req.milestones) {
    if (visit.milestones[id] !== undefined) continue;
    const title = phaseDef?.milestones.find((m) => m.id === id)?.title ?? id;
    unmet.push({ kind: 'MILESTONE', milestone: id, detail: `milestone "${title}" not reached in this visit of ${phaseDef?.title ?? state.phase}` });
  }

  if (req.after) {
    const duration = parseDuration(req.after);
    if (duration) {
      const entered = msOf(visit.enteredAt);
      const suspended = suspendedMsOf(state, visit, now);
      const spent = msOf(now) - entered - suspended;
      const needed = addDuration(entered, duration) - entered;
      if (spent < needed) {
        unmet.push({
          kind: 'AFTER',
          have: round(spent / DAY_MS),
          need: round(needed / DAY_MS),
          detail: `${req.after} must pass in ${phaseDef?.title ?? state.phase}, not counting suspension; ${round(spent / DAY_MS)} of ${round(needed / DAY_MS)} days have`,
        });
      }
    }
  }

  if (req.checks?.length) {
    const results = evaluateChecks(def, state, req.checks.map((c) => c.expr), now);
    req.checks.forEach((check, i) => {
      const r = results[i];
      if (r === true) return;
      unmet.push({ kind: 'CHECK', detail: r === false ? check.message : `${check.message} (the rule could not be evaluated: ${r.error})` });
    });
  }

  if (req.conditions === 'closed') {
    const open = openConditions(state);
    if (open.length) {
      const shown = open.slice(0, 3).map(({ condition }) => JSON.stringify(condition.text.length > 80 ? `${condition.text.slice(0, 79)}…` : condition.text));
      unmet.push({
        kind: 'CONDITIONS',
        have: open.length,
        need: 0,
        conditionIds: open.map(({ condition }) => condition.id),
        detail: `every condition of an approval must be closed; ${open.length} open: ${shown.join(', ')}${open.length > shown.length ? ` and ${open.length - shown.length} more` : ''}`,
      });
    }
  }

  return { ready: unmet.length === 0, unmet, decisionsUsed: approvals.used };
}

const needOf = (r: { min?: number; max?: number }) => (r.min !== undefined ? { need: r.min } : r.max !== undefined ? { need: r.max } : {});
const round = (n: number) => Math.round(n * 100) / 100;

/** Milliseconds a running suspension has lasted at `now` (0 when the cluster is not suspended). */
export const suspensionLength = (state: ClusterState, now: string): number =>
  state.suspension ? Math.max(0, msOf(now) - msOf(state.suspension.since)) : 0;

/** Suspended time of a visit, including a suspension still running at `now`. */
export function suspendedMsOf(state: ClusterState, visit: Pick<PhaseVisitState, 'suspendedMs'>, now: string, current = visit === currentVisit(state)): number {
  return visit.suspendedMs + (current ? suspensionLength(state, now) : 0);
}

/** The gates out of the current phase; none for a finished cluster. */
export function gatesOut(def: TemplateDefinition, state: ClusterState): Target[] {
  if (state.status === 'FINISHED') return [];
  return def.gates.filter((g) => g.from.includes(state.phase)).map((g) => targetOf(def, g.id)!);
}

export function gateReadiness(def: TemplateDefinition, state: ClusterState, now: string): GateReadiness[] {
  return gatesOut(def, state).map((t) => ({ gate: t.id, to: t.to!, ...readinessOf(def, state, t, now) }));
}

/**
 * Whether a gate out of `from` is on the way forward (docs/decisions.md, "Portfolio analytics"):
 * the phases are declared in order, and a gate goes forward when it leads to a phase declared
 * later, unless it is a way out: into a final phase other than the first final phase declared
 * (a second final phase such as "dropped"), or into a final phase from several phases (a
 * "withdraw" open at any stage). A gate to an earlier phase (or the same) loops back. Loops and
 * ways out are not bottlenecks, and are not announced as ready when they ask for nothing.
 */
export function isForwardGate(def: TemplateDefinition, gate: { id: string; to?: string; from?: readonly string[] }, from: string): boolean {
  const declared = def.gates.find((g) => g.id === gate.id);
  const target = gate.to ?? declared?.to;
  const index = (id: string | undefined) => def.phases.findIndex((p) => p.id === id);
  if (index(target) <= index(from)) return false;
  const final = def.phases.find((p) => p.id === target)?.final ?? false;
  if (!final) return true;
  return target === def.phases.find((p) => p.final)?.id && (gate.from ?? declared?.from ?? [from]).length <= 1;
}

/** True when a gate or milestone requires nothing at all: it can be passed whenever someone chooses to. */
export function requiresNothing(requires: Requirements): boolean {
  return (
    !requires.artefacts.length && !requires.approvals.length && !requires.indicators.length && !requires.milestones.length &&
    requires.score === undefined && requires.eligible === undefined && requires.after === undefined &&
    !requires.checks?.length && requires.conditions === undefined
  );
}

/**
 * A visit's entry moved later by the time it was suspended (not counting a suspension going on):
 * the cluster row's `waiting_since`, so that now minus it is the time in the phase (portfolio analytics).
 */
export function waitingSince(visit: PhaseVisitState): string {
  return new Date(msOf(visit.enteredAt) + visit.suspendedMs).toISOString();
}

/** A gate out of the current phase as the `gate_unmet` projection keeps it (portfolio analytics). */
export interface GateWait {
  gate: string;
  /** The kinds of its unmet requirements that do not depend on time, each once, sorted. */
  unmet: UnmetRequirement['kind'][];
  /** When its `after:` holds (suspension so far counted), or null without one: before it, the gate also waits on AFTER. */
  notBefore: string | null;
}

const LATER = '9999-12-31T23:59:59.999Z';

/**
 * The gates out of the current phase with what holds each of them, independent of time (an
 * `after:` is kept as `notBefore`, compared with the clock when read), so the projection
 * stays right until the next event. None for a finished cluster.
 */
export function gateWaits(def: TemplateDefinition, state: ClusterState): GateWait[] {
  if (state.status === 'FINISHED') return [];
  const visit = currentVisit(state);
  return gatesOut(def, state).map((t) => {
    const { unmet } = readinessOf(def, state, t, LATER);
    const duration = t.requires.after ? parseDuration(t.requires.after) : null;
    const entered = msOf(visit.enteredAt);
    return {
      gate: t.id,
      unmet: [...new Set(unmet.map((u) => u.kind))].filter((k) => k !== 'AFTER').sort(),
      notBefore: duration ? new Date(addDuration(entered, duration) + visit.suspendedMs).toISOString() : null,
    };
  });
}

/** The milestones of the current phase and whether they were reached in this visit. */
export function milestoneStatuses(def: TemplateDefinition, state: ClusterState): MilestoneStatus[] {
  const phase = def.phases.find((p) => p.id === state.phase);
  const reached = currentVisit(state).milestones;
  return (phase?.milestones ?? []).map((m) => ({ milestone: m.id, reached: reached[m.id] !== undefined, reachedAt: reached[m.id] ?? null }));
}

/**
 * The decisions whose `counts` is true: those frozen by a passed gate or a reached
 * milestone, the approvals the matching uses for the open gates and milestones of the
 * current phase, and the rejections in force there. Independent of time.
 */
export function countingDecisionIds(def: TemplateDefinition, state: ClusterState): string[] {
  const counting = new Set(state.frozen);
  if (state.status !== 'FINISHED') {
    const visit = currentVisit(state);
    const phase = def.phases.find((p) => p.id === state.phase);
    const open = [
      ...gatesOut(def, state),
      ...(phase?.milestones ?? []).filter((m) => visit.milestones[m.id] === undefined).map((m) => targetOf(def, m.id)!),
    ];
    for (const target of open) {
      const { used, blocking } = evaluateApprovals(def, state, target);
      for (const id of [...used, ...blocking]) counting.add(id);
    }
  }
  return state.decisions.filter((d) => counting.has(d.id)).map((d) => d.id);
}
