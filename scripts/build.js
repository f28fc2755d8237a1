#!/usr/bin/env node
// Compiles apps/ and libs/ to dist/ with swc (no type check: `npm run typecheck` does
// that), mirroring the folder layout. Skips the work when nothing changed since the last
// build, so `npm start` builds on a fresh clone and reuses the build afterwards.
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-stamp');
const SOURCE_DIRS = ['apps', 'libs'];

function sources() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  return out.sort();
}

function fingerprint(files) {
  const h = createHash('sha256');
  for (const f of [...files, path.join(root, 'swc.config.js'), path.join(root, 'package-lock.json')]) {
    const st = fs.statSync(f, { throwIfNoEntry: false });
    h.update(`${path.relative(root, f)}\0${st ? `${st.size}:${st.mtimeMs}` : '-'}\n`);
  }
  return h.digest('hex');
}

/** Builds if needed; returns true when it compiled. */
function build({ force = false, quiet = false } = {}) {
  const files = sources();
  const stamp = fingerprint(files);
  if (!force && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return false;
  const started = Date.now();
  const swc = require('@swc/core');
  const { swcOptions } = require(path.join(root, 'swc.config.js'));
  fs.rmSync(dist, { recursive: true, force: true });
  for (const file of files) {
    const rel = path.relative(root, file);
    const outFile = path.join(dist, rel.replace(/\.ts$/, '.js'));
    const { code, map } = swc.transformFileSync(file, {
      ...swcOptions(),
      swcrc: false,
      filename: file,
      sourceFileName: path.relative(path.dirname(outFile), file),
      outputPath: outFile,
    });
    fs.mkdirSync(path.dirname(outFile), { recursive: true });
    fs.writeFileSync(outFile, map ? `${code}\n//# sourceMappingURL=${path.basename(outFile)}.map\n` : code);
    if (map) fs.writeFileSync(`${outFile}.map`, map);
  }
  fs.writeFileSync(stampFile, stamp);
  if (!quiet) process.stderr.write(`built ${files.length} files into dist/ in ${Date.now() - started} ms\n`);
  return true;
}

module.exports = { build };

if (require.main === module) build({ force: process.argv.includes('--force') });
