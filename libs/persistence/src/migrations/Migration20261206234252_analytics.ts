import { Migration } from '@mikro-orm/migrations';

/**
 * Portfolio analytics (issue 18): the gates out of each cluster's current phase with what
 * holds them (`gate_unmet`, written by every command; clusters recorded before it are
 * projected once at start), and the indicator values of one indicator across the agency.
 */
export class Migration20261206234252_analytics extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "cluster" add column "gate_unmet" jsonb not null default '[]';`);
    this.addSql(`create index "indicator_value_agency_indicator_index" on "indicator_value" ("agency", "indicator");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "indicator_value_agency_indicator_index";`);
    this.addSql(`alter table "cluster" drop column "gate_unmet";`);
  }

}
