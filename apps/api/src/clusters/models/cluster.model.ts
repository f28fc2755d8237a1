import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../../graphql/json.scalar';
import { ArtefactModel } from './artefact.model';
import { ConditionModel, DecisionModel } from './decision.model';
import { ClusterAction, ClusterStatus } from './enums.model';
import { IndicatorSummaryModel } from './indicator.model';
import { GateReadinessModel, MilestoneStatusModel } from './readiness.model';

@ObjectType('RoleAssignment', { description: 'A person holding a cluster-scoped role on one cluster' })
export class RoleAssignmentModel {
  @Field(() => String, { description: 'The user id' }) userId!: string;
  @Field(() => String, { description: 'A role declared with `scope: cluster` in the template' }) role!: string;
}

@ObjectType('PhaseVisit', { description: 'One stay of a cluster in a phase' })
export class PhaseVisitModel {
  @Field(() => String, { description: 'The phase id' }) phase!: string;
  @Field(() => Date, { description: 'When the cluster entered the phase' }) enteredAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When it left; null for the current visit' }) leftAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'The gate passed to enter; null for the initial phase and for a phase the cluster entered when the one before expired (PHASE_EXPIRED)' }) viaGate!: string | null;
  @Field(() => Float, { description: 'Days spent suspended during this visit' }) suspendedDays!: number;
}

/**
 * A cluster as clients see it. The optional (`?`) members are resolved on demand by the
 * clusters resolver (@ResolveField); they are declared here so the type is complete.
 */
@ObjectType('Cluster', { description: 'A cluster going through a programme template\'s phases and gates' })
export class ClusterModel {
  @Field(() => ID, { description: 'The cluster id' }) id!: string;
  @Field(() => String, { description: 'The cluster\'s name' }) name!: string;
  @Field(() => String, { nullable: true, description: 'The economic sector' }) sector!: string | null;
  @Field(() => String, { nullable: true, description: 'The region' }) region!: string | null;
  @Field(() => String, { nullable: true, description: 'The country' }) country!: string | null;
  @Field(() => JSONScalar, { description: 'The attributes the template declares, by name' }) attributes!: Record<string, unknown>;
  @Field(() => String, { description: 'The key of the template the cluster follows' }) templateKey!: string;
  @Field(() => Int, { description: 'The version of that template' }) templateVersion!: number;
  @Field(() => String, { description: 'The current phase id' }) phase!: string;
  @Field(() => ClusterStatus, { description: 'Active, suspended or finished' }) status!: ClusterStatus;
  @Field(() => Date, { description: 'When the cluster entered its current phase' }) enteredPhaseAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the current phase is due; null when the phase has no due period' })
  due?: Date | null;
  @Field(() => Boolean, { description: 'True when the current phase is past its due date' }) overdue?: boolean;
  @Field(() => [String], { description: 'User ids of the assigned CDAs' }) cdaIds!: string[];
  @Field(() => [RoleAssignmentModel], { description: 'The cluster-scoped roles assigned on this cluster' }) roleAssignments!: RoleAssignmentModel[];
  @Field(() => Float, { nullable: true, description: 'The selection score; null until every criterion is scored' }) score!: number | null;
  @Field(() => Boolean, { nullable: true, description: 'From attributes; null when the template has no selection' }) eligible!: boolean | null;
  @Field(() => [MilestoneStatusModel], { description: 'The milestones of the current phase visit' }) milestones?: MilestoneStatusModel[];
  @Field(() => Int, { description: 'Increases with every event; pass it as `expectedVersion` to detect concurrent changes' }) version!: number;
  @Field(() => [GateReadinessModel], { description: 'Every gate out of the current phase, with what is missing' }) gates?: GateReadinessModel[];
  @Field(() => [ArtefactModel], { description: 'The cluster\'s artefacts, in submission order' }) artefacts?: ArtefactModel[];
  @Field(() => [DecisionModel], { description: 'The decisions on this cluster, in order' }) decisions?: DecisionModel[];
  @Field(() => [IndicatorSummaryModel], { description: 'The indicators with values or a plan' }) indicators?: IndicatorSummaryModel[];
  @Field(() => [PhaseVisitModel], { description: 'Every phase visit, oldest first' }) history?: PhaseVisitModel[];
  @Field(() => JSONScalar, { description: 'The template\'s computed values (`derived`), by id; null where one cannot be computed yet' }) derived?: Record<string, unknown>;
  @Field(() => [ConditionModel], { description: 'The conditions of approvals with conditions not closed yet, in the order given' }) openConditions?: ConditionModel[];
  @Field(() => [ClusterAction], { description: 'What the caller may do on this cluster now, from the same checks the commands run' }) viewerCan?: ClusterAction[];
}
