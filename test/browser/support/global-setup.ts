import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

const ROOT = join(__dirname, '../../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function waitForHealth(url: string, child: ChildProcess, output: () => string, timeoutMs = 90_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ health }"}' });
      if (((await res.json()) as { data?: { health?: string } }).data?.health === 'ok') return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer in time:\n${output()}`);
}

/**
 * One server for the run, as `npm start` runs it (the build in dist/ and apps/console/dist),
 * with the demo agency seeded: on a fresh database of TEST_DATABASE_URL's server when set
 * (CI: PostgreSQL 15), else on its own embedded PostgreSQL in a temporary folder. The
 * tests reach it at CONSOLE_URL and mint tokens with CONSOLE_JWT_SECRET; its database and
 * data folder are CONSOLE_DATABASE_URL and CONSOLE_DATA_DIR.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const { build, buildConsole } = require(join(ROOT, 'scripts/build.js'));
  build({ quiet: true });
  buildConsole({ quiet: true });

  const secret = randomBytes(32).toString('hex');
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'clusterflow-browser-'));
  chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(port),
    DATA_DIR: dataDir,
    JWT_SECRET: secret,
    SEED_DEMO: 'true',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    // Small, so that a browser test can be refused a file over the limit (413) with a file of 1.5 MiB.
    MAX_UPLOAD_BYTES: String(1024 * 1024),
    // The webhooks test's receiver listens on loopback.
    WEBHOOK_ALLOW_PRIVATE: 'true',
  };
  delete env.JWT_JWKS_URL;
  let dropDatabase: (() => Promise<void>) | undefined;
  const admin = process.env.TEST_DATABASE_URL;
  if (admin) {
    const name = `clusterflow_browser_${process.pid}`;
    const client = new Client({ connectionString: admin });
    await client.connect();
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
    await client.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    env.DATABASE_URL = url.toString();
    dropDatabase = async () => {
      const c = new Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    };
  } else {
    delete env.DATABASE_URL;
    env.EMBEDDED_PG_PORT = String(await freePort());
  }

  // BROWSER_TEST_SERVER: the server's main.js from another checkout (trying the console against API work not yet landed).
  const child = spawn(process.execPath, [process.env.BROWSER_TEST_SERVER ?? join(ROOT, 'dist/apps/api/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(base, child, () => out);
  process.env.CONSOLE_URL = base;
  process.env.CONSOLE_JWT_SECRET = secret;
  process.env.CONSOLE_MAX_UPLOAD_BYTES = env.MAX_UPLOAD_BYTES;
  // For a test that starts a second server on the same data (test/browser/oidc.browser.ts).
  process.env.CONSOLE_DATABASE_URL = env.DATABASE_URL ?? `postgres://postgres:postgres@127.0.0.1:${env.EMBEDDED_PG_PORT}/clusterflow`;
  process.env.CONSOLE_DATA_DIR = dataDir;

  return async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    await dropDatabase?.().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  };
}
