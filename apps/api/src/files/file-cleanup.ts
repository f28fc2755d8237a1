import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { FilesService } from '@clusterflow/application/files/files.service';

/** How often uploads never attached are looked for. */
export const FILE_CLEANUP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Removes uploads not attached within 24 h, at the server's start and then hourly: a timer in
 * each server process (the job queue of the notifications issue is not there yet). Instances
 * running it together take turns on an advisory lock; a failed run is logged and retried at
 * the next hour.
 */
@Injectable()
export class FileCleanup implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('FileCleanup');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly files: FilesService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.run(), FILE_CLEANUP_INTERVAL_MS);
    this.timer.unref();
    // After the migrations (applied once the app is built): on the next turn of the loop.
    setImmediate(() => void this.run());
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; resolves when it is done (also when it failed: logged). */
  run(now = new Date()): Promise<void> {
    this.running ??= this.files
      .removeUnattached(now)
      .then(
        ({ files, contents }) => {
          if (files || contents) this.logger.log(`removed ${files} uploads never attached within 24 h (${contents} stored contents freed)`);
        },
        (e) => this.logger.warn(`removing uploads never attached failed (retried in an hour): ${(e as Error).message}`),
      )
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }
}
