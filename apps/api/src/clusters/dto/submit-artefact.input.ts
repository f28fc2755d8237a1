import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { JSONScalar } from '../../graphql/json.scalar';
import { IsName, MAX_URI_LENGTH, SHA256_PATTERN } from './limits';

@InputType('SubmitArtefactInput', { description: 'A new artefact, or a new version of an existing one' })
export class SubmitArtefactInput {
  @Field(() => ID, { description: 'The cluster the artefact belongs to' })
  @IsUUID()
  clusterId!: string;

  @Field(() => String, { description: 'The artefact type, as declared in the template' })
  @IsName()
  type!: string;

  @Field(() => String, { description: 'The title of this version' })
  @IsName()
  title!: string;

  @Field(() => ID, { nullable: true, description: 'Set to add a version to an existing artefact' })
  @IsOptional() @IsUUID()
  artefactId?: string | null;

  @Field(() => String, { nullable: true, description: 'Where the document is kept' })
  @IsOptional() @IsString() @MaxLength(MAX_URI_LENGTH)
  uri?: string | null;

  @Field(() => String, { nullable: true, description: 'Hex SHA-256 of the document (64 characters)' })
  @IsOptional() @Matches(SHA256_PATTERN, { message: '$property must be 64 hexadecimal characters' })
  sha256?: string | null;

  @Field(() => JSONScalar, { nullable: true, description: 'The structured fields the template declares for this type' })
  @IsOptional() @IsObject()
  fields?: Record<string, unknown> | null;

  @Field(() => [ID], { nullable: true, description: "Files to attach: ids from POST /files, of the caller's agency, not attached elsewhere" })
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) @MaxLength(100, { each: true })
  files?: string[] | null;
}
