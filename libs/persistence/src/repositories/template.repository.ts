import type { EntityManager } from '@mikro-orm/postgresql';
import { ProgrammeTemplateEntity } from '../entities/programme-template.entity';

/** Published template versions of one agency. Every method takes the agency first. */
export class TemplateRepository {
  constructor(private readonly em: EntityManager) {}

  findVersion(agency: string, key: string, version: number): Promise<ProgrammeTemplateEntity | null> {
    return this.em.findOne(ProgrammeTemplateEntity, { agency: required(agency), key, version });
  }

  findLatest(agency: string, key: string): Promise<ProgrammeTemplateEntity | null> {
    return this.em.findOne(ProgrammeTemplateEntity, { agency: required(agency), key }, { orderBy: { version: 'desc' } });
  }

  /** Every published version, newest first; of one key when given. */
  list(agency: string, key?: string): Promise<ProgrammeTemplateEntity[]> {
    return this.em.find(
      ProgrammeTemplateEntity,
      { agency: required(agency), ...(key ? { key } : {}) },
      { orderBy: { publishedAt: 'desc', key: 'asc', version: 'desc' } },
    );
  }

  /** Inserts and flushes; a concurrent publish of the same version fails on the unique key. */
  async insert(row: Omit<ProgrammeTemplateEntity, 'id'>): Promise<ProgrammeTemplateEntity> {
    required(row.agency);
    const entity = this.em.create(ProgrammeTemplateEntity, row);
    await this.em.persistAndFlush(entity);
    return entity;
  }
}

function required(agency: string): string {
  if (!agency) throw new Error('an agency is required for every template query');
  return agency;
}
