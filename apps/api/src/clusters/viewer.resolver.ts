import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import DataLoader from 'dataloader';
import { viewerCan, type ClusterAction } from '@clusterflow/engine';
import { TemplateRepository } from '@clusterflow/persistence';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import type { ClusterView } from './cluster-view';
import { actorOf, ClustersService } from '@clusterflow/application/clusters/clusters.service';
import { ClusterAction as ClusterActionEnum } from './models/enums.model';
import { ClusterModel } from './models/cluster.model';

const VERSIONS = Symbol('templateVersions');

/** `Cluster.viewerCan`: the engine's probes of the very commands the caller would send. */
@Resolver(() => ClusterModel)
export class ClusterViewerResolver {
  constructor(
    private readonly service: ClustersService,
    private readonly templates: TemplateRepository,
  ) {}

  @ResolveField('viewerCan', () => [ClusterActionEnum])
  async viewerCan(@Parent() cluster: ClusterView, @CurrentUser() user: Principal, @Context() ctx: object): Promise<ClusterAction[]> {
    // MIGRATE needs a version to move to: any other published version of the template will do for the check.
    const versions = await this.versionsOf(ctx, user.agency).load(cluster.templateKey);
    const other = versions.find((v) => v.version !== cluster.templateVersion);
    const otherVersion = other ? await this.service.definition(user.agency, other.id) : null;
    return viewerCan(cluster.definition, cluster.snapshot, actorOf(user), cluster.now, { otherVersion });
  }

  /** The published versions of each template key, once per request. */
  private versionsOf(ctx: object, agency: string): DataLoader<string, { id: string; version: number }[]> {
    const holder = ctx as { [VERSIONS]?: DataLoader<string, { id: string; version: number }[]> };
    return (holder[VERSIONS] ??= new DataLoader(async (keys) => {
      const rows = await this.templates.versionsOfKeys(agency, keys);
      return keys.map((k) => rows.filter((r) => r.key === k));
    }));
  }
}
