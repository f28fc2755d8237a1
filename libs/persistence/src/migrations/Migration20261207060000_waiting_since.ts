import { Migration } from '@mikro-orm/migrations';

/**
 * gateBottlenecks reads the wait in the current phase from the cluster row alone: `waiting_since`,
 * the current visit's entry moved later by its suspended time (written by every command with the
 * row), instead of joining the open phase visit. Existing rows from their last phase visit.
 */
export class Migration20261207060000_waiting_since extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "cluster" add column "waiting_since" timestamptz null;`);
    this.addSql(`update "cluster" c set "waiting_since" = v.entered_at + v.suspended_ms * interval '1 millisecond'
      from (select distinct on (cluster_id) cluster_id, agency, entered_at, suspended_ms from "phase_visit" order by cluster_id, n desc) v
     where v.agency = c.agency and v.cluster_id = c.id;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "cluster" drop column "waiting_since";`);
  }

}
