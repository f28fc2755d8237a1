import { Migration } from '@mikro-orm/migrations';

/** Tables whose rows, once written, are never changed or removed. */
const APPEND_ONLY = ['cluster_event', 'artefact_version', 'audit_head', 'audit_signing_key'];

/**
 * Signed heads and their keys, and append-only enforcement in the database itself: UPDATE,
 * DELETE and TRUNCATE on the event log, the artefact versions, the heads and the keys are
 * refused for every session (a superuser can still switch triggers off, which is why heads
 * are signed and kept: see verifyAuditTrail's `against`).
 */
export class Migration20261127194318_audit_integrity extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "audit_head" ("id" uuid not null, "agency" text not null, "clusters" int not null, "events" int not null, "root" char(64) not null, "at" timestamptz not null, "key_id" text not null, "signature" text not null, "covered" jsonb not null, constraint "audit_head_pkey" primary key ("id"));`);
    this.addSql(`create index "audit_head_agency_at_index" on "audit_head" ("agency", "at");`);
    this.addSql(`alter table "audit_head" add constraint "audit_head_key_id_signature_unique" unique ("key_id", "signature");`);

    this.addSql(`create table "audit_signing_key" ("key_id" text not null, "public_key_pem" text not null, "first_used_at" timestamptz not null default now(), constraint "audit_signing_key_pkey" primary key ("key_id"));`);

    this.addSql(`create function "clusterflow_append_only"() returns trigger language plpgsql as $$
begin
  raise exception '% on % refused: % is append-only (the audit trail is never changed or removed)', tg_op, tg_table_name, tg_table_name
    using errcode = 'insufficient_privilege', hint = 'record a new event instead; verify the trail with npm run cli -- audit verify';
end
$$;`);
    for (const table of APPEND_ONLY) {
      this.addSql(`create trigger "${table}_append_only" before update or delete or truncate on "${table}" for each statement execute function "clusterflow_append_only"();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of APPEND_ONLY) this.addSql(`drop trigger if exists "${table}_append_only" on "${table}";`);
    this.addSql(`drop function if exists "clusterflow_append_only"();`);

    this.addSql(`drop table if exists "audit_head" cascade;`);

    this.addSql(`drop table if exists "audit_signing_key" cascade;`);
  }

}
