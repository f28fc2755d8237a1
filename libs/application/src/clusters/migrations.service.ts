import { Injectable } from '@nestjs/common';
import { badInput, DomainError, mayMigrate, planMigration } from '@clusterflow/engine';
import { ClusterRepository } from '@clusterflow/persistence';
import type { Principal } from '../auth/principal';
import { TemplateDefinitions } from '../templates/template-definitions';
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
    private readonly repo: ClusterRepository,
    private readonly clusters: ClustersService,
    private readonly templates: TemplateDefinitions,
  ) {}

  async migrateAll(user: Principal, templateKey: string, fromVersion: number, toVersion: number, dryRun: boolean): Promise<BulkMigration> {
    const from = await this.templates.version(user.agency, templateKey, fromVersion);
    const to = await this.templates.version(user.agency, templateKey, toVersion);
    mayMigrate(actorOf(user));
    if (fromVersion === toVersion) throw badInput(`fromVersion and toVersion are both ${toVersion}; name two different versions`);
    const repo = this.repo;
    const outcomes: MigrationOutcome[] = [];
    const now = new Date().toISOString();
    for (let after: string | null = null; ; ) {
      const batch = await repo.onTemplateVersion(user.agency, templateKey, fromVersion, after, BATCH);
      if (!batch.length) break;
      after = batch[batch.length - 1].id;
      const planned = batch.map((row) => ({ plan: planMigration(from.definition, to.definition, row.snapshot, now), applied: false, clusterName: row.name }));
      if (dryRun) outcomes.push(...planned);
      else outcomes.push(...(await inParallel(planned, PARALLEL, (outcome) => (outcome.plan.problems.length ? outcome : this.applyOne(user, outcome, fromVersion, toVersion)))));
      if (batch.length < BATCH) break;
    }
    return { templateKey, fromVersion, toVersion, dryRun, outcomes };
  }

  /**
   * One cluster's migration, from `fromVersion` only; a refusal (the cluster changed since it
   * was planned, e.g. suspended or migrated meanwhile) becomes a problem of its plan.
   */
  private async applyOne(user: Principal, planned: MigrationOutcome, fromVersion: number, toVersion: number): Promise<MigrationOutcome> {
    try {
      return await this.clusters.migrate(user, planned.plan.clusterId, toVersion, false, fromVersion);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return { ...planned, plan: { ...planned.plan, problems: [e.message] } };
    }
  }
}

/**
 * `work` over `items` with at most `limit` running at once; results in the order of `items`.
 * The first failure stops every worker from taking another item; once those running have
 * settled, it is thrown (nothing goes on in the background after the caller has its answer).
 */
async function inParallel<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R> | R): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await work(items[i]);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}
