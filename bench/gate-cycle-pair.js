#!/usr/bin/env node
// Two builds' gate cycles at the same time, for a comparison the machine's drift cannot bend
// (not part of `npm run bench`). On a shared 2-core machine the same build's rate moved from 310
// to 520 commands/s between runs a few minutes apart, so builds measured one after the other
// differ by more than the change under test. Here both servers run side by side, each on a
// database of its own on the same PostgreSQL, each loaded by its own closed-loop clients at the
// same moments: whatever slows the machine slows both. Per window: each server's commands/s, its
// CPU per command and its p50/p99; then the medians, and B's figures over A's.
//
//   node bench/gate-cycle-pair.js <dist of A> [<dist of B, default this build's dist>]
//
// Knobs (environment): PAIR_WINDOWS (5), PAIR_CLIENTS (clients per server, 4), BENCH_SECONDS
// (each window, 10), BENCH_WARMUP_SECONDS (2); PostgreSQL as for gate-cycle.bench.js. To try a
// setting on one build: PAIR_A_ENV / PAIR_B_ENV (`NAME=value,NAME=value` for that server, e.g.
// WORKERS=false) and PAIR_A_SQL / PAIR_B_SQL (statements run on that server's database once it
// has started, before the load, e.g. a storage parameter).
require('reflect-metadata');
const { join, resolve } = require('node:path');
const { Client } = require('pg');
const { withScratchDatabase, stats } = require('./lib');
const { startGateServer, publishTemplate, serverLoad } = require('./gate-cycle.bench').internals;

/** The middle window's figure (stats' p50: of an even count, the upper of the two middle ones); null without figures (no CPU meter off Linux). */
const median = (xs) => (xs.some((x) => x == null) ? null : stats(xs).p50);
const fixed = (v, digits) => (v == null ? 'n/a' : v.toFixed(digits));

async function main() {
  const [a, b = join(__dirname, '../dist')] = process.argv.slice(2);
  if (!a) throw new Error('usage: node bench/gate-cycle-pair.js <dist of A> [<dist of B>]');
  // Each build's PAIR_<label>_ENV, checked before anything starts.
  const envOf = (label) =>
    Object.fromEntries(
      (process.env[`PAIR_${label}_ENV`] ?? '')
        .split(',')
        .filter(Boolean)
        .map((kv) => {
          const m = /^([A-Z_][A-Z0-9_]*)=(.*)$/i.exec(kv);
          if (!m) throw new Error(`PAIR_${label}_ENV: ${JSON.stringify(kv)} is not NAME=value`);
          return [m[1], m[2]];
        }),
    );
  const builds = [
    { label: 'A', dist: resolve(a), env: envOf('A') },
    { label: 'B', dist: resolve(b), env: envOf('B') },
  ];
  const windows = Number(process.env.PAIR_WINDOWS || 5);
  const clients = Number(process.env.PAIR_CLIENTS || 4);
  const measureMs = 1000 * Number(process.env.BENCH_SECONDS || 10);
  const warmupMs = 1000 * Number(process.env.BENCH_WARMUP_SECONDS || 2);
  const log = (line) => process.stderr.write(`${line}\n`);
  for (const [name, v] of [['PAIR_WINDOWS', windows], ['PAIR_CLIENTS', clients]]) {
    if (!Number.isInteger(v) || v < 1 || v > 1000) throw new Error(`${name}: ${process.env[name]} is not a whole number from 1 to 1000`);
  }

  await withScratchDatabase('pair', async (scratch) => {
    const servers = [];
    for (const build of builds) {
      const url = await scratch.database(`bench_pair_${build.label.toLowerCase()}_${process.pid}`);
      const { env } = build;
      const server = await scratch.startServer({ databaseUrl: url, dataDir: join(scratch.dir, `data-${build.label}`), main: join(build.dist, 'apps/api/src/main.js'), env }, startGateServer);
      const sql = process.env[`PAIR_${build.label}_SQL`];
      if (sql) {
        const client = new Client({ connectionString: url });
        await client.connect();
        await client.query(sql).finally(() => client.end());
      }
      if (Object.keys(env).length || sql) log(`${build.label}: ${[...Object.entries(env).map(([k, v]) => `${k}=${v}`), sql].filter(Boolean).join('; ')}`);
      await publishTemplate(server);
      servers.push({ ...build, server, rounds: [] });
      log(`${build.label}: server pid ${server.pid}`);
    }
    log(`A ${builds[0].dist}\nB ${builds[1].dist}\n${windows} windows of ${measureMs / 1000} s (warm-up ${warmupMs / 1000} s), ${clients} clients per server, both at once`);
    for (let w = 1; w <= windows; w++) {
      const results = await Promise.all(
        servers.map((s) => serverLoad(s.server, { clients, warmupMs, measureMs, postmasterPid: scratch.pg.postmasterPid, serverPid: s.server.pid })),
      );
      const line = [];
      results.forEach((r, i) => {
        if (r.errors.length) throw new Error(`${servers[i].label}: ${r.errors.length} failed commands, e.g. ${r.errors[0]}`);
        const all = stats(r.all);
        const cpuMs = r.cpu?.server != null ? (r.cpu.server * 1000) / r.rate : null;
        servers[i].rounds.push({ rate: r.rate, cpuMs, p50: all.p50, p99: all.p99 });
        line.push(`${servers[i].label} ${r.rate.toFixed(0)}/s, CPU ${fixed(cpuMs, 2)} ms/command, p50 ${all.p50.toFixed(1)} p99 ${all.p99.toFixed(1)} ms`);
      });
      log(`window ${w}: ${line.join(' | ')} | B/A rate ${(results[1].rate / results[0].rate).toFixed(2)}`);
    }
    const m = (s, k) => median(s.rounds.map((r) => r[k]));
    const [A, B] = servers;
    log('medians:');
    for (const s of servers) log(`  ${s.label}: ${m(s, 'rate').toFixed(0)} commands/s, CPU ${fixed(m(s, 'cpuMs'), 2)} ms/command, p50 ${m(s, 'p50').toFixed(1)} ms, p99 ${m(s, 'p99').toFixed(1)} ms`);
    const ratios = A.rounds.map((r, i) => B.rounds[i].rate / r.rate);
    const cpuRatios = A.rounds.map((r, i) => (r.cpuMs == null || B.rounds[i].cpuMs == null ? null : B.rounds[i].cpuMs / r.cpuMs));
    log(`  B/A commands/s: median ${median(ratios).toFixed(2)} (windows ${ratios.map((x) => x.toFixed(2)).join(', ')}); B/A CPU per command: median ${fixed(median(cpuRatios), 2)}`);
  });
}

main().catch((e) => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
