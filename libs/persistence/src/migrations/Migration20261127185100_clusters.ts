import { Migration } from '@mikro-orm/migrations';

export class Migration20261127185100_clusters extends Migration {

  override async up(): Promise<void> {
    // json keeps a template's key order (criteria, indicators, roles as written); jsonb sorts keys.
    this.addSql(`alter table "programme_template" alter column "definition" type json using "definition"::json;`);

    this.addSql(`create table "artefact_version" ("id" uuid not null, "agency" text not null, "cluster_id" uuid not null, "artefact_id" uuid not null, "number" int not null, "type" text not null, "title" text not null, "uri" text null, "sha256" text null, "fields" jsonb not null, "submitted_by" text not null, "submitted_at" timestamptz not null, "event_id" uuid not null, constraint "artefact_version_pkey" primary key ("id"));`);
    this.addSql(`create index "artefact_version_cluster_id_index" on "artefact_version" ("cluster_id");`);
    this.addSql(`alter table "artefact_version" add constraint "artefact_version_artefact_id_number_unique" unique ("artefact_id", "number");`);

    this.addSql(`create table "cluster" ("id" uuid not null, "agency" text not null, "name" text not null, "sector" text null, "region" text null, "country" text null, "template_id" uuid not null, "template_key" text not null, "template_version" int not null, "phase" text not null, "status" text not null, "version" int not null, "score" double precision null, "eligible" boolean null, "entered_phase_at" timestamptz not null, "due_at" timestamptz null, "registered_at" timestamptz not null, "registered_by" text not null, "cda_ids" text[] not null, "snapshot" jsonb not null, "last_hash" char(64) not null, constraint "cluster_pkey" primary key ("id"));`);
    this.addSql(`create index "cluster_agency_due_at_index" on "cluster" ("agency", "due_at");`);
    this.addSql(`create index "cluster_agency_score_index" on "cluster" ("agency", "score");`);
    this.addSql(`create index "cluster_agency_phase_index" on "cluster" ("agency", "phase");`);
    this.addSql(`create index "cluster_agency_registered_at_id_index" on "cluster" ("agency", "registered_at", "id");`);

    this.addSql(`create table "cluster_event" ("id" uuid not null, "agency" text not null, "cluster_id" uuid not null, "seq" int not null, "type" text not null, "actor" text not null, "actor_name" text null, "role" text null, "at" timestamptz not null, "payload" jsonb not null, "prev_hash" char(64) not null, "hash" char(64) not null, constraint "cluster_event_pkey" primary key ("id"));`);
    this.addSql(`create index "cluster_event_agency_at_index" on "cluster_event" ("agency", "at");`);
    this.addSql(`alter table "cluster_event" add constraint "cluster_event_cluster_id_seq_unique" unique ("cluster_id", "seq");`);

    this.addSql(`create table "decision" ("id" uuid not null, "agency" text not null, "cluster_id" uuid not null, "cluster_name" text not null, "gate" text not null, "role" text not null, "outcome" text not null, "comment" text null, "decided_by" text not null, "decided_at" timestamptz not null, "artefact_version_id" uuid null, "visit" int not null, "counts" boolean not null default false, "event_id" uuid not null, constraint "decision_pkey" primary key ("id"));`);
    this.addSql(`create index "decision_agency_decided_at_index" on "decision" ("agency", "decided_at");`);
    this.addSql(`create index "decision_agency_decided_by_decided_at_index" on "decision" ("agency", "decided_by", "decided_at");`);
    this.addSql(`create index "decision_cluster_id_decided_at_index" on "decision" ("cluster_id", "decided_at");`);

    this.addSql(`create table "indicator_value" ("id" uuid not null, "agency" text not null, "cluster_id" uuid not null, "indicator" text not null, "period" text not null, "value" double precision not null, "note" text null, "recorded_by" text not null, "recorded_at" timestamptz not null, "superseded_at" timestamptz null, "event_id" uuid not null, constraint "indicator_value_pkey" primary key ("id"));`);
    this.addSql(`create index "indicator_value_cluster_id_indicator_index" on "indicator_value" ("cluster_id", "indicator");`);

    this.addSql(`create table "phase_visit" ("cluster_id" uuid not null, "n" int not null, "agency" text not null, "phase" text not null, "entered_at" timestamptz not null, "left_at" timestamptz null, "via_gate" text null, "suspended_ms" bigint not null, constraint "phase_visit_pkey" primary key ("cluster_id", "n"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "programme_template" alter column "definition" type jsonb using "definition"::jsonb;`);

    this.addSql(`drop table if exists "artefact_version" cascade;`);

    this.addSql(`drop table if exists "cluster" cascade;`);

    this.addSql(`drop table if exists "cluster_event" cascade;`);

    this.addSql(`drop table if exists "decision" cascade;`);

    this.addSql(`drop table if exists "indicator_value" cascade;`);

    this.addSql(`drop table if exists "phase_visit" cascade;`);
  }

}
