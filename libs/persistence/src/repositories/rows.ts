import { badInput } from '@clusterflow/engine';

/**
 * What the raw-SQL repositories share: the timestamp column form, the mapping of an event
 * row (snake_case) to its fields, and the opaque keyset cursor ([tag, key, id] as base64url JSON).
 */

export type Row = Record<string, any>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** A timestamptz column as ISO 8601 UTC text with milliseconds (`2025-03-11T09:30:00.000Z`). */
export const iso = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A timestamptz column as ISO 8601 UTC text with microseconds: a keyset cursor's exact position. */
export const isoMicros = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A cluster_event row's fields, `at` as selected (ISO 8601 text through `iso('at')`). */
export function eventFields(r: Row) {
  return {
    id: r.id,
    clusterId: r.cluster_id,
    seq: r.seq,
    type: r.type,
    actor: r.actor,
    actorName: r.actor_name,
    role: r.role,
    at: r.at as string,
    payload: r.payload as unknown,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** A keyset cursor: opaque base64url of [tag, key, id]. */
export function encodeKeysetCursor(tag: string, key: unknown, id: string): string {
  return Buffer.from(JSON.stringify([tag, key, id])).toString('base64url');
}

/**
 * The key and id of a cursor from `encodeKeysetCursor` with this tag; BAD_INPUT on `after`
 * when it is not one, or when `keyOk` rejects its key.
 */
export function decodeKeysetCursor(tag: string, cursor: string, keyOk: (key: unknown) => boolean, maxLength?: number): { key: unknown; id: string } {
  const bad = () => badInput('after is not a cursor of this list', { argument: 'after' });
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]+$/.test(cursor) || (maxLength !== undefined && cursor.length > maxLength)) throw bad();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || parsed[0] !== tag || !isUuid(parsed[2])) throw bad();
  if (!keyOk(parsed[1])) throw bad();
  return { key: parsed[1], id: parsed[2] };
}

/** The valid uuids among `ids`, once each (an id that is not a uuid names no cluster). */
export function uuids(ids: readonly string[]): string[] {
  return [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
}

export function required(agency: string): string {
  if (!agency) throw new Error('an agency is required for every cluster query');
  return agency;
}
