import DataLoader from 'dataloader';
import {
  ClusterRepository,
  type ArtefactVersionRecord,
  type DecisionRecord,
  type PhaseVisitRecord,
} from '@clusterflow/persistence';

/**
 * Per-request batch loaders for the nested lists of clusters: a page of 50 clusters asking
 * for artefacts, decisions and history costs one SQL statement per list, not one per cluster.
 */
export class ClusterLoaders {
  readonly artefactVersions: DataLoader<string, ArtefactVersionRecord[]>;
  /** Artefact versions by id: for decisions listed without their clusters' artefacts (approvalHistory). */
  readonly artefactVersion: DataLoader<string, ArtefactVersionRecord | null>;
  readonly decisions: DataLoader<string, DecisionRecord[]>;
  readonly visits: DataLoader<string, PhaseVisitRecord[]>;
  /** Clusters whose whole list of artefact versions this request has loaded (or is loading). */
  private readonly versionsRequested = new Set<string>();

  constructor(clusters: ClusterRepository, agency: string) {
    const repo = () => clusters;
    this.artefactVersion = new DataLoader(async (ids) => {
      const byId = new Map((await repo().artefactVersionsByIds(agency, ids)).map((v) => [v.id, v]));
      return ids.map((id) => byId.get(id.toLowerCase()) ?? null);
    });
    this.artefactVersions = new DataLoader(async (ids) => {
      for (const id of ids) this.versionsRequested.add(id);
      return groupBy(ids, await repo().artefactVersions(agency, ids));
    });
    this.decisions = new DataLoader(async (ids) => groupBy(ids, await repo().decisions(agency, ids)));
    this.visits = new DataLoader(async (ids) => groupBy(ids, await repo().visits(agency, ids)));
  }

  /**
   * The artefact version a decision names: from its cluster's list when this request loads
   * that anyway (a cluster's `artefacts` next to its `decisions`), else batched by id, so a
   * page of decisions costs one statement for all their versions either way.
   */
  async versionOf(clusterId: string, versionId: string): Promise<ArtefactVersionRecord | null> {
    if (!this.versionsRequested.has(clusterId)) return this.artefactVersion.load(versionId);
    return (await this.artefactVersions.load(clusterId)).find((v) => v.id === versionId) ?? null;
  }

  /** After a command changed a cluster, its lists are loaded afresh. */
  forget(clusterId: string): void {
    this.versionsRequested.delete(clusterId);
    this.artefactVersions.clear(clusterId);
    this.decisions.clear(clusterId);
    this.visits.clear(clusterId);
  }
}

function groupBy<T extends { clusterId: string }>(ids: readonly string[], rows: T[]): T[][] {
  const byCluster = new Map<string, T[]>(ids.map((id) => [id, []]));
  for (const row of rows) byCluster.get(row.clusterId)?.push(row);
  return ids.map((id) => byCluster.get(id)!);
}

const LOADERS = Symbol('clusterLoaders');

/** The request's loaders, made on first use and kept on the GraphQL context. */
export function loadersOf(context: object, clusters: ClusterRepository, agency: string): ClusterLoaders {
  const holder = context as { [LOADERS]?: ClusterLoaders };
  return (holder[LOADERS] ??= new ClusterLoaders(clusters, agency));
}
