import type { LoadResult } from '../../libs/engine/src/template/types';

/**
 * The template loader's contract, whatever the input: no template without an error, no error
 * with a template, and every problem with a path, a message and a 1-based line and column (or
 * none). The loader's specs and its property tests check every result against it.
 */
export function expectWellFormed(result: LoadResult): void {
  if (result.template === null) expect(result.errors.length).toBeGreaterThan(0);
  else expect(result.errors).toEqual([]);
  for (const p of [...result.errors, ...result.warnings]) {
    expect(typeof p.path).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
    expect(p.line === null || (Number.isInteger(p.line) && p.line >= 1)).toBe(true);
    expect(p.column === null || (Number.isInteger(p.column) && p.column >= 1)).toBe(true);
  }
}
