import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { WebhooksResolver } from './webhooks.resolver';

/** Webhooks (contract v2): the agency admin's webhooks and deliveries. */
@Module({ imports: [AuthModule], providers: [WebhooksResolver] })
export class WebhooksModule {}
