import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * One recorded event of a cluster: the truth the snapshot and the projections are folded
 * from. Append-only; `hash` chains each event to the previous one of its cluster.
 */
@Entity({ tableName: 'cluster_event' })
@Unique({ name: 'cluster_event_cluster_id_seq_unique', properties: ['clusterId', 'seq'] })
@Index({ name: 'cluster_event_agency_at_index', properties: ['agency', 'at'] })
@Index({ name: 'cluster_event_agency_cluster_id_seq_index', properties: ['agency', 'clusterId', 'seq'] })
export class ClusterEventEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'uuid' })
  clusterId!: string;

  /** 1 for REGISTERED, then 2, 3... without gaps. */
  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'text' })
  type!: string;

  @Property({ type: 'text' })
  actor!: string;

  @Property({ type: 'text', nullable: true })
  actorName: string | null = null;

  @Property({ type: 'text', nullable: true })
  role: string | null = null;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'jsonb' })
  payload!: unknown;

  @Property({ type: 'character', length: 64 })
  prevHash!: string;

  @Property({ type: 'character', length: 64 })
  hash!: string;
}
