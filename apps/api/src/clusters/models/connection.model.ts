import { Field, Int, ObjectType } from '@nestjs/graphql';
import { ClusterModel } from './cluster.model';
import { DecisionModel } from './decision.model';
import { PageInfoModel } from './page-info.model';

@ObjectType('ClusterEdge', { description: 'A cluster in a page of clusters' })
export class ClusterEdgeModel {
  @Field(() => ClusterModel, { description: 'The cluster' }) node!: ClusterModel;
  @Field(() => String, { description: 'Pass as `after` to continue after this cluster' }) cursor!: string;
}

@ObjectType('ClusterConnection', { description: 'A page of clusters' })
export class ClusterConnectionModel {
  @Field(() => [ClusterEdgeModel], { description: 'The clusters of this page' }) edges!: ClusterEdgeModel[];
  @Field(() => PageInfoModel, { description: 'Where this page is' }) pageInfo!: PageInfoModel;
  @Field(() => Int, { description: 'How many clusters match the filter, on all pages' }) totalCount!: number;
}

@ObjectType('DecisionEdge', { description: 'A decision in a page of decisions' })
export class DecisionEdgeModel {
  @Field(() => DecisionModel, { description: 'The decision' }) node!: DecisionModel;
  @Field(() => String, { description: 'Pass as `after` to continue after this decision' }) cursor!: string;
}

@ObjectType('DecisionConnection', { description: 'A page of decisions' })
export class DecisionConnectionModel {
  @Field(() => [DecisionEdgeModel], { description: 'The decisions of this page' }) edges!: DecisionEdgeModel[];
  @Field(() => PageInfoModel, { description: 'Where this page is' }) pageInfo!: PageInfoModel;
  @Field(() => Int, { description: 'How many decisions match the filter, on all pages' }) totalCount!: number;
}
