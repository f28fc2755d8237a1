import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * One attempt to deliver an event to a webhook (contract v2, `WebhookDelivery`): append-only
 * (a trigger refuses updates and deletes), one row per attempt, succeeded or not.
 */
@Entity({ tableName: 'webhook_delivery' })
@Index({ name: 'webhook_delivery_webhook_index', properties: ['agency', 'webhookId', 'at', 'id'] })
export class WebhookDeliveryEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'uuid' })
  webhookId!: string;

  @Property({ type: 'uuid', nullable: true })
  eventId: string | null = null;

  @Property({ type: 'uuid', nullable: true })
  clusterId: string | null = null;

  /** The event's type. */
  @Property({ type: 'text' })
  type!: string;

  /** 1 for the first attempt at this event, then 2, 3... */
  @Property({ type: 'integer' })
  attempt!: number;

  /** The receiver's HTTP status; null when none came (refused address, connection error, time-out). */
  @Property({ type: 'integer', nullable: true })
  status: number | null = null;

  @Property({ type: 'text', nullable: true })
  error: string | null = null;

  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'boolean' })
  succeeded!: boolean;
}
