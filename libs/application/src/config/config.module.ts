import { Global, Module, type DynamicModule } from '@nestjs/common';
import { FILE_STORE_SPEC } from '@clusterflow/persistence';
import type { AppConfig } from './config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Provides the configuration read once at boot (see loadConfig) to every module. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        // The file store's choice, for libs/persistence's FileRepository.
        { provide: FILE_STORE_SPEC, useValue: config.fileStore },
      ],
      exports: [APP_CONFIG, FILE_STORE_SPEC],
    };
  }
}
