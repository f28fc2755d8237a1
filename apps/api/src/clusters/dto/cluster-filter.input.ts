import { Field, InputType, Int } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsInt, IsOptional, IsString, Matches, MaxLength, Min } from 'class-validator';
import { ID_PATTERN, KEY_PATTERN } from '@clusterflow/engine';
import { ClusterStatus } from '../models/enums.model';
import { MAX_NAME_LENGTH } from './limits';

@InputType('ClusterFilter', { description: 'Which clusters to list; every given condition must hold' })
export class ClusterFilterInput {
  @Field(() => String, { nullable: true, description: 'Only clusters in this phase (its key)' })
  @IsOptional() @IsString() @Matches(new RegExp(ID_PATTERN), { message: '$property must be a phase key: a lowercase letter, then up to 62 lowercase letters, digits or underscores' })
  phase?: string | null;

  @Field(() => ClusterStatus, { nullable: true, description: 'Only clusters with this status' })
  @IsOptional() @IsEnum(ClusterStatus)
  status?: ClusterStatus | null;

  @Field(() => String, { nullable: true, description: 'Only clusters following this template' })
  @IsOptional() @IsString() @Matches(new RegExp(KEY_PATTERN), { message: '$property must be a template key: a lowercase letter, then 1 to 62 lowercase letters, digits or hyphens' })
  templateKey?: string | null;

  @Field(() => Int, { nullable: true, description: 'Our addition: only clusters running on this template version (e.g. those a migration has not moved yet)' })
  @IsOptional() @IsInt() @Min(1)
  templateVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'Text to search for in the clusters\' name, sector, region and country (at most 500 characters)' })
  @IsOptional() @IsString() @MaxLength(MAX_NAME_LENGTH)
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'Only clusters past (true) or not past (false) their phase\'s due date' })
  @IsOptional() @IsBoolean()
  overdue?: boolean | null;
}
