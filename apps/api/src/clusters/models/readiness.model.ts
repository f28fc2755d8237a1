import { Field, Float, ID, ObjectType } from '@nestjs/graphql';
import type { UnmetRequirement } from '@clusterflow/engine';
import { UnmetKind } from './enums.model';

@ObjectType('UnmetRequirement', { description: 'One requirement of a gate or milestone that does not hold yet' })
export class UnmetRequirementModel {
  @Field(() => String, { nullable: true, description: 'Our addition: the gate the requirement belongs to, where the list spans gates (a migration plan)' })
  gate?: string | null;
  @Field(() => UnmetKind, { description: 'What kind of requirement it is' }) kind!: UnmetKind;
  @Field(() => String, { description: 'A sentence for people' }) detail!: string;
  @Field(() => String, { nullable: true, description: 'The role whose approval is missing' }) role!: string | null;
  @Field(() => String, { nullable: true, description: 'The artefact type that is missing or not approved' }) artefactType!: string | null;
  @Field(() => String, { nullable: true, description: 'The indicator below its threshold' }) indicator!: string | null;
  @Field(() => String, { nullable: true, description: 'The milestone not reached' }) milestone!: string | null;
  @Field(() => String, { nullable: true, description: 'The attribute that fails eligibility' }) attribute!: string | null;
  @Field(() => Float, { nullable: true, description: 'What there is, e.g. 1 (of 2 approvals), 4.2 (of 6.0 score)' }) have!: number | null;
  @Field(() => Float, { nullable: true, description: 'What is needed, e.g. 2 (approvals), 6.0 (score)' }) need!: number | null;
  @Field(() => Boolean, { description: 'The caller could fill this requirement now (the command that fills it would be accepted and add something); false in migration plans' })
  viewerCanAct!: boolean;
  @Field(() => ID, { nullable: true, description: 'For approvals `of:` an artefact: the version to decide on (the latest, the one the caller may decide on first)' })
  artefactVersionId!: string | null;
}

@ObjectType('GateReadiness', { description: 'Whether a gate out of the current phase can be passed now, and what is missing' })
export class GateReadinessModel {
  @Field(() => String, { description: 'The gate id' }) gate!: string;
  @Field(() => String, { description: 'The phase the gate leads to' }) to!: string;
  @Field(() => Boolean, { description: 'True when every requirement holds' }) ready!: boolean;
  @Field(() => [UnmetRequirementModel], { description: 'The requirements that do not hold; empty when ready' }) unmet!: UnmetRequirementModel[];
}

@ObjectType('MilestoneStatus', { description: 'A milestone of the current phase visit' })
export class MilestoneStatusModel {
  @Field(() => String, { description: 'The milestone id' }) milestone!: string;
  @Field(() => Boolean, { description: 'True once reached in this visit' }) reached!: boolean;
  @Field(() => Date, { nullable: true, description: 'When it was reached; null when not yet' }) reachedAt!: Date | null;
}

export const unmetModel = (u: UnmetRequirement & { gate?: string; viewerCanAct?: boolean; artefactVersionId?: string | null }): UnmetRequirementModel => ({
  ...(u.gate !== undefined ? { gate: u.gate } : {}),
  kind: u.kind,
  detail: u.detail,
  role: u.role ?? null,
  artefactType: u.artefactType ?? null,
  indicator: u.indicator ?? null,
  milestone: u.milestone ?? null,
  attribute: u.attribute ?? null,
  have: u.have ?? null,
  need: u.need ?? null,
  viewerCanAct: u.viewerCanAct ?? false,
  artefactVersionId: u.artefactVersionId ?? null,
});
