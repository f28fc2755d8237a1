import { Migration } from '@mikro-orm/migrations';

/**
 * indicatorReport reads only the values in force of one indicator: a partial index holding
 * what it needs (period, value, recording time), instead of (agency, indicator) over every
 * recording, superseded ones included (the planner scanned the table rather than use it).
 */
export class Migration20261207002500_indicator_in_force extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "indicator_value_agency_indicator_index";`);
    this.addSql(`create index "indicator_value_in_force_index" on "indicator_value" ("agency", "indicator", "cluster_id") include ("period", "value", "recorded_at") where "superseded_at" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "indicator_value_in_force_index";`);
    this.addSql(`create index "indicator_value_agency_indicator_index" on "indicator_value" ("agency", "indicator");`);
  }

}
