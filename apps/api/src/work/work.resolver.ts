import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { audienceKeysOf } from '@clusterflow/engine';
import { ClusterRepository, decodeWorkCursor, encodeWorkCursor, WorkRepository, type WorkItemRecord } from '@clusterflow/persistence';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { checkFirst, connectionOf } from '../graphql/connection';
import { loadersOf } from '../clusters/cluster-loaders';
import { clusterView, type ClusterView } from '../clusters/cluster-view';
import { actorOf, ClustersService } from '@clusterflow/application/clusters/clusters.service';
import { versionModel } from '../clusters/clusters.resolver';
import { ArtefactVersionModel } from '../clusters/models/artefact.model';
import { WorkItemConnectionModel, WorkItemModel } from './models/work-item.model';

/** A work item as the resolver hands it on: the cluster and version are resolved on demand. */
type WorkItemView = Omit<WorkItemModel, 'cluster' | 'artefactVersion'> & { cluster: ClusterView; clusterId: string; artefactVersionId: string | null; now: string };

@Resolver(() => WorkItemModel)
export class WorkResolver {
  constructor(
    private readonly work: WorkRepository,
    private readonly clusters: ClustersService,
    private readonly repo: ClusterRepository,
  ) {}

  @Query(() => WorkItemConnectionModel, { description: 'What waits on the caller across the agency: overdue first, then by due date, then longest waiting' })
  async myWork(
    @CurrentUser() user: Principal,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null = 50,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<WorkItemConnectionModel> {
    first = checkFirst(first ?? 50);
    const cursor = after ? decodeWorkCursor(after) : null;
    const now = new Date();
    const page = await this.work.page(user.agency, audienceKeysOf(actorOf(user)), user.userId, now, first, cursor);
    // The page's clusters in one statement, as views at the answer's `now` (every item names one).
    const rows = await this.repo.findMany(user.agency, [...new Set(page.rows.map((r) => r.clusterId))]);
    const clusters = new Map<string, ClusterView>();
    for (const row of rows) clusters.set(row.id, clusterView(row.snapshot, await this.clusters.definition(user.agency, row.templateId), now.toISOString()));
    const views = page.rows.map((r) => itemView(r, now, clusters.get(r.clusterId)));
    const cursors = new Map(views.map((v, i) => [v.id, encodeWorkCursor(page.cursors[i])]));
    return connectionOf(views, (v) => cursors.get(v.id)!, page.hasNextPage, !!after, page.totalCount) as unknown as WorkItemConnectionModel;
  }

  @ResolveField('artefactVersion', () => ArtefactVersionModel, { nullable: true })
  async artefactVersion(@Parent() item: WorkItemView, @CurrentUser() user: Principal, @Context() ctx: object): Promise<ArtefactVersionModel | null> {
    if (!item.artefactVersionId) return null;
    const found = await loadersOf(ctx, this.repo, user.agency).versionOf(item.clusterId, item.artefactVersionId);
    return found ? versionModel(found) : null;
  }
}

function itemView(r: WorkItemRecord, now: Date, cluster: ClusterView | undefined): WorkItemView {
  if (!cluster) throw new Error(`work item of a cluster that does not exist: ${r.clusterId}`);
  return {
    cluster,
    id: Buffer.from(`${r.clusterId}\u0000${r.key}`).toString('base64url'),
    kind: r.kind as WorkItemModel['kind'],
    clusterId: r.clusterId,
    gate: r.gate,
    milestone: r.milestone,
    role: r.role,
    artefactVersionId: r.artefactVersionId,
    indicator: r.indicator,
    detail: r.detail,
    since: r.since,
    due: r.dueAt,
    overdue: r.dueAt !== null && r.dueAt.getTime() < now.getTime(),
    now: now.toISOString(),
  };
}
