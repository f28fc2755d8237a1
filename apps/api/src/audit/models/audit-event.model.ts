import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { describedEnum } from '../../graphql/described-enum';
import type { EventType } from '@clusterflow/engine';
import { JSONScalar } from '../../graphql/json.scalar';
import { PageInfoModel } from '../../clusters/models/page-info.model';

/**
 * What an event records: every type the engine folds, and only those (a type added to the
 * engine's `EventPayloads` fails the typecheck here until it is described). The JSON values
 * are the type names as stored and hashed.
 */
export const AUDIT_EVENT_TYPES = {
  REGISTERED: 'The cluster was registered',
  CDA_ASSIGNED: 'A CDA was assigned to the cluster',
  CDA_UNASSIGNED: 'A CDA was unassigned',
  ROLE_ASSIGNED: 'Someone was assigned a cluster-scoped role',
  ROLE_UNASSIGNED: 'A cluster-scoped role assignment was removed',
  SCORED: 'Selection criteria were scored',
  ARTEFACT_SUBMITTED: 'An artefact version was submitted',
  DECIDED: 'A decision was given (approval, approval with conditions, rejection or deferral)',
  CONDITION_CLOSED: 'A condition of an approval with conditions was closed',
  INDICATOR_RECORDED: 'An indicator value was recorded',
  INDICATOR_PLAN_SET: 'An indicator\'s baseline and targets were set',
  MILESTONE_REACHED: 'A milestone was reached',
  ADVANCED: 'The cluster passed a gate into another phase',
  SUSPENDED: 'The cluster was suspended',
  RESUMED: 'The cluster was resumed',
  MIGRATED: 'The cluster moved to another version of its template',
  ESCALATED: 'A gate stayed unmet longer than its `escalate` allows; the role it names was told (actor `system`)',
  PHASE_EXPIRED: 'The phase expired and the system moved the cluster to the phase its `expires` names (actor `system`)',
} as const satisfies Record<EventType, string>;

export const AuditEventType = describedEnum('AuditEventType', 'What an audit event records', AUDIT_EVENT_TYPES);
export type AuditEventType = EventType;

/**
 * One recorded event of a cluster, exactly as stored: the audit trail's unit, also what
 * `clusterEvents` delivers. `hash` can be recomputed from the other fields (see the
 * contract's comment on `AuditEvent` and `eventHash` in the engine).
 */
@ObjectType('AuditEvent', { description: 'A recorded event of a cluster, with its place in the cluster\'s hash chain' })
export class AuditEventModel {
  @Field(() => ID, { description: 'The event id' }) id!: string;
  @Field(() => ID, { description: 'The cluster the event belongs to' }) clusterId!: string;
  @Field(() => Int, { description: 'Place in the cluster\'s log: 1 for REGISTERED, then 2, 3... without gaps' }) seq!: number;
  @Field(() => AuditEventType, { description: 'What happened' }) type!: AuditEventType;
  @Field(() => String, { description: 'User id of who caused it' }) actor!: string;
  @Field(() => String, { nullable: true, description: 'Their name, from the token, when it had one' }) actorName!: string | null;
  @Field(() => String, { nullable: true, description: 'The role they acted in, when the command names one' }) role!: string | null;
  @Field(() => Date, { description: 'When it was recorded (UTC, milliseconds)' }) at!: Date;
  @Field(() => JSONScalar, { description: 'What the event says, as recorded' }) payload!: unknown;
  @Field(() => String, { description: 'Hash of the previous event of the cluster; 64 zeros for the first' }) prevHash!: string;
  @Field(() => String, { description: 'Lowercase hex SHA-256 of the canonical JSON of { clusterId, seq, type, actor, role, at, payload, prevHash }' })
  hash!: string;
}

@ObjectType('AuditEventEdge', { description: 'An event in a page of the audit trail' })
export class AuditEventEdgeModel {
  @Field(() => AuditEventModel, { description: 'The event' }) node!: AuditEventModel;
  @Field(() => String, { description: 'The event\'s seq, as text; pass as `after` to continue after it' }) cursor!: string;
}

@ObjectType('AuditEventConnection', { description: 'A page of a cluster\'s audit trail, in seq order' })
export class AuditEventConnectionModel {
  @Field(() => [AuditEventEdgeModel], { description: 'The events of this page' }) edges!: AuditEventEdgeModel[];
  @Field(() => PageInfoModel, { description: 'Where this page is' }) pageInfo!: PageInfoModel;
}
