import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the console (`npm run test:browser`): Debian's Chromium (the `chromium`
 * on the PATH; `.ci/run` installs the package when it is missing; no browser is ever
 * downloaded), one real server on a real PostgreSQL for the whole run (started by the
 * global setup), one browser shared by the tests (one worker).
 */
function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error('No chromium on the PATH: install Debian\'s package (apt-get install -y chromium), or set CHROMIUM_PATH');
  }
}

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.browser.ts',
  globalSetup: './test/browser/support/global-setup.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 25_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: chromiumPath(),
      args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'],
    },
    locale: 'en-GB',
    timezoneId: 'UTC',
    viewport: { width: 1280, height: 800 },
    actionTimeout: 30_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
