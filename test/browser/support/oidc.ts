import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort, waitForHealth } from './global-setup';

const ROOT = join(__dirname, '../../..');

export interface Account {
  name: string;
  email: string;
  agency: string;
  roles: string[];
}

export interface OidcSetup {
  /** The second server, signing in through the provider. */
  consoleUrl: string;
  issuer: string;
  clientId: string;
  resource: string;
  stop(): Promise<void>;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

/**
 * A real OpenID provider (test/browser/support/oidc-provider.mjs) on 127.0.0.1 and a second
 * Clusterflow server, as `npm start` runs it, configured with OIDC_ISSUER, OIDC_CLIENT_ID and
 * OIDC_RESOURCE pointing at it, on the database (and data folder, so the same audit key) of the
 * run's server: the provider's people see the demo agency's data when their agency claim says so.
 */
export async function startOidc(accounts: Record<string, Account>, { accessTokenTTL = 3600, refreshTokens = true } = {}): Promise<OidcSetup> {
  const [providerPort, serverPort] = [await freePort(), await freePort()];
  const consoleUrl = `http://127.0.0.1:${serverPort}`;
  const issuer = `http://127.0.0.1:${providerPort}`;
  const clientId = 'clusterflow-console';
  const resource = 'urn:clusterflow:api';

  const provider = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
    env: {
      ...process.env,
      OIDC_TEST_PORT: String(providerPort),
      OIDC_TEST_CONSOLE: consoleUrl,
      OIDC_TEST_CLIENT_ID: clientId,
      OIDC_TEST_RESOURCE: resource,
      OIDC_TEST_ACCESS_TOKEN_TTL: String(accessTokenTTL),
      OIDC_TEST_ACCOUNTS: JSON.stringify(accounts),
      OIDC_TEST_REFRESH_TOKENS: String(refreshTokens),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let providerOut = '';
  provider.stderr!.on('data', (d) => (providerOut += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the OpenID provider did not start:\n${providerOut}`)), 30_000);
    provider.stdout!.on('data', (d) => {
      providerOut += d;
      if (providerOut.includes('ready ')) {
        clearTimeout(timer);
        resolve();
      }
    });
    provider.once('exit', (code) => reject(new Error(`the OpenID provider exited with ${code}:\n${providerOut}`)));
  });

  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'production',
    PORT: String(serverPort),
    DATABASE_URL: process.env.CONSOLE_DATABASE_URL!,
    DATA_DIR: process.env.CONSOLE_DATA_DIR!,
    SEED_DEMO: 'false',
    LOG_FORMAT: 'json',
    LOG_LEVEL: 'warn',
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: clientId,
    OIDC_RESOURCE: resource,
    OIDC_PROVIDER_NAME: 'Agency Login',
  };
  for (const name of ['JWT_SECRET', 'JWT_JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'EMBEDDED_PG_PORT']) delete env[name];
  const server = spawn(process.execPath, [process.env.BROWSER_TEST_SERVER ?? join(ROOT, 'dist/apps/api/src/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let serverOut = '';
  server.stdout!.on('data', (d) => (serverOut += d));
  server.stderr!.on('data', (d) => (serverOut += d));
  try {
    await waitForHealth(consoleUrl, server, () => serverOut);
  } catch (e) {
    await stopChild(server);
    await stopChild(provider);
    throw e;
  }
  return {
    consoleUrl,
    issuer,
    clientId,
    resource,
    async stop() {
      await stopChild(server);
      await stopChild(provider);
    },
  };
}
