import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/** Projection of ARTEFACT_SUBMITTED: one submitted version of an artefact. */
@Entity({ tableName: 'artefact_version' })
@Unique({ name: 'artefact_version_artefact_id_number_unique', properties: ['artefactId', 'number'] })
@Index({ name: 'artefact_version_cluster_id_index', properties: ['clusterId'] })
export class ArtefactVersionEntity {
  /** The version id. */
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'uuid' })
  clusterId!: string;

  @Property({ type: 'uuid' })
  artefactId!: string;

  /** 1 for the first version of the artefact, then 2, 3... */
  @Property({ type: 'integer' })
  number!: number;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text', nullable: true })
  uri: string | null = null;

  @Property({ type: 'text', nullable: true })
  sha256: string | null = null;

  @Property({ type: 'jsonb' })
  fields!: unknown;

  @Property({ type: 'text' })
  submittedBy!: string;

  @Property({ type: 'timestamptz' })
  submittedAt!: Date;

  /** The ARTEFACT_SUBMITTED event. */
  @Property({ type: 'uuid' })
  eventId!: string;
}
