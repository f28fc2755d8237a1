import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Checks of the console's sources that need no browser: generated types and translations. */
const CONSOLE = join(__dirname, '../../apps/console');

function flatten(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) => (v && typeof v === 'object' ? flatten(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'gql' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

describe('the console sources', () => {
  it('have their typed GraphQL documents generated from the committed schema.gql (no drift)', () => {
    const run = spawnSync(process.execPath, [join(CONSOLE, 'scripts/codegen.cjs'), '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);

  it('have English and French complete: the same keys, none empty', () => {
    const en = flatten(JSON.parse(readFileSync(join(CONSOLE, 'src/i18n/en.json'), 'utf8')));
    const fr = flatten(JSON.parse(readFileSync(join(CONSOLE, 'src/i18n/fr.json'), 'utf8')));
    expect(fr.sort()).toEqual(en.sort());
    const frValues = JSON.stringify(JSON.parse(readFileSync(join(CONSOLE, 'src/i18n/fr.json'), 'utf8')));
    expect(frValues).not.toMatch(/:""/);
  });

  it('translate every literal key the components use', () => {
    const en = new Set(flatten(JSON.parse(readFileSync(join(CONSOLE, 'src/i18n/en.json'), 'utf8'))));
    const plural = (key: string) => en.has(key) || en.has(`${key}_one`) || en.has(`${key}_other`);
    const missing: string[] = [];
    for (const file of sourceFiles(join(CONSOLE, 'src'))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([\w.]+)'/g)) if (!plural(m[1])) missing.push(`${m[1]} (${file.slice(CONSOLE.length + 1)})`);
      for (const m of readFileSync(file, 'utf8').matchAll(/label: '([\w]+\.[\w.]+)'/g)) if (!plural(m[1])) missing.push(`${m[1]} (${file.slice(CONSOLE.length + 1)})`);
    }
    expect(missing).toEqual([]);
  });
});
