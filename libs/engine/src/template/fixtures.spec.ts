import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { loadTemplate } from './loader';
import type { Problem } from './types';

/**
 * Every file under test/fixtures/templates states what it must produce:
 * `# expect: <path> @ <line>` for each error (not-ok/) and `# warn: <path> @ <line>` for
 * each warning (ok/), optionally `@ <line>:<column>` to pin the column too. The lists must
 * match exactly.
 */
const FIXTURES = join(__dirname, '../../../../test/fixtures/templates');

const yamlFiles = (dir: string) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith('.yaml'))
    .sort();

function expectations(text: string, tag: 'expect' | 'warn'): string[] {
  const pattern = new RegExp(`^#\\s*${tag}:\\s*(\\S*)\\s*@\\s*(\\d+|null)(:\\d+)?\\s*$`);
  return text
    .split('\n')
    .map((line) => pattern.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} @ ${m[2]}${m[3] ?? ''}`)
    .sort();
}

/** `path @ line`, or `path @ line:column` where the fixture states the column. */
const located = (problems: Problem[], stated: string[] = []) =>
  problems
    .map((p) => {
      const withColumn = `${p.path} @ ${p.line}:${p.column}`;
      return stated.includes(withColumn) ? withColumn : `${p.path} @ ${p.line}`;
    })
    .sort();

describe('not-ok template fixtures', () => {
  const files = yamlFiles('not-ok');

  it('cover the spec with at least 45 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(45);
  });

  it.each(files)('%s is rejected with exactly the stated problems', (file) => {
    const text = readFileSync(join(FIXTURES, 'not-ok', file), 'utf8');
    const expected = expectations(text, 'expect');
    expect(expected.length).toBeGreaterThan(0);
    const result = loadTemplate(text);
    expect(result.template).toBeNull();
    expect(located(result.errors, expected)).toEqual(expected);
    for (const problem of result.errors) {
      expect(problem.message).toMatch(/\S/);
      expect(problem.column === null || problem.column >= 1).toBe(true);
    }
  });
});

describe('ok template fixtures', () => {
  it.each(yamlFiles('ok'))('%s loads, with exactly the stated warnings', (file) => {
    const text = readFileSync(join(FIXTURES, 'ok', file), 'utf8');
    const result = loadTemplate(text);
    expect(result.errors).toEqual([]);
    expect(result.template).not.toBeNull();
    const warned = expectations(text, 'warn');
    expect(located(result.warnings, warned)).toEqual(warned);
  });

  it.each(yamlFiles('ok'))('%s loads the same from UTF-8 bytes', (file) => {
    const bytes = readFileSync(join(FIXTURES, 'ok', file));
    expect(loadTemplate(new Uint8Array(bytes))).toEqual(loadTemplate(bytes.toString('utf8')));
  });
});
