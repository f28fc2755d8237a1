/**
 * Static analysis of a programme's structure: the phase graph (reachability, traps,
 * gates out of final phases), milestone dependency cycles, and approval requirements that
 * are hard for distinct people to meet. Pure functions over small inputs, used by the
 * loader on raw data and available on a loaded TemplateDefinition.
 */
import { CDA } from '../roles';
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

/** Phases reachable from `start` along `edges` (including `start`). Linear in the edges. */
export function reachableFrom(start: string, edges: readonly PhaseEdge[]): Set<string> {
  return reachableFromAll([start], adjacency(edges));
}

/** Successors of each node: one pass over the edges. */
function adjacency(edges: readonly PhaseEdge[]): Map<string, string[]> {
  const next = new Map<string, string[]>();
  for (const e of edges) {
    const out = next.get(e.from);
    if (out) out.push(e.to);
    else next.set(e.from, [e.to]);
  }
  return next;
}

/** Nodes reachable from any of `starts` (included), breadth-first with an index instead of shift(). */
function reachableFromAll(starts: Iterable<string>, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...seen];
  for (let i = 0; i < queue.length; i++) {
    for (const to of next.get(queue[i]) ?? []) {
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
  return reachableFromAll(graph.finals, adjacency(reversed));
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

/**
 * Milestones (of one phase) that depend on themselves through `requires.milestones`, each
 * with the id of its cycle (a strongly connected component: milestones with the same id
 * depend on each other). Tarjan's algorithm, iterative (no recursion depth to exhaust) and
 * linear in milestones plus dependencies; dependencies on undeclared milestones are ignored.
 */
export function milestoneCycles(requires: ReadonlyMap<string, readonly string[]>): Map<string, number> {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cyclic = new Map<string, number>();
  let counter = 0;
  let components = 0;
  const successors = (m: string) => (requires.get(m) ?? []).filter((d) => requires.has(d));
  for (const root of requires.keys()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: readonly string[]; i: number }> = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: successors(node), i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.next.length) {
        const d = frame.next[frame.i++];
        if (!index.has(d)) enter(d);
        else if (onStack.has(d)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(d)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const members: string[] = [];
      let m: string;
      do {
        m = stack.pop()!;
        onStack.delete(m);
        members.push(m);
      } while (m !== frame.node);
      const selfLoop = members.length === 1 && (requires.get(m) ?? []).includes(m);
      if (members.length > 1 || selfLoop) {
        for (const member of members) cyclic.set(member, components);
        components++;
      }
    }
  }
  return cyclic;
}

/** Milestones (of one phase) that depend on themselves through `requires.milestones`. */
export function milestonesInCycles(requires: ReadonlyMap<string, readonly string[]>): Set<string> {
  return new Set(milestoneCycles(requires).keys());
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
  // Requirements naming the same role and `of`, by their first index (one pass: linear).
  const groups = new Map<string, { indexes: number[]; total: number }>();
  approvals.forEach((a, index) => {
    const key = JSON.stringify([a.role, a.of ?? null]);
    const group = groups.get(key);
    if (group) {
      group.indexes.push(index);
      group.total += a.count;
    } else groups.set(key, { indexes: [index], total: a.count });
  });
  approvals.forEach((a, index) => {
    if (a.role === CDA && a.of !== undefined) {
      concerns.push({
        index,
        message: `${holder} asks the CDA to approve \`${a.of}\`, which the CDA usually submits; nobody approves their own version, so this needs ${a.count + 1} CDAs on the cluster`,
      });
    }
    const { indexes, total } = groups.get(JSON.stringify([a.role, a.of ?? null]))!;
    if (indexes.length > 1 && indexes[1] === index) {
      concerns.push({
        index,
        message: `${holder} lists role \`${a.role}\` in several approval requirements; one person counts only once per gate, so they need ${total} distinct people holding \`${a.role}\` (write one requirement with \`count: ${total}\` if that is intended)`,
      });
    }
  });
  return concerns;
}

export function phaseGraphOf(def: TemplateDefinition): PhaseGraph {
  return {
    phases: def.phases.map((p) => p.id),
    initial: def.phases.find((p) => p.initial)?.id ?? null,
    finals: new Set(def.phases.filter((p) => p.final).map((p) => p.id)),
    edges: [
      ...def.gates.flatMap((g) => g.from.map((from) => ({ gate: g.id, from, to: g.to }))),
      // An expiry moves clusters like a gate does (the system passes it when the time is up).
      ...def.phases.flatMap((p) => (p.expires ? [{ gate: `expires:${p.id}`, from: p.id, to: p.expires.to }] : [])),
    ],
  };
}

/** Phase-graph facts of a loaded template (for tooling, previews and tests). */
export function analyseTemplate(def: TemplateDefinition): PhaseGraphFindings {
  return analysePhaseGraph(phaseGraphOf(def));
}
