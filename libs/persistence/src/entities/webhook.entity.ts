import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * A webhook of an agency (contract v2, Webhooks): where the agency's committed events of the
 * listed types (or all, `*`) are POSTed, signed with `secret` (Standard Webhooks, `whsec_<base64>`).
 * Deleting one marks it deleted (its delivery log is append-only and stays with it).
 */
@Entity({ tableName: 'webhook' })
@Index({ name: 'webhook_agency_index', properties: ['agency', 'createdAt', 'id'] })
export class WebhookEntity {
  @PrimaryKey({ type: 'uuid' })
  id!: string;

  @Property({ type: 'text' })
  agency!: string;

  @Property({ type: 'text' })
  url!: string;

  /** Audit event types, or `['*']` for every type. */
  @Property({ type: 'text[]' })
  events!: string[];

  @Property({ type: 'text' })
  secret!: string;

  @Property({ type: 'boolean' })
  active!: boolean;

  @Property({ type: 'text' })
  createdBy!: string;

  @Property({ type: 'timestamptz' })
  createdAt!: Date;

  /** Set by deleteWebhook: the webhook is gone for the agency and receives nothing more. */
  @Property({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null = null;
}
