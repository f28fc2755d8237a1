/**
 * Signed heads, exactly as the GraphQL contract's comments on `AuditHead` say:
 * root = lowercase hex SHA-256 of the RFC 8785 canonical JSON of
 *   [[clusterId, lastSeq, lastHash], ...] sorted by clusterId;
 * signature = base64 Ed25519 signature over the canonical JSON of
 *   { agency, clusters, events, root, at, keyId }, `at` as ISO 8601 UTC with milliseconds.
 * Pure: keys come in as KeyObjects or PEM text, the time as a string.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalize } from 'json-canonicalize';

/** One cluster's place in a head: its last event's seq and hash. */
export type CoveredCluster = [clusterId: string, lastSeq: number, lastHash: string];

/** The fields a head's signature covers. */
export interface HeadFields {
  agency: string;
  clusters: number;
  events: number;
  root: string;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
  keyId: string;
}

export interface SignedHead extends HeadFields {
  /** Base64 Ed25519 signature over `headSigningPayload`. */
  signature: string;
}

/** The covered list in the contract's order: by clusterId (code-unit order of the lowercase text). */
export function sortCovered(list: readonly CoveredCluster[]): CoveredCluster[] {
  return [...list]
    .map(([id, seq, hash]): CoveredCluster => [id.toLowerCase(), seq, hash])
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** SHA-256 (hex) of the canonical JSON of the covered list, sorted by clusterId. */
export function headRoot(list: readonly CoveredCluster[]): string {
  return createHash('sha256').update(canonicalize(sortCovered(list)), 'utf8').digest('hex');
}

/** The head's fields for a covered list (the summary before it is signed). */
export function headFields(agency: string, list: readonly CoveredCluster[], at: string, keyId: string): HeadFields {
  return { agency, clusters: list.length, events: list.reduce((n, [, seq]) => n + seq, 0), root: headRoot(list), at, keyId };
}

/** The bytes the signature covers: canonical JSON of { agency, clusters, events, root, at, keyId }. */
export function headSigningPayload(h: HeadFields): string {
  return canonicalize({ agency: h.agency, clusters: h.clusters, events: h.events, root: h.root, at: h.at, keyId: h.keyId });
}

export function signHead(fields: HeadFields, privateKey: KeyObject): SignedHead {
  const signature = sign(null, Buffer.from(headSigningPayload(fields), 'utf8'), privateKey).toString('base64');
  const { agency, clusters, events, root, at, keyId } = fields;
  return { agency, clusters, events, root, at, keyId, signature };
}

/** True when `signature` is the Ed25519 signature of the head's fields by this public key. */
export function verifyHeadSignature(head: SignedHead, publicKey: string | KeyObject): boolean {
  try {
    const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(headSigningPayload(head), 'utf8'), key, Buffer.from(head.signature, 'base64'));
  } catch {
    return false;
  }
}

/** A key's id: the first 16 hex digits of the SHA-256 of its public key's SPKI DER. */
export function keyIdOf(publicKey: string | KeyObject): string {
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  const der = (key.type === 'private' ? createPublicKey(key) : key).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}
