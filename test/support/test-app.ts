import type { NestExpressApplication } from '@nestjs/platform-express';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Client } from 'pg';
import { applyMigrations, dropDatabase, ensureDatabase, JOB_APPLICATION_NAME, ormConfig } from '@clusterflow/persistence';
import { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createApp, migrate } from '../../apps/api/src/app';
import { AuditVerificationService } from '@clusterflow/application/audit/audit-verification.service';
import { loadConfig, type AppConfig } from '@clusterflow/application/config/config';
import { ClustersService } from '@clusterflow/application/clusters/clusters.service';
import { openWork, type ClusterState } from '@clusterflow/engine';
import { createLogger } from '../../apps/api/src/logging';
import { TokenService } from '@clusterflow/application/auth/token.service';
import type { Principal } from '@clusterflow/application/auth/principal';

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  databaseUrl: string;
  /** POSTs a GraphQL operation, with a bearer token when given. */
  gql(query: string, variables?: Record<string, unknown>, token?: string): Promise<request.Response>;
  token(principal: Principal, ttlSeconds?: number): Promise<string>;
  /** The server's log lines so far (JSON, parsed), with `captureLogs`; otherwise none. */
  logs(): { level: number; msg: string; context?: string; [key: string]: unknown }[];
  close(): Promise<void>;
}

let counter = 0;

/** A fresh database for one test file: created on the run's server, dropped at the end. */
export async function createTestDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) throw new Error('TEST_DATABASE_URL is not set (the jest global setup provides it)');
  const name = `t_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 30)}_${process.pid}_${counter++}`;
  const url = await ensureDatabase(server, name);
  return { url, drop: () => dropDatabase(server, name) };
}

/** A database of its own with the schema (every migration applied), for tests of persistence code without a server. */
export async function createMigratedDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const db = await createTestDatabase(label);
  const orm = await MikroORM.init(ormConfig(db.url, { logger: () => undefined }));
  try {
    await applyMigrations(orm);
  } finally {
    await orm.close(true);
  }
  return db;
}

export interface TestAppOptions {
  /**
   * Another test app's database (its `databaseUrl`), for a second server instance on the same
   * data: used as it is, and left for its owner to drop.
   */
  databaseUrl?: string;
  /** Keep the server's log (at LOG_LEVEL, JSON) for `logs()` instead of writing it out. */
  captureLogs?: boolean;
}

/** The real application on its own database (or a shared one), migrated, listening on a loopback port. */
export async function startTestApp(label: string, env: Record<string, string> = {}, options: TestAppOptions = {}): Promise<TestApp> {
  const db = options.databaseUrl ? { url: options.databaseUrl, drop: async () => undefined } : await createTestDatabase(label);
  const dataDir = mkdtempSync(join(tmpdir(), 'clusterflow-test-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', LOG_FORMAT: 'json', DATA_DIR: dataDir, DATABASE_URL: db.url, ...env });
  const lines: string[] = [];
  const destination = options.captureLogs ? { write: (line: string) => void lines.push(line) } : undefined;
  const app = await createApp({ config, databaseUrl: db.url, logger: createLogger(config, destination) });
  await migrate(app);
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer();
  const tokens = config.jwt.mode === 'secret' ? app.get(TokenService) : undefined;
  return {
    app,
    config,
    databaseUrl: db.url,
    gql(query, variables, token) {
      const req = request(server).post('/graphql').set('content-type', 'application/json');
      if (token) req.set('authorization', `Bearer ${token}`);
      return req.send({ query, variables });
    },
    logs: () => lines.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)),
    token(principal, ttl) {
      if (!tokens) throw new Error('this app verifies tokens with a JWKS; sign them with the test key');
      return tokens.sign(principal, ttl);
    },
    async close() {
      await expectEveryClusterReplays(app);
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Replay equals the stored snapshot, for every cluster a test created: checked when each
 * test app closes, so every e2e scenario is also a replay test.
 */
async function expectEveryClusterReplays(app: NestExpressApplication): Promise<void> {
  const em = app.get(EntityManager).fork();
  const service = app.get(AuditVerificationService);
  const rows = await em.getConnection().execute<{ id: string; agency: string }[]>('select id, agency from cluster order by registered_at');
  const broken: string[] = [];
  for (const row of rows) {
    const check = await service.replayCluster(row.agency, row.id);
    if (!check.equal) broken.push(`${row.agency}/${row.id}: ${check.difference}`);
  }
  if (broken.length) throw new Error(`replay differs from the stored snapshot:\n${broken.join('\n')}`);
  await expectWorkProjected(app);
}

/** The work_item projection holds what the engine's openWork says of every cluster's snapshot. */
async function expectWorkProjected(app: NestExpressApplication): Promise<void> {
  const em = app.get(EntityManager).fork();
  const service = app.get(ClustersService);
  const clusters = await em.getConnection().execute<{ id: string; agency: string; template_id: string; snapshot: ClusterState }[]>('select id, agency, template_id, snapshot from cluster');
  const items = await em.getConnection().execute<{ cluster_id: string; key: string; kind: string; audience: string[]; except_users: string[]; detail: string }[]>(
    'select cluster_id, key, kind, audience, except_users, detail from work_item order by cluster_id, key',
  );
  // Rows of clusters a test deleted by hand (tamper tests, clean-ups) are not the engine's to answer for.
  const present = new Set(clusters.map((c) => c.id));
  const stored = items.filter((i) => present.has(i.cluster_id)).map((i) => ({ clusterId: i.cluster_id, key: i.key, kind: i.kind, audience: i.audience, except: i.except_users, detail: i.detail }));
  const expected = [];
  for (const c of clusters) {
    const def = await service.definition(c.agency, c.template_id);
    for (const w of openWork(def, c.snapshot)) {
      expected.push({ clusterId: c.id, key: w.key, kind: w.kind, audience: w.audience.keys.map((k) => `${c.agency}/${k}`), except: w.audience.except, detail: w.detail });
    }
  }
  const order = (a: { clusterId: string; key: string }, b: { clusterId: string; key: string }) => (a.clusterId + a.key < b.clusterId + b.key ? -1 : 1);
  expect(stored.sort(order)).toEqual(expected.sort(order));
}

/** The error codes of a GraphQL response, in order. */
export const codesOf = (res: request.Response): string[] => (res.body.errors ?? []).map((e: { extensions?: { code?: string } }) => e.extensions?.code);

/**
 * Counts the SQL statements the app sends while `run` runs (the app runs in this process),
 * leaving out the job queue's workers, which poll on their own connections.
 */
export async function countStatements(run: () => Promise<unknown>): Promise<number> {
  const original = Client.prototype.query;
  let count = 0;
  Client.prototype.query = function (this: Client, ...args: unknown[]) {
    if ((this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name !== JOB_APPLICATION_NAME) count++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await run();
  } finally {
    Client.prototype.query = original;
  }
  return count;
}
