import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';

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
    expect(res.stdout.match(/^ {2}eyJ/gm)).toHaveLength(7);
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
});
