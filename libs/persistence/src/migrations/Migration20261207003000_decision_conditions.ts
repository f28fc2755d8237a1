import { Migration } from '@mikro-orm/migrations';

/**
 * Template language version 2: an APPROVE_WITH_CONDITIONS records conditions on its decision,
 * closed later by CONDITION_CLOSED. The decision row keeps them as the snapshot does
 * (`[{ id, text, closedAt, closedBy, note }]`), so Decision.conditions is read with the row and
 * the audit verifications compare the column with replay; `[]` for every other decision.
 */
export class Migration20261207003000_decision_conditions extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "decision" add column "conditions" jsonb not null default '[]';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "decision" drop column "conditions";`);
  }

}
