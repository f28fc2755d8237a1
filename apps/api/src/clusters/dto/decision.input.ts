import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsUUID } from 'class-validator';
import { Outcome } from '../models/enums.model';
import { IsName, IsText } from './limits';

@InputType('DecisionInput', { description: 'An approval or rejection on a gate or milestone, in one role' })
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

  @Field(() => Outcome, { description: 'Approve or reject' })
  @IsEnum(Outcome)
  outcome!: Outcome;

  @Field(() => ID, { nullable: true, description: 'The document version decided on; required when the requirement has `of:`' })
  @IsOptional() @IsUUID()
  artefactVersionId?: string | null;

  @Field(() => String, { nullable: true, description: 'A comment for the record' })
  @IsOptional() @IsText()
  comment?: string | null;
}
