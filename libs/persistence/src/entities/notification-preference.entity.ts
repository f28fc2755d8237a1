import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A person's notification preferences; a person without a row gets mail IMMEDIATEly (contract v2). */
@Entity({ tableName: 'notification_preference' })
export class NotificationPreferenceEntity {
  @PrimaryKey({ type: 'text' })
  agency!: string;

  @PrimaryKey({ type: 'text' })
  userId!: string;

  /** IMMEDIATE, DAILY_DIGEST or OFF. */
  @Property({ type: 'text' })
  emailMode!: string;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
