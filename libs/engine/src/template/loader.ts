import { validateShape, type LocatedIssue } from './schema-validation';
import { checkSemantics, isRecord } from './semantic-checks';
import { formatPath } from './template-path';
import { normalizeTemplate } from './normalize';
import { checkTemplateExpressions } from './expressions';
import type { LoadResult, Problem, TemplateDefinition } from './types';
import { decodeSource, listProblems, parseYaml, type ParsedSource } from './yaml-source';
import { own } from '../own';

/**
 * Loads a programme template from YAML text or UTF-8 bytes. Never throws: every problem
 * is returned, each with a spec-style path and a 1-based line and column. `template` is
 * set exactly when `errors` is empty.
 */
export function loadTemplate(source: string | Uint8Array): LoadResult {
  try {
    return load(source);
  } catch {
    // Defensive: a bug must not turn a bad template into a crash.
    return reject([{ path: '', line: null, column: null, message: 'the template could not be checked (internal error)' }]);
  }
}

function load(source: string | Uint8Array): LoadResult {
  const decoded = decodeSource(source);
  if (!decoded.ok) return reject(decoded.errors);
  const parsed = parseYaml(decoded.text);
  if (!parsed.ok) return reject(parsed.errors);
  return loadData(parsed.source);
}

function loadData(source: ParsedSource): LoadResult {
  const toProblem = (issue: LocatedIssue): Problem => ({ path: formatPath(issue.path), ...source.locate(issue.path, issue.target), message: issue.message });
  const shapeIssues = validateShape(source.data);
  const semantic = checkSemantics(source.data);
  // Expressions are checked once the shape holds (their declarations are then what they seem).
  const expressionProblems =
    shapeIssues.length === 0 && isRecord(source.data)
      ? checkTemplateExpressions(source.data).map((i): Problem => ({ path: formatPath(i.path), ...source.locateInside(i.path, i.offset), message: i.message }))
      : [];
  const errors = listProblems(sortProblems([...shapeIssues, ...semantic.errors].map(toProblem).concat(expressionProblems)), 'problems', (p) => p);
  const warnings = listProblems(sortProblems(semantic.warnings.map(toProblem)), 'warnings', (p) => p);
  if (errors.length > 0 || !isRecord(source.data)) return { template: null, errors, warnings };
  return { template: normalizeTemplate(source.data), errors, warnings };
}

function reject(errors: Problem[]): LoadResult {
  return { template: null, errors, warnings: [] };
}

/** By position (problems without one first), stable otherwise. */
function sortProblems(problems: Problem[]): Problem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || (a.p.column ?? 0) - (b.p.column ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * Checks a valid template's `migration` section against the published version it names
 * (`previous`; null when that version is not published): the mapped phases must be phases
 * of that version. Warns about each non-final phase of that version that this one neither
 * declares nor maps, since clusters in it could not migrate. Positions come from `source`.
 */
export function checkMigrationSource(
  source: string | Uint8Array,
  template: TemplateDefinition,
  previous: TemplateDefinition | null,
): { errors: Problem[]; warnings: Problem[] } {
  const migration = template.migration;
  if (!migration) return { errors: [], warnings: [] };
  const decoded = decodeSource(source);
  const parsed = decoded.ok ? parseYaml(decoded.text) : null;
  const at = (path: string[], target: 'key' | 'value'): Pick<Problem, 'line' | 'column'> =>
    parsed?.ok ? parsed.source.locate(path, target) : { line: null, column: null };
  const problem = (path: string[], target: 'key' | 'value', message: string): Problem => ({ path: formatPath(path), ...at(path, target), message });
  if (!previous) {
    return { errors: [problem(['migration', 'from'], 'value', `version ${migration.from} of template ${template.key} is not published, so there is nothing to migrate from`)], warnings: [] };
  }
  const oldPhases = previous.phases.map((p) => p.id);
  const errors = Object.keys(migration.phases)
    .filter((old) => !oldPhases.includes(old))
    .map((old) => problem(['migration', 'phases', old], 'key', `${old} is not a phase of version ${previous.version} (its phases: ${oldPhases.join(', ')})`));
  const oldGates = previous.gates.map((g) => g.id);
  for (const old of Object.keys(migration.gates ?? {})) {
    if (!oldGates.includes(old)) {
      errors.push(problem(['migration', 'gates', old], 'key', `${old} is not a gate of version ${previous.version} (its gates: ${oldGates.join(', ') || 'none'})`));
    }
  }
  const declared = new Set(template.phases.map((p) => p.id));
  const stranded = previous.phases.filter((p) => !p.final && !declared.has(p.id) && own(migration.phases, p.id) === undefined).map((p) => p.id);
  const warnings = stranded.length
    ? [problem(['migration'], 'key', `clusters in ${stranded.join(', ')} (phases of version ${previous.version} that this version neither declares nor maps) could not migrate; map them under migration.phases`)]
    : [];
  return { errors, warnings };
}
