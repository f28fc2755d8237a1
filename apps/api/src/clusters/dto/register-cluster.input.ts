import { Field, InputType, Int } from '@nestjs/graphql';
import { IsInt, IsObject, IsOptional, Min } from 'class-validator';
import { JSONScalar } from '../../graphql/json.scalar';
import { IsName } from './limits';

@InputType('RegisterClusterInput', { description: 'A new cluster, entering the initial phase of a template' })
export class RegisterClusterInput {
  @Field(() => String, { description: 'The cluster\'s name' })
  @IsName()
  name!: string;

  @Field(() => String, { description: 'The key of the template to follow' })
  @IsName()
  templateKey!: string;

  @Field(() => Int, { nullable: true, description: 'The template version; the latest when omitted' })
  @IsOptional() @IsInt() @Min(1)
  templateVersion?: number | null;

  @Field(() => String, { nullable: true, description: 'The economic sector' })
  @IsOptional() @IsName()
  sector?: string | null;

  @Field(() => String, { nullable: true, description: 'The region' })
  @IsOptional() @IsName()
  region?: string | null;

  @Field(() => String, { nullable: true, description: 'The country' })
  @IsOptional() @IsName()
  country?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'Values of the attributes the template declares, by name' })
  @IsOptional() @IsObject()
  attributes?: Record<string, unknown> | null;
}
