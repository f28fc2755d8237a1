import { Field, Float, ObjectType } from '@nestjs/graphql';

@ObjectType('IndicatorValue', { description: 'A value of an indicator recorded for one period' })
export class IndicatorValueModel {
  @Field(() => String, { description: 'The indicator id, as declared in the template' }) indicator!: string;
  @Field(() => String, { description: 'A year (2025), quarter (2025-Q1) or month (2025-03)' }) period!: string;
  @Field(() => Float, { description: 'The value' }) value!: number;
  @Field(() => String, { description: 'User id of who recorded it' }) recordedBy!: string;
  @Field(() => Date, { description: 'When it was recorded' }) recordedAt!: Date;
}

@ObjectType('IndicatorTarget', { description: 'The target of an indicator for one period' })
export class IndicatorTargetModel {
  @Field(() => String, { description: 'A year (2025), quarter (2025-Q1) or month (2025-03)' }) period!: string;
  @Field(() => Float, { description: 'The target value' }) value!: number;
}

@ObjectType('IndicatorSummary', { description: 'An indicator of a cluster: its values, plan and progress' })
export class IndicatorSummaryModel {
  @Field(() => String, { description: 'The indicator id, as declared in the template' }) indicator!: string;
  @Field(() => Float, { nullable: true, description: 'The values aggregated as the template says; null without values' }) aggregate!: number | null;
  @Field(() => Float, { nullable: true, description: 'The value at the start, when planned' }) baseline!: number | null;
  @Field(() => Float, { nullable: true, description: 'Sum of period targets for `sum` indicators, else the latest period\'s' }) target!: number | null;
  @Field(() => Float, { nullable: true, description: '(aggregate - baseline) / (target - baseline) when defined' }) progress!: number | null;
  @Field(() => [IndicatorValueModel], { description: 'The recorded values' }) values!: IndicatorValueModel[];
  @Field(() => [IndicatorTargetModel], { description: 'The planned targets, by period' }) targets!: IndicatorTargetModel[];
}
