import { Migration } from '@mikro-orm/migrations';

const IMMUTABLE = ['stored_file', 'file_content', 'file_chunk'];

/**
 * Documents (contract v2): uploaded files, their content stored once per agency and hash, and
 * the content's bytes in 1 MiB chunks when FILE_STORE=postgres. An attached file, its content
 * and its chunks can no longer be changed or deleted (triggers below; a superuser can switch
 * them off, which is why the audit verification hashes the stored bytes again).
 */
export class Migration20261206230357_files extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "file_chunk" ("content_id" uuid not null, "n" int not null, "agency" text not null, "data" bytea not null, constraint "file_chunk_pkey" primary key ("content_id", "n"));`);

    this.addSql(`create table "file_content" ("id" uuid not null, "agency" text not null, "sha256" char(64) not null, "size" bigint not null, "store" text not null, "created_at" timestamptz not null, constraint "file_content_pkey" primary key ("id"));`);
    this.addSql(`alter table "file_content" add constraint "file_content_agency_sha256_unique" unique ("agency", "sha256");`);

    this.addSql(`create table "stored_file" ("id" uuid not null, "agency" text not null, "sha256" char(64) not null, "size" bigint not null, "name" text not null, "media_type" text not null, "uploaded_by" text not null, "uploaded_at" timestamptz not null, "artefact_version_id" uuid null, "attached_at" timestamptz null, constraint "stored_file_pkey" primary key ("id"));`);
    this.addSql(`create index "stored_file_unattached_index" on "stored_file" ("uploaded_at") where "artefact_version_id" is null;`);
    this.addSql(`create index "stored_file_artefact_version_id_index" on "stored_file" ("artefact_version_id");`);
    this.addSql(`create index "stored_file_agency_sha256_index" on "stored_file" ("agency", "sha256");`);

    // Chunks are compressed already or not worth the CPU: stored out of line, uncompressed.
    this.addSql(`alter table "file_chunk" alter column "data" set storage external;`);
    this.addSql(`create function "clusterflow_file_immutable"() returns trigger language plpgsql as $$
declare
  attached boolean;
begin
  if tg_op = 'TRUNCATE' then
    raise exception 'TRUNCATE on % refused: attached files are never removed', tg_table_name using errcode = 'insufficient_privilege';
  end if;
  if tg_table_name = 'stored_file' then
    attached := old.artefact_version_id is not null;
    if tg_op = 'UPDATE' and not attached and new.id = old.id and new.agency = old.agency and new.sha256 = old.sha256
       and new.size = old.size and new.name = old.name and new.media_type = old.media_type
       and new.uploaded_by = old.uploaded_by and new.uploaded_at = old.uploaded_at then
      return new; -- attaching it (setting artefact_version_id and attached_at), once
    end if;
    if tg_op = 'DELETE' and not attached then
      return old;
    end if;
    raise exception '% on stored_file refused: file % is attached to an artefact version (or its facts would change); attached files never change', tg_op, old.id
      using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'UPDATE' then
    raise exception 'UPDATE on % refused: stored bytes never change', tg_table_name using errcode = 'insufficient_privilege';
  end if;
  if tg_table_name = 'file_content' then
    attached := exists (select 1 from stored_file f where f.agency = old.agency and f.sha256 = old.sha256 and f.artefact_version_id is not null);
  else
    attached := exists (select 1 from file_content c join stored_file f on f.agency = c.agency and f.sha256 = c.sha256
                        where c.id = old.content_id and f.artefact_version_id is not null);
  end if;
  if attached then
    raise exception 'DELETE on % refused: the bytes belong to an attached file, which is never removed', tg_table_name using errcode = 'insufficient_privilege';
  end if;
  return old;
end
$$;`);
    for (const table of IMMUTABLE) {
      this.addSql(`create trigger "${table}_immutable" before update or delete on "${table}" for each row execute function "clusterflow_file_immutable"();`);
      this.addSql(`create trigger "${table}_no_truncate" before truncate on "${table}" for each statement execute function "clusterflow_file_immutable"();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of IMMUTABLE) {
      this.addSql(`drop trigger if exists "${table}_immutable" on "${table}";`);
      this.addSql(`drop trigger if exists "${table}_no_truncate" on "${table}";`);
    }
    this.addSql(`drop function if exists "clusterflow_file_immutable"();`);
    this.addSql(`drop table if exists "file_chunk" cascade;`);

    this.addSql(`drop table if exists "file_content" cascade;`);

    this.addSql(`drop table if exists "stored_file" cascade;`);
  }

}
