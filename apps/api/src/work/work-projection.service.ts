import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { currentVisit, openWork, type ClusterState } from '@clusterflow/engine';
import { insertMissingWork, type WorkBackfill } from '@clusterflow/persistence';
import { ClustersService } from '@clusterflow/application/clusters/clusters.service';

const STATE_KEY = 'work-projection';
const BATCH = 500;

/**
 * Projects the open work of clusters recorded before the work_item projection existed (a
 * database an earlier release left): once, at the first start that finds no record of it
 * having been done, under an advisory lock so instances starting together take turns.
 * Commands keep the projection up to date from then on.
 */
@Injectable()
export class WorkProjectionService {
  private readonly log = new Logger(WorkProjectionService.name);

  constructor(
    private readonly em: EntityManager,
    private readonly clusters: ClustersService,
  ) {}

  /** Returns how many clusters it projected; `force` ignores the record of an earlier run. */
  async backfill(force = false): Promise<number> {
    return this.em.fork().transactional(async (tx) => {
      await tx.execute('select pg_advisory_xact_lock(hashtext(?))', ['clusterflow:work-projection']);
      const [done] = await tx.execute('select 1 as n from app_state where key = ?', [STATE_KEY]);
      if (done && !force) return 0;
      let after = '00000000-0000-0000-0000-000000000000';
      let projected = 0;
      for (;;) {
        const rows = await tx.execute<{ id: string; agency: string; template_id: string; snapshot: ClusterState; due_at: string | null }[]>(
          `select id, agency, template_id, snapshot, to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as due_at
             from cluster where status = 'ACTIVE' and id > ?::uuid order by id limit ?`,
          [after, BATCH],
        );
        if (!rows.length) break;
        const batch: WorkBackfill[] = [];
        for (const r of rows) {
          const work = openWork(await this.clusters.definition(r.agency, r.template_id), r.snapshot).map((w) => ({ ...w, since: sinceOf(r.snapshot, w) }));
          if (work.length) batch.push({ agency: r.agency, clusterId: r.id, dueAt: r.due_at, work });
        }
        await insertMissingWork(tx, batch);
        projected += batch.length;
        after = rows[rows.length - 1].id;
      }
      await tx.execute(
        `insert into app_state (key, value, updated_at) values (?, ?::jsonb, now()) on conflict (key) do update set value = excluded.value, updated_at = now()`,
        [STATE_KEY, JSON.stringify({ version: 1, projected })],
      );
      if (projected) this.log.log(`projected the open work of ${projected} clusters recorded before myWork existed`);
      return projected;
    });
  }
}

/** Without the command that opened it: the phase visit's start, the version's submission, or `notBefore`, whichever is latest. */
function sinceOf(state: ClusterState, w: { artefactVersionId: string | null; notBefore: string | null }): string {
  const submitted = w.artefactVersionId ? state.artefacts.flatMap((a) => a.versions).find((v) => v.id === w.artefactVersionId)?.submittedAt : undefined;
  return [currentVisit(state).enteredAt, submitted, w.notBefore].filter((x): x is string => !!x).sort().pop()!;
}
