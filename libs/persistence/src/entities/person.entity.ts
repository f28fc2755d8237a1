import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * The people of an agency: learned from verified tokens (the latest name, email and roles,
 * and when they were last seen) or entered by an agency admin before they first sign in.
 */
@Entity({ tableName: 'person' })
export class PersonEntity {
  @PrimaryKey({ type: 'text' })
  agency!: string;

  /** The token's `sub`. */
  @PrimaryKey({ type: 'text' })
  userId!: string;

  @Property({ type: 'text', nullable: true })
  name: string | null = null;

  @Property({ type: 'text', nullable: true })
  email: string | null = null;

  @Property({ type: 'text[]' })
  roles: string[] = [];

  /** When a token of theirs was last verified (to within a few minutes); null until they sign in. */
  @Property({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null = null;

  @Property({ type: 'timestamptz' })
  updatedAt: Date = new Date();
}
