import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { Principal } from '@clusterflow/application/auth/principal';
import { WebhooksService } from '@clusterflow/application/webhooks/webhooks.service';
import { CurrentUser } from '../auth/auth.decorators';
import { authorize } from '../auth/policy';
import { checkFirst, connectionOf } from '../graphql/connection';
import { AUDIT_EVENT_TYPES } from '../audit/models/audit-event.model';
import { WebhookDeliveryConnectionModel, WebhookModel } from './models/webhook.model';

const EVENT_TYPES = Object.keys(AUDIT_EVENT_TYPES);

/** Contract v2, Webhooks: the agency admin's webhooks and their delivery log. */
@Resolver(() => WebhookModel)
export class WebhooksResolver {
  constructor(private readonly service: WebhooksService) {}

  @Query(() => [WebhookModel], { description: 'The agency\'s webhooks, oldest first (agency_admin)' })
  async webhooks(@CurrentUser() user: Principal): Promise<WebhookModel[]> {
    authorize(user, 'webhook.manage');
    return (await this.service.list(user.agency)).map((w) => ({ ...w, secret: null }));
  }

  @Query(() => WebhookDeliveryConnectionModel, { description: 'A webhook\'s delivery attempts, newest first (agency_admin)' })
  async webhookDeliveries(
    @CurrentUser() user: Principal,
    @Args('webhookId', { type: () => ID }) webhookId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null = 50,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<WebhookDeliveryConnectionModel> {
    authorize(user, 'webhook.manage');
    first = checkFirst(first ?? 50);
    const page = await this.service.deliveries(user.agency, webhookId, first, after ?? null);
    const cursors = new Map(page.rows.map((r, i) => [r.id, page.cursors[i]]));
    return connectionOf(page.rows, (r) => cursors.get(r.id)!, page.hasNextPage, !!after) as unknown as WebhookDeliveryConnectionModel;
  }

  @Mutation(() => WebhookModel, { description: 'A new webhook (agency_admin); `events`: audit event types, or ["*"]. The answer alone holds its secret' })
  createWebhook(
    @CurrentUser() user: Principal,
    @Args('url', { type: () => String }) url: string,
    @Args('events', { type: () => [String] }) events: string[],
  ): Promise<WebhookModel> {
    authorize(user, 'webhook.manage');
    return this.service.create(user.agency, user.userId, url, events, EVENT_TYPES);
  }

  @Mutation(() => WebhookModel, { description: 'Turns a webhook on or off (agency_admin)' })
  async setWebhookActive(
    @CurrentUser() user: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('active', { type: () => Boolean }) active: boolean,
  ): Promise<WebhookModel> {
    authorize(user, 'webhook.manage');
    return { ...(await this.service.setActive(user.agency, id, active)), secret: null };
  }

  @Mutation(() => Boolean, { description: 'Deletes a webhook (agency_admin): it receives nothing more; true when done' })
  deleteWebhook(@CurrentUser() user: Principal, @Args('id', { type: () => ID }) id: string): Promise<boolean> {
    authorize(user, 'webhook.manage');
    return this.service.delete(user.agency, id);
  }
}
