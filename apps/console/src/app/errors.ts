import { CombinedGraphQLErrors } from '@apollo/client/errors';

export interface Problem {
  path: string;
  message: string;
}

export interface ErrorDetails {
  message: string;
  code?: string;
  /** Field problems the server named (extensions.problems), by path such as `fields.firms_surveyed`. */
  problems: Problem[];
  /** Requirements still missing (extensions.unmet of GATE_NOT_READY). */
  unmet: { detail: string }[];
}

/** What went wrong, in the server's words, from any error a query or mutation throws. */
export function errorDetails(e: unknown): ErrorDetails {
  if (CombinedGraphQLErrors.is(e)) {
    const first = e.errors[0];
    const ext = (first?.extensions ?? {}) as { code?: string; problems?: Problem[]; unmet?: { detail: string }[] };
    // Input validation names the field at the start of its message ("input.userId must not be empty"):
    // taken as that field's problem when the server gave no list of problems.
    const named = e.errors.flatMap((x) => {
      const m = /^input\.([\w.[\]]+) (.+)$/.exec(x.message);
      return m ? [{ path: m[1], message: m[2] }] : [];
    });
    return {
      message: e.errors.map((x) => x.message).join('; '),
      code: ext.code,
      problems: Array.isArray(ext.problems) ? ext.problems : ext.code === 'BAD_USER_INPUT' ? named : [],
      unmet: Array.isArray(ext.unmet) ? ext.unmet : [],
    };
  }
  return { message: (e as Error)?.message ?? String(e), problems: [], unmet: [] };
}

/** The problem the server named for one field (its path ends with `.field` or is `field`). */
export function problemFor(problems: Problem[], field: string): string | undefined {
  return problems.find((p) => p.path === field || p.path.endsWith(`.${field}`))?.message;
}
