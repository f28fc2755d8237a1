import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';
import type { ClusterState, ClusterStatus } from '@clusterflow/engine';

/**
 * A cluster's current state: the snapshot folded from its events (a cache of the event log)
 * with the columns the list queries filter and sort on copied out of it. Written only by
 * `ClusterRepository.commit`, together with the event that produced it.
 */
@Entity({ tableName: 'cluster' })
@Index({ name: 'cluster_agency_registered_at_id_index', properties: ['agency', 'registeredAt', 'id'] })
@Index({ name: 'cluster_agency_phase_index', properties: ['agency', 'phase'] })
@Index({ name: 'cluster_agency_score_index', properties: ['agency', 'score'] })
@Index({ name: 'cluster_agency_due_at_index', properties: ['agency', 'dueAt'] })
@Index({ name: 'cluster_agency_template_key_template_version_id_index', properties: ['agency', 'templateKey', 'templateVersion', 'id'] })
export class ClusterEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'text' })
  name!: string;

  @Property({ type: 'text', nullable: true })
  sector: string | null = null;

  @Property({ type: 'text', nullable: true })
  region: string | null = null;

  @Property({ type: 'text', nullable: true })
  country: string | null = null;

  /** The programme_template row (published version) the cluster runs on. */
  @Property({ type: 'uuid' })
  templateId!: string;

  @Property({ type: 'text' })
  templateKey!: string;

  @Property({ type: 'integer' })
  templateVersion!: number;

  @Property({ type: 'text' })
  phase!: string;

  @Property({ type: 'text' })
  status!: ClusterStatus;

  /** Number of events folded in; equals the last event's seq. */
  @Property({ type: 'integer' })
  version!: number;

  @Property({ type: 'double', nullable: true })
  score: number | null = null;

  @Property({ type: 'boolean', nullable: true })
  eligible: boolean | null = null;

  @Property({ type: 'timestamptz' })
  enteredPhaseAt!: Date;

  /** When the current phase visit is due; null when the phase has no due date, or the cluster is suspended or finished. */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  registeredAt!: Date;

  @Property({ type: 'text' })
  registeredBy!: string;

  @Property({ type: 'text[]' })
  cdaIds: string[] = [];

  @Property({ type: 'jsonb' })
  snapshot!: ClusterState;

  /**
   * The gates out of the current phase and what holds each (the engine's `gateWaits`): a
   * list of `{gate, unmet, notBefore}`, rewritten by every command; read by gateBottlenecks.
   */
  @Property({ type: 'jsonb', default: '[]' })
  gateUnmet: unknown = [];

  /**
   * The current phase visit's entry moved later by its suspended time (the engine's
   * `waitingSince`): now minus this is the time in the phase, suspension excluded (gateBottlenecks).
   * Null on rows written before it existed and not since (read as `entered_phase_at`).
   */
  @Property({ type: 'timestamptz', nullable: true })
  waitingSince: Date | null = null;

  /** Hash of the last event of the chain. */
  @Property({ type: 'character', length: 64 })
  lastHash!: string;
}
