import { Field, ID, InputType } from '@nestjs/graphql';
import { IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { Outcome } from '../../clusters/models/enums.model';
import { MAX_NAME_LENGTH } from '../../clusters/dto/limits';

@InputType('ApprovalFilter', { description: 'Which decisions to list; every given condition must hold' })
export class ApprovalFilterInput {
  @Field(() => ID, { nullable: true, description: 'Only decisions on this cluster (NOT_FOUND when the agency has no such cluster)' })
  @IsOptional() @IsString()
  clusterId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only decisions given by this user id' })
  @IsOptional() @IsString() @MaxLength(MAX_NAME_LENGTH)
  decidedBy?: string | null;

  @Field(() => String, { nullable: true, description: 'Only decisions given in this role' })
  @IsOptional() @IsString() @MaxLength(MAX_NAME_LENGTH)
  role?: string | null;

  @Field(() => String, { nullable: true, description: 'Only decisions on this gate or milestone id' })
  @IsOptional() @IsString() @MaxLength(MAX_NAME_LENGTH)
  gate?: string | null;

  @Field(() => Outcome, { nullable: true, description: 'Only approvals, or only rejections' })
  @IsOptional() @IsEnum(Outcome)
  outcome?: Outcome | null;

  @Field(() => Date, { nullable: true, description: 'Only decisions given at or after this moment (inclusive)' })
  @IsOptional() @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only decisions given before this moment (exclusive), so consecutive ranges never overlap' })
  @IsOptional() @IsDate()
  to?: Date | null;
}
