import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** One piece (1 MiB, the last one shorter) of a file_content stored in PostgreSQL, in order of `n`. */
@Entity({ tableName: 'file_chunk' })
export class FileChunkEntity {
  @PrimaryKey({ type: 'uuid' })
  contentId!: string;

  @PrimaryKey({ type: 'integer' })
  n!: number;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'blob' })
  data!: Buffer;
}
