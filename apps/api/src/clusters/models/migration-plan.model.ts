import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { UnmetRequirementModel } from './readiness.model';

@ObjectType('MigrationPlan', { description: 'What moving a cluster to another template version does (or did, when applied)' })
export class MigrationPlanModel {
  @Field(() => ID, { description: 'The cluster migrated' }) clusterId!: string;
  @Field(() => Int, { description: 'The template version before' }) fromVersion!: number;
  @Field(() => Int, { description: 'The template version after' }) toVersion!: number;
  @Field(() => Boolean, { description: 'False for a dry run or when problems prevent it' }) applied!: boolean;
  @Field(() => String, { description: 'How the current phase maps onto the new version' }) phaseMapping!: string;
  @Field(() => [String], { description: 'Why the migration cannot be applied; empty when it can' }) problems!: string[];
  @Field(() => [UnmetRequirementModel], { description: 'Requirements that hold now and would no longer hold' }) newlyUnmet!: UnmetRequirementModel[];
}
