import { MikroORM } from '@mikro-orm/postgresql';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { applyMigrations, dropDatabase, ensureDatabase, freePort, MIGRATIONS_FOLDER, ormConfig, startEmbeddedPostgres } from '@clusterflow/persistence';
import { loadConfig } from '@clusterflow/application/config/config';
import type { Command } from '../command';
import { parse } from './args';

/**
 * Writes a migration for whatever the entities declare that the migrations do not yet
 * create: applies the existing migrations to a scratch database, diffs it against the
 * entities, writes the new file and regenerates migrations/index.ts.
 */
export const migrationCreateCommand: Command = {
  words: ['migration', 'create'],
  usage: 'migration create [--name <name>] [--blank]',
  summary: 'write a migration for the entity changes (on a scratch database)',
  async run(args) {
    const { values } = parse(args, { name: { type: 'string' }, blank: { type: 'boolean', default: false } });
    const config = loadConfig();
    const root = process.cwd();
    let stop = async () => undefined as void;
    let serverUrl = config.databaseUrl;
    if (!serverUrl) {
      const pg = await startEmbeddedPostgres({ dataDir: join(config.dataDir, 'migration-pg'), port: await freePort() });
      serverUrl = pg.url;
      stop = () => pg.stop();
    }
    const scratch = `clusterflow_migration_${process.pid}`;
    try {
      const url = await ensureDatabase(serverUrl, scratch);
      const folder = resolve(root, MIGRATIONS_FOLDER);
      const base = ormConfig(url);
      const orm = await MikroORM.init({ ...base, migrations: { ...base.migrations, path: folder, pathTs: folder } });
      try {
        // The scratch database is this process's own, so the lock is never contended here;
        // taken all the same, as everywhere migrations are applied (applyMigrations).
        await applyMigrations(orm);
        const result = await orm.getMigrator().createMigration(folder, values.blank, false, values.name);
        if (!result.fileName) {
          process.stdout.write('No changes: the migrations already create what the entities declare.\n');
          return 0;
        }
        writeIndex(folder);
        process.stdout.write(`Wrote ${join(MIGRATIONS_FOLDER, result.fileName)} and updated ${join(MIGRATIONS_FOLDER, 'index.ts')}\n`);
        return 0;
      } finally {
        await orm.close(true);
      }
    } finally {
      await dropDatabase(serverUrl, scratch).catch(() => undefined);
      await stop();
    }
  },
};

function writeIndex(folder: string): void {
  const names = readdirSync(folder)
    .filter((f) => /^Migration\d{14}.*\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
  const lines = [
    '// The migrations, in order. `npm run migration:create` writes a new file here and',
    '// regenerates this list; the server applies pending ones at start.',
    "import type { MigrationObject } from '@mikro-orm/core';",
    ...names.map((n) => `import { ${n} } from './${n}';`),
    '',
    'export const MIGRATIONS: MigrationObject[] = [',
    ...names.map((n) => `  { name: '${n}', class: ${n} },`),
    '];',
    '',
  ];
  writeFileSync(join(folder, 'index.ts'), lines.join('\n'));
}
