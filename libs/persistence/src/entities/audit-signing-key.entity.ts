import { Entity, PrimaryKey, Property } from '@mikro-orm/core';

/** A public key that signed heads (append-only), so heads signed before a key change still verify. */
@Entity({ tableName: 'audit_signing_key' })
export class AuditSigningKeyEntity {
  /** First 16 hex digits of the SHA-256 of the key's SPKI DER. */
  @PrimaryKey({ type: 'text' })
  keyId!: string;

  /** The Ed25519 public key, SPKI PEM. */
  @Property({ type: 'text' })
  publicKeyPem!: string;

  /** When it first signed a head. */
  @Property({ type: 'timestamptz', defaultRaw: 'now()' })
  firstUsedAt: Date = new Date();
}
