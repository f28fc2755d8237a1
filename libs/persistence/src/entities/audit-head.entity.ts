import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/core';
import { randomUUID } from 'node:crypto';

/**
 * A signed head: a summary of an agency's whole history at one moment, as the server signed
 * it, with the list it covers. The server keeps every head it signs (append-only), so a head
 * an auditor saved can later be checked against today's history.
 */
@Entity({ tableName: 'audit_head' })
@Unique({ name: 'audit_head_key_id_signature_unique', properties: ['keyId', 'signature'] })
@Index({ name: 'audit_head_agency_at_index', properties: ['agency', 'at'] })
export class AuditHeadEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'text' })
  agency!: string;

  /** Clusters covered. */
  @Property({ type: 'integer' })
  clusters!: number;

  /** Events covered: the sum of the covered clusters' last seq. */
  @Property({ type: 'integer' })
  events!: number;

  /** SHA-256 (hex) of the canonical JSON of `covered`. */
  @Property({ type: 'character', length: 64 })
  root!: string;

  /** The signed time (milliseconds). */
  @Property({ type: 'timestamptz' })
  at!: Date;

  @Property({ type: 'text' })
  keyId!: string;

  /** Base64 Ed25519 signature over the canonical JSON of { agency, clusters, events, root, at, keyId }. */
  @Property({ type: 'text' })
  signature!: string;

  /** [[clusterId, lastSeq, lastHash], ...] sorted by clusterId: what `root` is the hash of. */
  @Property({ type: 'jsonb' })
  covered!: unknown;
}
