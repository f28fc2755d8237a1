import { badInput } from '@clusterflow/engine';

/** Largest page a list answers (`first`); the contract's limit. */
export const MAX_FIRST = 500;

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  /** Absent for connections without a count (e.g. the audit trail). */
  totalCount?: number;
}

/** A Relay connection of one page of rows, in the given order. */
export function connectionOf<T>(
  rows: T[],
  cursorOf: (row: T) => string,
  hasNextPage: boolean,
  hasPreviousPage: boolean,
  totalCount?: number,
): Connection<T> {
  const edges = rows.map((node) => ({ node, cursor: cursorOf(node) }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges.length ? edges[0].cursor : null,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
    totalCount,
  };
}

/** The page size asked for, when it is 1..MAX_FIRST; anything else is BAD_USER_INPUT. */
export function checkFirst(first: number): number {
  if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST) {
    throw badInput(`first must be between 1 and ${MAX_FIRST}, not ${first}`, { argument: 'first' });
  }
  return first;
}
