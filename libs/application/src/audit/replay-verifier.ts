import { Injectable } from '@nestjs/common';
import { notFound, projectionDifference, projectionsOf, replay, type ClusterState } from '@clusterflow/engine';
import { AuditIntegrityRepository, ClusterRepository, SystemRepository } from '@clusterflow/persistence';
import { TemplateDefinitions } from '../templates/template-definitions';

/** One cluster's replay against its stored snapshot. */
export interface ReplayCheck {
  clusterId: string;
  events: number;
  equal: boolean;
  /**
   * Where replay and the stored cluster first differ: in the snapshot, e.g.
   * `snapshot.visits[1].leftAt: "…" ≠ null`, or in a projection, naming its table, row and
   * column, e.g. `decision <id>: outcome is "REJECT", the log says "APPROVE"`.
   */
  difference: string | null;
  /** The event the differing projection row comes from, when the log has it. */
  eventSeq: number | null;
}

export interface ReplaySummary {
  valid: boolean;
  clustersChecked: number;
  eventsChecked: number;
  /** The clusters whose replay differs from the stored snapshot, in cluster id order. */
  differences: ReplayCheck[];
}

/**
 * Rebuilds clusters by replaying their events and compares the result with the stored
 * snapshots: the check that the log is the truth and the snapshot only a cache of it.
 */
@Injectable()
export class ReplayVerifier {
  constructor(
    private readonly repo: ClusterRepository,
    private readonly templates: TemplateDefinitions,
    private readonly integrity: AuditIntegrityRepository,
    private readonly system: SystemRepository,
  ) {}

  async cluster(agency: string, clusterId: string): Promise<ReplayCheck> {
    // The row, the log and the projections as of one moment: a command committing between
    // two of these reads would otherwise look like a mismatch.
    const read = await this.system.readInOneSnapshot(async () => {
      const row = await this.repo.find(agency, clusterId);
      if (!row) return null;
      return { row, events: await this.repo.eventsOf(agency, clusterId), stored: await this.integrity.storedProjections(agency, clusterId) };
    });
    if (!read) throw notFound('cluster');
    const { row, events, stored } = read;
    const versions = await this.templates.versions(agency, row.templateKey);
    let replayed: ClusterState;
    try {
      replayed = replay((version) => {
        const def = versions.get(version);
        if (!def) throw new Error(`template ${row.templateKey} version ${version} is missing`);
        return def;
      }, events);
    } catch (e) {
      return { clusterId, events: events.length, equal: false, difference: `replay failed: ${(e as Error).message}`, eventSeq: null };
    }
    const snapshot = firstDifference(JSON.parse(JSON.stringify(replayed)), row.snapshot, 'snapshot');
    if (snapshot) return { clusterId, events: events.length, equal: false, difference: snapshot, eventSeq: null };
    // The row's other columns and the projection tables, against what the replay implies.
    const definition = versions.get(replayed.templateVersion);
    const projection = stored && definition ? projectionDifference(projectionsOf(definition, replayed, events), stored, clusterId) : null;
    return { clusterId, events: events.length, equal: projection === null, difference: projection?.message ?? null, eventSeq: projection?.eventSeq ?? null };
  }

  /** Replays the clusters one by one (each reads its own log and templates). */
  /** Stops, throwing its reason, once `signal` aborts (the client left). */
  async clusters(agency: string, ids: readonly string[], signal?: AbortSignal): Promise<ReplaySummary> {
    const differences: ReplayCheck[] = [];
    let events = 0;
    for (const id of ids) {
      signal?.throwIfAborted();
      const check = await this.cluster(agency, id);
      events += check.events;
      if (!check.equal) differences.push(check);
    }
    return { valid: differences.length === 0, clustersChecked: ids.length, eventsChecked: events, differences };
  }
}

/** The first path where two JSON values differ (object key order ignored), or null. */
export function firstDifference(a: unknown, b: unknown, path: string): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    return `${path}: replay ${JSON.stringify(a)} ≠ stored ${JSON.stringify(b)}`;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path}: replay has ${a.length} items, stored ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    const d = firstDifference(ra[key], rb[key], `${path}.${key}`);
    if (d) return d;
  }
  return null;
}
