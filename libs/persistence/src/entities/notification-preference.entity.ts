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

  /** The language the person is told in where the template gives it (MAIL_LANGUAGES); null: the template's default. */
  @Property({ type: 'text', nullable: true })
  language: string | null = null;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
