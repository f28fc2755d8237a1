import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const OUT = join(__dirname, 'gql');
const ROOT = join(__dirname, '../..');

/** GraphQL Code Generator run as `npm run codegen:integrator` runs it, in its own process, answering the files instead of writing them. */
const REGENERATE = `
const { generate } = require('@graphql-codegen/cli');
generate(require(${JSON.stringify(join(__dirname, 'codegen.config.js'))}), false)
  .then((files) => process.stdout.write(JSON.stringify(files.map((f) => ({ filename: f.filename, content: f.content })))))
  .catch((e) => { console.error(e); process.exit(1); });
`;

describe('the integrator client\'s generated types (test/integrator/gql)', () => {
  it('are what GraphQL Code Generator makes of schema.gql and operations.ts (run `npm run codegen:integrator` when this fails)', () => {
    const run = spawnSync(process.execPath, ['-e', REGENERATE], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files: { filename: string; content: string }[] = JSON.parse(run.stdout);
    expect(files.map((f) => basename(f.filename)).sort()).toEqual(readdirSync(OUT).sort());
    for (const file of files) expect(readFileSync(join(OUT, basename(file.filename)), 'utf8')).toBe(file.content);
  }, 60_000);
});
