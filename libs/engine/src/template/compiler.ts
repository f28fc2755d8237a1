/**
 * Compiles a TemplateDefinition into an XState v5 machine over phases. The server steps
 * it with the pure `transition()` / `initialTransition()` and stores the snapshot itself.
 *
 * Shape: every phase is a top-level state; a non-final phase has `running` and
 * `suspended` substates (SUSPEND / RESUME), so resuming returns to the same phase; a gate
 * is an `ADVANCE` transition (with `gate: <id>`) from the `running` substate of each of
 * its `from` phases, guarded by the pluggable `gateReady`; final phases are `type: 'final'`.
 * No timers: due dates and `after` are computed from stored timestamps, not by XState.
 */
import { initialTransition, setup, type AnyMachineSnapshot, type StateValue } from 'xstate';
import type { GateDefinition, PhaseDefinition, TemplateDefinition } from './types';

export interface AdvanceEvent {
  type: 'ADVANCE';
  gate: string;
  /** Whatever the caller's `gateReady` needs (e.g. evaluated readiness); not stored. */
  data?: unknown;
}
export type PhaseEvent = AdvanceEvent | { type: 'SUSPEND' } | { type: 'RESUME' };

/** Kept small and JSON-safe so persisted snapshots stay portable. */
export interface PhaseContext {
  templateKey: string;
  templateVersion: number;
}

export interface CompileOptions {
  /** Decides whether the named gate may be passed now. Must be pure. */
  gateReady(context: PhaseContext, gateId: string, event: AdvanceEvent): boolean;
}

export const RUNNING = 'running';
export const SUSPENDED = 'suspended';

const stateId = (phase: string) => `phase_${phase}`;

export function compileMachine(def: TemplateDefinition, options: CompileOptions) {
  const initial = def.phases.find((p) => p.initial) ?? def.phases[0];
  return setup({
    types: { context: {} as PhaseContext, events: {} as PhaseEvent },
    guards: {
      gateReady: ({ context, event }, params: { gate: string }) =>
        event.type === 'ADVANCE' && event.gate === params.gate && options.gateReady(context, params.gate, event),
    },
  }).createMachine({
    id: def.key,
    initial: initial.id,
    context: { templateKey: def.key, templateVersion: def.version },
    states: Object.fromEntries(def.phases.map((p) => [p.id, phaseState(p, def.gates)])),
  });
}

export type PhaseMachine = ReturnType<typeof compileMachine>;

function phaseState(phase: PhaseDefinition, gates: readonly GateDefinition[]) {
  if (phase.final) return { id: stateId(phase.id), type: 'final' as const };
  const advances = gates
    .filter((g) => g.from.includes(phase.id))
    .map((g) => ({ target: `#${stateId(g.to)}`, guard: { type: 'gateReady' as const, params: { gate: g.id } } }));
  return {
    id: stateId(phase.id),
    initial: RUNNING,
    states: {
      [RUNNING]: { on: { ADVANCE: advances, SUSPEND: { target: SUSPENDED } } },
      [SUSPENDED]: { on: { RESUME: { target: RUNNING } } },
    },
  };
}

/** The phase a snapshot (or a stored snapshot value) is in. */
export function phaseOf(snapshot: AnyMachineSnapshot | { value: StateValue }): string {
  const value = snapshot.value;
  if (typeof value === 'string') return value;
  const [phase] = Object.keys(value);
  return phase;
}

export function isSuspended(snapshot: AnyMachineSnapshot | { value: StateValue }): boolean {
  const value = snapshot.value;
  return typeof value !== 'string' && Object.values(value)[0] === SUSPENDED;
}

/** The phase a new cluster starts in. */
export function initialPhase(machine: PhaseMachine): string {
  const [snapshot] = initialTransition(machine);
  return phaseOf(snapshot);
}

/**
 * Rebuilds a snapshot from its persisted JSON (`machine.getPersistedSnapshot(s)` after a
 * JSON round trip). The template version must match the one the snapshot was made with.
 */
export function restoreSnapshot(machine: PhaseMachine, persisted: { value: StateValue; context: PhaseContext }) {
  return machine.resolveState({ value: persisted.value, context: persisted.context });
}

export interface MachineCache {
  /** The compiled machine of (key, version, sha), compiling it on first use. */
  get(def: TemplateDefinition, sha: string): PhaseMachine;
  readonly size: number;
}

/** A small least-recently-used cache the caller holds; no global state. */
export function createMachineCache(options: CompileOptions, maxEntries = 64): MachineCache {
  const machines = new Map<string, PhaseMachine>();
  return {
    get(def, sha) {
      const key = `${def.key}@${def.version}#${sha}`;
      const hit = machines.get(key);
      if (hit) {
        machines.delete(key);
        machines.set(key, hit);
        return hit;
      }
      const machine = compileMachine(def, options);
      machines.set(key, machine);
      if (machines.size > maxEntries) machines.delete(machines.keys().next().value as string);
      return machine;
    },
    get size() {
      return machines.size;
    },
  };
}
