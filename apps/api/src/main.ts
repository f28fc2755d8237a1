import 'reflect-metadata';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgres } from '@clusterflow/persistence';
import { ConfigError, loadConfig, redactUrl, type AppConfig } from '@clusterflow/application/config/config';
import { createLogger } from './logging';
import { createApp, migrate } from './app';
import { DemoService } from './demo/demo.service';
import { printDemoBanner } from './demo/demo-banner';
import { consoleDistDir } from './console/console-static';
import { isDatabaseUnavailable } from './graphql/errors';

const startedAt = process.hrtime.bigint();

// After each full GC, let V8's heap grow to at most twice the live data. Its default lets it
// grow up to four times under a high allocation rate, which a busy server has: under the
// 32-client gate-cycle bench the peak RSS was 280-330 MB with about 50 MB live, and is about
// 200 MB with this, for no CPU per command the bench can tell apart.
setFlagsFromString('--heap-growing-percent=100');

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const logger = createLogger(config);

  let embedded: EmbeddedPostgres | undefined;
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  let stopping = false;
  const stop = async (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    if (signal) logger.info(`${signal}: shutting down`);
    // HTTP first, so requests in flight finish with their database; then PostgreSQL.
    await app?.close().catch((e) => logger.error({ err: e }, 'error while closing the server'));
    await embedded?.stop().catch((e) => logger.error({ err: e }, 'error while stopping the embedded PostgreSQL'));
    logger.flush();
    process.exit(code);
  };
  // graphile-worker 0.17.3 completes a job without awaiting it (worker.js: `completeJob(job)`), so
  // a database restart at that moment rejects with nobody listening and Node ends the process.
  // Such a rejection (the database unreachable) is logged; the job stays locked and is taken up
  // again (persistence's jobs/worker-liveness.ts). Any other unhandled rejection still ends the process.
  process.on('unhandledRejection', (reason) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    logger.warn(`the database went away under a background task: ${(reason as Error)?.message ?? String(reason)}`);
  });
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGHUP', () => void stop('SIGHUP'));

  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      logger.info(`starting the embedded PostgreSQL in ${join(config.dataDir, 'pg')} on port ${config.embeddedPgPort}`);
      embedded = await startEmbeddedPostgres({
        dataDir: join(config.dataDir, 'pg'),
        port: config.embeddedPgPort,
        onLog: (line) => logger.debug({ postgres: line }),
      });
      databaseUrl = await ensureDatabase(embedded.url, 'clusterflow');
    }
    app = await createApp({ config, databaseUrl, logger });
    const applied = await migrate(app);
    if (applied.length) logger.info(`applied migrations: ${applied.join(', ')}`);
    const demo = app.get(DemoService);
    // The demo's tokens are minted with the server's own secret: never in JWKS mode (loadConfig refuses SEED_DEMO=true there).
    const seeded = config.seedDemo && config.jwt.mode === 'secret' ? await demo.seedIfNew() : false;
    await app.listen(config.port, config.host);
    const base = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`;
    const ms = Number(process.hrtime.bigint() - startedAt) / 1e6;
    const consoleUrl = consoleDistDir() ? `the console at ${base}/, ` : '';
    logger.info(`Clusterflow is serving ${consoleUrl}GraphQL at ${base}/graphql (GraphiQL: ${base}/graphiql) on ${redactUrl(databaseUrl)}, ready in ${Math.round(ms)} ms`);
    if (seeded) {
      logger.flush();
      printDemoBanner(base, await demo.demoTokens(), !!consoleDistDir());
    }
  } catch (e) {
    const cause = (e as Error).cause instanceof Error ? `: ${((e as Error).cause as Error).message}` : '';
    logger.fatal(`start-up failed: ${(e as Error).message}${cause}`);
    await stop('', 1);
  }
}

void main();
