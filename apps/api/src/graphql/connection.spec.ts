import { DomainError, ErrorCode } from '@clusterflow/engine';
import { checkFirst, connectionOf, MAX_FIRST } from './connection';

describe('connectionOf', () => {
  const rows = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  const cursorOf = (row: { id: string }) => `cursor:${row.id}`;

  it('makes an edge per row, in order, with its cursor', () => {
    const c = connectionOf(rows, cursorOf, true, false, 10);
    expect(c.edges).toEqual([
      { node: rows[0], cursor: 'cursor:a' },
      { node: rows[1], cursor: 'cursor:b' },
      { node: rows[2], cursor: 'cursor:c' },
    ]);
    expect(c.edges[0].node).toBe(rows[0]);
  });

  it('takes the page cursors from the first and last rows and passes the flags and count through', () => {
    expect(connectionOf(rows, cursorOf, true, false, 10)).toMatchObject({
      pageInfo: { hasNextPage: true, hasPreviousPage: false, startCursor: 'cursor:a', endCursor: 'cursor:c' },
      totalCount: 10,
    });
    expect(connectionOf(rows, cursorOf, false, true).pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: 'cursor:a', endCursor: 'cursor:c' });
  });

  it('has the same start and end cursor for one row', () => {
    expect(connectionOf([rows[1]], cursorOf, false, false, 1).pageInfo).toMatchObject({ startCursor: 'cursor:b', endCursor: 'cursor:b' });
  });

  it('answers an empty page with null cursors', () => {
    expect(connectionOf([], cursorOf, false, false, 0)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
      totalCount: 0,
    });
  });

  it('leaves totalCount undefined when not given', () => {
    expect(connectionOf(rows, cursorOf, false, false).totalCount).toBeUndefined();
  });

  it('keeps a zero totalCount', () => {
    expect(connectionOf([], cursorOf, false, false, 0).totalCount).toBe(0);
  });
});

describe('checkFirst', () => {
  it('accepts 1 to 500 and returns it', () => {
    expect(MAX_FIRST).toBe(500);
    for (const n of [1, 2, 50, 100, 499, 500]) expect(checkFirst(n)).toBe(n);
  });

  it.each([0, -1, 501, 1000, Number.MAX_SAFE_INTEGER, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('answers %p with BAD_USER_INPUT', (n) => {
    let caught: unknown;
    try {
      checkFirst(n);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DomainError);
    expect((caught as DomainError).code).toBe(ErrorCode.BAD_USER_INPUT);
    expect((caught as DomainError).message).toContain('500');
  });
});
