import { Migration } from '@mikro-orm/migrations';

/** A bulk migration reads the clusters of one template version, in id order, batch after batch. */
export class Migration20261127213000_template_version_index extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "cluster_agency_template_key_template_version_id_index" on "cluster" ("agency", "template_key", "template_version", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "cluster_agency_template_key_template_version_id_index";`);
  }

}
