import { Migration } from '@mikro-orm/migrations';

/** What waits on whom (`myWork`): the work_item projection, found by audience keys through a GIN index. */
export class Migration20261206203649_work_items extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "work_item" ("cluster_id" uuid not null, "key" text not null, "agency" text not null, "kind" text not null, "gate" text null, "milestone" text null, "role" text null, "artefact_version_id" uuid null, "indicator" text null, "detail" text not null, "audience" text[] not null, "except_users" text[] not null, "since" timestamptz not null, "not_before" timestamptz null, "due_at" timestamptz null, constraint "work_item_pkey" primary key ("cluster_id", "key"));`);
    // fastupdate off: with a pending list, every read scans the entries not yet merged (15 ms for 20,000).
    this.addSql(`create index "work_item_audience_index" on "work_item" using gin ("audience") with (fastupdate = off);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "work_item" cascade;`);
  }

}
