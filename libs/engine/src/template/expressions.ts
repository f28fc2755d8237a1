/**
 * Template language version 2 expressions: CEL (`derived` values and `checks[].expr`),
 * through @marcbachmann/cel-js. Type-checked against the template's declarations when the
 * template is loaded (a problem points inside the expression); evaluated on a cluster's
 * snapshot, where an error is a reason, never a crash.
 *
 * Bounds: an expression is at most MAX_EXPRESSION_LENGTH characters and CEL_LIMITS nodes
 * deep and wide (checked when parsing), and comprehensions (`all`, `exists`, `exists_one`,
 * `map`, `filter`) may not be nested; no variable is a list, so every comprehension runs over
 * a list literal of at most CEL_LIMITS.maxListElements elements and evaluation is linear in
 * the expression's size.
 */
import { Environment } from './cel';
import { registerMoney } from './cel-money';
import { CEL_LIMITS, MAX_EXPRESSION_LENGTH } from './expression-limits';
import { isRecord } from './semantic-checks';
import type { TemplatePath } from './template-path';
import type { ValueType as FieldType } from './types';

const COMPREHENSIONS = new Set(['all', 'exists', 'exists_one', 'map', 'filter']);

type Raw = Record<string, unknown>;

/** The CEL type of a declared attribute or field type (`date` is an ISO 8601 string). */
const CEL_TYPE: Record<FieldType, string> = { string: 'string', integer: 'int', number: 'double', boolean: 'bool', date: 'string', money: 'money' };

/** What expressions may name, read from the template's declarations (raw data: loading and running share it). */
export interface ExpressionScope {
  attributes: Record<string, FieldType>;
  artefacts: Record<string, Record<string, FieldType>>;
  indicators: string[];
  /** Derived ids with their CEL types, in template order. */
  derived: [string, string][];
}

const fieldTypes = (raw: unknown): Record<string, FieldType> => {
  const out: Record<string, FieldType> = {};
  if (!isRecord(raw)) return out;
  for (const [id, f] of Object.entries(raw)) {
    const type = isRecord(f) ? f.type : undefined;
    if (typeof type === 'string' && type in CEL_TYPE) out[id] = type as FieldType;
  }
  return out;
};

export function scopeOf(data: Raw): Omit<ExpressionScope, 'derived'> {
  const artefacts: Record<string, Record<string, FieldType>> = {};
  if (isRecord(data.artefacts)) for (const [id, a] of Object.entries(data.artefacts)) artefacts[id] = fieldTypes(isRecord(a) ? a.fields : undefined);
  return {
    attributes: fieldTypes(data.attributes),
    artefacts,
    indicators: isRecord(data.indicators) ? Object.keys(data.indicators) : [],
  };
}

const schemaOf = (fields: Record<string, FieldType>) => Object.fromEntries(Object.entries(fields).map(([id, t]) => [id, CEL_TYPE[t]]));

/** An environment declaring the variables of the spec: attributes, derived (those given), score, indicators, artefacts, phase, daysInPhase. */
export function environmentOf(scope: ExpressionScope): Environment {
  const env = new Environment({ limits: CEL_LIMITS, homogeneousAggregateLiterals: false });
  // The money type and its operators only where amounts exist (they cost every environment some 60 overloads).
  const money =
    Object.values(scope.attributes).includes('money') || Object.values(scope.artefacts).some((f) => Object.values(f).includes('money'));
  if (money) registerMoney(env);
  env.registerVariable({ name: 'attributes', schema: schemaOf(scope.attributes) });
  env.registerVariable({ name: 'derived', schema: Object.fromEntries(scope.derived) });
  env.registerVariable('score', 'double');
  env.registerVariable({ name: 'indicators', schema: Object.fromEntries(scope.indicators.map((id) => [id, 'double'])) });
  env.registerVariable({ name: 'artefacts', schema: Object.fromEntries(Object.entries(scope.artefacts).map(([id, f]) => [id, schemaOf(f)])) });
  env.registerVariable('phase', 'string');
  env.registerVariable('daysInPhase', 'double');
  return env;
}

/** A problem found in an expression: where (offset in the expression text) and what. */
export interface ExpressionProblem {
  offset: number;
  message: string;
}

interface AstNode {
  op: string;
  args: unknown;
  start?: number;
}

/** The first comprehension inside another, or null. */
function nestedComprehension(node: unknown, inside: boolean): AstNode | null {
  if (Array.isArray(node)) {
    for (const n of node) {
      const found = nestedComprehension(n, inside);
      if (found) return found;
    }
    return null;
  }
  if (!node || typeof node !== 'object' || typeof (node as AstNode).op !== 'string') return null;
  const n = node as AstNode;
  const isComprehension = (n.op === 'rcall' || n.op === 'call') && Array.isArray(n.args) && COMPREHENSIONS.has(n.args[0] as string);
  if (isComprehension && inside) return n;
  return nestedComprehension(n.args, inside || isComprehension);
}

/** Type-checks one expression; returns its CEL type, or the problem. */
export function checkExpression(env: Environment, expr: string, expected: 'bool' | null): { type: string } | ExpressionProblem {
  if (expr.trim() === '') return { offset: 0, message: 'the expression is empty' };
  if (expr.length > MAX_EXPRESSION_LENGTH) return { offset: 0, message: `the expression has ${expr.length} characters; at most ${MAX_EXPRESSION_LENGTH} are allowed` };
  let result: ReturnType<Environment['check']>;
  try {
    result = env.check(expr);
  } catch (e) {
    return { offset: 0, message: `not a valid CEL expression: ${firstLine(e)}` };
  }
  if (!result.valid) {
    const error = result.error as { range?: { start: number }; message: string; constructor: { name: string } } | undefined;
    const kind = error?.constructor.name === 'ParseError' ? 'CEL syntax error' : 'CEL type error';
    return { offset: error?.range?.start ?? 0, message: `${kind}: ${firstLine(error)}` };
  }
  try {
    const nested = nestedComprehension(env.parse(expr).ast, false);
    if (nested) return { offset: nested.start ?? 0, message: 'comprehensions (all, exists, exists_one, map, filter) may not be nested: evaluation must stay linear' };
  } catch (e) {
    return { offset: 0, message: `not a valid CEL expression: ${firstLine(e)}` };
  }
  const type = String(result.type);
  if (expected === 'bool' && type !== 'bool') return { offset: 0, message: `a check must be true or false (CEL bool); this expression is ${type}` };
  if (expected === null && !['bool', 'int', 'double', 'string', 'money'].includes(type)) {
    return { offset: 0, message: `a derived value must be a number, an amount of money, a string or a boolean; this expression is ${type}` };
  }
  return { type };
}

const firstLine = (e: unknown) => {
  const message = e instanceof Error || (e && typeof e === 'object' && 'message' in e) ? String((e as { message: unknown }).message) : String(e);
  return message.split('\n')[0];
};

/** Expression problems of a template as located issues (path to the string, offset inside it). */
export interface ExpressionIssue {
  path: TemplatePath;
  offset: number;
  message: string;
}

/** Checks `derived` and every `checks[].expr` of gates and milestones against the declarations. */
export function checkTemplateExpressions(data: Raw): ExpressionIssue[] {
  const issues: ExpressionIssue[] = [];
  const base = scopeOf(data);
  const derived: [string, string][] = [];
  if (isRecord(data.derived)) {
    for (const [id, expr] of Object.entries(data.derived)) {
      if (typeof expr !== 'string') continue;
      // A derived value may use the ones declared before it (so there are no cycles).
      const r = checkExpression(environmentOf({ ...base, derived }), expr, null);
      if ('type' in r) derived.push([id, r.type]);
      else issues.push({ path: ['derived', id], offset: r.offset, message: r.message });
    }
  }
  const env = environmentOf({ ...base, derived });
  const checksOf = (requires: unknown, path: TemplatePath) => {
    const checks = isRecord(requires) ? requires.checks : undefined;
    if (!Array.isArray(checks)) return;
    checks.forEach((c, i) => {
      if (!isRecord(c) || typeof c.expr !== 'string') return;
      const r = checkExpression(env, c.expr, 'bool');
      if (!('type' in r)) issues.push({ path: [...path, 'checks', i, 'expr'], offset: r.offset, message: r.message });
    });
  };
  if (Array.isArray(data.gates)) data.gates.forEach((g, i) => isRecord(g) && checksOf(g.requires, ['gates', i, 'requires']));
  if (isRecord(data.phases)) {
    for (const [pid, p] of Object.entries(data.phases)) {
      const ms = isRecord(p) ? p.milestones : undefined;
      if (isRecord(ms)) for (const [mid, m] of Object.entries(ms)) if (isRecord(m)) checksOf(m.requires, ['phases', pid, 'milestones', mid, 'requires']);
    }
  }
  return issues;
}
