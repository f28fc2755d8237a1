import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { NotificationKind as EngineNotificationKind } from '@clusterflow/engine';
import type { EmailMode as StoredEmailMode } from '@clusterflow/persistence';
import { describedEnum } from '../../graphql/described-enum';
import { ClusterModel } from '../../clusters/models/cluster.model';
import { PageInfoModel } from '../../clusters/models/page-info.model';

export const NotificationKind = describedEnum('NotificationKind', 'Why a person was notified', {
  DECISION_REQUESTED: 'An approval the person could give became needed (a document version submitted, a phase entered)',
  REJECTED: 'A document version or a gate was rejected (to the submitter and the cluster\'s CDAs)',
  GATE_READY: 'Every requirement of a gate holds: the cluster can pass it (to the CDAs)',
  GATE_PASSED: 'The cluster passed a gate into its next phase (to the CDAs)',
  DUE_SOON: 'The phase is due within 7 days (to the CDAs)',
  OVERDUE: 'The phase is past its due date (to the CDAs)',
  ESCALATED: 'A gate waited longer than its `escalate` allows (to the role it names)',
  PHASE_EXPIRED: 'The phase expired and the system moved the cluster (to the CDAs and agency admins)',
  CONDITION_OPEN: 'A condition of an approval is open',
} satisfies Record<EngineNotificationKind, string>);
export type NotificationKind = EngineNotificationKind;

export const EmailMode = describedEnum('EmailMode', 'How a person gets notifications by mail', {
  IMMEDIATE: 'A mail for each notification, as it happens (the default)',
  DAILY_DIGEST: 'One mail a day (at DIGEST_HOUR_UTC) with the day\'s notifications',
  OFF: 'No mail; notifications in the console only',
} satisfies Record<StoredEmailMode, string>);
export type EmailMode = StoredEmailMode;

@ObjectType('Notification', { description: 'Something the caller was told' })
export class NotificationModel {
  @Field(() => ID) id!: string;
  @Field(() => NotificationKind) kind!: NotificationKind;
  @Field(() => ClusterModel, { nullable: true, description: 'The cluster it is about (its console page: /clusters/<id>)' }) cluster?: ClusterModel | null;
  @Field(() => String, { description: 'A line for people' }) title!: string;
  @Field(() => String, { description: 'Sentences for people' }) body!: string;
  @Field(() => Date) createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When the caller marked it read; null while unread' }) readAt!: Date | null;
}

@ObjectType('NotificationEdge')
export class NotificationEdgeModel {
  @Field(() => NotificationModel) node!: NotificationModel;
  @Field(() => String, { description: 'Pass as `after` to continue after this notification' }) cursor!: string;
}

@ObjectType('NotificationConnection', { description: 'A page of the caller\'s notifications, newest first' })
export class NotificationConnectionModel {
  @Field(() => [NotificationEdgeModel]) edges!: NotificationEdgeModel[];
  @Field(() => PageInfoModel) pageInfo!: PageInfoModel;
  @Field(() => Int, { description: 'How many there are on all pages (unread only, with unreadOnly)' }) totalCount!: number;
  @Field(() => Int, { description: 'How many of the caller\'s notifications are unread' }) unread!: number;
}

@ObjectType('NotificationPreferences', { description: 'How the caller is notified' })
export class NotificationPreferencesModel {
  @Field(() => EmailMode) email!: EmailMode;
  @Field(() => String, {
    nullable: true,
    description: 'The language notifications and mails are written in where the template gives titles in it (`en` or `fr`); null: each template\'s default language (our addition)',
  })
  language!: string | null;
}
