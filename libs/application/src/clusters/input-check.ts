import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { badInput, DomainError, ErrorCode } from '@clusterflow/engine';

export interface InputProblem {
  path: string;
  message: string;
}

/** class-validator's findings on one GraphQL input, flattened to `path: message`. */
export function inputProblems<T extends object>(cls: ClassConstructor<T>, value: unknown, root: string): InputProblem[] {
  if (value === null || value === undefined) return [];
  const errors = validateSync(plainToInstance(cls, value) as object, { forbidUnknownValues: false });
  return flatten(errors, root);
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
  const refusal = badInput(`${problems[0].path}: ${problems[0].message}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
    problems,
  });
  try {
    decide();
  } catch (e) {
    if (e instanceof DomainError && e.code !== ErrorCode.BAD_USER_INPUT && e.code !== ErrorCode.GATE_NOT_READY) throw e;
  }
  throw refusal;
}
