import { initialTransition, transition, type StateValue } from 'xstate';
import { compileMachine, phaseOf, restoreSnapshot, RUNNING, type GateCheck, type PhaseEvent, type PhaseMachine } from '../template/compiler';
import type { TemplateDefinition } from '../template/types';
import type { ClusterState, Readiness } from './types';

/**
 * Each definition's phase machine, compiled once. `decide` asks it whether a gate can be
 * passed (its guard is the readiness check); `apply` steps it with recorded events.
 */
const machines = new WeakMap<TemplateDefinition, PhaseMachine>();

export function machineOf(def: TemplateDefinition): PhaseMachine {
  let machine = machines.get(def);
  if (!machine) {
    machine = compileMachine(def);
    machines.set(def, machine);
  }
  return machine;
}

const restored = (def: TemplateDefinition, value: StateValue) =>
  restoreSnapshot(machineOf(def), { value, context: { templateKey: def.key, templateVersion: def.version } });

/**
 * A command's advance through `gate`: the machine's guard checks the gate's readiness (once)
 * and the machine takes the transition or stays. Returns what the guard found and, when the
 * gate can be passed, the phase the machine lands in. The caller has checked that the gate
 * leaves the cluster's running phase.
 */
export function passGate(def: TemplateDefinition, state: ClusterState, gate: string, now: string): { readiness: Readiness; to: string | null } {
  const check: GateCheck = { state, now };
  const [next] = transition(machineOf(def), restored(def, state.machine), { type: 'ADVANCE', gate, check });
  if (!check.readiness) throw new Error(`gate ${gate} has no transition from ${JSON.stringify(state.machine)}`);
  return { readiness: check.readiness, to: check.readiness.ready ? phaseOf(next) : null };
}

/** Each definition's initial state value, computed once (XState's initialTransition is not cheap). */
const initialValues = new WeakMap<TemplateDefinition, StateValue>();

export function initialValue(def: TemplateDefinition): StateValue {
  let value = initialValues.get(def);
  if (value === undefined) {
    value = initialTransition(machineOf(def))[0].value;
    initialValues.set(def, value);
  }
  // A copy: the caller stores it in a snapshot of its own.
  return typeof value === 'string' ? value : structuredClone(value);
}

/** Steps the machine from a stored state value with a recorded event; throws when the event does not apply there. */
export function step(def: TemplateDefinition, value: StateValue, event: PhaseEvent): StateValue {
  const [next] = transition(machineOf(def), restored(def, value), event);
  if (JSON.stringify(next.value) === JSON.stringify(value)) {
    throw new Error(`${event.type}${event.type === 'ADVANCE' ? ` ${event.gate}` : ''} does not apply in ${JSON.stringify(value)}`);
  }
  return next.value;
}

/** The state value of a running, non-final phase of `def`: where a migration lands a cluster. */
export function runningValue(def: TemplateDefinition, phase: string): StateValue {
  const declared = def.phases.find((p) => p.id === phase);
  if (!declared || declared.final) throw new Error(`${phase} is not a non-final phase of ${def.key} version ${def.version}`);
  return { [phase]: RUNNING };
}

export { phaseOf };
