import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { inspect } from 'node:util';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export const MIGRATIONS_FOLDER = 'libs/persistence/src/migrations';

/**
 * The one MikroORM configuration. Migrations are listed in code (migrations/index.ts)
 * rather than discovered on disk, so the compiled server, the CLI and the tests run
 * exactly the same set, and nothing depends on the working directory.
 */
export function ormConfig(clientUrl: string, overrides: Partial<Options> = {}): Options {
  return defineConfig({
    clientUrl,
    entities: ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: false,
    pool: { min: 0, max: 20 },
    // The job queue's schema is graphile-worker's own (installed by applyMigrations), not ours to diff.
    schemaGenerator: { ignoreSchema: ['graphile_worker'] },
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: MIGRATIONS,
      pathTs: MIGRATIONS_FOLDER,
      path: MIGRATIONS_FOLDER,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      fileName: (timestamp: string, name?: string) => `Migration${timestamp}${name ? '_' + name : ''}`,
    },
    ...overrides,
  });
}

/** Where knex's own log lines go; pino's `warn`, `error` and `debug` fit. */
export interface KnexLogTarget {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
  debug(fields: Record<string, unknown>, message: string): void;
}

/** knex's `log` option (its `warn`, `error`, `deprecate` and `debug` hooks). */
export interface KnexLogHooks {
  warn(message: unknown): void;
  error(message: unknown): void;
  deprecate(message: unknown): void;
  debug(message: unknown): void;
}

/**
 * knex's log hooks, sending its lines to `target`: otherwise knex writes them to the console
 * with console.log, outside the JSON log (and, in the command line, into stdout with an
 * export). During a database outage it writes "Connection Error: …" for every pooled
 * connection it finds dead. Pass it as `driverOptions: { log: knexLog(target) }` to ormConfig.
 */
export function knexLog(target: KnexLogTarget): KnexLogHooks {
  const fields = { source: 'knex' };
  const text = (message: unknown) => (typeof message === 'string' ? message : inspect(message, { depth: 3, breakLength: Infinity }));
  return {
    warn: (message) => target.warn(fields, text(message)),
    error: (message) => target.error(fields, text(message)),
    deprecate: (message) => target.warn(fields, text(message)),
    debug: (message) => target.debug(fields, text(message)),
  };
}
