import type { EntityManager } from '@mikro-orm/postgresql';
import { ProgrammeTemplateEntity } from '../entities/programme-template.entity';

/**
 * Published template versions of one agency. Every method takes the agency first, and works
 * on its own fork of the entity manager (a provider shared by every request).
 */
export class TemplateRepository {
  constructor(private readonly em: EntityManager) {}

  findVersion(agency: string, key: string, version: number): Promise<ProgrammeTemplateEntity | null> {
    return this.em.fork().findOne(ProgrammeTemplateEntity, { agency: required(agency), key, version });
  }

  findLatest(agency: string, key: string): Promise<ProgrammeTemplateEntity | null> {
    return this.em.fork().findOne(ProgrammeTemplateEntity, { agency: required(agency), key }, { orderBy: { version: 'desc' } });
  }

  /** Every published version, newest first; of one key when given. */
  list(agency: string, key?: string): Promise<ProgrammeTemplateEntity[]> {
    return this.em.fork().find(
      ProgrammeTemplateEntity,
      { agency: required(agency), ...(key ? { key } : {}) },
      { orderBy: { publishedAt: 'desc', key: 'asc', version: 'desc' } },
    );
  }

  /** The id of a published version (the latest when `version` is null); null when there is none. Reads only the id. */
  async versionId(agency: string, key: string, version: number | null): Promise<string | null> {
    const [row] = await this.em.execute<{ id: string }[]>(
      `select id from programme_template where agency = ? and key = ?${version != null ? ' and version = ?' : ''} order by version desc limit 1`,
      [required(agency), key, ...(version != null ? [version] : [])],
    );
    return row?.id ?? null;
  }

  /** The ids of every published version of a template, by version. */
  async versionIds(agency: string, key: string): Promise<Map<number, string>> {
    const rows = await this.em.execute<{ id: string; version: number }[]>('select id, version from programme_template where agency = ? and key = ?', [required(agency), key]);
    return new Map(rows.map((r) => [r.version, r.id]));
  }

  /** The published versions (id, key, version) of each of `keys`, newest first. */
  async versionsOfKeys(agency: string, keys: readonly string[]): Promise<{ id: string; key: string; version: number }[]> {
    if (!keys.length) return [];
    return this.em.execute<{ id: string; key: string; version: number }[]>(
      'select id, key, version from programme_template where agency = ? and key in (?) order by version desc',
      [required(agency), [...keys]],
    );
  }

  /** The keys of the agency's published templates, in order. */
  async keys(agency: string): Promise<string[]> {
    const rows = await this.em.execute<{ key: string }[]>('select distinct key from programme_template where agency = ? order by key', [required(agency)]);
    return rows.map((r) => r.key);
  }

  /** Whether the agency has published any template. */
  async hasTemplates(agency: string): Promise<boolean> {
    const [found] = await this.em.execute<{ n: number }[]>('select 1 as n from programme_template where agency = ? limit 1', [required(agency)]);
    return !!found;
  }

  /** The stored definition of a template version of the agency; null when there is none. */
  async definition(agency: string, templateId: string): Promise<unknown> {
    const found = await this.em.fork().findOne(ProgrammeTemplateEntity, { agency: required(agency), id: templateId });
    return found?.definition ?? null;
  }

  /** Inserts and flushes; a concurrent publish of the same version fails on the unique key. */
  async insert(row: Omit<ProgrammeTemplateEntity, 'id'>): Promise<ProgrammeTemplateEntity> {
    required(row.agency);
    const em = this.em.fork();
    const entity = em.create(ProgrammeTemplateEntity, row);
    await em.persistAndFlush(entity);
    return entity;
  }
}

function required(agency: string): string {
  if (!agency) throw new Error('an agency is required for every template query');
  return agency;
}
