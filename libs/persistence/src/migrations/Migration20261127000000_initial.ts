import { Migration } from '@mikro-orm/migrations';

export class Migration20261127000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "app_state" ("key" text not null, "value" jsonb not null, "updated_at" timestamptz not null default now(), constraint "app_state_pkey" primary key ("key"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "app_state" cascade;`);
  }
}
