import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * A published template version: immutable once written. The source is kept as published
 * (with its SHA-256) and the normalized definition alongside, so a cluster can always be
 * replayed on exactly the version it ran on.
 */
@Entity({ tableName: 'programme_template' })
@Unique({ name: 'programme_template_agency_key_version_unique', properties: ['agency', 'key', 'version'] })
@Index({ name: 'programme_template_agency_published_at_index', properties: ['agency', 'publishedAt'] })
export class ProgrammeTemplateEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'text' })
  key!: string;

  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'character', length: 64 })
  sha256!: string;

  /** `json`, not `jsonb`: it keeps the template's key order (criteria, indicators, roles as written). */
  @Property({ type: 'json', columnType: 'json' })
  definition!: unknown;

  @Property({ type: 'jsonb' })
  warnings!: unknown;

  @Property({ type: 'text' })
  publishedBy!: string;

  @Property({ type: 'timestamptz' })
  publishedAt!: Date;
}
