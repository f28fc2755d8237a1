import { Injectable, Logger } from '@nestjs/common';
import { currentVisit, openWork, type ClusterState } from '@clusterflow/engine';
import { WorkRepository, type WorkBackfill } from '@clusterflow/persistence';
import { ClustersService } from '@clusterflow/application/clusters/clusters.service';

/**
 * Projects the open work of clusters recorded before the work_item projection existed (a
 * database an earlier release left): once, at the first start that finds no record of it
 * having been done (`WorkRepository.backfillOnce`, under an advisory lock so instances
 * starting together take turns). Commands keep the projection up to date from then on.
 */
@Injectable()
export class WorkProjectionService {
  private readonly log = new Logger(WorkProjectionService.name);

  constructor(
    private readonly work: WorkRepository,
    private readonly clusters: ClustersService,
  ) {}

  /** Returns how many clusters it projected; `force` ignores the record of an earlier run. */
  async backfill(force = false): Promise<number> {
    const projected = await this.work.backfillOnce(force, async (rows) => {
      const batch: WorkBackfill[] = [];
      for (const r of rows) {
        const work = openWork(await this.clusters.definition(r.agency, r.templateId), r.snapshot).map((w) => ({ ...w, since: sinceOf(r.snapshot, w) }));
        if (work.length) batch.push({ agency: r.agency, clusterId: r.id, dueAt: r.dueAt, work });
      }
      return batch;
    });
    if (projected) this.log.log(`projected the open work of ${projected} clusters recorded before myWork existed`);
    return projected;
  }
}

/** Without the command that opened it: the phase visit's start, the version's submission, or `notBefore`, whichever is latest. */
function sinceOf(state: ClusterState, w: { artefactVersionId: string | null; notBefore: string | null }): string {
  const submitted = w.artefactVersionId ? state.artefacts.flatMap((a) => a.versions).find((v) => v.id === w.artefactVersionId)?.submittedAt : undefined;
  return [currentVisit(state).enteredAt, submitted, w.notBefore].filter((x): x is string => !!x).sort().pop()!;
}
