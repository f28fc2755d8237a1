export interface Command {
  /** Words that select it, e.g. ['demo', 'tokens']. */
  words: string[];
  usage: string;
  summary: string;
  /** Returns the exit code: 0 ok, 1 a check failed. */
  run(args: string[]): Promise<number>;
}

/** Wrong arguments: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** A command that cannot run here (no tables, no such agency): its message alone, one line, exit code 2. */
export class CommandFailure extends Error {}
