import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { badInput, DomainError, mayMigrate, planMigration } from '@clusterflow/engine';
import { ClusterRepository } from '@clusterflow/persistence';
import type { Principal } from '../auth/principal';
import { actorOf, ClustersService, type MigrationOutcome } from './clusters.service';

/** Clusters planned per read; each is applied in its own transaction. */
const BATCH = 500;
/** Migrations applied at once (each holds one connection while it runs). */
const PARALLEL = 4;

export interface BulkMigration {
  templateKey: string;
  fromVersion: number;
  toVersion: number;
  dryRun: boolean;
  outcomes: MigrationOutcome[];
}

/**
 * Moves every unfinished cluster of one template version to another: one plan per cluster;
 * unless `dryRun`, those without problems are migrated, each in its own transaction (planned
 * again under its lock, so a cluster changed in between is judged as it is then).
 */
@Injectable()
export class MigrationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly clusters: ClustersService,
  ) {}

  async migrateAll(user: Principal, templateKey: string, fromVersion: number, toVersion: number, dryRun: boolean): Promise<BulkMigration> {
    const from = await this.clusters.templateVersion(user.agency, templateKey, fromVersion);
    const to = await this.clusters.templateVersion(user.agency, templateKey, toVersion);
    mayMigrate(actorOf(user));
    if (fromVersion === toVersion) throw badInput(`fromVersion and toVersion are both ${toVersion}; name two different versions`);
    const repo = new ClusterRepository(this.em.fork());
    const outcomes: MigrationOutcome[] = [];
    const now = new Date().toISOString();
    for (let after: string | null = null; ; ) {
      const batch = await repo.onTemplateVersion(user.agency, templateKey, fromVersion, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1].id;
      const planned = batch.map((row) => ({ plan: planMigration(from.definition, to.definition, row.snapshot, now), applied: false, clusterName: row.name }));
      if (dryRun) outcomes.push(...planned);
      else outcomes.push(...(await inParallel(planned, PARALLEL, (outcome) => (outcome.plan.problems.length ? outcome : this.applyOne(user, outcome, toVersion)))));
      if (batch.length < BATCH) break;
    }
    return { templateKey, fromVersion, toVersion, dryRun, outcomes };
  }

  /** One cluster's migration; a refusal (the cluster changed since it was planned) becomes a problem of its plan. */
  private async applyOne(user: Principal, planned: MigrationOutcome, toVersion: number): Promise<MigrationOutcome> {
    try {
      return await this.clusters.migrate(user, planned.plan.clusterId, toVersion, false);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return { ...planned, plan: { ...planned.plan, problems: [e.message] } };
    }
  }
}

/** `work` over `items` with at most `limit` running at once; results in the order of `items`. */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R> | R): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
