import { Module, type DynamicModule, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import type { Options } from '@mikro-orm/postgresql';
import { ormConfig, PersistenceModule } from '@clusterflow/persistence';
import { ApplicationModule } from './application.module';
import { ConfigModule } from './config/config.module';
import type { AppConfig } from './config/config';

/**
 * What every entry point boots: the configuration, the ORM on `databaseUrl`, the
 * repositories and the application services. The server adds its GraphQL modules to these;
 * the command line boots them alone (`openApplication`).
 */
export function applicationModules(config: AppConfig, databaseUrl: string, orm: Partial<Options> = {}): (DynamicModule | Promise<DynamicModule>)[] {
  return [
    ConfigModule.forRoot(config),
    MikroOrmModule.forRoot(ormConfig(databaseUrl, orm)),
    { module: PersistenceModule },
    { module: ApplicationModule },
  ];
}

@Module({})
class CommandLineModule {}

/** The application services without HTTP (the command line): close it when done. */
export function openApplication(config: AppConfig, databaseUrl: string, orm: Partial<Options> = {}): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext({ module: CommandLineModule, imports: applicationModules(config, databaseUrl, orm) }, { logger: false, abortOnError: false });
}
