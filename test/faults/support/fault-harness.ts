import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { Client } from 'pg';
import { ensureDatabase, freePort } from '@clusterflow/persistence';
import { RACE_TEMPLATE } from '../../support/race-template';

/**
 * What the fault tests share: a PostgreSQL of their own (embedded, in a temporary folder, on a
 * loopback port) that they may stop and start, and server processes of their own (the built
 * `dist/apps/api/src/main.js`, as `npm start` runs it) on that database, that they may kill.
 * Nothing here touches the run's shared PostgreSQL or any other test's processes.
 */

const ROOT = join(__dirname, '../../..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');
/** The HS256 secret every server process of a fault test shares, so tokens work on each. */
const JWT_SECRET = 'fault-tests-secret-0123456789abcdef0123456789';

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `done` every 10 ms until it holds or `timeoutMs` has passed; returns whether it held. */
export async function waitUntil(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) return false;
    await sleep(10);
  }
  return true;
}

/** An embedded PostgreSQL owned by one test file, with a `clusterflow` database on it. */
export interface OwnPostgres {
  /** URL of the `clusterflow` database. */
  url: string;
  /** Stops the server (fast shutdown: open connections are terminated). */
  stop(): Promise<void>;
  /** Starts it again on the same folder and port. */
  start(): Promise<void>;
  /** Stops it and removes its folder. */
  dispose(): Promise<void>;
}

export async function startOwnPostgres(label: string): Promise<OwnPostgres> {
  const dir = mkdtempSync(join(tmpdir(), `clusterflow-fault-${label}-`));
  chmodSync(dir, 0o755); // PostgreSQL runs as the postgres user when we are root
  const dataDir = join(dir, 'pg');
  const port = await freePort();
  let server: PostgresProcess | null = await runPostgres(dataDir, port);
  const url = await ensureDatabase(server.url, 'clusterflow');
  return {
    url,
    async stop() {
      await server?.stop();
      server = null;
    },
    async start() {
      if (!server) server = await runPostgres(dataDir, port);
    },
    async dispose() {
      await server?.stop();
      server = null;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface PostgresProcess {
  url: string;
  stop(): Promise<void>;
}

/** One PostgreSQL run, in a child process (support/own-postgres.js); stop() is a fast shutdown. */
function runPostgres(dataDir: string, port: number): Promise<PostgresProcess> {
  const child = spawn(process.execPath, [join(__dirname, 'own-postgres.js'), dataDir, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((ok) => child.on('exit', () => ok()));
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d) => (out += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const ready = /^ready (\S+)$/m.exec(out);
      if (ready) {
        resolve({
          url: ready[1],
          async stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    });
    void exited.then(() => reject(new Error(`the embedded PostgreSQL on port ${port} did not start: ${out}`)));
  });
}

/** A server process on a given database, and its output. */
export interface ServerProcess {
  port: number;
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
  /** kill -9, and waits until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (a clean shutdown), and waits for the exit code. */
  stop(): Promise<number | null>;
}

export async function startServer(databaseUrl: string, port?: number, startTimeoutMs = 30_000, env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'clusterflow-fault-server-'));
  const listen = port ?? (await freePort());
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'PORT', 'DATA_DIR', 'JWT_JWKS_URL', 'JWT_SECRET', 'SEED_DEMO'].includes(k)));
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...clean,
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(listen),
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      JWT_SECRET,
      SEED_DEMO: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  void exited.then(() => rmSync(dataDir, { recursive: true, force: true }));
  const server: ServerProcess = {
    port: listen,
    child,
    output: () => out,
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
  try {
    await waitForHealth(server, startTimeoutMs);
  } catch (e) {
    await server.kill9();
    throw new Error(`${(e as Error).message}; its output:\n${out}`);
  }
  return server;
}

/** Waits until `{ health }` answers ok (the server is up and reaches its database). */
export async function waitForHealth(server: Pick<ServerProcess, 'port' | 'child'>, timeoutMs = 30_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (server.child.exitCode !== null) throw new Error(`the server exited with ${server.child.exitCode}`);
    const res = await gql(server.port, '{ health }', {}, undefined, 2_000).catch(() => null);
    if (res?.body?.data?.health === 'ok') return Date.now() - started;
    await sleep(50);
  }
  throw new Error(`the server on port ${server.port} did not answer health within ${timeoutMs} ms`);
}

export interface Principal {
  userId: string;
  agency: string;
  roles: string[];
}

/** A token the fault tests' servers accept (their shared JWT_SECRET). */
export function token(p: Principal): Promise<string> {
  return new SignJWT({ agency: p.agency, roles: p.roles, name: p.userId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(p.userId)
    .setIssuer('clusterflow')
    .setAudience('clusterflow')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

export interface GqlAnswer {
  status: number;
  body: any;
  /** The raw body text (to look for stack traces). */
  text: string;
}

/**
 * POSTs a GraphQL operation over loopback. Rejects when no answer comes (connection refused or
 * reset, or no answer within `timeoutMs`: the client's timeout).
 */
export async function gql(port: number, query: string, variables: Record<string, unknown> = {}, bearer?: string, timeoutMs = 10_000): Promise<GqlAnswer> {
  const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/** The error codes of an answer, in order. */
export const codesOf = (a: GqlAnswer): string[] => (a.body?.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);

/** The data of an answer's one root field; throws with the errors when there are any. */
export function dataOf<T = any>(a: GqlAnswer): T {
  if (a.status !== 200 || a.body?.errors || !a.body?.data) throw new Error(`expected success, got ${a.status}: ${a.text}`);
  return Object.values(a.body.data)[0] as T;
}

/** Signs of a leaked internal: a stack frame, SQL or driver text in an answer. */
export const LEAK = /\bat .+\(.+:\d+:\d+\)|node_modules|stacktrace|select .+ from|ECONNREFUSED|terminating connection/i;

/** A plain `pg` client on a database, for the checks the tests make behind the server's back. */
export async function sqlClient(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

export const MUTATIONS = {
  publish: 'mutation($s: String!) { publishTemplate(source: $s) { key } }',
  register: 'mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "race" }) { id version } }',
  submit: 'mutation($id: ID!, $t: String!) { submitArtefact(input: { clusterId: $id, type: "report", title: $t }) { id } }',
  decide: 'mutation($id: ID!, $o: Outcome!) { decide(input: { clusterId: $id, gate: "finish", role: "reviewer", outcome: $o }) { id } }',
  advance: 'mutation($id: ID!, $g: String!, $v: Int) { advance(clusterId: $id, gate: $g, expectedVersion: $v) { id phase version } }',
};

/**
 * What the database says after the fact, as a list of problems (none when all is well): every
 * cluster's version equals its number of events and its last event's seq, its last hash is its
 * last event's, and every projection row goes with its event (a command is all there or not at all).
 */
export async function halfWrittenCommands(db: Client): Promise<string[]> {
  const { rows } = await db.query(`
    select c.id, c.version, count(e.id)::int as events, coalesce(max(e.seq), 0) as max_seq,
           c.last_hash = (select hash from cluster_event where cluster_id = c.id order by seq desc limit 1) as head_matches
      from cluster c left join cluster_event e on e.cluster_id = c.id
     group by c.id`);
  const clusters = rows
    .filter((r) => r.version !== r.events || r.version !== r.max_seq || r.head_matches !== true)
    .map((r) => `cluster ${r.id}: version ${r.version}, ${r.events} events, last seq ${r.max_seq}, head matches: ${r.head_matches}`);
  // The projections written by the same statement: a row for each event that makes one, and
  // no row without its event (the templates of these tests have no phase-visit events but ADVANCED).
  const { rows: projections } = await db.query(`
    select 'DECIDED without a decision row: ' || e.id as problem from cluster_event e
     where e.type = 'DECIDED' and not exists (select 1 from decision d where d.event_id = e.id)
    union all
    select 'ARTEFACT_SUBMITTED without an artefact_version row: ' || e.id from cluster_event e
     where e.type = 'ARTEFACT_SUBMITTED' and not exists (select 1 from artefact_version a where a.event_id = e.id)
    union all
    select 'decision row without its event: ' || d.id from decision d where not exists (select 1 from cluster_event e where e.id = d.event_id)
    union all
    select 'artefact_version row without its event: ' || a.id from artefact_version a where not exists (select 1 from cluster_event e where e.id = a.event_id)
    union all
    select 'phase visits of ' || c.id || ' do not match its ADVANCED events' from cluster c
     where (select count(*) from phase_visit v where v.cluster_id = c.id)
        <> 1 + (select count(*) from cluster_event e where e.cluster_id = c.id and e.type = 'ADVANCED')`);
  return [...clusters, ...projections.map((r) => r.problem)];
}

/** verifyAuditTrail and verifyReplay for the whole agency of `bearer`, through the server. */
export async function verifyAgency(port: number, bearer: string): Promise<{ trail: any; replay: any }> {
  const trail = dataOf(await gql(port, '{ verifyAuditTrail { valid eventsChecked message } }', {}, bearer, 60_000));
  const replay = dataOf(await gql(port, '{ verifyReplay { valid clustersChecked eventsChecked differences { clusterId difference } } }', {}, bearer, 60_000));
  return { trail, replay };
}

/** One command of a load, and what came back (an answer, or `failure` when none came). */
export interface LoadRecord {
  kind: 'register' | 'submit' | 'decide' | 'advance';
  clusterId: string | null;
  startedAt: number;
  ms: number;
  answer?: GqlAnswer;
  failure?: string;
}

export interface LoadOptions {
  /** The server's port, read before every command (it may change across a restart). */
  port: () => number;
  clients: number;
  /** Clusters to send commands to; registrations add to it. */
  clusters: string[];
  admin: string;
  reviewers: string[];
  /** The client's timeout for one command. */
  timeoutMs?: number;
}

/**
 * `clients` loops, each sending one mixed command after another (mostly decisions and
 * submissions, some advances and registrations) until `stop()`; every command is recorded.
 */
export function startLoad(o: LoadOptions): { records: LoadRecord[]; stop(): Promise<LoadRecord[]>; successes(): number } {
  const records: LoadRecord[] = [];
  let running = true;
  let n = 0;
  const one = async (client: number): Promise<void> => {
    const i = n++;
    const clusterId = o.clusters[(i * 7 + client) % o.clusters.length];
    const pick = i % 10;
    const [kind, query, variables, bearer]: [LoadRecord['kind'], string, Record<string, unknown>, string] =
      pick === 0
        ? ['register', MUTATIONS.register, { n: `Load ${i}` }, o.admin]
        : pick < 5
          ? ['decide', MUTATIONS.decide, { id: clusterId, o: i % 11 === 0 ? 'REJECT' : 'APPROVE' }, o.reviewers[i % o.reviewers.length]]
          : pick < 9
            ? ['submit', MUTATIONS.submit, { id: clusterId, t: `R${i}` }, o.admin]
            : ['advance', MUTATIONS.advance, { id: clusterId, g: 'finish' }, o.admin];
    const record: LoadRecord = { kind, clusterId: kind === 'register' ? null : clusterId, startedAt: Date.now(), ms: 0 };
    records.push(record);
    try {
      record.answer = await gql(o.port(), query, variables, bearer, o.timeoutMs ?? 10_000);
      if (kind === 'register' && !record.answer.body?.errors && record.answer.body?.data) {
        record.clusterId = record.answer.body.data.registerCluster.id;
        o.clusters.push(record.clusterId!);
      }
    } catch (e) {
      record.failure = `${(e as Error).name}: ${(e as Error).message}`;
      // No server to talk to (killed, restarting): do not spin.
      await sleep(20);
    }
    record.ms = Date.now() - record.startedAt;
  };
  const loops = Array.from({ length: o.clients }, async (_, client) => {
    while (running) await one(client);
  });
  return {
    records,
    successes: () => records.filter(succeeded).length,
    async stop() {
      running = false;
      await Promise.all(loops);
      return records;
    },
  };
}

export const succeeded = (r: LoadRecord): boolean => r.answer?.status === 200 && !r.answer.body?.errors && !!r.answer.body?.data;

/**
 * The people of a race agency (an agency_admin and five reviewers, with tokens) and its
 * template published through the server on `port`.
 */
export async function raceAgency(port: number, agency: string): Promise<{ admin: string; reviewers: string[] }> {
  const admin = await token({ userId: 'ada', agency, roles: ['agency_admin'] });
  const reviewers = await Promise.all(Array.from({ length: 5 }, (_, i) => token({ userId: `reviewer${i}`, agency, roles: ['reviewer'] })));
  dataOf(await gql(port, MUTATIONS.publish, { s: RACE_TEMPLATE }, admin));
  return { admin, reviewers };
}

/** Sets up `count` clusters in review (registered, a report submitted, `start` passed): decisions and advances then apply. */
export async function clustersInReview(port: number, admin: string, count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { id } = dataOf(await gql(port, MUTATIONS.register, { n: `Cluster ${i}` }, admin));
      dataOf(await gql(port, MUTATIONS.submit, { id, t: 'First' }, admin));
      dataOf(await gql(port, MUTATIONS.advance, { id, g: 'start' }, admin));
      return id as string;
    }),
  );
}

/**
 * The successful commands of a load that the database does not have: each success named
 * its event (a decision id, an artefact version id, or a cluster version), and the event must
 * be in cluster_event.
 */
export async function missingSuccesses(db: Client, records: readonly LoadRecord[]): Promise<string[]> {
  const { rows } = await db.query(`select cluster_id, seq, type, payload->>'decisionId' as decision, payload->>'versionId' as version from cluster_event`);
  const ids = new Set(rows.flatMap((r) => [r.decision, r.version].filter(Boolean)));
  const seqs = new Set(rows.map((r) => `${r.cluster_id}/${r.seq}/${r.type}`));
  const missing: string[] = [];
  for (const r of records.filter(succeeded)) {
    const data = r.answer!.body.data;
    const found =
      r.kind === 'decide'
        ? ids.has(data.decide.id)
        : r.kind === 'submit'
          ? ids.has(data.submitArtefact.id)
          : r.kind === 'advance'
            ? seqs.has(`${r.clusterId}/${data.advance.version}/ADVANCED`)
            : seqs.has(`${data.registerCluster.id}/1/REGISTERED`);
    if (!found) missing.push(`${r.kind} on ${r.clusterId}: ${r.answer!.text}`);
  }
  return missing;
}
