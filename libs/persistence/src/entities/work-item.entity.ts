import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Projection of what waits on whom (`myWork`): each cluster's open work items as the engine's
 * `openWork` lists them, rewritten by every command in its own transaction. `audience` holds
 * `<agency>/<role>` and `<agency>/<role>@<user>` keys matched against the caller's token.
 */
@Entity({ tableName: 'work_item' })
@Index({ name: 'work_item_audience_index', properties: ['audience'], type: 'gin' })
export class WorkItemEntity {
  @PrimaryKey({ type: 'uuid' })
  clusterId!: string;

  /** Stable within the cluster's phase visit (the visit number, the kind, the gate or milestone…). */
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'text', nullable: true })
  gate: string | null = null;

  @Property({ type: 'text', nullable: true })
  milestone: string | null = null;

  @Property({ type: 'text', nullable: true })
  role: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  artefactVersionId: string | null = null;

  @Property({ type: 'text', nullable: true })
  indicator: string | null = null;

  @Property({ type: 'text' })
  detail!: string;

  @Property({ type: 'text[]' })
  audience: string[] = [];

  /** People a matching key reaches who may not act (the submitter, those who already approved). */
  @Property({ type: 'text[]' })
  exceptUsers: string[] = [];

  /** Since when it waits: the command that opened it, or `notBefore`. */
  @Property({ type: 'timestamptz' })
  since!: Date;

  /** A gate's `after:`: the item waits on nobody before this. */
  @Property({ type: 'timestamptz', nullable: true })
  notBefore: Date | null = null;

  /** The cluster's current phase's due date. */
  @Property({ type: 'timestamptz', nullable: true })
  dueAt: Date | null = null;
}
