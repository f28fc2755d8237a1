import { Module, type DynamicModule } from '@nestjs/common';
import { LIVE_EVENTS_OPTIONS, type LiveEventsOptions } from '../live/live-events.service';
import { NotificationsLiveService } from './notifications-live.service';
import { NotificationsResolver } from './notifications.resolver';

/** Notifications (contract v2): the caller's list, preferences and live stream. */
@Module({})
export class NotificationsModule {
  static forRoot(options: LiveEventsOptions): DynamicModule {
    return {
      module: NotificationsModule,
      providers: [{ provide: LIVE_EVENTS_OPTIONS, useValue: options }, NotificationsLiveService, NotificationsResolver],
    };
  }
}
