import { MikroORM } from '@mikro-orm/postgresql';
import { applyMigrations, ormConfig } from '@clusterflow/persistence';
import { createTestDatabase } from '../support/test-app';

describe('migrations', () => {
  it('create exactly what the entities declare (run `npm run migration:create` when this fails)', async () => {
    const db = await createTestDatabase('migrations');
    const orm = await MikroORM.init(ormConfig(db.url, { logger: () => undefined }));
    try {
      const applied = await orm.getMigrator().up();
      expect(applied.length).toBeGreaterThan(0);
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
      const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      expect(diff.trim()).toBe('');
      // And they can be undone, for a rollback.
      await orm.getMigrator().down({ to: 0 });
      const { rows } = await orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations'`).then((r) => ({ rows: r }));
      expect(rows[0].n).toBe(0);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });

  it('are applied once by processes applying them together (applyMigrations, as the server and the CLI do)', async () => {
    const db = await createTestDatabase('migrations-together');
    const orms = await Promise.all([1, 2, 3].map(() => MikroORM.init(ormConfig(db.url, { logger: () => undefined }))));
    try {
      const applied = await Promise.all(orms.map((orm) => applyMigrations(orm)));
      // Each migration applied by exactly one of them, and none failed.
      const executed = (await orms[0].getMigrator().getExecutedMigrations()).map((m) => m.name);
      expect(executed.length).toBeGreaterThan(0);
      expect(applied.flat().sort()).toEqual([...executed].sort());
      expect(await orms[0].getMigrator().getPendingMigrations()).toEqual([]);
    } finally {
      await Promise.all(orms.map((orm) => orm.close(true)));
      await db.drop();
    }
  });
});
