import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { decisionView } from '../clusters/clusters.resolver';
import { DecisionConnectionModel } from '../clusters/models/connection.model';
import { connectionOf } from '../graphql/connection';
import { AuditService } from './audit.service';
import { ApprovalFilterInput } from './dto/approval-filter.input';
import { AuditEventConnectionModel, type AuditEventModel } from './models/audit-event.model';

/** The auditor's history: readable by every member of the agency (the contract's rule for reads). */
@Resolver()
export class AuditResolver {
  constructor(private readonly audit: AuditService) {}

  @Query(() => AuditEventConnectionModel, { description: 'A cluster\'s recorded events in seq order, with their hash chain; the cursor is the seq' })
  async auditTrail(
    @CurrentUser() user: Principal,
    @Args('clusterId', { type: () => ID }) clusterId: string,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 100 }) first: number | null = 100,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<AuditEventConnectionModel> {
    const page = await this.audit.trail(user.agency, clusterId, first ?? 100, after);
    const events: AuditEventModel[] = page.rows.map((e) => ({ ...e, at: new Date(e.at) }));
    return connectionOf(events, (e) => String(e.seq), page.hasNextPage, !!after) as AuditEventConnectionModel;
  }

  @Query(() => DecisionConnectionModel, {
    description: 'The agency\'s decisions across clusters, newest first (decidedAt, then id, descending); `from` inclusive, `to` exclusive',
  })
  async approvalHistory(
    @CurrentUser() user: Principal,
    @Args('filter', { type: () => ApprovalFilterInput, nullable: true }) filter?: ApprovalFilterInput | null,
    @Args('first', { type: () => Int, nullable: true, defaultValue: 50 }) first: number | null = 50,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): Promise<DecisionConnectionModel> {
    const page = await this.audit.approvals(user.agency, filter, first ?? 50, after);
    const cursors = new Map(page.rows.map((d) => [d.id, d.cursor]));
    const views = page.rows.map(decisionView);
    return connectionOf(views, (d) => cursors.get(d.id)!, page.hasNextPage, !!after, page.totalCount) as unknown as DecisionConnectionModel;
  }
}
