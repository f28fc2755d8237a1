import { IsolationLevel } from '@mikro-orm/core';
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

  /** Whether the database holds anything of the agency: a published template, a cluster or an event. */
  async agencyExists(agency: string): Promise<boolean> {
    const [row] = await this.em.execute<{ found: boolean }[]>(
      `select exists (select 1 from programme_template where agency = ?) or exists (select 1 from cluster where agency = ?)
           or exists (select 1 from cluster_event where agency = ?) as found`,
      [agency, agency, agency],
    );
    return row?.found === true;
  }

  /**
   * Runs `work` in one read-only REPEATABLE READ transaction: every statement the repositories
   * run through the entity manager inside it (MikroORM's transaction context follows the async
   * calls) sees the database as it was at the first, whatever commits meanwhile.
   */
  readInOneSnapshot<T>(work: () => Promise<T>): Promise<T> {
    return this.em.transactional(() => work(), { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
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
