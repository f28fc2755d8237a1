import { Migration } from '@mikro-orm/migrations';

/**
 * Webhooks (contract v2): the agency's webhooks, the outbox of events still to deliver (written
 * by the commands' own statements), and the delivery log, append-only like the event log (the
 * trigger function of the audit integrity migration).
 */
export class Migration20261207020000_webhooks extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "webhook" ("id" uuid not null, "agency" text not null, "url" text not null, "events" text[] not null, "secret" text not null, "active" boolean not null, "created_by" text not null, "created_at" timestamptz not null, "deleted_at" timestamptz null, constraint "webhook_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_agency_index" on "webhook" ("agency", "created_at", "id");`);

    this.addSql(`create table "webhook_outbox" ("webhook_id" uuid not null, "event_id" uuid not null, "agency" text not null, "cluster_id" uuid not null, "seq" int not null, "attempts" int not null, "next_at" timestamptz null, constraint "webhook_outbox_pkey" primary key ("webhook_id", "event_id"));`);
    this.addSql(`create index "webhook_outbox_order_index" on "webhook_outbox" ("webhook_id", "cluster_id", "seq");`);

    this.addSql(`create table "webhook_delivery" ("id" uuid not null, "agency" text not null, "webhook_id" uuid not null, "event_id" uuid null, "cluster_id" uuid null, "type" text not null, "attempt" int not null, "status" int null, "error" text null, "at" timestamptz not null, "succeeded" boolean not null, constraint "webhook_delivery_pkey" primary key ("id"));`);
    this.addSql(`create index "webhook_delivery_webhook_index" on "webhook_delivery" ("agency", "webhook_id", "at", "id");`);
    this.addSql(`create trigger "webhook_delivery_append_only" before update or delete or truncate on "webhook_delivery" for each statement execute function "clusterflow_append_only"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "webhook_delivery_append_only" on "webhook_delivery";`);
    this.addSql(`drop table if exists "webhook_delivery" cascade;`);

    this.addSql(`drop table if exists "webhook_outbox" cascade;`);

    this.addSql(`drop table if exists "webhook" cascade;`);
  }

}
