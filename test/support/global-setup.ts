import { join } from 'node:path';
import { freePort } from '../../libs/persistence/src/free-port';
import { EmbeddedPostgresAccessError, startEmbeddedPostgres } from '../../libs/persistence/src/embedded-postgres';

/**
 * One PostgreSQL server for the whole run. With TEST_DATABASE_URL set (CI passes the
 * machine's PostgreSQL 15) it is used as is; otherwise an embedded PostgreSQL is started
 * under .data/test-pg on a free port. Each test file then creates its own database on it.
 */
export default async function globalSetup(): Promise<void> {
  // The e2e tests that run the server and the CLI as processes need the build; make it
  // once here, never from two test files at the same time.
  require('../../scripts/build').build({ quiet: true });
  if (process.env.TEST_DATABASE_URL) return;
  const port = await freePort();
  const server = await startEmbeddedPostgres({
    dataDir: join(__dirname, '../../.data/test-pg'),
    port,
    advice: 'run the tests as a normal user, from a clone the postgres user can reach, or set TEST_DATABASE_URL',
  }).catch((e: unknown) => {
    if (!(e instanceof EmbeddedPostgresAccessError)) throw e;
    // One line, not a stack trace: nothing in the tests is wrong.
    process.stderr.write(`\nCannot start the test database: ${e.message}\n`);
    process.exit(1);
  });
  process.env.TEST_DATABASE_URL = server.url;
  (globalThis as any).__EMBEDDED_PG__ = server;
}
