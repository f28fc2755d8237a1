import { Module, type DynamicModule } from '@nestjs/common';
import { WebSocketLimits } from './graphql-ws';
import { LiveEventsResolver } from './live-events.resolver';
import { LIVE_EVENTS_OPTIONS, LiveEventsService, type LiveEventsOptions } from './live-events.service';

/** `clusterEvents`: live events across server instances through PostgreSQL LISTEN/NOTIFY. */
@Module({})
export class LiveEventsModule {
  static forRoot(options: LiveEventsOptions): DynamicModule {
    return {
      module: LiveEventsModule,
      providers: [{ provide: LIVE_EVENTS_OPTIONS, useValue: options }, LiveEventsService, LiveEventsResolver, WebSocketLimits],
      exports: [LiveEventsService],
    };
  }
}
