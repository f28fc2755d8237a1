import { headRoot, keyIdOf, verifyHeadSignature } from '@clusterflow/engine';
import type { AuditIntegrityRepository } from '@clusterflow/persistence';
import type { ReplayCheck, ReplayVerifier } from './replay-verifier';

/**
 * What the hash chains cannot vouch for: the tables the server derives from the log (the
 * cluster row's columns, decisions, artefact versions, indicator values, phase visits),
 * compared with a replay of each cluster's log, and the server's record of signed heads
 * and their keys, checked against their own signatures and roots. A superuser who switches
 * the append-only triggers off and edits any of them is named here (docs/decisions.md).
 */

/** One thing found wrong, with the cluster and event it concerns when there is one. */
export interface RecordProblem {
  clusterId: string | null;
  /** The cluster's name, from its row. */
  name: string | null;
  /** The event the differing row comes from. */
  eventId: string | null;
  message: string;
}

/** Heads read per statement. */
const HEAD_BATCH = 50;

/**
 * Rows of the agency's projection tables whose cluster is not one of the agency's, as replay
 * differences (their cluster id is the one the row names).
 */
export async function orphanChecks(repo: AuditIntegrityRepository, agency: string): Promise<ReplayCheck[]> {
  const orphans = await repo.orphanProjections(agency);
  return orphans.map((o) => ({
    clusterId: o.clusterId,
    events: 0,
    equal: false,
    difference: `${o.table} ${o.row} names cluster ${o.clusterId}, which is not a cluster of agency ${agency}: the row was inserted or moved between agencies`,
    eventSeq: null,
  }));
}

/**
 * Every cluster of the agency (or one) replayed and compared with its stored projections;
 * for the whole agency also the orphaned projection rows and every signed head. Calls
 * `onProblem` as each problem is found; answers them all, in that order.
 */
export async function verifyRecords(
  repo: AuditIntegrityRepository,
  replays: ReplayVerifier,
  agency: string,
  clusterId?: string | null,
  onProblem?: (p: RecordProblem) => void,
  /** Clusters whose chain is broken (already told): their replay would only repeat it. */
  skip: ReadonlySet<string> = new Set(),
): Promise<RecordProblem[]> {
  const problems: RecordProblem[] = [];
  const found = (p: RecordProblem) => {
    problems.push(p);
    onProblem?.(p);
  };
  for (const row of await repo.clusterHeads(agency, clusterId)) {
    if (skip.has(row.clusterId)) continue;
    const check = await replays.cluster(agency, row.clusterId);
    if (check.equal) continue;
    const [event] = check.eventSeq != null ? await repo.eventBatch(agency, row.clusterId, { clusterId: row.clusterId, seq: check.eventSeq - 1 }, 1) : [];
    found({ clusterId: row.clusterId, name: row.name, eventId: event?.id ?? null, message: check.difference ?? 'differs from its replay' });
  }
  if (clusterId != null) return problems;
  for (const o of await orphanChecks(repo, agency)) found({ clusterId: null, name: null, eventId: null, message: o.difference! });
  await verifyHeads(repo, agency, found);
  return problems;
}

/** Each signed head of the agency: its key recorded under its id, its signature, and its covered list against its root. */
async function verifyHeads(repo: AuditIntegrityRepository, agency: string, found: (p: RecordProblem) => void): Promise<void> {
  const badKeys = new Set<string>();
  let after: { at: string; id: string } | null = null;
  for (;;) {
    const batch = await repo.headBatch(agency, after, HEAD_BATCH);
    for (const h of batch) {
      const head = `audit_head ${h.id} (the head of ${h.at} signed with key ${h.keyId})`;
      const problem = (message: string) => found({ clusterId: null, name: null, eventId: null, message });
      if (h.publicKeyPem == null) {
        problem(`${head}: its key is not in audit_signing_key: the record of keys was tampered with`);
        continue;
      }
      let keyId: string | null;
      try {
        keyId = keyIdOf(h.publicKeyPem);
      } catch {
        keyId = null;
      }
      if (keyId !== h.keyId) {
        if (!badKeys.has(h.keyId)) problem(`audit_signing_key ${h.keyId}: its public key is not the key of that id: the record of keys was tampered with`);
        badKeys.add(h.keyId);
        continue;
      }
      if (!verifyHeadSignature(h, h.publicKeyPem)) {
        problem(`${head}: its signature does not verify: the record of heads was tampered with`);
        continue;
      }
      const covered = Array.isArray(h.covered) ? h.covered : [];
      if (headRoot(covered) !== h.root || covered.length !== h.clusters || covered.reduce((n, c) => n + c[1], 0) !== h.events) {
        problem(`${head}: its list of covered clusters no longer hashes to its root: the record of heads was tampered with`);
      }
    }
    if (batch.length < HEAD_BATCH) return;
    const last = batch[batch.length - 1];
    after = { at: last.cursorAt, id: last.id };
  }
}
