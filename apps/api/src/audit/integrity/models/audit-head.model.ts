import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('AuditHead', { description: 'A signed summary of an agency\'s whole history at one moment; save it to verify against later' })
export class AuditHeadModel {
  @Field(() => String, { description: 'The agency it summarises' }) agency!: string;
  @Field(() => Int, { description: 'Clusters covered' }) clusters!: number;
  @Field(() => Int, { description: 'Events covered (the sum of every cluster\'s last seq)' }) events!: number;
  @Field(() => String, { description: 'SHA-256 (hex) of the canonical JSON of [[clusterId, lastSeq, lastHash], ...] sorted by clusterId' })
  root!: string;
  @Field(() => Date, { description: 'When it was signed (UTC, milliseconds)' }) at!: Date;
  @Field(() => String, { description: 'Base64 Ed25519 signature over the canonical JSON of { agency, clusters, events, root, at, keyId }' })
  signature!: string;
  @Field(() => String, { description: 'The key that signed it (see auditKeys)' }) keyId!: string;
}

@ObjectType('AuditKey', { description: 'A public key that signs audit heads' })
export class AuditKeyModel {
  @Field(() => String, { description: 'First 16 hex digits of the SHA-256 of the key\'s SPKI DER' }) keyId!: string;
  @Field(() => String, { description: 'The Ed25519 public key, SPKI PEM' }) publicKeyPem!: string;
}

@ObjectType('AuditVerification', { description: 'Whether hash chains are intact (and, against a saved head, still hold everything it covered)' })
export class AuditVerificationModel {
  @Field(() => Boolean, { description: 'True when nothing is wrong' }) valid!: boolean;
  @Field(() => Int, { description: 'Events examined (up to the first broken one in a broken cluster)' }) eventsChecked!: number;
  @Field(() => ID, { nullable: true, description: 'The first event that is not as recorded, when one can be named' }) firstBrokenEventId!: string | null;
  @Field(() => String, { nullable: true, description: 'What was verified, or what is wrong and where' }) message!: string | null;
  @Field(() => AuditHeadModel, { nullable: true, description: 'The agency\'s current signed head, when the trail verified (none is signed over broken history)' })
  head!: AuditHeadModel | null;
}

@ObjectType('ReplayDifference', { description: 'A cluster whose replayed log differs from its stored snapshot' })
export class ReplayDifferenceModel {
  @Field(() => ID, { description: 'The cluster' }) clusterId!: string;
  @Field(() => Int, { description: 'Events replayed' }) events!: number;
  @Field(() => String, { description: 'Where replay and snapshot first differ, e.g. `snapshot.name: replay "A" ≠ stored "B"`' }) difference!: string;
}

@ObjectType('ReplayVerification', { description: 'Whether replaying each cluster\'s events gives exactly its stored snapshot' })
export class ReplayVerificationModel {
  @Field(() => Boolean, { description: 'True when every replay equals its snapshot' }) valid!: boolean;
  @Field(() => Int, { description: 'Clusters replayed' }) clustersChecked!: number;
  @Field(() => Int, { description: 'Events replayed' }) eventsChecked!: number;
  @Field(() => [ReplayDifferenceModel], { description: 'The clusters that differ, in cluster id order' }) differences!: ReplayDifferenceModel[];
}
