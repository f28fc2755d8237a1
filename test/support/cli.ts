import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestApp } from './test-app';

const ROOT = join(__dirname, '../..');
/** The command line as a user runs it, on the build (`npm run cli --` runs the same file). */
const CLI = join(ROOT, 'dist/apps/cli/src/main.js');

/** Runs `npm run cli -- <args>` on a test app's database; at most 30 s. */
export function runCli(t: TestApp, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.config.dataDir, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('error', reject);
    child.on('close', (status) => (clearTimeout(timer), resolve({ status, stdout, stderr })));
  });
}
