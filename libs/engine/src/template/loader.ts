import { validateShape, type LocatedIssue } from './schema-validation';
import { checkSemantics, isRecord } from './semantic-checks';
import { formatPath } from './template-path';
import { normalizeTemplate } from './normalize';
import type { LoadResult, Problem } from './types';
import { decodeSource, parseYaml, type ParsedSource } from './yaml-source';

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
  const errors = sortProblems([...shapeIssues, ...semantic.errors].map(toProblem));
  const warnings = sortProblems(semantic.warnings.map(toProblem));
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
