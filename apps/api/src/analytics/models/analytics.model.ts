import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { describedEnum } from '../../graphql/described-enum';
import type { IndicatorGroupBy } from '@clusterflow/persistence';

export const IndicatorGrouping = describedEnum('IndicatorGrouping', 'How indicatorReport groups the values', {
  PERIOD: 'By reporting period (`2025`, `2025-Q3`, `2025-07`)',
  CLUSTER: 'By cluster (the key is its id, the label its name)',
  PHASE: 'By the phase the cluster was in when the value was recorded',
  ATTRIBUTE: 'By the value of the cluster attribute `attribute` (a typed attribute of the template, or sector, region or country)',
} satisfies Record<IndicatorGroupBy, string>);

@ObjectType('KeyCount', { description: 'A count under a key' })
export class KeyCountModel {
  @Field(() => String) key!: string;
  @Field(() => Int) count!: number;
}

@ObjectType('PhaseCount', { description: 'Clusters in one phase of one template' })
export class PhaseCountModel {
  @Field(() => String) templateKey!: string;
  @Field(() => String, { description: 'The phase key' }) phase!: string;
  @Field(() => String) title!: string;
  @Field(() => Int) count!: number;
  @Field(() => Int, { description: 'Of them, past their phase\'s due date' }) overdue!: number;
}

@ObjectType('Portfolio', { description: 'Where the agency\'s clusters are (of one template when asked)' })
export class PortfolioModel {
  @Field(() => Int) clusters!: number;
  @Field(() => Int, { description: 'Clusters past their phase\'s due date' }) overdue!: number;
  @Field(() => [KeyCountModel], { description: 'Clusters by status: ACTIVE, SUSPENDED, FINISHED' }) byStatus!: KeyCountModel[];
  @Field(() => [PhaseCountModel], { description: 'Clusters by template and phase: every phase of each template\'s latest version in template order (0 included), then phases only older versions have' })
  byPhase!: PhaseCountModel[];
}

@ObjectType('PhaseDuration', { description: 'Time in one phase, suspension excluded, in days' })
export class PhaseDurationModel {
  @Field(() => String) phase!: string;
  @Field(() => String) title!: string;
  @Field(() => Int, { description: 'Visits to the phase (a loop back counts again)' }) visits!: number;
  @Field(() => Int, { description: 'Visits that ended by passing a gate' }) completed!: number;
  @Field(() => Int, { description: 'Unfinished clusters in the phase now' }) current!: number;
  @Field(() => Float, { nullable: true, description: 'Median over completed visits (percentile_cont)' }) p50Days!: number | null;
  @Field(() => Float, { nullable: true, description: '90th percentile over completed visits (percentile_cont)' }) p90Days!: number | null;
  @Field(() => Float, { nullable: true, description: 'Longest completed visit' }) maxDays!: number | null;
}

@ObjectType('GateBottleneck', { description: 'Active clusters in a `from` phase of the gate whose gate is not ready (suspended clusters not counted)' })
export class GateBottleneckModel {
  @Field(() => String, { description: 'The gate key' }) gate!: string;
  @Field(() => String) title!: string;
  @Field(() => Int) waiting!: number;
  @Field(() => Float, { nullable: true, description: 'Median days they have been in the phase, suspension excluded' }) medianWaitDays!: number | null;
  @Field(() => [KeyCountModel], { description: 'Waiting clusters per unmet requirement kind (UnmetKind), most frequent first' }) unmetKinds!: KeyCountModel[];
}

@ObjectType('IndicatorGroup', { description: 'One group of an indicator report' })
export class IndicatorGroupModel {
  @Field(() => String) key!: string;
  @Field(() => String, { description: 'The key in words: the cluster\'s name (CLUSTER), the phase\'s title (PHASE); else the key' }) label!: string;
  @Field(() => Int, { description: 'Clusters with a value in the group' }) clusters!: number;
  @Field(() => Float, { nullable: true, description: 'Per cluster with the indicator\'s aggregation, then summed across clusters for `sum`, averaged for the others' })
  value!: number | null;
  @Field(() => Float, { nullable: true, description: 'The clusters\' baselines, combined as `value`' }) baseline!: number | null;
  @Field(() => Float, { nullable: true, description: 'The clusters\' targets (of the period for PERIOD groups), combined as `value`' }) target!: number | null;
  @Field(() => Float, { nullable: true, description: '(value − baseline) / (target − baseline); null when one is null or target equals baseline' }) progress!: number | null;
}
