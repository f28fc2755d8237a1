import { initialTransition, transition, type StateValue } from 'xstate';
import { compileMachine, phaseOf, restoreSnapshot, RUNNING, type PhaseEvent, type PhaseMachine } from '../template/compiler';
import type { TemplateDefinition } from '../template/types';

/**
 * The phase machine `apply` steps. Its gate guard accepts every ADVANCE: the rules were
 * checked by `decide` before the event was recorded, and an event on record is a fact.
 */
const machines = new WeakMap<TemplateDefinition, PhaseMachine>();

export function machineOf(def: TemplateDefinition): PhaseMachine {
  let machine = machines.get(def);
  if (!machine) {
    machine = compileMachine(def, { gateReady: () => true });
    machines.set(def, machine);
  }
  return machine;
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

/** Steps the machine from a stored state value; throws when the event does not apply there. */
export function step(def: TemplateDefinition, value: StateValue, event: PhaseEvent): StateValue {
  const machine = machineOf(def);
  const from = restoreSnapshot(machine, { value, context: { templateKey: def.key, templateVersion: def.version } });
  const [next] = transition(machine, from, event);
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
