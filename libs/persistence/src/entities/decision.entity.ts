import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * Projection of DECIDED, for the approval history across clusters. `counts` is kept in
 * step with the snapshot by every command (a newer artefact version or a later decision
 * voids a decision; decisions used to pass a gate stay counting).
 */
@Entity({ tableName: 'decision' })
@Index({ name: 'decision_cluster_id_decided_at_index', properties: ['clusterId', 'decidedAt'] })
@Index({ name: 'decision_agency_decided_by_decided_at_index', properties: ['agency', 'decidedBy', 'decidedAt'] })
@Index({ name: 'decision_agency_decided_at_index', properties: ['agency', 'decidedAt'] })
export class DecisionEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'uuid' })
  clusterId!: string;

  /** The cluster's name when the decision was given. */
  @Property({ type: 'text' })
  clusterName!: string;

  /** A gate id or a milestone id. */
  @Property({ type: 'text' })
  gate!: string;

  @Property({ type: 'text' })
  role!: string;

  @Property({ type: 'text' })
  outcome!: string;

  @Property({ type: 'text', nullable: true })
  comment: string | null = null;

  @Property({ type: 'text' })
  decidedBy!: string;

  @Property({ type: 'timestamptz' })
  decidedAt!: Date;

  @Property({ type: 'uuid', nullable: true })
  artefactVersionId: string | null = null;

  /** The phase visit (phase_visit.n) the decision was given in. */
  @Property({ type: 'integer' })
  visit!: number;

  @Property({ type: 'boolean', default: false })
  counts: boolean = false;

  /**
   * The conditions of an APPROVE_WITH_CONDITIONS as the snapshot holds them
   * (`[{ id, text, closedAt, closedBy, note }]`); updated by CONDITION_CLOSED; `[]` otherwise.
   */
  @Property({ type: 'jsonb', default: "'[]'" })
  conditions: unknown[] = [];

  /** The DECIDED event. */
  @Property({ type: 'uuid' })
  eventId!: string;
}
