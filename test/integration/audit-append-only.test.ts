import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '@clusterflow/persistence';
import { createTestDatabase } from '../support/test-app';

const APPEND_ONLY = ['artefact_version', 'audit_head', 'audit_signing_key', 'cluster_event', 'webhook_delivery'];
const FILE_TABLES = ['file_chunk', 'file_content', 'stored_file'];

describe('the append-only triggers', () => {
  it('are created by the migrations on the event log, artefact versions, heads and keys, and removed by down', async () => {
    const db = await createTestDatabase('append-only');
    const orm = await MikroORM.init(ormConfig(db.url, { logger: () => undefined }));
    const conn = orm.em.getConnection();
    const triggers = () =>
      conn.execute<{ table: string; name: string }[]>(
        `select c.relname as table, t.tgname as name from pg_trigger t join pg_class c on c.oid = t.tgrelid where not t.tgisinternal order by 1`,
      );
    const functions = () => conn.execute<{ n: number }[]>(`select count(*)::int as n from pg_proc where proname = 'clusterflow_append_only'`);
    try {
      await orm.getMigrator().up();
      const all = await triggers();
      expect(all.filter((t) => t.name.endsWith('_append_only'))).toEqual(APPEND_ONLY.map((table) => ({ table, name: `${table}_append_only` })));
      // Documents (issue 15): attached files, their content and chunks never change.
      const files = all.filter((t) => !t.name.endsWith('_append_only')).map((t) => t.name).sort();
      expect(files).toEqual(FILE_TABLES.flatMap((table) => [`${table}_immutable`, `${table}_no_truncate`]).sort());
      await conn.execute(`insert into audit_signing_key (key_id, public_key_pem) values ('k', 'pem')`);
      await expect(conn.execute(`update audit_signing_key set public_key_pem = 'other'`)).rejects.toThrow(
        'UPDATE on audit_signing_key refused: audit_signing_key is append-only (the audit trail is never changed or removed)',
      );
      await orm.getMigrator().down({ to: 0 });
      expect(await triggers()).toEqual([]);
      expect((await functions())[0].n).toBe(0);
    } finally {
      await orm.close(true);
      await db.drop();
    }
  });
});
