import { badInput } from '../errors';
import type { FieldDefinition, ScalarValue } from '../template/types';
import { compareDecimals, decimalOf, moneyText } from '../template/money';
import { isNumericType, valueMismatch } from '../template/value-types';
import { own } from '../own';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a text cannot be stored as given (PostgreSQL text and JSON refuse NUL characters and
 * unpaired surrogates), or null when it can.
 */
export function unstorableText(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(text)) return 'is not valid Unicode text (an unpaired surrogate)';
  return null;
}

export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * Checks typed facts (cluster attributes, artefact metadata) against their declarations and
 * returns them clean; throws BAD_USER_INPUT naming every problem with its path. A null value
 * counts as absent.
 */
export function checkFields(
  defs: Record<string, FieldDefinition>,
  input: unknown,
  path: string,
): Record<string, ScalarValue> {
  const given = input ?? {};
  if (typeof given !== 'object' || Array.isArray(given)) {
    throw badInput(`${path} must be an object of named values`, { problems: [{ path, message: 'must be an object' }] });
  }
  const problems: FieldProblem[] = [];
  const clean: Record<string, ScalarValue> = {};
  const declared = Object.keys(defs);
  for (const [key, value] of Object.entries(given as Record<string, unknown>)) {
    const def = own(defs, key);
    const at = `${path}.${key}`;
    if (!def) {
      problems.push({
        path: at,
        message: `is not declared by the template (${declared.length ? `declared: ${declared.join(', ')}` : 'it declares none'})`,
      });
      continue;
    }
    if (value === null || value === undefined) continue;
    const mismatch = valueMismatch(value, def.type, def.values) ?? (typeof value === 'string' ? unstorableText(value) : null);
    if (mismatch) {
      problems.push({ path: at, message: mismatch });
      continue;
    }
    if (def.type === 'money') {
      // Stored exactly, as a decimal string with two decimals; bounds compared as decimals.
      const text = moneyText(value)!;
      const amount = decimalOf(text)!;
      if (def.min !== undefined && compareDecimals(amount, decimalOf(def.min)!) < 0) problems.push({ path: at, message: `must be at least ${def.min} ${def.currency}` });
      else if (def.max !== undefined && compareDecimals(amount, decimalOf(def.max)!) > 0) problems.push({ path: at, message: `must be at most ${def.max} ${def.currency}` });
      clean[key] = text;
      continue;
    }
    if (isNumericType(def.type)) {
      const n = value as number;
      if (def.min !== undefined && n < def.min) problems.push({ path: at, message: `must be at least ${def.min}` });
      else if (def.max !== undefined && n > def.max) problems.push({ path: at, message: `must be at most ${def.max}` });
    }
    clean[key] = value as ScalarValue;
  }
  for (const def of Object.values(defs)) {
    if (def.required && clean[def.id] === undefined && !problems.some((p) => p.path === `${path}.${def.id}`)) {
      problems.push({ path: `${path}.${def.id}`, message: 'is required' });
    }
  }
  if (problems.length) {
    const [first] = problems;
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw badInput(`${first.path} ${first.message}${more}`, { problems });
  }
  return clean;
}
