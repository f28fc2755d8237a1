import { Args, ID, Int, Mutation, Parent, Query, ResolveField, Resolver, Subscription } from '@nestjs/graphql';
import { badInput, isMailLanguage, MAIL_LANGUAGES } from '@clusterflow/engine';
import { ClusterRepository, NotificationRepository, type NotificationRecord } from '@clusterflow/persistence';
import type { Principal } from '@clusterflow/application/auth/principal';
import { ClustersService } from '@clusterflow/application/clusters/clusters.service';
import { CurrentUser } from '../auth/auth.decorators';
import { checkFirst, connectionOf, MAX_FIRST } from '../graphql/connection';
import { clusterView, type ClusterView } from '../clusters/cluster-view';
import { ClusterModel } from '../clusters/models/cluster.model';
import { EmailMode, NotificationConnectionModel, NotificationModel, NotificationPreferencesModel } from './models/notification.model';
import { NotificationsLiveService } from './notifications-live.service';

/** A notification as the resolver hands it on: its cluster resolved on demand, or with the page. */
type NotificationView = NotificationRecord & { cluster?: ClusterView | null };

/** Contract v2, Notifications: the caller's own, their preferences, and the live stream. */
@Resolver(() => NotificationModel)
export class NotificationsResolver {
  constructor(
    private readonly store: NotificationRepository,
    private readonly live: NotificationsLiveService,
    private readonly repo: ClusterRepository,
    private readonly clusters: ClustersService,
  ) {}

  @Query(() => NotificationConnectionModel, { description: 'The caller\'s notifications, newest first' })
  async notifications(
    @CurrentUser() user: Principal,
    @Args('unreadOnly', { type: () => Boolean, nullable: true, defaultValue: false }) unreadOnly: boolean | null = false,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null = 50,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<NotificationConnectionModel> {
    first = checkFirst(first ?? 50);
    const page = await this.store.page(user.agency, user.userId, unreadOnly === true, first, after ?? null);
    const clusters = await this.views(user.agency, page.rows.map((r) => r.clusterId).filter((id): id is string => !!id));
    const views: NotificationView[] = page.rows.map((r) => ({ ...r, cluster: r.clusterId ? (clusters.get(r.clusterId) ?? null) : null }));
    const cursors = new Map(views.map((v, i) => [v.id, page.cursors[i]]));
    return { ...connectionOf(views, (v) => cursors.get(v.id)!, page.hasNextPage, !!after, page.totalCount), unread: page.unread } as unknown as NotificationConnectionModel;
  }

  @Query(() => NotificationPreferencesModel)
  async notificationPreferences(@CurrentUser() user: Principal): Promise<NotificationPreferencesModel> {
    return this.store.preferences(user.agency, user.userId);
  }

  @Mutation(() => Int, { description: 'Marks the caller\'s notifications of `ids` read (all of them when `ids` is omitted); answers how many changed' })
  markNotificationsRead(@CurrentUser() user: Principal, @Args('ids', { type: () => [ID], nullable: true }) ids?: string[] | null): Promise<number> {
    if (ids && ids.length > MAX_FIRST) throw badInput(`at most ${MAX_FIRST} ids at once`, { argument: 'ids' });
    return this.store.markRead(user.agency, user.userId, ids ?? null);
  }

  @Mutation(() => NotificationPreferencesModel, {
    description: 'How the caller gets notifications by mail, and in which language (omitted: unchanged; null: each template\'s default again)',
  })
  async setNotificationPreferences(
    @CurrentUser() user: Principal,
    @Args('email', { type: () => EmailMode }) email: EmailMode,
    @Args('language', { type: () => String, nullable: true, description: 'One of the languages the console speaks: en, fr (our addition)' }) language?: string | null,
  ): Promise<NotificationPreferencesModel> {
    if (language !== undefined && language !== null && !isMailLanguage(language)) {
      throw badInput(`language must be one of ${MAIL_LANGUAGES.join(', ')}; "${language.slice(0, 20)}" is not`, { argument: 'language' });
    }
    return this.store.setPreferences(user.agency, user.userId, { email, language });
  }

  @Subscription(() => NotificationModel, { description: 'The caller\'s notifications as they are written, on any server instance', resolve: (n: NotificationView) => n })
  notificationAdded(@CurrentUser() user: Principal): AsyncIterableIterator<NotificationRecord> {
    return this.live.subscribe(user.agency, user.userId);
  }

  @ResolveField('cluster', () => ClusterModel, { nullable: true })
  async cluster(@Parent() n: NotificationView, @CurrentUser() user: Principal): Promise<ClusterView | null> {
    if (n.cluster !== undefined) return n.cluster;
    if (!n.clusterId) return null;
    return (await this.views(user.agency, [n.clusterId])).get(n.clusterId) ?? null;
  }

  /** The clusters of these ids as views now, in one statement. */
  private async views(agency: string, ids: string[]): Promise<Map<string, ClusterView>> {
    const now = new Date().toISOString();
    const views = new Map<string, ClusterView>();
    if (!ids.length) return views;
    for (const row of await this.repo.findMany(agency, [...new Set(ids)])) {
      views.set(row.id, clusterView(row.snapshot, await this.clusters.definition(agency, row.templateId), now));
    }
    return views;
  }
}
