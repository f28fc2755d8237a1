import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { installJobQueue } from './jobs/job-queue';

/** The session advisory lock every process takes to apply migrations (server start, CLI). */
export const MIGRATIONS_LOCK_SQL = `select pg_advisory_lock(hashtext('clusterflow:migrations'))`;

/**
 * Applies the pending migrations of `orm`'s database and returns their names; the one way
 * every process applies them (the server at start, the command line).
 *
 * Processes starting together on an empty database would each create the tables, and all
 * but one would fail (a duplicate pg_type row): they take turns under a session advisory
 * lock (per database), held on a connection of its own (ending it releases the lock), and
 * the later ones find nothing left to apply.
 */
export async function applyMigrations(orm: MikroORM): Promise<string[]> {
  const lock = new Client({ connectionString: orm.config.get('clientUrl') });
  lock.on('error', () => undefined); // a lost connection fails the query below; never an unhandled 'error'
  await lock.connect();
  try {
    await lock.query(MIGRATIONS_LOCK_SQL);
    const applied = await orm.getMigrator().up();
    // The job queue's own schema (graphile-worker's migrations), with ours: commands enqueue
    // into it, so it exists wherever they run, with or without workers.
    await installJobQueue(orm.config.get('clientUrl')!);
    return applied.map((m) => m.name);
  } finally {
    await lock.end().catch(() => undefined);
  }
}
