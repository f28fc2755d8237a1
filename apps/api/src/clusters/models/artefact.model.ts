import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONScalar } from '../../graphql/json.scalar';

@ObjectType('FileRef', { description: 'A file attached to an artefact version (uploaded with POST /files); attached files never change' })
export class FileRefModel {
  @Field(() => ID, { description: 'The file id' }) id!: string;
  @Field(() => String, { description: 'The file name, cleaned of paths and control characters' }) name!: string;
  @Field(() => Float, { description: 'Size in bytes' }) size!: number;
  @Field(() => String, { description: 'The media type, read from the bytes' }) mediaType!: string;
  @Field(() => String, { description: 'Lowercase hex SHA-256 of the bytes' }) sha256!: string;
  @Field(() => String, { description: 'Where to download it (GET, with the same Bearer token): /files/<id>' }) url!: string;
}

@ObjectType('ArtefactVersion', { description: 'One submitted version of an artefact; versions are never changed' })
export class ArtefactVersionModel {
  @Field(() => ID, { description: 'The version id' }) id!: string;
  @Field(() => ID, { description: 'The artefact this is a version of' }) artefactId!: string;
  @Field(() => Int, { description: '1 for the first version, then 2, 3...' }) number!: number;
  @Field(() => String, { description: 'The artefact type, as declared in the template' }) type!: string;
  @Field(() => String, { description: 'The title given with this version' }) title!: string;
  @Field(() => String, { nullable: true, description: 'Where the document is kept' }) uri!: string | null;
  @Field(() => String, { nullable: true, description: 'Hex SHA-256 of the document' }) sha256!: string | null;
  @Field(() => JSONScalar, { description: 'The structured fields the template declares for this type' }) fields!: Record<string, unknown>;
  @Field(() => String, { description: 'User id of the submitter' }) submittedBy!: string;
  @Field(() => Date, { description: 'When it was submitted' }) submittedAt!: Date;
  @Field(() => [FileRefModel], { description: 'The attached files, in the order submitted; their facts are in the ARTEFACT_SUBMITTED event' }) files!: FileRefModel[];
}

@ObjectType('Artefact', { description: 'A document or deliverable of a cluster, with all its versions' })
export class ArtefactModel {
  @Field(() => ID, { description: 'The artefact id' }) id!: string;
  @Field(() => String, { description: 'The artefact type, as declared in the template' }) type!: string;
  @Field(() => String, { description: 'The title of the latest version' }) title!: string;
  @Field(() => [ArtefactVersionModel], { description: 'Every version, oldest first' }) versions!: ArtefactVersionModel[];
  @Field(() => ArtefactVersionModel, { description: 'The latest version' }) latest!: ArtefactVersionModel;
}
