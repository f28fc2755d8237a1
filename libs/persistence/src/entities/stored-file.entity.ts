import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * An uploaded file (POST /files): its name, size, hash and media type, who uploaded it, and the
 * artefact version it is attached to (null until a submission names it). Its bytes are the
 * agency's `file_content` with the same sha256 (stored once, however often uploaded). Once
 * attached, the row can no longer change nor be deleted (triggers, migration `files`).
 */
@Entity({ tableName: 'stored_file' })
@Index({ name: 'stored_file_agency_sha256_index', properties: ['agency', 'sha256'] })
@Index({ name: 'stored_file_artefact_version_id_index', properties: ['artefactVersionId'] })
@Index({ name: 'stored_file_unattached_index', properties: ['uploadedAt'], expression: 'create index "stored_file_unattached_index" on "stored_file" ("uploaded_at") where "artefact_version_id" is null' })
export class StoredFileEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  /** Lowercase hex SHA-256 of the bytes. */
  @Property({ type: 'character', length: 64 })
  sha256!: string;

  @Property({ type: 'bigint' })
  size!: string;

  /** The client's file name without any path, control or formatting characters. */
  @Property({ type: 'text' })
  name!: string;

  /** Read from the bytes, never from the client. */
  @Property({ type: 'text' })
  mediaType!: string;

  @Property({ type: 'text' })
  uploadedBy!: string;

  @Property({ type: 'timestamptz' })
  uploadedAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  artefactVersionId: string | null = null;

  @Property({ type: 'timestamptz', nullable: true })
  attachedAt: Date | null = null;
}
