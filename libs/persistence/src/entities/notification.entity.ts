import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';

/**
 * A notification for one person of an agency (contract v2, Notifications): written by the
 * `notify` job a command enqueued in its own transaction (jobs.ts), once per person and
 * `source` (the event, the kind and the work item), so a retried job writes nothing twice.
 */
@Entity({ tableName: 'notification' })
@Unique({ name: 'notification_source_unique', properties: ['agency', 'userId', 'source'] })
@Index({ name: 'notification_recipient_index', properties: ['agency', 'userId', 'createdAt', 'id'] })
export class NotificationEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'text' })
  userId!: string;

  @Property({ type: 'text' })
  kind!: string;

  @Property({ type: 'uuid', nullable: true })
  clusterId: string | null = null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  body!: string;

  /** The language its title and body are in when the person chose one the template gives; null: the template's default. */
  @Property({ type: 'text', nullable: true })
  language: string | null = null;

  /** What caused it: `<event id>/<kind>/<work item key>` (or a timer's key). */
  @Property({ type: 'text' })
  source!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  @Property({ type: 'timestamptz', nullable: true })
  readAt: Date | null = null;

  /** When the SMTP server accepted the mail that carried it (alone or in a digest); null until then. */
  @Property({ type: 'timestamptz', nullable: true })
  emailedAt: Date | null = null;
}
