import { Migration } from '@mikro-orm/migrations';

/** Timers that fired (DUE_SOON, OVERDUE), once per cluster, phase visit and kind. */
export class Migration20261207003100_timers extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "timer_fired" ("cluster_id" uuid not null, "visit" int not null, "kind" text not null, "agency" text not null, "fired_at" timestamptz not null, constraint "timer_fired_pkey" primary key ("cluster_id", "visit", "kind"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "timer_fired" cascade;`);
  }

}
