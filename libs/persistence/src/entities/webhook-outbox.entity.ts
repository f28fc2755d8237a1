import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * An event still to be delivered to a webhook: written by the command's own statement (the
 * outbox), removed once delivered or given up on. The `webhook` job of the webhook and cluster
 * delivers them in `seq` order, one at a time; `attempts` and `next_at` say where its retries are.
 */
@Entity({ tableName: 'webhook_outbox' })
@Index({ name: 'webhook_outbox_order_index', properties: ['webhookId', 'clusterId', 'seq'] })
export class WebhookOutboxEntity {
  @PrimaryKey({ type: 'uuid' })
  webhookId!: string;

  @PrimaryKey({ type: 'uuid' })
  eventId!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'uuid' })
  clusterId!: string;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'integer' })
  attempts!: number;

  /** When the next attempt is due; null: at once. */
  @Property({ type: 'timestamptz', nullable: true })
  nextAt: Date | null = null;
}
