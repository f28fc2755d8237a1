import { Migration } from '@mikro-orm/migrations';

export class Migration20261127173500_templates extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "programme_template" ("id" uuid not null, "agency" text not null, "key" text not null, "version" int not null, "title" text not null, "source" text not null, "sha256" char(64) not null, "definition" jsonb not null, "warnings" jsonb not null, "published_by" text not null, "published_at" timestamptz not null, constraint "programme_template_pkey" primary key ("id"));`);
    this.addSql(`create index "programme_template_agency_published_at_index" on "programme_template" ("agency", "published_at");`);
    this.addSql(`alter table "programme_template" add constraint "programme_template_agency_key_version_unique" unique ("agency", "key", "version");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "programme_template" cascade;`);
  }

}
