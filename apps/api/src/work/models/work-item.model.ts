import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { describedEnum } from '../../graphql/described-enum';
import type { WorkKind as EngineWorkKind } from '@clusterflow/engine';
import { ArtefactVersionModel } from '../../clusters/models/artefact.model';
import { ClusterModel } from '../../clusters/models/cluster.model';
import { PageInfoModel } from '../../clusters/models/page-info.model';

export const WorkKind = describedEnum('WorkKind', 'What a work item asks of the caller', {
  DECIDE: 'Approve or reject, in `role`, on `gate` (and `artefactVersion` for approvals of a document)',
  SUBMIT_ARTEFACT: 'Submit a document the gate needs',
  SCORE: 'Score the selection criteria',
  RECORD_INDICATOR: 'Record values of `indicator`',
  REACH_MILESTONE: 'Mark `milestone` as reached (its requirements hold)',
  ADVANCE: 'Pass `gate`, which is ready',
  CLOSE_CONDITION: 'Close a condition of an approval (template language version 2)',
} satisfies Record<EngineWorkKind, string>);
export type WorkKind = EngineWorkKind;

@ObjectType('WorkItem', { description: 'Something that waits on the caller' })
export class WorkItemModel {
  @Field(() => ID, { description: 'Opaque; stable while the item stays open' }) id!: string;
  @Field(() => WorkKind) kind!: WorkKind;
  @Field(() => ClusterModel, { description: 'The cluster it is about' }) cluster?: ClusterModel;
  @Field(() => String, { nullable: true, description: 'The gate it belongs to (for ADVANCE, the gate to pass)' }) gate!: string | null;
  @Field(() => String, { nullable: true, description: 'The milestone it belongs to' }) milestone!: string | null;
  @Field(() => String, { nullable: true, description: 'For DECIDE: the role to decide in' }) role!: string | null;
  @Field(() => ArtefactVersionModel, { nullable: true, description: 'For DECIDE on a document: the version to decide on' }) artefactVersion?: ArtefactVersionModel | null;
  @Field(() => String, { nullable: true, description: 'For RECORD_INDICATOR: the indicator' }) indicator!: string | null;
  @Field(() => String, { description: 'A sentence for people' }) detail!: string;
  @Field(() => Date, { description: 'Since when it waits' }) since!: Date;
  @Field(() => Date, { nullable: true, description: 'When the cluster\'s current phase is due' }) due!: Date | null;
  @Field(() => Boolean, { description: 'The phase is past its due date' }) overdue!: boolean;
}

@ObjectType('WorkItemEdge')
export class WorkItemEdgeModel {
  @Field(() => WorkItemModel) node!: WorkItemModel;
  @Field(() => String, { description: 'Pass as `after` to continue after this item' }) cursor!: string;
}

@ObjectType('WorkItemConnection', { description: 'A page of what waits on the caller' })
export class WorkItemConnectionModel {
  @Field(() => [WorkItemEdgeModel]) edges!: WorkItemEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int, { description: 'How many items wait on the caller, on all pages' }) totalCount!: number;
}
