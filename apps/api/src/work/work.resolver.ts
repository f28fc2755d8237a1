import { Args, Context, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import { audienceKeysOf } from '@clusterflow/engine';
import { ClusterRepository, decodeWorkCursor, encodeWorkCursor, WorkRepository, type WorkItemRecord } from '@clusterflow/persistence';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { checkFirst, connectionOf } from '../graphql/connection';
import { loadersOf } from '../clusters/cluster-loaders';
import { clusterView, type ClusterView } from '../clusters/cluster-view';
import { actorOf, ClustersService } from '../clusters/clusters.service';
import { versionModel } from '../clusters/clusters.resolver';
import { ArtefactVersionModel } from '../clusters/models/artefact.model';
import { ClusterModel } from '../clusters/models/cluster.model';
import { WorkItemConnectionModel, WorkItemModel } from './models/work-item.model';

/** A work item as the resolver hands it on: the cluster and version are resolved on demand. */
type WorkItemView = Omit<WorkItemModel, 'cluster' | 'artefactVersion'> & { clusterId: string; artefactVersionId: string | null; now: string };

const CLUSTERS = Symbol('workClusters');

@Resolver(() => WorkItemModel)
export class WorkResolver {
  constructor(
    private readonly em: EntityManager,
    private readonly clusters: ClustersService,
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
    const page = await new WorkRepository(this.em).page(user.agency, audienceKeysOf(actorOf(user)), user.userId, now, first, cursor);
    const views = page.rows.map((r) => itemView(r, now));
    const cursors = new Map(views.map((v, i) => [v.id, encodeWorkCursor(page.cursors[i])]));
    return connectionOf(views, (v) => cursors.get(v.id)!, page.hasNextPage, !!after, page.totalCount) as unknown as WorkItemConnectionModel;
  }

  @ResolveField('cluster', () => ClusterModel)
  async cluster(@Parent() item: WorkItemView, @CurrentUser() user: Principal, @Context() ctx: object): Promise<ClusterView> {
    const view = await this.clustersOf(ctx, user.agency, item.now).load(item.clusterId);
    if (!view) throw new Error(`work item of a cluster that does not exist: ${item.clusterId}`);
    return view;
  }

  @ResolveField('artefactVersion', () => ArtefactVersionModel, { nullable: true })
  async artefactVersion(@Parent() item: WorkItemView, @CurrentUser() user: Principal, @Context() ctx: object): Promise<ArtefactVersionModel | null> {
    if (!item.artefactVersionId) return null;
    const found = await loadersOf(ctx, this.em, user.agency).versionOf(item.clusterId, item.artefactVersionId);
    return found ? versionModel(found) : null;
  }

  /** The page's clusters in one statement, as views at the answer's `now`. */
  private clustersOf(ctx: object, agency: string, now: string): DataLoader<string, ClusterView | null> {
    const holder = ctx as { [CLUSTERS]?: DataLoader<string, ClusterView | null> };
    return (holder[CLUSTERS] ??= new DataLoader(async (ids) => {
      const rows = await new ClusterRepository(this.em.fork()).findMany(agency, ids);
      const views = new Map<string, ClusterView>();
      for (const row of rows) views.set(row.id, clusterView(row.snapshot, await this.clusters.definition(agency, row.templateId), now));
      return ids.map((id) => views.get(id) ?? null);
    }));
  }
}

function itemView(r: WorkItemRecord, now: Date): WorkItemView {
  return {
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
