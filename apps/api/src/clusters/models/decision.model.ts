import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ArtefactVersionModel } from './artefact.model';
import { Outcome } from './enums.model';

@ObjectType('Condition', { description: 'A condition of an approval with conditions: open on the cluster until closed' })
export class ConditionModel {
  @Field(() => ID, { description: 'The condition id' }) id!: string;
  @Field(() => String, { description: 'What the approver asked for' }) text!: string;
  @Field(() => Date, { nullable: true, description: 'When it was closed; null while open' }) closedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'User id of who closed it' }) closedBy!: string | null;
  @Field(() => String, { nullable: true, description: 'The note given when closing it' }) note!: string | null;
}

@ObjectType('Decision', { description: 'An approval or rejection given in a role, on a gate or milestone' })
export class DecisionModel {
  @Field(() => ID, { description: 'The decision id' }) id!: string;
  @Field(() => ID, { description: 'The cluster decided on' }) clusterId!: string;
  @Field(() => String, { description: 'The name of the cluster decided on' }) clusterName!: string;
  @Field(() => String, { description: 'A gate id, or a milestone id' }) gate!: string;
  @Field(() => String, { description: 'The role the decider acted in' }) role!: string;
  @Field(() => Outcome, { description: 'Approve or reject' }) outcome!: Outcome;
  @Field(() => String, { nullable: true, description: 'The decider\'s comment' }) comment!: string | null;
  @Field(() => String, { description: 'User id of the decider' }) decidedBy!: string;
  @Field(() => String, { nullable: true, description: 'The decider\'s name as their token gave it, when it had one (as AuditEvent.actorName)' }) decidedByName!: string | null;
  @Field(() => Date, { description: 'When the decision was given' }) decidedAt!: Date;
  @Field(() => ArtefactVersionModel, { nullable: true, description: 'The document version decided on, for requirements with `of:`' })
  artefactVersion!: ArtefactVersionModel | null;
  @Field(() => Boolean, { description: 'False once voided by a newer artefact version or a later decision; always false for DEFER' }) counts!: boolean;
  @Field(() => [ConditionModel], { description: 'The conditions of an APPROVE_WITH_CONDITIONS; empty for other outcomes' }) conditions!: ConditionModel[];
}
