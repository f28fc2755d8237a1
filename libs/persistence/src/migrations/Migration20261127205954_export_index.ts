import { Migration } from '@mikro-orm/migrations';

export class Migration20261127205954_export_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "cluster_event_agency_cluster_id_seq_index" on "cluster_event" ("agency", "cluster_id", "seq");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cluster_event_agency_cluster_id_seq_index";`);
  }

}
