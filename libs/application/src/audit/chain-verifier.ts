import { Injectable } from '@nestjs/common';
import { verifyChain, verifyCoverage, type ChainCheckpoint, type ChainEvent, type ChainVerification } from '@clusterflow/engine';
import { AuditIntegrityRepository, type ChainPosition, type ClusterHeadRow } from '@clusterflow/persistence';

/** Events read per statement: memory stays bounded by one batch plus one cluster's chain. */
export const VERIFY_BATCH_SIZE = 2000;

/** One cluster's verdict. */
export interface ClusterChainResult {
  agency: string;
  clusterId: string;
  /** From the cluster row; null when the row is gone. */
  name: string | null;
  verification: ChainVerification;
}

export interface ChainsSummary {
  valid: boolean;
  clustersChecked: number;
  eventsChecked: number;
  /** Broken clusters, in cluster id order. */
  broken: ClusterChainResult[];
}

export interface VerifyOptions {
  /** One cluster of the agency; every cluster when absent. */
  clusterId?: string | null;
  /** For checking against a saved head: the (seq, hash) it recorded per cluster id, and when it was signed. */
  covered?: ReadonlyMap<string, ChainCheckpoint>;
  coveredAt?: string;
  /** Called for each cluster as it is verified (e.g. to print a line). */
  onCluster?: (result: ClusterChainResult) => void;
  /** Stops the work (throwing its reason) at the next batch once aborted: the client left. */
  signal?: AbortSignal;
}

/**
 * Verifies every hash chain of an agency (or one cluster), reading the log in keyset
 * batches in (cluster, seq) order and checking each cluster's chain when it is complete:
 * the engine's `verifyChain` against the cluster row's head, and with `covered`, the
 * engine's `verifyCoverage` for the chains a saved head covered.
 */
@Injectable()
export class ChainVerifier {
  constructor(private readonly repo: AuditIntegrityRepository) {}

  agencies(): Promise<string[]> {
    return this.repo.agencies();
  }

  async verifyAgency(agency: string, options: VerifyOptions = {}): Promise<ChainsSummary> {
    const clusterId = options.clusterId?.toLowerCase() ?? null;
    const rows = new Map((await this.repo.clusterHeads(agency, clusterId)).map((r) => [r.clusterId, r]));
    const seen = new Set<string>();
    const results: ClusterChainResult[] = [];
    const finish = async (id: string, events: ChainEvent[]) => {
      seen.add(id);
      const result = await this.verifyOne(agency, id, rows.get(id) ?? null, events, options.covered?.get(id), options.coveredAt);
      results.push(result);
      options.onCluster?.(result);
    };

    let after: ChainPosition | null = null;
    let current: string | null = null;
    let events: ChainEvent[] = [];
    for (;;) {
      options.signal?.throwIfAborted();
      const batch = await this.repo.eventBatch(agency, clusterId, after, VERIFY_BATCH_SIZE);
      for (const e of batch) {
        if (e.clusterId !== current) {
          if (current !== null) await finish(current, events);
          current = e.clusterId;
          events = [];
        }
        events.push(e);
      }
      if (batch.length < VERIFY_BATCH_SIZE) break;
      const last = batch[batch.length - 1];
      after = { clusterId: last.clusterId, seq: last.seq };
    }
    if (current !== null) await finish(current, events);
    // Clusters with a row but no events left, and covered clusters that are gone altogether.
    for (const id of rows.keys()) if (!seen.has(id)) await finish(id, []);
    for (const id of options.covered?.keys() ?? []) {
      if (!seen.has(id) && (clusterId === null || id === clusterId)) await finish(id, []);
    }

    results.sort((a, b) => (a.clusterId < b.clusterId ? -1 : a.clusterId > b.clusterId ? 1 : 0));
    const broken = results.filter((r) => !r.verification.valid);
    return {
      valid: broken.length === 0,
      clustersChecked: results.length,
      eventsChecked: results.reduce((n, r) => n + r.verification.eventsChecked, 0),
      broken,
    };
  }

  private async verifyOne(
    agency: string,
    clusterId: string,
    row: ClusterHeadRow | null,
    events: ChainEvent[],
    covered: ChainCheckpoint | undefined,
    coveredAt: string | undefined,
  ): Promise<ClusterChainResult> {
    const result = (verification: ChainVerification): ClusterChainResult => ({ agency, clusterId, name: row?.name ?? null, verification });
    if (!row && !events.length && covered) return result(verifyCoverage([], covered));
    if (!row) {
      const chain = verifyChain(clusterId, events);
      if (!chain.valid) return result(chain);
      return result({
        valid: false,
        eventsChecked: events.length,
        firstBrokenEventId: events[0]?.id ?? null,
        message: `the cluster's row is missing: its ${events.length} events have no cluster`,
        problem: 'HEAD_MISMATCH',
      });
    }
    const chain = verifyChain(clusterId, events, { version: row.version, lastHash: row.lastHash });
    if (!chain.valid || !covered) return result(chain);
    const coverage = verifyCoverage(events, covered);
    if (coverage.valid) return result({ ...chain });
    // Narrow down where a rewrite begins with the points earlier heads recorded.
    const checkpoints = coveredAt ? await this.repo.checkpoints(agency, clusterId, coveredAt) : [];
    return result(verifyCoverage(events, covered, checkpoints));
  }
}

/** `cluster <id> (<name>): <what is wrong>`: one line about a broken cluster. */
export function describeBroken(r: ClusterChainResult): string {
  return `cluster ${r.clusterId}${r.name ? ` (${r.name})` : ''}: ${r.verification.message}`;
}
