import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { ClusterStatus } from '../models/enums.model';
import { IsName, MAX_NAME_LENGTH } from './limits';

@InputType('ClusterFilter', { description: 'Which clusters to list; every given condition must hold' })
export class ClusterFilterInput {
  @Field(() => String, { nullable: true, description: 'Only clusters in this phase' })
  @IsOptional() @IsName()
  phase?: string | null;

  @Field(() => ClusterStatus, { nullable: true, description: 'Only clusters with this status' })
  @IsOptional() @IsEnum(ClusterStatus)
  status?: ClusterStatus | null;

  @Field(() => String, { nullable: true, description: 'Only clusters following this template' })
  @IsOptional() @IsName()
  templateKey?: string | null;

  @Field(() => Int, { nullable: true, description: 'Our addition: only clusters running on this template version (e.g. those a migration has not moved yet)' })
  @IsOptional() @IsInt() @Min(1)
  templateVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Text to search for in the clusters' })
  @IsOptional() @IsString() @MaxLength(MAX_NAME_LENGTH)
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only clusters past (true) or not past (false) their phase\'s due date' })
  @IsOptional() @IsBoolean()
  overdue?: boolean | null;
}
