import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';
import { createTestDatabase, startTestApp, type TestApp } from '../support/test-app';

/** The command line as a user runs it, on the build (`npm run cli --` runs the same file). */
const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/apps/cli/src/main.js');
const dataDir = mkdtempSync(join(tmpdir(), 'clusterflow-cli-'));

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir }, encoding: 'utf8', timeout: 30_000 });

describe('npm run cli --', () => {
  it('token prints a token the server accepts, with the given claims', async () => {
    const res = cli('token', '--agency', 'unido-ng', '--user', 'amina', '--name', 'Amina', '--roles', 'cda,programme_manager');
    expect(res.status).toBe(0);
    const secret = new TextEncoder().encode(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim());
    const { payload } = await jwtVerify(res.stdout.trim(), secret, { issuer: 'clusterflow', audience: 'clusterflow' });
    expect(payload).toMatchObject({ sub: 'amina', name: 'Amina', agency: 'unido-ng', roles: ['cda', 'programme_manager'] });
  });

  it('token refuses bad arguments with usage and exit code 2', () => {
    const res = cli('token', '--agency', 'Bad Agency', '--user', 'x', '--roles', 'cda');
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/--agency must be an agency slug/);
    expect(res.stderr).toMatch(/usage: npm run cli -- token/);
    expect(cli('token', '--bogus').status).toBe(2);
  });

  it('demo tokens prints a token for each demo user', () => {
    const res = cli('demo', 'tokens');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^ada\.admin \(agency_admin\):\n {2}eyJ/m);
    expect(res.stdout.match(/^ {2}eyJ/gm)).toHaveLength(8);
  });

  it('template validate passes the shipped templates and exits 0', () => {
    const res = cli('template', 'validate', ...['unido-cda', 'india-mse-cdp', 'india-sfurti', 'eu-cluster-labels', 'unido-export-consortium'].map((k) => `templates/${k}.yaml`));
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe('5 of 5 templates valid\n');
    expect(res.status).toBe(0);
  });

  it('template validate prints file:line:column path message for each problem and exits 1', () => {
    const file = join(dataDir, 'broken.yaml');
    writeFileSync(file, 'key: ok-key\nversion: 0\ntitle: T\nphases:\n  a: { title: A }\n  b: { final: true }\ngates:\n  - { id: g, from: a, to: nowhere }\n');
    const res = cli('template', 'validate', file);
    expect(res.status).toBe(1);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^${file}:2:10 version .+`)), expect.stringMatching(new RegExp(`^${file}:8:27 gates\\[0\\]\\.to .+`))]));
    expect(cli('template', 'validate', join(dataDir, 'missing.yaml')).status).toBe(1);
    expect(cli('template', 'validate').status).toBe(2);
  });

  it('template diagram prints the Mermaid text', () => {
    const res = cli('template', 'diagram', 'templates/unido-cda.yaml');
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^stateDiagram-v2\n/);
    expect(res.stdout).toContain('[*] -->');
  });

  it('an unknown command prints the list and exits 2', () => {
    const res = cli('frobnicate');
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/template validate <file\.\.\.>/);
  });
  it('<command> --help prints that command\'s usage and summary, exits 0 and touches no database', () => {
    for (const [words, usage] of [
      [['audit', 'verify'], 'audit verify [--agency <slug>]'],
      [['audit', 'replay'], 'audit replay [--agency <slug>]'],
      [['audit', 'export'], 'audit export --agency <slug> --format csv|jsonl [--cluster <id>]'],
      [['migrate'], 'migrate --agency <slug> --template <key> --from <version> --to <version> [--apply]'],
      [['token'], 'token --agency <slug> --user <id>'],
    ] as const) {
      for (const flag of ['--help', '-h']) {
        const res = spawnSync(process.execPath, [CLI, ...words, flag], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, encoding: 'utf8', timeout: 30_000 });
        expect({ words, flag, status: res.status, stderr: res.stderr }).toEqual({ words, flag, status: 0, stderr: '' });
        expect(res.stdout.startsWith(`usage: npm run cli -- ${usage}`)).toBe(true);
        expect(res.stdout.split('\n').filter(Boolean)).toHaveLength(2);
      }
    }
    // After other flags too.
    expect(cli('audit', 'export', '--agency', 'a', '--help').stdout).toMatch(/^usage: npm run cli -- audit export /);
  });
});

describe('npm run cli -- on a database that is not ready for the command', () => {
  const run = (databaseUrl: string, ...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' } });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
      child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
      const timer = setTimeout(() => child.kill(), 60_000);
      child.on('close', (status) => (clearTimeout(timer), resolve({ status, stdout, stderr })));
    });
  const COMMANDS = [
    ['audit', 'verify'],
    ['audit', 'verify', '--agency', 'nobody-here'],
    ['audit', 'replay', '--agency', 'nobody-here'],
    ['audit', 'export', '--agency', 'nobody-here', '--format', 'jsonl'],
    ['migrate', '--agency', 'nobody-here', '--template', 'unido-cda', '--from', '1', '--to', '2'],
  ];
  let empty: { url: string; drop(): Promise<void> };
  let t: TestApp;

  beforeAll(async () => {
    empty = await createTestDatabase('cli-empty');
    t = await startTestApp('cli-agency');
  }, 120_000);

  afterAll(async () => {
    await empty?.drop();
    await t?.close();
  });

  it('an empty (unmigrated) database: one line saying so, no SQL, exit 2', async () => {
    const where = new URL(empty.url);
    for (const args of COMMANDS) {
      const res = await run(empty.url, ...args);
      expect({ args, status: res.status, stdout: res.stdout }).toEqual({ args, status: 2, stdout: '' });
      expect({ args, stderr: res.stderr }).toEqual({
        args,
        stderr: `the database at ${where.host}${where.pathname} has no Clusterflow tables: run \`npm start\` once (it applies the migrations), or set DATABASE_URL to the server's database\n`,
      });
    }
  }, 120_000);

  it('an agency the database does not hold is an error (exit 2), not "0 clusters, intact"', async () => {
    for (const args of COMMANDS.slice(1)) {
      const res = await run(t.databaseUrl, ...args);
      expect({ args, status: res.status, stdout: res.stdout, stderr: res.stderr }).toEqual({ args, status: 2, stdout: '', stderr: "no agency 'nobody-here' in this database\n" });
    }
    // Every agency of an empty (migrated) database: nothing to check is not an error.
    const all = await run(t.databaseUrl, 'audit', 'verify');
    expect(all.status).toBe(0);
  }, 120_000);
});
