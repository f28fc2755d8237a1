import Ajv2020, { type ErrorObject } from 'ajv/dist/2020';
import { programmeTemplateSchema } from './template-schema';
import type { PathSegment, TemplatePath } from './template-path';
import type { NodeTarget } from './yaml-source';

/** A schema violation before it is given a position in the source. */
export interface LocatedIssue {
  path: TemplatePath;
  target: NodeTarget;
  message: string;
}

/** Keywords for editors that ajv does not know: declared, so that strict mode accepts them. */
export const EDITOR_KEYWORDS = ['patternErrorMessage'];

const ajv = new Ajv2020({ allErrors: true, verbose: true, allowUnionTypes: true, strict: true, keywords: EDITOR_KEYWORDS });
const validate = ajv.compile(programmeTemplateSchema);

/** Validates parsed template data against the JSON Schema; plain-sentence messages. */
export function validateShape(data: unknown): LocatedIssue[] {
  if (validate(data)) return [];
  const issues: LocatedIssue[] = [];
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    const issue = translate(error, data);
    if (!issue) continue;
    const id = JSON.stringify([issue.path, issue.message]);
    if (seen.has(id)) continue;
    seen.add(id);
    issues.push(issue);
  }
  return issues;
}

function translate(error: ErrorObject, root: unknown): LocatedIssue | null {
  const path = pointerToPath(error.instancePath, root);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;

  if (error.propertyName !== undefined) {
    // A key that fails `propertyNames` (ids of phases, roles, ...).
    return { path: [...path, error.propertyName], target: 'key', message: patternMessage(parent, error.propertyName, 'id') };
  }
  switch (error.keyword) {
    case 'propertyNames':
      return null; // reported through the inner error, which carries the property name
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties as object | undefined) ?? {});
      const where = path.length === 0 ? 'unknown top-level key' : 'unknown key';
      const extension = parent.patternProperties ? ' or an `x-` extension key' : '';
      return { path: [...path, key], target: 'key', message: `${where} \`${key}\` (allowed: ${allowed.join(', ')}${extension})` };
    }
    case 'required': {
      const key = String(params.missingProperty);
      return { path: [...path, key], target: 'key', message: `\`${key}\` is required here` };
    }
    case 'type':
      return { path, target: 'value', message: `must be ${typePhrase(params.type)}, not ${describeType(error.data)}` };
    case 'pattern':
      return { path, target: 'value', message: patternMessage(parent, error.data, 'value') };
    case 'enum': {
      const options = (params.allowedValues as unknown[]).map((v) => `\`${String(v)}\``).join(', ');
      return { path, target: 'value', message: `must be one of ${options}, not ${show(error.data)}` };
    }
    case 'minimum':
      return {
        path,
        target: 'value',
        message: params.limit === 1 && parent.type === 'integer' ? `must be a positive integer (1 or more), not ${show(error.data)}` : `must be at least ${String(params.limit)}, not ${show(error.data)}`,
      };
    case 'maximum':
      return { path, target: 'value', message: `must be at most ${String(params.limit)}, not ${show(error.data)}` };
    case 'exclusiveMinimum':
      return { path, target: 'value', message: `must be greater than ${String(params.limit)} (positive), not ${show(error.data)}` };
    case 'minProperties':
      return { path, target: 'value', message: path.length === 1 && path[0] === 'phases' ? 'must declare at least one phase' : 'must not be empty' };
    case 'maxItems':
      return { path, target: 'value', message: `lists ${(error.data as unknown[]).length} entries; at most ${String(params.limit)} are allowed here` };
    case 'maxProperties':
      return { path, target: 'value', message: `has ${Object.keys(error.data as object).length} entries; at most ${String(params.limit)} are allowed here` };
    case 'minItems':
    case 'minLength':
      return { path, target: 'value', message: 'must not be empty' };
    case 'uniqueItems': {
      const index = Math.max(Number(params.i), Number(params.j));
      const items = error.data as unknown[];
      return { path: [...path, index], target: 'value', message: `${show(items[index])} is listed twice` };
    }
    default:
      return { path, target: 'value', message: error.message ?? 'is not valid' };
  }
}

/** The schema's own words for the pattern (`patternErrorMessage`, as editors show it), after the value. */
function patternMessage(schema: Record<string, unknown>, value: unknown, what: 'id' | 'value'): string {
  const shown = show(value);
  const words = schema.patternErrorMessage;
  if (typeof words === 'string') return `${shown}: ${words[0].toLowerCase()}${words.slice(1).replace(/\.$/, '')}`;
  return what === 'id' ? `${shown} is not an allowed name` : `${shown} is not in the expected format`;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'empty',
};

function typePhrase(type: unknown): string {
  const types = Array.isArray(type) ? type : String(type).split(',');
  return types.map((t) => TYPE_WORDS[String(t)] ?? String(t)).join(' or ');
}

function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number') return Number.isInteger(value) ? `the number ${value}` : `the number ${value}`;
  if (typeof value === 'boolean') return `\`${value}\``;
  return `the string ${JSON.stringify(value)}`;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'object') return Array.isArray(value) ? 'a list' : 'a mapping';
  return `\`${String(value)}\``;
}

/** `/gates/3/requires` → ['gates', 3, 'requires'], numbers only where the data is a list. */
function pointerToPath(pointer: string, root: unknown): PathSegment[] {
  if (pointer === '') return [];
  const path: PathSegment[] = [];
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      const index = Number(token);
      path.push(index);
      node = node[index];
    } else {
      path.push(token);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[token] : undefined;
    }
  }
  return path;
}
