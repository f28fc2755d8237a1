// Small helpers shared by the benchmarks: timing, percentiles, free ports, a server child.
const { spawn } = require('node:child_process');
const { performance } = require('node:perf_hooks');

const now = () => performance.now();

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, min: s[0], p50: q(0.5), p99: q(0.99), max: s[s.length - 1] };
}

/** Runs `fn` `rounds` times, synchronously; the stats of its durations in ms. */
function timeIt(fn, rounds) {
  const samples = [];
  for (let i = 0; i < rounds; i++) {
    const t0 = now();
    fn();
    samples.push(now() - t0);
  }
  return stats(samples);
}

async function waitForHealth(port, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ health }"}' });
      const body = await res.json();
      if (body.data && body.data.health === 'ok') return;
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no health answer on port ${port} within ${timeoutMs} ms`);
}

/** Spawns a node script; resolves when it exits. */
function spawnNode(args, env) {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  child.done = new Promise((ok) => child.on('exit', (code) => ok({ code, stderr })));
  return child;
}

// The project's own helper, from the build (bench/run.js builds first).
const freePort = () => require('../dist/libs/persistence/src/free-port').freePort();

module.exports = { now, stats, timeIt, freePort, waitForHealth, spawnNode };
