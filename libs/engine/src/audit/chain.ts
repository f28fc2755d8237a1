/**
 * Verification of one cluster's hash chain, pure: the stored events in seq order (and the
 * cluster row's version and last hash) in, a verdict naming the first broken event out.
 *
 * An intact chain has seq 1, 2, 3... without gaps, the first event's prevHash is 64 zeros,
 * every other prevHash is the hash of the event before it, every hash is `eventHash` of the
 * event's fields, and the cluster row's head (version, last hash) is the last event's.
 *
 * When it is not intact, the verdict says what most likely happened, from the evidence the
 * hashes keep: an event whose hash matches its fields with another seq was recorded at that
 * seq (so it was moved: reordered, or renumbered after a deletion or an insertion), and the
 * prevHash of an event names the event it was recorded after.
 */
import { eventHash, GENESIS_HASH, type HashedFields } from './hash';

/** An event as stored, with `at` as ISO 8601 UTC with milliseconds (the form the hash covers). */
export interface ChainEvent extends HashedFields {
  id: string;
  hash: string;
}

/** The cluster row's record of where its chain ends. */
export interface ChainHead {
  version: number;
  lastHash: string;
}

/**
 * What is wrong, when something is:
 * - CHANGED: an event's fields no longer match its hash (payload, type, actor, role, time or prevHash edited);
 * - MISSING: events were deleted (a gap in seq, or an event renumbered into a deleted one's place);
 * - REORDERED: events are not in the order they were recorded in;
 * - INSERTED: events were put into the chain after the event that follows them was recorded;
 * - REWRITTEN: an event was replaced and its hash recomputed, so the next event's link breaks;
 * - HEAD_MISMATCH: the cluster row's version or last hash is not the log's last event;
 * - NOT_COVERED: a saved head covered history that is no longer there, or no longer the same.
 */
export type ChainProblem = 'CHANGED' | 'MISSING' | 'REORDERED' | 'INSERTED' | 'REWRITTEN' | 'HEAD_MISMATCH' | 'NOT_COVERED';

export interface ChainVerification {
  valid: boolean;
  /** Events examined: all of them when valid, else up to and including the first broken one. */
  eventsChecked: number;
  /** The first event that is not as recorded; null when valid or when the broken part is gone. */
  firstBrokenEventId: string | null;
  /** What is wrong, for people; null when valid. */
  message: string | null;
  problem: ChainProblem | null;
}

const VALID = (eventsChecked: number): ChainVerification => ({ valid: true, eventsChecked, firstBrokenEventId: null, message: null, problem: null });

/** `event <id> (seq <n>, <TYPE>)`: how messages name an event. */
export const describeEvent = (e: Pick<ChainEvent, 'id' | 'seq' | 'type'>): string => `event ${e.id} (seq ${e.seq}, ${e.type})`;

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Verifies one cluster's chain. `events` are as read in seq order; `head` is the cluster
 * row's version and last hash (omit it to check the events alone, e.g. a prefix).
 */
export function verifyChain(clusterId: string, events: readonly ChainEvent[], head?: ChainHead | null): ChainVerification {
  const indexOfHash = new Map<string, number>();
  events.forEach((e, i) => {
    if (!indexOfHash.has(e.hash)) indexOfHash.set(e.hash, i);
  });
  /** Where the event this prevHash names is in the list: -1 for the start of the chain, undefined when absent. */
  const recordedAfter = (prevHash: string): number | undefined => (prevHash === GENESIS_HASH ? -1 : indexOfHash.get(prevHash));
  const after = (j: number) => (j < 0 ? 'the start of the chain' : describeEvent(events[j]));
  const maxSeq = events.reduce((m, e) => Math.max(m, Number.isInteger(e.seq) ? e.seq : 0), 0);

  for (let i = 0; i < events.length; i++) {
    const e = events[i];
    const prev = i > 0 ? events[i - 1] : null;
    const broken = (problem: ChainProblem, message: string, first: ChainEvent | null = e): ChainVerification => ({
      valid: false,
      eventsChecked: i + 1,
      firstBrokenEventId: first?.id ?? null,
      message,
      problem,
    });

    if (e.clusterId !== clusterId) return broken('INSERTED', `${describeEvent(e)} belongs to cluster ${e.clusterId}, not ${clusterId}`);
    if (prev && !(e.seq > prev.seq)) return broken('REORDERED', `${describeEvent(e)} comes after seq ${prev.seq}: the events are not in seq order`);

    if (eventHash(e) !== e.hash) {
      // Recorded at another seq? Then it was moved, and its prevHash says after which event.
      const recordedSeq = seqThatMatches(e, maxSeq + events.length + 1);
      if (recordedSeq === null) {
        return broken(
          'CHANGED',
          `${describeEvent(e)} does not match its hash: its content (payload, type, actor, role, time or previous hash) was changed after it was recorded`,
        );
      }
      const j = recordedAfter(e.prevHash);
      if (recordedSeq < e.seq && j !== undefined && j < i - 1) {
        const inserted = events[j + 1];
        return broken(
          'INSERTED',
          `${describeEvent(inserted)} was inserted: ${describeEvent(e)} was recorded as seq ${recordedSeq}, right after ${after(j)}, ` +
            `so the events now at seq ${inserted.seq} to ${prev!.seq} were not in the chain then`,
          inserted,
        );
      }
      if (recordedSeq > e.seq && j === undefined) {
        return broken(
          'MISSING',
          `${describeEvent(e)} was recorded as seq ${recordedSeq} and renumbered: the event it was recorded after (hash ${short(e.prevHash)}) is missing`,
        );
      }
      return broken('REORDERED', `${describeEvent(e)} was recorded as seq ${recordedSeq}${j === undefined ? '' : `, after ${after(j)}`}: the events were reordered`);
    }

    const expectedSeq = prev ? prev.seq + 1 : 1;
    if (e.seq !== expectedSeq) {
      const missing = expectedSeq === e.seq - 1 ? `seq ${expectedSeq} is` : `seq ${expectedSeq} to ${e.seq - 1} are`;
      return broken('MISSING', `events are missing: ${missing} not in the log before ${describeEvent(e)}`);
    }

    const expectedPrev = prev ? prev.hash : GENESIS_HASH;
    if (e.prevHash !== expectedPrev) {
      const j = recordedAfter(e.prevHash);
      if (j !== undefined && j < i - 1) {
        const inserted = events[j + 1];
        return broken('INSERTED', `${describeEvent(inserted)} was inserted: ${describeEvent(e)} was recorded right after ${after(j)}`, inserted);
      }
      if (j !== undefined && j > i) return broken('REORDERED', `${describeEvent(e)} was recorded after ${after(j)}, which now comes later: the events were reordered`);
      if (!prev) return broken('CHANGED', `${describeEvent(e)} is the first event, but its previous hash is not 64 zeros`);
      return broken(
        'REWRITTEN',
        `${describeEvent(prev)} was replaced: ${describeEvent(e)} was recorded after an event with hash ${short(e.prevHash)}, ` +
          `but the event before it now hashes to ${short(prev.hash)} (rewritten with a recomputed hash)`,
        prev,
      );
    }
  }

  if (head) {
    const last = events[events.length - 1];
    const n = events.length;
    const mismatch = (message: string, first: ChainEvent | null) => ({ valid: false, eventsChecked: n, firstBrokenEventId: first?.id ?? null, message, problem: 'HEAD_MISMATCH' as const });
    if (!last) return mismatch(`the cluster has no events, but its row records version ${head.version}`, null);
    if (head.version < last.seq) {
      const first = events.find((e) => e.seq === head.version + 1) ?? last;
      return mismatch(`the cluster row records version ${head.version}, but the log goes on to seq ${last.seq}: ${describeEvent(first)} and any after it were added outside a command`, first);
    }
    if (head.version > last.seq) {
      return mismatch(`the log ends at ${describeEvent(last)}, but the cluster row records version ${head.version}: the newest events are missing`, last);
    }
    if (head.lastHash !== last.hash) {
      return mismatch(`the cluster row's last hash ${short(head.lastHash)} is not the hash of ${describeEvent(last)} (${short(last.hash)})`, last);
    }
  }
  return VALID(events.length);
}

/** The seq (other than its own) at which the event's fields give its stored hash, if any. */
function seqThatMatches(e: ChainEvent, upTo: number): number | null {
  for (let s = 1; s <= upTo; s++) {
    if (s !== e.seq && eventHash({ ...e, seq: s }) === e.hash) return s;
  }
  return null;
}

/** A point of a chain that a signed head recorded: the event at `seq` had `hash`. */
export interface ChainCheckpoint {
  seq: number;
  hash: string;
}

/**
 * Checks that today's chain of a cluster (already verified with `verifyChain`) still holds,
 * unchanged, what a head covered: an event at `covered.seq` whose hash is `covered.hash`.
 * Since each hash covers the previous one, that one comparison covers every event up to it.
 *
 * `checkpoints` are other points of this cluster that the server's earlier heads recorded;
 * when the chain differs, they narrow down where the rewrite begins.
 */
export function verifyCoverage(
  events: readonly ChainEvent[],
  covered: ChainCheckpoint,
  checkpoints: readonly ChainCheckpoint[] = [],
): ChainVerification {
  const bySeq = new Map(events.map((e) => [e.seq, e]));
  const broken = (message: string, first: ChainEvent | null): ChainVerification => ({
    valid: false,
    eventsChecked: events.filter((e) => e.seq <= covered.seq).length,
    firstBrokenEventId: first?.id ?? null,
    message,
    problem: 'NOT_COVERED',
  });
  const at = bySeq.get(covered.seq);
  if (!at) {
    if (!events.length) return broken(`the cluster is gone: the head covered its events up to seq ${covered.seq}, and none are left`, null);
    const last = events[events.length - 1];
    return broken(
      `the history was cut off: the head covered the events up to seq ${covered.seq}, but the log ends at seq ${last.seq}; ` +
        `seq ${last.seq + 1} to ${covered.seq} were removed`,
      null,
    );
  }
  if (at.hash === covered.hash) return VALID(events.filter((e) => e.seq <= covered.seq).length);
  // Rewritten: the last earlier checkpoint that still matches bounds where it begins.
  const intactUpTo = [...checkpoints, { seq: 0, hash: GENESIS_HASH }]
    .filter((c) => c.seq < covered.seq && (c.seq === 0 || bySeq.get(c.seq)?.hash === c.hash))
    .reduce((m, c) => Math.max(m, c.seq), 0);
  const first = bySeq.get(intactUpTo + 1) ?? at;
  const range = intactUpTo > 0 ? `seq ${intactUpTo + 1} to ${covered.seq} (seq ${intactUpTo} still matches an earlier head)` : `seq 1 to ${covered.seq}`;
  return broken(
    `the history was rewritten: the head recorded hash ${short(covered.hash)} for seq ${covered.seq}, but ${describeEvent(at)} ` +
      `has hash ${short(at.hash)}; an event in ${range} is not what was recorded`,
    first,
  );
}
