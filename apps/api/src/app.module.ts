import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { randomUUID } from 'node:crypto';
import { knexLog } from '@clusterflow/persistence';
import { applicationModules } from '@clusterflow/application/application-context';
import type { AppConfig } from '@clusterflow/application/config/config';
import { AuthModule } from './auth/auth.module';
import { LiveEventsModule } from './live/live-events.module';
import { graphqlModuleWithSubscriptions } from './live/graphql-ws';
import { graphqlOptions } from './graphql/graphql.config';
import { GraphiqlController } from './graphql/graphiql.controller';
import { SystemModule } from './system/system.module';
import { DemoModule } from './demo/demo.module';
import { PeopleModule } from './people/people.module';
import { WorkModule } from './work/work.module';
import { JobsModule } from './jobs/jobs.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemplatesModule } from './templates/templates.module';
import { ClustersModule } from './clusters/clusters.module';
import { AuditModule } from './audit/audit.module';
import { AuditIntegrityModule } from './audit/integrity/audit-integrity.module';
import { FilesModule } from './files/files.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export interface AppOptions {
  config: AppConfig;
  /** The database to use: DATABASE_URL, or the embedded server main.ts started. */
  databaseUrl: string;
  logger: Logger;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logger }: AppOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            logger,
            genReqId: (req, res) => {
              const given = req.headers['x-request-id'];
              const id = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : randomUUID();
              res.setHeader('x-request-id', id);
              return id;
            },
            customSuccessMessage: (req, res, ms) => `${req.method} ${urlOf(req)}${operationOf(req)} ${res.statusCode} ${Math.round(ms)}ms`,
            customErrorMessage: (req, res) => `${req.method} ${urlOf(req)}${operationOf(req)} ${res.statusCode}`,
            // The raw req and res, not pino-std-serializers' full copies of them (headers, query,
            // remote address…) made on every request only to be narrowed to these fields; the
            // values are those the wrapped serializers gave (express's originalUrl, null before headers).
            wrapSerializers: false,
            serializers: {
              req: (req) => ({ id: req.id, method: req.method, url: req.originalUrl || req.url }),
              res: (res) => ({ statusCode: res.headersSent ? res.statusCode : null }),
            },
          },
        }),
        ...applicationModules(config, databaseUrl, { logger: (message: string) => logger.debug({ orm: message }), driverOptions: { log: knexLog(logger) } }),
        graphqlModuleWithSubscriptions(graphqlOptions(logger), logger),
        LiveEventsModule.forRoot({ databaseUrl }),
        AuthModule,
        SystemModule,
        TemplatesModule,
        ClustersModule,
        AuditModule,
        AuditIntegrityModule,
        DemoModule,
        PeopleModule,
        WorkModule,
        FilesModule,
        NotificationsModule.forRoot({ databaseUrl }),
        JobsModule.forRoot({ databaseUrl }),
        AnalyticsModule,
        WebhooksModule,
      ],
      controllers: [GraphiqlController],
    };
  }
}

function urlOf(req: object): string {
  const r = req as { originalUrl?: string; url?: string };
  return r.originalUrl ?? r.url ?? '';
}

function operationOf(req: object): string {
  const name = (req as { body?: { operationName?: unknown } }).body?.operationName;
  return typeof name === 'string' && name ? ` (${name})` : '';
}
