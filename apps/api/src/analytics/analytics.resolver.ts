import { Args, Int, Query, Resolver } from '@nestjs/graphql';
import { CurrentUser } from '../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { AnalyticsService } from '@clusterflow/application/analytics/analytics.service';
import type { IndicatorGroupBy } from '@clusterflow/persistence';
import { GateBottleneckModel, IndicatorGroupModel, IndicatorGrouping, PhaseDurationModel, PortfolioModel } from './models/analytics.model';

/**
 * Portfolio analytics (contract v2). Every member of the agency may read them, like every
 * query (README, "Who may do what"); the service checks the inputs and scopes by agency.
 */
@Resolver()
export class AnalyticsResolver {
  constructor(private readonly analytics: AnalyticsService) {}

  @Query(() => PortfolioModel, { description: 'Where the agency\'s clusters are: by status and by phase (of one template when `templateKey` is given)' })
  portfolio(@CurrentUser() user: Principal, @Args('templateKey', { type: () => String, nullable: true }) templateKey?: string | null): Promise<PortfolioModel> {
    return this.analytics.portfolio(user.agency, templateKey ?? null);
  }

  @Query(() => [PhaseDurationModel], { description: 'Time in each phase of the template (of one version when given, else the latest version\'s phases over all clusters), suspension excluded' })
  phaseDurations(
    @CurrentUser() user: Principal,
    @Args('templateKey', { type: () => String }) templateKey: string,
    @Args('version', { type: () => Int, nullable: true }) version?: number | null,
  ): Promise<PhaseDurationModel[]> {
    return this.analytics.phaseDurations(user.agency, templateKey, version ?? null);
  }

  @Query(() => [GateBottleneckModel], { description: 'Each gate of the template with the active clusters waiting on it and what holds them' })
  gateBottlenecks(@CurrentUser() user: Principal, @Args('templateKey', { type: () => String }) templateKey: string): Promise<GateBottleneckModel[]> {
    return this.analytics.gateBottlenecks(user.agency, templateKey);
  }

  @Query(() => [IndicatorGroupModel], { description: 'One indicator of the template across the agency\'s clusters, grouped (ATTRIBUTE needs `attribute`); superseded values left out' })
  indicatorReport(
    @CurrentUser() user: Principal,
    @Args('templateKey', { type: () => String }) templateKey: string,
    @Args('indicator', { type: () => String }) indicator: string,
    @Args('groupBy', { type: () => IndicatorGrouping }) groupBy: IndicatorGroupBy,
    @Args('attribute', { type: () => String, nullable: true }) attribute?: string | null,
  ): Promise<IndicatorGroupModel[]> {
    return this.analytics.indicatorReport(user.agency, { templateKey, indicator, groupBy, attribute });
  }
}
