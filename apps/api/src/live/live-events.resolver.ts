import { Args, ID, Resolver, Subscription } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { AuditEventModel } from '../audit/models/audit-event.model';
import { LiveEventsService } from './live-events.service';

/**
 * `clusterEvents` over graphql-ws (live/graphql-ws.ts authenticates the connection): every
 * event committed from now on, by any server instance, of the caller's agency only.
 */
@Resolver()
export class LiveEventsResolver {
  constructor(private readonly live: LiveEventsService) {}

  @Subscription(() => AuditEventModel, {
    description:
      'Events as they are recorded, on any server instance: of one cluster (every event after its version at subscribe time), or of every cluster of the agency when clusterId is omitted (from about the moment of subscribing: dedupe by clusterId and seq when also reading auditTrail)',
    resolve: (event: AuditEventModel) => event,
  })
  clusterEvents(
    @CurrentUser() user: Principal,
    @Args('clusterId', { type: () => ID, nullable: true, description: 'Only this cluster\'s events; NOT_FOUND when the agency has no such cluster' })
    clusterId?: string | null,
  ): Promise<AsyncIterableIterator<AuditEventModel>> {
    return this.live.subscribe(user.agency, clusterId ?? null);
  }
}
