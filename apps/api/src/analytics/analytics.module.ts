import { Module } from '@nestjs/common';
import { AnalyticsResolver } from './analytics.resolver';

/** Portfolio analytics: the four queries (the service and repository are global). */
@Module({ providers: [AnalyticsResolver] })
export class AnalyticsModule {}
