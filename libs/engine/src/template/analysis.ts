/**
 * Static analysis of a programme's structure: the phase graph (reachability, traps,
 * gates out of final phases), milestone dependency cycles, and approval requirements that
 * are hard for distinct people to meet. Pure functions over small inputs, used by the
 * loader on raw data and available on a loaded TemplateDefinition.
 */
import type { TemplateDefinition } from './types';

export interface PhaseEdge {
  gate: string;
  from: string;
  to: string;
}

export interface PhaseGraph {
  /** All declared phases, in template order. */
  phases: readonly string[];
  initial: string | null;
  finals: ReadonlySet<string>;
  edges: readonly PhaseEdge[];
}

export interface PhaseGraphFindings {
  reachable: string[];
  /** Declared phases no sequence of gates leads to from the initial phase. */
  unreachable: string[];
  /** Reachable non-final phases from which no final phase can be reached. */
  traps: string[];
  /** Gates leaving a final phase (final phases end a cluster's life). */
  gatesOutOfFinal: PhaseEdge[];
}

/** Phases reachable from `start` along `edges` (including `start`). */
export function reachableFrom(start: string, edges: readonly PhaseEdge[]): Set<string> {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const seen = new Set<string>([start]);
  const queue = [start];
  while (queue.length > 0) {
    for (const to of next.get(queue.shift()!) ?? []) {
      if (!seen.has(to)) {
        seen.add(to);
        queue.push(to);
      }
    }
  }
  return seen;
}

/** Phases from which some final phase can be reached (finals included). */
export function phasesThatCanFinish(graph: PhaseGraph): Set<string> {
  const reversed = graph.edges.map((e) => ({ gate: e.gate, from: e.to, to: e.from }));
  const result = new Set<string>();
  for (const f of graph.finals) for (const p of reachableFrom(f, reversed)) result.add(p);
  return result;
}

/**
 * Reachability and traps. A gate out of a final phase is reported on its own; it still
 * counts for reachability (so the phase it leads to is not reported a second time) but
 * never as a way out of a trap.
 */
export function analysePhaseGraph(graph: PhaseGraph): PhaseGraphFindings {
  const declared = new Set(graph.phases);
  const gatesOutOfFinal = graph.edges.filter((e) => graph.finals.has(e.from));
  const known = graph.edges.filter((e) => declared.has(e.from) && declared.has(e.to));
  const usable = known.filter((e) => !graph.finals.has(e.from));
  const usableGraph = { ...graph, edges: usable };
  const reach = graph.initial === null ? new Set<string>() : reachableFrom(graph.initial, known);
  const canFinish = phasesThatCanFinish(usableGraph);
  return {
    reachable: graph.phases.filter((p) => reach.has(p)),
    unreachable: graph.initial === null ? [] : graph.phases.filter((p) => !reach.has(p)),
    traps: graph.finals.size === 0 ? [] : graph.phases.filter((p) => reach.has(p) && !graph.finals.has(p) && !canFinish.has(p)),
    gatesOutOfFinal,
  };
}

/** Milestones (of one phase) that depend on themselves through `requires.milestones`. */
export function milestonesInCycles(requires: ReadonlyMap<string, readonly string[]>): Set<string> {
  const edges: PhaseEdge[] = [];
  for (const [m, deps] of requires) for (const d of deps) edges.push({ gate: m, from: m, to: d });
  const cyclic = new Set<string>();
  for (const m of requires.keys()) {
    const direct = edges.filter((e) => e.from === m).map((e) => e.to);
    if (direct.some((d) => reachableFrom(d, edges).has(m))) cyclic.add(m);
  }
  return cyclic;
}

export interface ApprovalLike {
  role: string;
  count: number;
  of?: string;
}

export interface ApprovalConcern {
  /** Index of the approval requirement concerned. */
  index: number;
  message: string;
}

/**
 * Approval requirements of one gate (or milestone) that distinct people will find hard
 * to meet. The template never bounds how many people hold a role, so nothing here is
 * strictly impossible; these are warnings:
 * - `cda` approving an artefact (`of:`): the CDA normally submits it and may not approve
 *   their own version, so another CDA must be assigned to the cluster;
 * - two requirements naming the same role (and the same `of`): one person never counts
 *   twice in a gate, so they need the sum of their counts in distinct people.
 */
export function approvalConcerns(approvals: readonly ApprovalLike[], holder: string): ApprovalConcern[] {
  const concerns: ApprovalConcern[] = [];
  approvals.forEach((a, index) => {
    if (a.role === 'cda' && a.of !== undefined) {
      concerns.push({
        index,
        message: `${holder} asks the CDA to approve \`${a.of}\`, which the CDA usually submits; nobody approves their own version, so this needs ${a.count + 1} CDAs on the cluster`,
      });
    }
    const first = approvals.findIndex((b) => b.role === a.role && b.of === a.of);
    if (first < index) {
      const total = approvals.filter((b) => b.role === a.role && b.of === a.of).reduce((s, b) => s + b.count, 0);
      if (approvals.findIndex((b, i) => i > first && b.role === a.role && b.of === a.of) === index) {
        concerns.push({
          index,
          message: `${holder} lists role \`${a.role}\` in several approval requirements; one person counts only once per gate, so they need ${total} distinct people holding \`${a.role}\` (write one requirement with \`count: ${total}\` if that is intended)`,
        });
      }
    }
  });
  return concerns;
}

export function phaseGraphOf(def: TemplateDefinition): PhaseGraph {
  return {
    phases: def.phases.map((p) => p.id),
    initial: def.phases.find((p) => p.initial)?.id ?? null,
    finals: new Set(def.phases.filter((p) => p.final).map((p) => p.id)),
    edges: def.gates.flatMap((g) => g.from.map((from) => ({ gate: g.id, from, to: g.to }))),
  };
}

/** Phase-graph facts of a loaded template (for tooling, previews and tests). */
export function analyseTemplate(def: TemplateDefinition): PhaseGraphFindings {
  return analysePhaseGraph(phaseGraphOf(def));
}
