import { Field, InputType, Int } from '@nestjs/graphql';
import { IsDate, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';

const MAX_INT = 2_147_483_647;

@InputType('AuditHeadInput', { description: 'A head as auditHead (or verifyAuditTrail) returned it, every field unchanged' })
export class AuditHeadInput {
  @Field(() => String) @IsString() @MaxLength(200) agency!: string;
  @Field(() => Int) @IsInt() @Min(0) @Max(MAX_INT) clusters!: number;
  @Field(() => Int) @IsInt() @Min(0) @Max(MAX_INT) events!: number;
  @Field(() => String) @IsString() @MaxLength(64) root!: string;
  @Field(() => Date) @IsDate() at!: Date;
  @Field(() => String) @IsString() @MaxLength(200) signature!: string;
  @Field(() => String) @IsString() @MaxLength(64) keyId!: string;
}
