import { Entity, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * The bytes of one agency's file, once per (agency, sha256) however many uploads carry them.
 * With FILE_STORE=postgres they are its `file_chunk` rows; with FILE_STORE=dir:<path> a file
 * named by the agency and the hash under that folder.
 */
@Entity({ tableName: 'file_content' })
@Unique({ name: 'file_content_agency_sha256_unique', properties: ['agency', 'sha256'] })
export class FileContentEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'character', length: 64 })
  sha256!: string;

  @Property({ type: 'bigint' })
  size!: string;

  /** `postgres` (chunks in file_chunk) or `dir` (a file under FILE_STORE's folder). */
  @Property({ type: 'text' })
  store!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;
}
