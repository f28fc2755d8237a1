import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { MikroORM } from '@mikro-orm/postgresql';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { json, type NextFunction, type Request, type Response } from 'express';
import { applyMigrations } from '@clusterflow/persistence';
import { AppModule, type AppOptions } from './app.module';
import { GraphqlExceptionPassthrough } from './graphql/graphql-exception.filter';
import { consoleDistDir, consoleSettings, consoleStatic } from './console/console-static';
import { WorkProjectionService } from './work/work-projection.service';
import { AnalyticsService } from '@clusterflow/application/analytics/analytics.service';

/** Largest request body accepted; templates are published through the same endpoint. */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Builds the Nest application (not yet listening) on the given database. */
export async function createApp(options: AppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), {
    bodyParser: false,
    // Nest's own start-up messages go to pino too, also when start-up fails.
    logger: new PinoNestLogger(new PinoLogger({ pinoHttp: { logger: options.logger } }), {}),
    abortOnError: false,
  });
  // From here on, the module's logger (bound to each request's id) replaces the bootstrap one.
  app.useLogger(app.get(PinoNestLogger));
  app.useGlobalFilters(new GraphqlExceptionPassthrough(app.get(HttpAdapterHost).httpAdapter));
  app.disable('x-powered-by');
  // The web console's files at `/` (the API keeps /graphql, /graphiql and /files).
  app.use(consoleStatic(consoleDistDir(), consoleSettings(options.config)));
  app.use(json({ limit: MAX_BODY_BYTES }));
  app.use(bodyErrorHandler);
  return app;
}

/** Applies pending migrations: an explicit start-up step, never a side effect of an import. */
export async function migrate(app: NestExpressApplication): Promise<string[]> {
  // Under the migrations' advisory lock, so instances starting together take turns.
  const applied = await applyMigrations(app.get(MikroORM));
  await app.get(WorkProjectionService).backfill();
  await app.get(AnalyticsService).backfillGates();
  return applied;
}

/** Body-parser failures answered as GraphQL error bodies, never as HTML or a stack trace. */
function bodyErrorHandler(err: any, _req: Request, res: Response, next: NextFunction): void {
  if (!err) return next();
  if (err.type === 'entity.too.large') {
    res.status(413).json({ errors: [{ message: `The request body exceeds ${MAX_BODY_BYTES} bytes`, extensions: { code: 'QUERY_TOO_COMPLEX' } }] });
    return;
  }
  res.status(400).json({ errors: [{ message: 'The request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }] });
}
