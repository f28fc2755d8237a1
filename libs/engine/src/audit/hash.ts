/**
 * The event hash chain, exactly as the GraphQL contract's comment on `AuditEvent` says, so
 * an auditor recomputes every hash from an export in any language:
 * hash = lowercase hex SHA-256 of the RFC 8785 canonical JSON of
 * { clusterId, seq, type, actor, role, at, payload, prevHash }, `at` as ISO 8601 UTC with
 * milliseconds, `role` null when absent; the first event's prevHash is 64 zeros.
 */
import { createHash } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

export const GENESIS_HASH = '0'.repeat(64);

export interface HashedFields {
  clusterId: string;
  seq: number;
  type: string;
  actor: string;
  role: string | null;
  at: string;
  payload: unknown;
  prevHash: string;
}

export function eventHash(e: HashedFields): string {
  const canonical = canonicalize({
    clusterId: e.clusterId,
    seq: e.seq,
    type: e.type,
    actor: e.actor,
    role: e.role ?? null,
    at: e.at,
    payload: e.payload,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
