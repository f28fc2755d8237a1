import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '@clusterflow/persistence';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The server as a user runs it: `node dist/apps/api/src/main.js` (what `npm start` runs
 * after building), with no DATABASE_URL, so it starts its own embedded PostgreSQL.
 */
const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'dist/apps/api/src/main.js');

jest.setTimeout(90_000);


function startServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'PORT', 'DATA_DIR', 'JWT_JWKS_URL'].includes(k)));
  const child = spawn(process.execPath, [MAIN], { env: { ...clean, NODE_ENV: 'production', LOG_FORMAT: 'json', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((ok) => child.on('exit', (code) => ok(code)));
  return { child, output: () => out, exited };
}

async function waitForHealth(port: number, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ health }"}' });
      if (((await res.json()) as any).data?.health === 'ok') return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not answer health in time');
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('the server process with its embedded PostgreSQL', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'clusterflow-start-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as the postgres user when we are root
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts cold, prints working demo tokens once, and leaves no postgres behind on SIGINT; a warm start prints none', async () => {
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) };
    const first = startServer(env);
    await waitForHealth(Number(env.PORT));
    const tokens = [...first.output().matchAll(/^ {4}(eyJ[\w-]+\.[\w-]+\.[\w-]+)$/gm)].map((m) => m[1]);
    expect(tokens).toHaveLength(8);
    const me = await fetch(`http://127.0.0.1:${env.PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}` },
      body: JSON.stringify({ query: '{ me { userId agency roles } }' }),
    }).then((r) => r.json() as Promise<any>);
    expect(me.data.me).toEqual({ userId: 'ada.admin', agency: 'demo', roles: ['agency_admin'] });
    const demo = await fetch(`http://127.0.0.1:${env.PORT}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[0]}` },
      body: JSON.stringify({ query: '{ clusters(sort: NAME) { totalCount edges { node { name eligible phase status gates { gate unmet { kind role } } } } } }' }),
    }).then((r) => r.json() as Promise<any>);
    // Two candidate clusters: the eligible one waits only for the programme manager's approval;
    // five more with a history for the dashboard (apps/api/src/demo/demo-history.ts).
    expect(demo.data.clusters.totalCount).toBe(7);
    const byName = new Map<string, any>(demo.data.clusters.edges.map((e: { node: { name: string } }) => [e.node.name, e.node]));
    const [kano, aba] = [byName.get('Kano textile weavers'), byName.get('Aba leather cluster')];
    expect(Object.fromEntries([...byName].map(([name, c]) => [name, c.status === 'FINISHED' ? 'dropped' : c.phase]))).toEqual({
      'Aba leather cluster': 'selection',
      'Ilorin pottery': 'dropped',
      'Kaduna agro-processors': 'diagnostic',
      'Kano textile weavers': 'selection',
      'Nnewi auto parts': 'action_plan',
      'Onitsha garment makers': 'implementation',
      'Otigba computer village': 'trust_building',
    });
    expect(kano).toMatchObject({ name: 'Kano textile weavers', eligible: false, phase: 'selection' });
    expect(aba).toMatchObject({ name: 'Aba leather cluster', eligible: true, phase: 'selection' });
    expect(aba.gates.find((g: { gate: string }) => g.gate === 'select_cluster').unmet).toEqual([{ kind: 'APPROVAL', role: 'programme_manager' }]);
    const pgPid = Number(readFileSync(join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n')[0]);
    expect(isAlive(pgPid)).toBe(true);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(isAlive(pgPid)).toBe(false);
    expect(existsSync(join(dataDir, 'pg/postmaster.pid'))).toBe(false);

    const second = startServer(env);
    await waitForHealth(Number(env.PORT));
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(second.output()).not.toMatch(/eyJ/);
  });

  it.each([
    [{ PORT: 'eighty' }, 'Invalid configuration: PORT must be an integer from 1 to 65535 (got "eighty")'],
    [{ DATABASE_URL: 'mysql://db/x' }, 'Invalid configuration: DATABASE_URL must start with postgres:// or postgresql:// (got "mysql://db/x")'],
    [
      { SEED_DEMO: 'true', JWT_JWKS_URL: 'https://idp.example.org/certs', JWT_ISSUER: 'https://idp.example.org', JWT_AUDIENCE: 'clusterflow' },
      'Invalid configuration: SEED_DEMO=true cannot be used with JWT_JWKS_URL: the demo agency\'s people sign in with tokens this server mints, and with an identity provider it mints none (unset one of the two)',
    ],
  ])('stops at once with one clear line for %j', (env, line) => {
    const res = spawnSync(process.execPath, [MAIN], { env: { ...process.env, DATA_DIR: dataDir, ...env }, encoding: 'utf8', timeout: 20_000 });
    expect(res.status).toBe(1);
    expect(res.stderr.trim()).toBe(line);
  });
});
