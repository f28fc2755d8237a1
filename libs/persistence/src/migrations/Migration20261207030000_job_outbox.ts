import { Migration } from '@mikro-orm/migrations';

/** The job outbox (jobs/job-outbox.ts): commands write their jobs here; the relay moves them into the queue. */
export class Migration20261207030000_job_outbox extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "job_outbox" ("id" bigserial primary key, "agency" text not null, "task" text not null, "payload" jsonb not null, "queue_name" text null, "job_key" text null, "max_attempts" smallint not null, "created_at" timestamptz not null default now());`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "job_outbox" cascade;`);
  }

}
