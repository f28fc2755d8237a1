import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** Server-wide facts that must survive restarts (e.g. that the demo agency was seeded). */
@Entity({ tableName: 'app_state' })
export class AppStateEntity {
  @PrimaryKey({ type: 'text' })
  key!: string;

  @Property({ type: 'jsonb' })
  value!: unknown;

  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  updatedAt: Date = new Date();
}
