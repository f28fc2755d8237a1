import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { getShortestPaths } from '@xstate/graph';
import { createActor, initialTransition, transition } from 'xstate';
import {
  compileMachine,
  initialPhase,
  isSuspended,
  phaseOf,
  restoreSnapshot,
  type PhaseEvent,
  type PhaseMachine,
} from './compiler';
import { loadTemplate } from './loader';
import type { TemplateDefinition } from './types';

const ROOT = join(__dirname, '../../../..');
const yamlIn = (dir: string) =>
  readdirSync(join(ROOT, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));

/** Every shipped template and every ok fixture, picked up automatically. */
const TEMPLATE_FILES = [...yamlIn('templates'), ...yamlIn('test/fixtures/templates/ok')];

function load(file: string): TemplateDefinition {
  const result = loadTemplate(readFileSync(join(ROOT, file), 'utf8'));
  expect(result.errors).toEqual([]);
  return result.template!;
}

const eventsOf = (def: TemplateDefinition): PhaseEvent[] => [
  ...def.gates.map((g): PhaseEvent => ({ type: 'ADVANCE', gate: g.id })),
  // A phase's `expires` is a way out too (the system takes it when the time is up).
  ...(def.phases.some((p) => p.expires) ? [{ type: 'EXPIRE' } as PhaseEvent] : []),
  { type: 'SUSPEND' },
  { type: 'RESUME' },
];

/** Phase-level walk: serialize only the state value (context never changes, but be explicit). */
function pathsFrom(machine: PhaseMachine, def: TemplateDefinition, phase?: string) {
  return getShortestPaths(machine, {
    events: eventsOf(def),
    serializeState: (s) => JSON.stringify(s.value),
    ...(phase === undefined ? {} : { fromState: restoreSnapshot(machine, { value: { [phase]: 'running' }, context: { templateKey: def.key, templateVersion: def.version } }) }),
  });
}

describe.each(TEMPLATE_FILES)('%s', (file) => {
  const def = load(file);
  const machine = compileMachine(def);
  const finals = new Set(def.phases.filter((p) => p.final).map((p) => p.id));

  it('starts in the initial phase', () => {
    expect(initialPhase(machine)).toBe(def.phases.find((p) => p.initial)!.id);
  });

  it('reaches every phase from the initial phase', () => {
    const reached = new Set(pathsFrom(machine, def).map((p) => phaseOf(p.state)));
    expect([...reached].sort()).toEqual(def.phases.map((p) => p.id).sort());
  });

  it('reaches a final phase from every non-final phase', () => {
    for (const phase of def.phases.filter((p) => !p.final)) {
      const ends = pathsFrom(machine, def, phase.id).filter((p) => p.state.status === 'done');
      expect({ phase: phase.id, canFinish: ends.length > 0 }).toEqual({ phase: phase.id, canFinish: true });
    }
  });

  it('drives a cluster from the initial phase to a final phase with transition()', () => {
    const toFinal = pathsFrom(machine, def)
      .filter((p) => p.state.status === 'done')
      .sort((a, b) => a.steps.length - b.steps.length)[0];
    let [snapshot] = initialTransition(machine);
    for (const step of toFinal.steps) {
      if ((step.event.type as string) === 'xstate.init') continue;
      [snapshot] = transition(machine, snapshot, step.event);
      expect(snapshot.value).toEqual(step.state.value);
    }
    expect(snapshot.status).toBe('done');
    expect(finals.has(phaseOf(snapshot))).toBe(true);
  });
});

describe('compiled machine behaviour', () => {
  const def = load('test/fixtures/templates/ok/spec-example.yaml');

  it('ignores an ADVANCE naming a gate that does not leave the current phase', () => {
    const machine = compileMachine(def);
    const [start] = initialTransition(machine);
    const [next] = transition(machine, start, { type: 'ADVANCE', gate: 'graduate' });
    expect(phaseOf(next)).toBe('selection');
  });

  it('suspends and resumes into the same phase, refusing advances while suspended', () => {
    const machine = compileMachine(def);
    let [s] = initialTransition(machine);
    [s] = transition(machine, s, { type: 'ADVANCE', gate: 'select' });
    expect(phaseOf(s)).toBe('diagnostic');
    [s] = transition(machine, s, { type: 'SUSPEND' });
    expect(isSuspended(s)).toBe(true);
    [s] = transition(machine, s, { type: 'ADVANCE', gate: 'endorse_diagnostic' });
    expect(s.value).toEqual({ diagnostic: 'suspended' });
    [s] = transition(machine, s, { type: 'RESUME' });
    expect(s.value).toEqual({ diagnostic: 'running' });
    expect(isSuspended(s)).toBe(false);
  });

  it('round-trips a persisted snapshot through JSON', () => {
    const machine = compileMachine(def);
    let [s] = initialTransition(machine);
    [s] = transition(machine, s, { type: 'ADVANCE', gate: 'select' });
    [s] = transition(machine, s, { type: 'SUSPEND' });
    const json = JSON.stringify(machine.getPersistedSnapshot(s));
    const stored = JSON.parse(json);

    const restored = restoreSnapshot(machine, stored);
    expect(restored.value).toEqual({ diagnostic: 'suspended' });
    expect(restored.context).toEqual({ templateKey: 'unido-cda', templateVersion: 1 });
    const [resumed] = transition(machine, restored, { type: 'RESUME' });
    const [advanced] = transition(machine, resumed, { type: 'ADVANCE', gate: 'endorse_diagnostic' });
    expect(phaseOf(advanced)).toBe('trust_building');

    const actor = createActor(machine, { snapshot: stored }).start();
    expect(actor.getSnapshot().value).toEqual({ diagnostic: 'suspended' });
    actor.stop();
  });

  it('marks final phases as done', () => {
    const machine = compileMachine(def);
    let [s] = initialTransition(machine);
    [s] = transition(machine, s, { type: 'ADVANCE', gate: 'drop' });
    expect(s.value).toBe('dropped');
    expect(s.status).toBe('done');
  });
});

describe('expires (version 2)', () => {
  const def = load('test/fixtures/templates/ok/v2-expires-escalate.yaml');
  const machine = compileMachine(def);
  const at = (value: unknown) => restoreSnapshot(machine, { value: value as never, context: { templateKey: def.key, templateVersion: def.version } });

  it('moves a running cluster of an expiring phase to `expires.to`', () => {
    const [next] = transition(machine, at({ labelled: 'running' }), { type: 'EXPIRE' });
    expect(next.value).toBe('expired');
  });

  it('never moves a suspended cluster, nor one in a phase without `expires`', () => {
    expect(transition(machine, at({ labelled: 'suspended' }), { type: 'EXPIRE' })[0].value).toEqual({ labelled: 'suspended' });
    expect(transition(machine, at({ candidate: 'running' }), { type: 'EXPIRE' })[0].value).toEqual({ candidate: 'running' });
  });
});
