import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { UnmetRequirementModel } from './readiness.model';

@ObjectType('MigrationPlan', { description: 'What moving a cluster to another template version does (or did, when applied)' })
export class MigrationPlanModel {
  @Field(() => ID, { description: 'The cluster migrated' }) clusterId!: string;
  @Field(() => String, { description: 'Our addition: the cluster\'s name' }) clusterName!: string;
  @Field(() => Int, { description: 'The template version before' }) fromVersion!: number;
  @Field(() => Int, { description: 'The template version after' }) toVersion!: number;
  @Field(() => Boolean, { description: 'False for a dry run or when problems prevent it' }) applied!: boolean;
  @Field(() => String, { description: 'How the current phase maps onto the new version, e.g. `diagnostic → diagnostic (same id)`' }) phaseMapping!: string;
  @Field(() => [String], { description: 'Renamed gates (migration.gates) whose decisions on this cluster keep counting under the new id, e.g. `endorse_diagnostic → endorse_study (2 decisions)`' })
  gateMapping!: string[];
  @Field(() => String, { description: 'Our addition: the current phase, under the version before' }) fromPhase!: string;
  @Field(() => String, { nullable: true, description: 'Our addition: the phase under the new version; null when it has no counterpart' }) toPhase!: string | null;
  @Field(() => [String], { description: 'Why the migration cannot be applied; empty when it can' }) problems!: string[];
  @Field(() => [UnmetRequirementModel], { description: 'Requirements of the gates out of the current phase that hold under the old version and not under the new (each names its gate)' })
  newlyUnmet!: UnmetRequirementModel[];
}

@ObjectType('BulkMigration', { description: 'Our addition: moving every unfinished cluster of one template version to another' })
export class BulkMigrationModel {
  @Field(() => String) templateKey!: string;
  @Field(() => Int) fromVersion!: number;
  @Field(() => Int) toVersion!: number;
  @Field(() => Boolean, { description: 'True when nothing was applied on purpose' }) dryRun!: boolean;
  @Field(() => Int, { description: 'Unfinished clusters on fromVersion that were planned' }) clusters!: number;
  @Field(() => Int, { description: 'Clusters migrated by this call' }) applied!: number;
  @Field(() => Int, { description: 'Clusters with problems, left on fromVersion' }) blocked!: number;
  @Field(() => [MigrationPlanModel], { description: 'One plan per cluster, in cluster id order' }) plans!: MigrationPlanModel[];
}
