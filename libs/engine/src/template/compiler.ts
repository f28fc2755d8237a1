/**
 * Compiles a TemplateDefinition into an XState v5 machine over phases. The server steps
 * it with the pure `transition()` / `initialTransition()` and stores the snapshot itself.
 *
 * Shape: every phase is a top-level state; a non-final phase has `running` and
 * `suspended` substates (SUSPEND / RESUME), so resuming returns to the same phase; a gate
 * is an `ADVANCE` transition (with `gate: <id>`) from the `running` substate of each of
 * its `from` phases, guarded by `gateReady`: the gate's readiness check itself (readiness.ts),
 * so the machine decides whether a gate can be passed; final phases are `type: 'final'`.
 * A phase with `expires` has an `EXPIRE` transition from `running` to its `expires.to` (a
 * suspended cluster does not expire). No timers: due dates, `after`, escalations and expiry
 * times are computed from stored timestamps (the job queue's schedule asks), not by XState.
 */
import { initialTransition, setup, type AnyMachineSnapshot, type StateValue } from 'xstate';
import { readinessOf, targetOf } from '../cluster/readiness';
import type { ClusterState, Readiness } from '../cluster/types';
import type { GateDefinition, PhaseDefinition, TemplateDefinition } from './types';

/** A command's question to the guard: may the gate be passed from this snapshot at `now`? */
export interface GateCheck {
  state: ClusterState;
  now: string;
  /** What the guard found (set by it, so the command reads the unmet requirements without a second check). */
  readiness?: Readiness;
}

export interface AdvanceEvent {
  type: 'ADVANCE';
  gate: string;
  /**
   * A command's advance carries the check the guard runs. Without it the advance is one
   * already on record (apply, replay, a walk of the phase graph): its rules were checked
   * when it was decided, and a recorded event is a fact.
   */
  check?: GateCheck;
}
/** The system's move when a phase's `expires` time is up (version 2): only from the running substate. */
export type PhaseEvent = AdvanceEvent | { type: 'EXPIRE' } | { type: 'SUSPEND' } | { type: 'RESUME' };

/** Kept small and JSON-safe so persisted snapshots stay portable. */
export interface PhaseContext {
  templateKey: string;
  templateVersion: number;
}

export const RUNNING = 'running';
export const SUSPENDED = 'suspended';

const stateId = (phase: string) => `phase_${phase}`;

export function compileMachine(def: TemplateDefinition) {
  const initial = def.phases.find((p) => p.initial) ?? def.phases[0];
  return setup({
    types: { context: {} as PhaseContext, events: {} as PhaseEvent },
    guards: {
      gateReady: ({ event }, params: { gate: string }) => {
        if (event.type !== 'ADVANCE' || event.gate !== params.gate) return false;
        const check = event.check;
        if (!check) return true;
        check.readiness = readinessOf(def, check.state, targetOf(def, params.gate)!, check.now);
        return check.readiness.ready;
      },
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
      [RUNNING]: {
        on: {
          ADVANCE: advances,
          SUSPEND: { target: SUSPENDED },
          ...(phase.expires ? { EXPIRE: { target: `#${stateId(phase.expires.to)}` } } : {}),
        },
      },
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
