// Preloaded into a server by the gate-cycle bench (`node --require bench/record-sql.js …`) to
// record the SQL it sends: every `pg` Client query (the ORM's, through knex, and the command
// path's own), as one JSON line { at, text, name, values } appended to BENCH_RECORD_SQL, with
// `at` in ms since the epoch (performance.timeOrigin + now()). The job queue's own connections
// (application_name clusterflow-jobs: workers polling, liveness) are left out: they are not a
// command's SQL, and a poll falling in a command's window would be replayed as part of it. The
// queries themselves are passed on untouched. Bench-only; nothing in the server requires it.
const { appendFileSync } = require('node:fs');
const { dirname } = require('node:path');
const { performance } = require('node:perf_hooks');

const file = process.env.BENCH_RECORD_SQL;
/** libs/persistence/src/jobs/job-queue.ts's JOB_APPLICATION_NAME. */
const JOB_APPLICATION_NAME = 'clusterflow-jobs';
if (file) {
  // The server's own `pg` (a BENCH_SERVER_DIST build has its own node_modules), not this folder's.
  const { Client } = require(require.resolve('pg', { paths: [dirname(process.argv[1] || process.cwd())] }));
  const query = Client.prototype.query;
  Client.prototype.query = function recordedQuery(config, values, callback) {
    if (this.connectionParameters?.application_name === JOB_APPLICATION_NAME) return query.call(this, config, values, callback);
    const at = performance.timeOrigin + performance.now();
    const q = typeof config === 'string' ? { text: config, values: Array.isArray(values) ? values : undefined } : config && typeof config.text === 'string' ? config : null;
    if (q) appendFileSync(file, JSON.stringify({ at, text: q.text, name: q.name, values: q.values ?? (Array.isArray(values) ? values : undefined) }) + '\n');
    return query.call(this, config, values, callback);
  };
}
