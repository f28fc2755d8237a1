import type { EntityManager } from '@mikro-orm/postgresql';
import type { PoolClient } from 'pg';

/**
 * The one way to a `pg` client of the ORM's connection pool (the knex client under MikroORM),
 * for statements the ORM's `execute` cannot run: prepared statements and the command path's
 * explicit transactions (cluster-commands.ts) and the myWork page (work.repository.ts).
 */

export type PgClient = PoolClient;

export interface KnexClient {
  acquireConnection(): Promise<PgClient>;
  releaseConnection(connection: PgClient): Promise<void>;
}

/** The pool under the entity manager (one per ORM instance). */
export const knexClientOf = (em: EntityManager) => em.getConnection().getKnex().client as unknown as KnexClient;

/** A connection of the ORM's pool, returned to it afterwards. */
export async function withPooledClient<T>(em: EntityManager, work: (client: PgClient) => Promise<T>): Promise<T> {
  const knexClient = knexClientOf(em);
  const client = await knexClient.acquireConnection();
  try {
    return await work(client);
  } finally {
    await knexClient.releaseConnection(client);
  }
}
