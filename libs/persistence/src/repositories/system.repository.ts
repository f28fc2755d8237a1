import type { EntityManager } from '@mikro-orm/postgresql';
import { AppStateEntity } from '../entities/app-state.entity';
import { ProgrammeTemplateEntity } from '../entities/programme-template.entity';

/** Server-wide state: whether the database answers, and one-time set-ups recorded in app_state. */
export class SystemRepository {
  constructor(private readonly em: EntityManager) {}

  /** Resolves when the database answers a trivial statement. */
  async ping(): Promise<void> {
    await this.em.execute('select 1');
  }

  /** Whether the migrations have created the tables (the server applies them at start). */
  async migrated(): Promise<boolean> {
    const [row] = await this.em.execute<{ ready: boolean }[]>(`select to_regclass('cluster_event') is not null as ready`);
    return row?.ready === true;
  }

  /**
   * Runs `setUp` once, and only against a database that holds no templates at all: servers
   * starting together serialize on an advisory lock, and `setUp`'s result is recorded under
   * `key` so later starts skip it. True when it ran now.
   */
  async setUpOnce(key: string, setUp: () => Promise<unknown>): Promise<boolean> {
    return this.em.fork().transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`clusterflow:${key}-seed`]);
      if (await tx.findOne(AppStateEntity, { key })) return false;
      if ((await tx.count(ProgrammeTemplateEntity, {}, { filters: false })) > 0) return false;
      const value = await setUp();
      tx.create(AppStateEntity, { key, value, updatedAt: new Date() });
      return true;
    });
  }
}
