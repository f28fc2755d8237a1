import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../clusters/models/page-info.model';

@ObjectType('Webhook', { description: 'Where the agency\'s committed events of some types are POSTed, signed (Standard Webhooks)' })
export class WebhookModel {
  @Field(() => ID) id!: string;
  @Field(() => String, { description: 'An https: or http: URL; its host must resolve to public addresses (unless WEBHOOK_ALLOW_PRIVATE)' }) url!: string;
  @Field(() => [String], { description: 'The audit event types it receives, or ["*"] for all' }) events!: string[];
  @Field(() => Boolean, { description: 'False: it receives nothing (what was waiting is dropped)' }) active!: boolean;
  @Field(() => Date) createdAt!: Date;
  @Field(() => String, { nullable: true, description: 'The signing secret (`whsec_<base64>`): only in createWebhook\'s answer, null everywhere else' })
  secret?: string | null;
}

@ObjectType('WebhookDelivery', { description: 'One attempt to deliver an event to a webhook' })
export class WebhookDeliveryModel {
  @Field(() => ID) id!: string;
  @Field(() => ID, { nullable: true, description: 'The event delivered' }) eventId!: string | null;
  @Field(() => String, { description: 'The event\'s type' }) type!: string;
  @Field(() => Int, { description: '1 for the first attempt at this event, then 2, 3...' }) attempt!: number;
  @Field(() => Int, { nullable: true, description: 'The receiver\'s HTTP status; null when none came (refused address, connection error, time-out)' }) status!: number | null;
  @Field(() => String, { nullable: true, description: 'Why it failed; null when it succeeded' }) error!: string | null;
  @Field(() => Date, { description: 'When the attempt was made' }) at!: Date;
  @Field(() => Boolean, { description: 'The receiver answered 2xx in time' }) succeeded!: boolean;
}

@ObjectType('WebhookDeliveryEdge')
export class WebhookDeliveryEdgeModel {
  @Field(() => WebhookDeliveryModel) node!: WebhookDeliveryModel;
  @Field(() => String, { description: 'Pass as `after` to continue after this attempt' }) cursor!: string;
}

@ObjectType('WebhookDeliveryConnection', { description: 'A page of a webhook\'s delivery attempts, newest first' })
export class WebhookDeliveryConnectionModel {
  @Field(() => [WebhookDeliveryEdgeModel]) edges!: WebhookDeliveryEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
}
