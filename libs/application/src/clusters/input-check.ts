import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { badInput, DomainError, ErrorCode } from '@clusterflow/engine';

export interface InputProblem {
  path: string;
  message: string;
}

/**
 * class-validator's findings on one GraphQL input, flattened to `path: message`. A property
 * holding a mapping is a `JSON` scalar (no input type here nests an input object outside a
 * list): it is checked as an object only, and class-transformer never walks into it (it
 * overflows the stack on deep nesting, and crashes on a `constructor` key).
 */
export function inputProblems<T extends object>(cls: ClassConstructor<T>, value: unknown, root: string): InputProblem[] {
  if (value === null || value === undefined) return [];
  const shallow = isMapping(value) ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isMapping(v) ? {} : v])) : value;
  const errors = validateSync(plainToInstance(cls, shallow) as object, { forbidUnknownValues: false });
  return flatten(errors, root);
}

const isMapping = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/** BAD_USER_INPUT naming the first problem (and how many more), with every problem in `extensions.problems`. */
export function refuseInput(problems: readonly InputProblem[]): DomainError {
  return badInput(`${problems[0].path}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, { problems });
}

/** Throws BAD_USER_INPUT when the input has problems (for queries, which have no other check to answer first). */
export function checkInput<T extends object>(cls: ClassConstructor<T>, value: unknown, root: string): void {
  const problems = inputProblems(cls, value, root);
  if (problems.length) throw refuseInput(problems);
}

function flatten(errors: ValidationError[], prefix: string): InputProblem[] {
  return errors.flatMap((e) => {
    const path = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : `${prefix}.${e.property}`;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ path, message }));
    return [...own, ...flatten(e.children ?? [], path)];
  });
}

/**
 * Decides a command so that input-format problems answer in the contract's order: after
 * NOT_FOUND, FORBIDDEN, FINAL_PHASE / SUSPENDED and CONFLICT (which the engine decides),
 * before the engine's own BAD_USER_INPUT and GATE_NOT_READY. Nothing is recorded when
 * there are problems, since this throws before anything is written.
 */
export function decideChecked<T>(problems: readonly InputProblem[], decide: () => T): T {
  if (!problems.length) return decide();
  const refusal = refuseInput(problems);
  try {
    decide();
  } catch (e) {
    if (e instanceof DomainError && e.code !== ErrorCode.BAD_USER_INPUT && e.code !== ErrorCode.GATE_NOT_READY) throw e;
  }
  throw refusal;
}
