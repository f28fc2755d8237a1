import { Field, Float, InputType } from '@nestjs/graphql';
import { IsNumber } from 'class-validator';
import { IsName } from './limits';

@InputType('CriterionScoreInput', { description: 'The score of one selection criterion' })
export class CriterionScoreInput {
  @Field(() => String, { description: 'The criterion id, as declared in the template' })
  @IsName()
  criterion!: string;

  @Field(() => Float, { description: 'The score' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  score!: number;
}
