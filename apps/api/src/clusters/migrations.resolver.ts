import { Args, Context, ID, Int, Mutation, Resolver } from '@nestjs/graphql';
import { ClusterRepository } from '@clusterflow/persistence';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { loadersOf } from './cluster-loaders';
import { ClustersService, type MigrationOutcome } from '@clusterflow/application/clusters/clusters.service';
import { MigrationsService } from '@clusterflow/application/clusters/migrations.service';
import { BulkMigrationModel, MigrationPlanModel } from './models/migration-plan.model';
import { unmetModel } from './models/readiness.model';

/** Moving clusters between versions of their template (agency_admin); a dry run by default. */
@Resolver()
export class MigrationsResolver {
  constructor(
    private readonly clusters: ClustersService,
    private readonly migrations: MigrationsService,
    private readonly repo: ClusterRepository,
  ) {}

  @Mutation(() => MigrationPlanModel, {
    description: 'Plans moving a cluster to another version of its template and, with dryRun: false and no problems, records MIGRATED (agency_admin)',
  })
  async migrate(
    @CurrentUser() user: Principal,
    @Context() ctx: object,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('toVersion', { type: () => Int }) toVersion: number,
    @Args('dryRun', { type: () => Boolean, nullable: true, defaultValue: true }) dryRun: boolean | null,
  ): Promise<MigrationPlanModel> {
    const outcome = await this.clusters.migrate(user, clusterId, toVersion, dryRun !== false);
    if (outcome.applied) loadersOf(ctx, this.repo, user.agency).forget(clusterId);
    return planModel(outcome);
  }

  @Mutation(() => BulkMigrationModel, {
    description:
      'Our addition: plans moving every unfinished cluster of a template version to another and, with dryRun: false, migrates those without problems, each in its own transaction (agency_admin)',
  })
  async migrateAll(
    @CurrentUser() user: Principal,
    @Args('templateKey') templateKey: string,
    @Args('fromVersion', { type: () => Int }) fromVersion: number,
    @Args('toVersion', { type: () => Int }) toVersion: number,
    @Args('dryRun', { type: () => Boolean, nullable: true, defaultValue: true }) dryRun: boolean | null,
  ): Promise<BulkMigrationModel> {
    const bulk = await this.migrations.migrateAll(user, templateKey, fromVersion, toVersion, dryRun !== false);
    const plans = bulk.outcomes.map(planModel);
    return {
      templateKey: bulk.templateKey,
      fromVersion: bulk.fromVersion,
      toVersion: bulk.toVersion,
      dryRun: bulk.dryRun,
      clusters: plans.length,
      applied: plans.filter((p) => p.applied).length,
      blocked: plans.filter((p) => p.problems.length > 0).length,
      plans,
    };
  }
}

export const planModel = ({ plan, applied, clusterName }: MigrationOutcome): MigrationPlanModel => ({
  clusterId: plan.clusterId,
  clusterName,
  fromVersion: plan.fromVersion,
  toVersion: plan.toVersion,
  applied,
  phaseMapping: plan.phaseMapping,
  gateMapping: plan.gateMapping,
  fromPhase: plan.fromPhase,
  toPhase: plan.toPhase,
  problems: plan.problems,
  newlyUnmet: plan.newlyUnmet.map(unmetModel),
});
