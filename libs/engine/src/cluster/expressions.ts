/**
 * Template expressions on a cluster: the variables CEL sees (from the snapshot at `now`),
 * the derived values and the checks. An expression that fails at run time (a missing field,
 * a null score) gives its reason, never an exception; templates without `derived` or
 * `checks` never build an environment.
 */
import type { Environment } from '../template/cel';
import { checkExpression, environmentOf, type ExpressionScope } from '../template/expressions';
import { Money, moneyOf } from '../template/money';
import type { FieldDefinition, ScalarValue, TemplateDefinition } from '../template/types';
import { indicatorAggregate } from './indicators';
import { scoreOf } from './selection';
import { DAY_MS, msOf } from './time';
import type { ClusterState } from './types';

type Parsed = ReturnType<Environment['parse']>;

interface Compiled {
  env: Environment;
  derived: { id: string; program: Parsed | null }[];
  programs: Map<string, Parsed | null>;
}

/** One environment per template definition (definitions are immutable and cached by their callers). */
const compiled = new WeakMap<TemplateDefinition, Compiled>();

function fieldTypes(fields: Record<string, FieldDefinition>) {
  return Object.fromEntries(Object.values(fields).map((f) => [f.id, f.type]));
}

function compile(def: TemplateDefinition): Compiled {
  let c = compiled.get(def);
  if (c) return c;
  const base: Omit<ExpressionScope, 'derived'> = {
    attributes: fieldTypes(def.attributes),
    artefacts: Object.fromEntries(Object.values(def.artefacts).map((a) => [a.id, fieldTypes(a.fields)])),
    indicators: Object.keys(def.indicators),
  };
  const derivedTypes: [string, string][] = [];
  const derived: Compiled['derived'] = [];
  for (const d of def.derived ?? []) {
    const env = environmentOf({ ...base, derived: derivedTypes });
    const r = checkExpression(env, d.expr, null);
    if ('type' in r) derivedTypes.push([d.id, r.type]);
    derived.push({ id: d.id, program: 'type' in r ? env.parse(d.expr) : null });
  }
  c = { env: environmentOf({ ...base, derived: derivedTypes }), derived, programs: new Map() };
  compiled.set(def, c);
  return c;
}

/** A declared value as CEL sees it: integers as BigInt (CEL `int`), money as an exact Money. */
function celValue(value: ScalarValue | undefined, field: FieldDefinition | undefined): unknown {
  if (value === null || value === undefined) return undefined;
  if (field?.type === 'integer' && typeof value === 'number') return BigInt(value);
  if (field?.type === 'money') return moneyOf(value, field.currency ?? '');
  return value;
}

function celFields(values: Record<string, ScalarValue>, fields: Record<string, FieldDefinition>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) {
    const value = celValue(v, fields[k]);
    if (value !== undefined && fields[k]) out[k] = value;
  }
  return out;
}

/** A derived value as answered: a number, a string, a boolean, or an amount `{ amount: "1234.50", currency }` (exact). */
export type DerivedValue = ScalarValue | { amount: string; currency: string };

/** JSON of a CEL result: BigInt as a number, money as its exact amount and currency. */
const jsonValue = (v: unknown): DerivedValue | null => (typeof v === 'bigint' ? Number(v) : v instanceof Money ? v.toJSON() : (v as ScalarValue));

function contextOf(def: TemplateDefinition, state: ClusterState, now: string): Record<string, unknown> {
  const indicators: Record<string, number> = {};
  for (const id of Object.keys(def.indicators)) {
    const value = indicatorAggregate(def, state, id);
    if (value !== null) indicators[id] = value;
  }
  const artefacts: Record<string, unknown> = {};
  // The newest artefact of each type (the latest version's fields).
  for (const a of state.artefacts) {
    const type = def.artefacts[a.type];
    if (type) artefacts[a.type] = celFields(a.versions[a.versions.length - 1].fields, type.fields);
  }
  // Not through readiness.ts (which imports this module): the current visit, suspension excluded.
  const visit = state.visits[state.visits.length - 1];
  const suspended = visit.suspendedMs + (state.suspension ? Math.max(0, msOf(now) - msOf(state.suspension.since)) : 0);
  const days = (msOf(now) - msOf(visit.enteredAt) - suspended) / DAY_MS;
  return {
    attributes: celFields(state.attributes, def.attributes),
    score: scoreOf(def, state.scores),
    indicators,
    artefacts,
    phase: state.phase,
    daysInPhase: days,
  };
}

const reasonOf = (e: unknown) => String(e instanceof Error ? e.message : e).split('\n')[0];

/** The derived values, in template order; one that cannot be computed is null (its reason in `errors`). */
export function derivedValues(def: TemplateDefinition, state: ClusterState, now: string): { values: Record<string, DerivedValue | null>; errors: Record<string, string> } {
  const values: Record<string, DerivedValue | null> = {};
  const errors: Record<string, string> = {};
  if (!def.derived?.length) return { values, errors };
  const c = compile(def);
  const context = contextOf(def, state, now);
  const known: Record<string, unknown> = {};
  context.derived = known;
  for (const d of c.derived) {
    values[d.id] = null;
    if (!d.program) {
      errors[d.id] = 'the expression does not check against this template';
      continue;
    }
    try {
      const v = d.program(context);
      known[d.id] = v;
      values[d.id] = jsonValue(v);
    } catch (e) {
      errors[d.id] = reasonOf(e);
    }
  }
  return { values, errors };
}

/** Evaluates checks against the cluster: each is true, false, or an error's reason. */
export function evaluateChecks(def: TemplateDefinition, state: ClusterState, exprs: readonly string[], now: string): (true | false | { error: string })[] {
  const c = compile(def);
  const context = contextOf(def, state, now);
  const known: Record<string, unknown> = {};
  for (const d of c.derived) {
    if (!d.program) continue;
    context.derived = known;
    try {
      known[d.id] = d.program(context);
    } catch {
      // Left out: a check using it fails with "No such key".
    }
  }
  context.derived = known;
  return exprs.map((expr) => {
    let program = c.programs.get(expr);
    if (program === undefined) {
      try {
        program = c.env.parse(expr);
      } catch {
        program = null;
      }
      c.programs.set(expr, program);
    }
    if (!program) return { error: 'the expression does not parse' };
    try {
      const v = program(context);
      return v === true ? true : v === false ? false : { error: `the expression gave ${String(v)}, not true or false` };
    } catch (e) {
      return { error: reasonOf(e) };
    }
  });
}
