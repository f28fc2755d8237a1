import type { Options } from '@mikro-orm/postgresql';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase, knexLog, startEmbeddedPostgres, SystemRepository, withDatabase } from '@clusterflow/persistence';
import { CommandFailure } from './command';
import type { INestApplicationContext } from '@nestjs/common';
import { openApplication } from '@clusterflow/application/application-context';
import type { AppConfig } from '@clusterflow/application/config/config';

/**
 * The database the server uses: DATABASE_URL, else the embedded one in DATA_DIR (the running
 * server's, when it is up; else started for the command and stopped by `close`).
 */
export async function openDatabase(config: AppConfig): Promise<{ url: string; close(): Promise<void> }> {
  if (config.databaseUrl) return { url: config.databaseUrl, close: async () => undefined };
  // A running server holds the embedded PostgreSQL: use it (starting another on its folder would stop it).
  const running = withDatabase(`postgres://postgres:postgres@127.0.0.1:${config.embeddedPgPort}/postgres`, 'clusterflow');
  const probe = new Client({ connectionString: running, connectionTimeoutMillis: 2000 });
  try {
    await probe.connect();
    return { url: running, close: async () => undefined };
  } catch (e) {
    // Nothing listening: no server is running, so start the embedded PostgreSQL for this command.
    if ((e as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw e;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const pg = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'pg'), port: config.embeddedPgPort });
  try {
    return { url: await ensureDatabase(pg.url, 'clusterflow'), close: () => pg.stop() };
  } catch (e) {
    await pg.stop();
    throw e;
  }
}

/**
 * `work` with the application services (the server's, booted without HTTP: libs/application)
 * on the server's database (`openDatabase`), closed (and the database stopped, when started
 * here) after it. A database without the tables (the server has never started on it) is a
 * CommandFailure saying so.
 */
export async function withApplication<T>(config: AppConfig, work: (app: INestApplicationContext) => Promise<T>, options: Partial<Options> = {}): Promise<T> {
  const db = await openDatabase(config);
  let app: INestApplicationContext | undefined;
  try {
    app = await openApplication(config, db.url, { logger: () => undefined, driverOptions: { log: knexLog(STDERR) }, ...options });
    if (!(await app.get(SystemRepository).migrated())) {
      throw new CommandFailure(
        `the database at ${whereIs(db.url)} has no Clusterflow tables: run \`npm start\` once (it applies the migrations), or set DATABASE_URL to the server's database`,
      );
    }
    return await work(app);
  } finally {
    await app?.close();
    await db.close();
  }
}

/** An error unless the database holds something of the agency (a template, a cluster or an event). */
export async function requireAgency(app: INestApplicationContext, agency: string): Promise<void> {
  if (!(await app.get(SystemRepository).agencyExists(agency))) throw new CommandFailure(`no agency '${agency}' in this database`);
}

/** The database's host, port and name, without the credentials. */
function whereIs(url: string): string {
  try {
    const u = new URL(url);
    return `${u.host}${u.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/** knex's warnings on stderr, never into stdout (where `audit export` writes its file). */
const STDERR = {
  warn: (_fields: unknown, message: string) => void process.stderr.write(`warning: ${message}\n`),
  error: (_fields: unknown, message: string) => void process.stderr.write(`error: ${message}\n`),
  debug: () => undefined,
};
