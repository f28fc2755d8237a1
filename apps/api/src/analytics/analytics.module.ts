import { Module } from '@nestjs/common';
import { AnalyticsResolver } from './analytics.resolver';
import { ReportsController } from './reports.controller';

/** Portfolio analytics: the four queries and their downloads (the service and repository are global). */
@Module({ providers: [AnalyticsResolver], controllers: [ReportsController] })
export class AnalyticsModule {}
