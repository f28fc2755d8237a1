import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { MAX_CONDITIONS_PER_DECISION, MAX_TEXT_LENGTH } from '@clusterflow/engine';
import { Outcome } from '../models/enums.model';
import { IsName, IsText } from './limits';

@InputType('DecisionInput', { description: 'A decision (approve, approve with conditions, reject or defer) on a gate or milestone, in one role' })
export class DecisionInput {
  @Field(() => ID, { description: 'The cluster decided on' })
  @IsUUID()
  clusterId!: string;

  @Field(() => String, { description: 'A gate id, or a milestone id' })
  @IsName()
  gate!: string;

  @Field(() => String, { description: 'The role the decider acts in; must be one of the token\'s roles' })
  @IsName()
  role!: string;

  @Field(() => Outcome, { description: 'Approve, approve with conditions, reject or defer' })
  @IsEnum(Outcome)
  outcome!: Outcome;

  @Field(() => ID, { nullable: true, description: 'The document version decided on; required when the requirement has `of:`' })
  @IsOptional() @IsUUID()
  artefactVersionId?: string | null;

  @Field(() => String, { nullable: true, description: 'A comment for the record' })
  @IsOptional() @IsText()
  comment?: string | null;

  @Field(() => [String], { nullable: true, description: `Required, non-empty, with APPROVE_WITH_CONDITIONS (at most ${MAX_CONDITIONS_PER_DECISION}); refused with other outcomes` })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_CONDITIONS_PER_DECISION) @IsString({ each: true }) @MaxLength(MAX_TEXT_LENGTH, { each: true })
  conditions?: string[] | null;
}
