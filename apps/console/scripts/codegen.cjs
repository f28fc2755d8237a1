#!/usr/bin/env node
// Typed GraphQL documents for the console, generated from the committed schema.gql by
// GraphQL Code Generator's client preset into src/gql/ (committed). `--check` generates
// into memory and fails when the committed files differ (schema or operations changed
// without regenerating).
const fs = require('node:fs');
const path = require('node:path');
const { generate } = require('@graphql-codegen/cli');

const consoleDir = path.resolve(__dirname, '..');
const root = path.resolve(consoleDir, '../..');
const outDir = path.join(consoleDir, 'src/gql');

const config = {
  // CONSOLE_SCHEMA: generate against a schema not yet on main (development only; the check uses schema.gql).
  schema: process.env.CONSOLE_SCHEMA ?? path.join(root, 'schema.gql'),
  documents: [path.join(consoleDir, 'src/**/*.{ts,tsx}'), `!${path.join(outDir, '**')}`],
  ignoreNoDocuments: false,
  silent: true,
  generates: {
    [`${outDir}/`]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        scalars: { DateTime: 'string', JSON: 'any' },
      },
    },
  },
};

async function main() {
  const check = process.argv.includes('--check');
  const files = await generate(config, !check);
  if (!check) {
    process.stderr.write(`generated ${files.length} files into ${path.relative(root, outDir)}\n`);
    return;
  }
  const stale = files.filter((f) => !fs.existsSync(f.filename) || fs.readFileSync(f.filename, 'utf8') !== f.content);
  const expected = new Set(files.map((f) => path.resolve(f.filename)));
  const extra = fs.existsSync(outDir) ? fs.readdirSync(outDir).map((f) => path.join(outDir, f)).filter((f) => !expected.has(f)) : [];
  if (stale.length || extra.length) {
    process.stderr.write(
      `The console's generated GraphQL types are out of date (${[...stale.map((f) => f.filename), ...extra].map((f) => path.relative(root, f)).join(', ')}).\n` +
        'Run `npm run console:codegen` and commit src/gql/.\n',
    );
    process.exit(1);
  }
}

main().catch((e) => {
  process.stderr.write(`${e.message ?? e}\n`);
  process.exit(1);
});
