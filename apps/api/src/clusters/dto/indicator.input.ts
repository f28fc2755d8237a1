import { Field, Float, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsNumber, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { IsName, IsText, PERIOD_PATTERN } from './limits';

const FINITE = { allowNaN: false, allowInfinity: false };
const PERIOD_MESSAGE = '$property must be a year (2025), a quarter (2025-Q1) or a month (2025-03)';

@InputType('IndicatorInput', { description: 'A value of an indicator for one period; replaces an earlier value of that period' })
export class IndicatorInput {
  @Field(() => ID, { description: 'The cluster the value is for' })
  @IsUUID()
  clusterId!: string;

  @Field(() => String, { description: 'The indicator id, as declared in the template' })
  @IsName()
  indicator!: string;

  @Field(() => String, { description: 'A year (2025), quarter (2025-Q1) or month (2025-03)' })
  @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period!: string;

  @Field(() => Float, { description: 'The value' })
  @IsNumber(FINITE)
  value!: number;

  @Field(() => String, { nullable: true, description: 'A note on the value, e.g. its source' })
  @IsOptional() @IsText()
  note?: string | null;
}

@InputType('IndicatorTargetInput', { description: 'The target of an indicator for one period' })
export class IndicatorTargetInput {
  @Field(() => String, { description: 'A year (2025), quarter (2025-Q1) or month (2025-03)' })
  @Matches(PERIOD_PATTERN, { message: PERIOD_MESSAGE })
  period!: string;

  @Field(() => Float, { description: 'The target value' })
  @IsNumber(FINITE)
  value!: number;
}

@InputType('IndicatorPlanInput', { description: 'The baseline and period targets of an indicator; replaces the earlier plan' })
export class IndicatorPlanInput {
  @Field(() => ID, { description: 'The cluster the plan is for' })
  @IsUUID()
  clusterId!: string;

  @Field(() => String, { description: 'The indicator id, as declared in the template' })
  @IsName()
  indicator!: string;

  @Field(() => Float, { nullable: true, description: 'The value at the start' })
  @IsOptional() @IsNumber(FINITE)
  baseline?: number | null;

  @Field(() => [IndicatorTargetInput], { description: 'The targets, one per period' })
  @IsArray() @ValidateNested({ each: true }) @Type(() => IndicatorTargetInput)
  targets!: IndicatorTargetInput[];
}
