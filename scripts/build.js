#!/usr/bin/env node
// Compiles apps/ and libs/ to dist/ with swc (no type check: `npm run typecheck` does
// that), mirroring the folder layout, and the web console (apps/console) to
// apps/console/dist with Vite. Each part is skipped when nothing it is made from changed
// since its last build, so `npm start` builds on a fresh clone and reuses the build after.
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const stampFile = path.join(dist, '.build-stamp');
const SOURCE_DIRS = ['apps', 'libs'];
const consoleDir = path.join(root, 'apps/console');
const consoleDist = path.join(consoleDir, 'dist');
const consoleStampFile = path.join(consoleDist, '.build-stamp');
/** Folders the server build never looks into: the console is built by Vite. */
const SKIP = new Set([consoleDir, path.join(root, 'node_modules')]);

function sources() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP.has(full) && entry.name !== 'node_modules') walk(full);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) out.push(full);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  return out.sort();
}

function consoleSources() {
  const out = [];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(path.join(consoleDir, 'src'));
  for (const f of ['index.html', 'vite.config.mts', 'package.json', 'tsconfig.json']) out.push(path.join(consoleDir, f));
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

/**
 * Builds the console with Vite when its sources changed (or `force`); returns true when it
 * built. Takes a few seconds; the server serves the result at `/`.
 */
function buildConsole({ force = false, quiet = false } = {}) {
  const stamp = fingerprint(consoleSources());
  if (!force && fs.existsSync(consoleStampFile) && fs.readFileSync(consoleStampFile, 'utf8') === stamp) return false;
  const started = Date.now();
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json', { paths: [consoleDir] })), 'bin/vite.js');
  const result = spawnSync(process.execPath, [viteBin, 'build', '--logLevel', quiet ? 'error' : 'warn'], {
    cwd: consoleDir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production', VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
  });
  if (result.status !== 0) throw new Error(`building the console failed (vite exited with ${result.status ?? result.signal})`);
  fs.writeFileSync(consoleStampFile, stamp);
  if (!quiet) process.stderr.write(`built the console into apps/console/dist in ${Date.now() - started} ms\n`);
  return true;
}

/** Builds the server if needed; returns true when it compiled. */
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

module.exports = { build, buildConsole };

if (require.main === module) {
  const force = process.argv.includes('--force');
  if (!process.argv.includes('--console-only')) build({ force });
  if (!process.argv.includes('--server-only')) buildConsole({ force });
}
