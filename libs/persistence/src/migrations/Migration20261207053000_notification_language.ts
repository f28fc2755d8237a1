import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 16, mail in the person's language: a person may choose the language they are told in
 * (null: the template's default language), and each notification keeps the language its title
 * and body were written in (null: the template's default), so its mail's own sentences match.
 */
export class Migration20261207053000_notification_language extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "notification_preference" add column "language" text null;`);
    this.addSql(`alter table "notification" add column "language" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "notification" drop column "language";`);
    this.addSql(`alter table "notification_preference" drop column "language";`);
  }

}
