import { Migration } from '@mikro-orm/migrations';

/** Notifications (contract v2): one row per person and cause, and each person's email preference. */
export class Migration20261206233201_notifications extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "notification" ("id" uuid not null, "agency" text not null, "user_id" text not null, "kind" text not null, "cluster_id" uuid null, "title" text not null, "body" text not null, "source" text not null, "created_at" timestamptz not null, "read_at" timestamptz null, "emailed_at" timestamptz null, constraint "notification_pkey" primary key ("id"));`);
    this.addSql(`create index "notification_recipient_index" on "notification" ("agency", "user_id", "created_at", "id");`);
    this.addSql(`alter table "notification" add constraint "notification_source_unique" unique ("agency", "user_id", "source");`);

    this.addSql(`create table "notification_preference" ("agency" text not null, "user_id" text not null, "email_mode" text not null, "updated_at" timestamptz not null, constraint "notification_preference_pkey" primary key ("agency", "user_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "notification" cascade;`);

    this.addSql(`drop table if exists "notification_preference" cascade;`);
  }

}
