import { Migration } from '@mikro-orm/migrations';

/** The people of each agency, learned from tokens or entered by an admin (contract v2, People). */
export class Migration20261206201910_people extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "person" ("agency" text not null, "user_id" text not null, "name" text null, "email" text null, "roles" text[] not null, "last_seen_at" timestamptz null, "updated_at" timestamptz not null, constraint "person_pkey" primary key ("agency", "user_id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "person" cascade;`);
  }

}
