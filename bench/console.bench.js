// The web console in Debian's Chromium on loopback (issue 14's bench rows).
//
// Data: a scratch database the server migrates at its start; a small template is published and
// BENCH_CONSOLE_CLUSTERS (1,000) clusters are registered through the API (registerCluster over
// HTTP, 4 at a time), as an agency admin. The server is the build (`dist/`) serving the built
// console (`apps/console/dist`, built here when its sources changed), as `npm start` runs it.
//
// Figures, each against its baseline measured in the same run:
// - Largest contentful paint of the portfolio page (/clusters) with 1,000 clusters, signed in
//   (the token put in sessionStorage before the page loads, as after a sign-in), each load in a
//   new browser context (nothing cached), median of BENCH_CONSOLE_LOADS (7) after one warm-up
//   load; also when its first rows are on screen. Baselines: the same page's rendered HTML
//   (its DOM and styles, no script) saved as a static file and served by the same server, and
//   the sign-in page (the same JavaScript, no data).
// - Initial JavaScript, gzipped: the files index.html loads (the entry script and its
//   modulepreloads); and the JavaScript the portfolio page fetched, checked to hold none of the
//   heavy parts (Mermaid, CodeMirror, charts). Baseline: all the built JavaScript.
// - Lighthouse (12.2.3, desktop) performance and accessibility scores of the portfolio page,
//   when the package is installed.
//
//   node bench/run.js console
/* global window, document, performance, requestAnimationFrame, PerformanceObserver -- functions run in the browser */
const http = require('node:http');
const { execFileSync } = require('node:child_process');
const { readFileSync, readdirSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { gzipSync } = require('node:zlib');
const { stats, gql, withScratchDatabase } = require('./lib');

const CONSOLE_DIST = join(__dirname, '../apps/console/dist');
const AGENCY = 'bench';
const CLUSTERS = Number(process.env.BENCH_CONSOLE_CLUSTERS || 1_000);
const LOADS = Number(process.env.BENCH_CONSOLE_LOADS || 7);
const STATIC_PAGE = 'bench-portfolio-static.html';
const HEAVY = /mermaid|codemirror|lang-yaml|recharts|cytoscape|katex|Diagram|d3-/i;
const CHROMIUM_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-dev-shm-usage'];

const log = (line) => process.stderr.write(`  ${line}\n`);

const TEMPLATE = `
key: bench-console
version: 1
title: Bench console
phases:
  selection: { title: Selection, due: P1M }
  done: { title: Done, final: true }
gates:
  - id: finish
    from: selection
    to: done
    requires: {}
`;

function chromiumPath() {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], { encoding: 'utf8' }).trim();
}

async function registerClusters(server) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const t0 = Date.now();
  try {
    const { admin } = server.tokens;
    await gql(server, agent, admin, 'mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: TEMPLATE });
    let next = 0;
    const worker = async () => {
      while (next < CLUSTERS) {
        const i = next++;
        await gql(server, agent, admin, 'mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }', {
          input: { templateKey: 'bench-console', name: `Cluster ${String(i + 1).padStart(4, '0')}`, sector: ['Leather', 'Textiles', 'Agro-food', 'Metal'][i % 4], region: `Region ${i % 37}`, country: 'Nigeria' },
        });
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  } finally {
    agent.destroy();
  }
  const seconds = (Date.now() - t0) / 1000;
  log(`registered ${CLUSTERS} clusters through the API in ${seconds.toFixed(1)} s`);
  return seconds;
}

/** The files index.html loads at once: its module scripts and modulepreloads, with their gzipped sizes. */
function initialJavaScript() {
  const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => (m[1] ?? m[2]).replace(/^\//, ''));
  const sizes = files.map((f) => ({ file: f, gz: gzipSync(readFileSync(join(CONSOLE_DIST, f))).length }));
  const all = readdirSync(join(CONSOLE_DIST, 'assets')).filter((f) => f.endsWith('.js'));
  const allGz = all.reduce((n, f) => n + gzipSync(readFileSync(join(CONSOLE_DIST, 'assets', f))).length, 0);
  return { files: sizes, gz: sizes.reduce((n, s) => n + s.gz, 0), allGz, allFiles: all.length };
}

const gzOfAsset = (path) => gzipSync(readFileSync(join(CONSOLE_DIST, path.replace(/^\//, '')))).length;

/**
 * One cold load of `url` in a new context: the largest contentful paint (the last entry the
 * PerformanceObserver reports once `ready` holds and two frames have been painted), when `ready`
 * first held (ms since navigation start), and the JavaScript files fetched.
 */
async function load(browser, url, { token, ready }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  try {
    if (token) await context.addInitScript((t) => window.sessionStorage.setItem('clusterflow.token', t), token);
    await context.addInitScript(() => {
      window.__lcp = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__lcp.push({ t: e.startTime, size: e.size, tag: e.element?.tagName ?? null });
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const page = await context.newPage();
    const scripts = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith('.js')) scripts.push(path);
    });
    await page.goto(url, { waitUntil: 'commit' });
    await page.waitForFunction(ready, undefined, { polling: 'raf', timeout: 30_000 });
    const readyAt = await page.evaluate(() => performance.now());
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 50)))));
    const entries = await page.evaluate(() => window.__lcp);
    if (!entries.length) throw new Error(`no largest-contentful-paint entry for ${url}`);
    const html = await page.evaluate(() => document.documentElement.outerHTML);
    return { lcp: entries[entries.length - 1].t, element: entries[entries.length - 1].tag, readyAt, scripts, html };
  } finally {
    await context.close();
  }
}

async function series(browser, url, options) {
  await load(browser, url, options); // warm-up: the server's first answers, Chromium's first process
  const runs = [];
  for (let i = 0; i < LOADS; i++) runs.push(await load(browser, url, options));
  return { lcp: stats(runs.map((r) => r.lcp)), ready: stats(runs.map((r) => r.readyAt)), last: runs[runs.length - 1], elements: [...new Set(runs.map((r) => r.element))] };
}

/** The rendered page as a static file: its DOM and styles, no scripts (the baseline's "same page, no app"). */
function staticCopy(html) {
  return `<!doctype html>\n${html.replace(/<script\b[\s\S]*?<\/script>/gi, '').replace(/<link[^>]+rel="modulepreload"[^>]*>/gi, '')}`;
}

/**
 * Lighthouse's desktop preset (its own simulated throttling) on the portfolio page, signed in:
 * the token is set in sessionStorage by a script that runs before the page's own (puppeteer's
 * evaluateOnNewDocument), and Lighthouse is told not to clear the storage. Null when the
 * lighthouse package is not installed.
 */
async function lighthouseScores(url, token) {
  let lighthouse;
  try {
    lighthouse = (await import('lighthouse')).default;
  } catch {
    return null;
  }
  // Both come with lighthouse (its dependencies).
  const { launch } = await import('chrome-launcher');
  const puppeteer = (await import('puppeteer-core')).default;
  const { default: desktop } = await import('lighthouse/core/config/desktop-config.js');
  const chrome = await launch({ chromePath: chromiumPath(), chromeFlags: CHROMIUM_ARGS });
  let browser;
  try {
    browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
    const page = await browser.newPage();
    await page.evaluateOnNewDocument((t) => window.sessionStorage.setItem('clusterflow.token', t), token);
    const config = { ...desktop, settings: { ...desktop.settings, onlyCategories: ['performance', 'accessibility'], disableStorageReset: true } };
    const result = await lighthouse(url, { logLevel: 'error', output: 'json' }, config, page);
    const { categories, audits, finalDisplayedUrl } = result.lhr;
    if (new URL(finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`Lighthouse measured ${finalDisplayedUrl}, not ${url} (not signed in?)`);
    return {
      performance: Math.round(categories.performance.score * 100),
      accessibility: Math.round(categories.accessibility.score * 100),
      lcp: audits['largest-contentful-paint']?.numericValue,
      failedAccessibility: categories.accessibility.auditRefs.filter((r) => r.weight > 0 && audits[r.id]?.score === 0).map((r) => r.id),
      version: result.lhr.lighthouseVersion,
    };
  } finally {
    await browser?.disconnect().catch(() => undefined);
    chrome.kill();
  }
}

module.exports = async function consoleBench() {
  require('../scripts/build').buildConsole({ quiet: true });
  const { chromium } = require('@playwright/test');
  return withScratchDatabase('console', async ({ startServer }) => {
    let browser;
    const staticFile = join(CONSOLE_DIST, STATIC_PAGE);
    try {
      const server = await startServer({
        tokens: async (sign) => ({ admin: await sign({ agency: AGENCY, userId: 'bench-admin', name: 'Bench Admin', roles: ['agency_admin', 'cda'] }) }),
      });
      const generationSeconds = await registerClusters(server);
      const base = `http://127.0.0.1:${server.port}`;
      browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
      const version = browser.version();

      const rowsShown = () => document.querySelectorAll('li a[href^="/clusters/"]').length >= 10;
      const portfolio = await series(browser, `${base}/clusters`, { token: server.tokens.admin, ready: rowsShown });
      const fetched = [...new Set(portfolio.last.scripts)];
      const heavyFetched = fetched.filter((f) => HEAVY.test(f));
      if (heavyFetched.length) throw new Error(`the portfolio page fetched heavy chunks: ${heavyFetched.join(', ')}`);
      const fetchedGz = fetched.reduce((n, f) => n + gzOfAsset(f), 0);

      const page = staticCopy(portfolio.last.html);
      writeFileSync(staticFile, page);
      const staticSeries = await series(browser, `${base}/${STATIC_PAGE}`, { ready: rowsShown });
      const signIn = await series(browser, `${base}/sign-in`, { ready: () => !!document.querySelector('h1') });

      const js = initialJavaScript();
      log(`Chromium ${version}; portfolio LCP element(s): ${portfolio.elements.join(', ')}; static copy ${(page.length / 1024).toFixed(0)} KB of HTML`);
      log(`initial JavaScript: ${js.files.map((f) => `${f.file} ${(f.gz / 1024).toFixed(1)} KB`).join(', ')}`);
      log(`the portfolio page fetched ${fetched.length} JavaScript files: ${fetched.join(', ')}`);

      let lighthouse = null;
      try {
        lighthouse = await lighthouseScores(`${base}/clusters`, server.tokens.admin);
      } catch (e) {
        log(`lighthouse failed: ${e.message}`);
      }
      if (!lighthouse) log('lighthouse: not installed (npm i -E lighthouse@12.2.3 to report its scores)');
      else log(`lighthouse ${lighthouse.version}: simulated LCP ${Math.round(lighthouse.lcp)} ms; accessibility audits failed: ${lighthouse.failedAccessibility.join(', ') || 'none'}`);

      const common = { clusters: CLUSTERS, generationSeconds: +generationSeconds.toFixed(1), rounds: LOADS, data: { chromium: version, staticPageKB: +(page.length / 1024).toFixed(0) } };
      const met = (ok) => (ok ? 'met' : 'MISSED');
      const kb = (n) => n / 1024;
      const rows = [
        { name: `console: LCP of a static copy of the rendered portfolio page (same DOM and styles, no script), same server (baseline)`, unit: 'ms', ...staticSeries.lcp, ...common },
        { name: `console: LCP of the sign-in page (same JavaScript, no data) (baseline)`, unit: 'ms', ...signIn.lcp, ...common },
        { name: `console: LCP of the portfolio page with ${CLUSTERS} clusters, cold load, Chromium on loopback`, unit: 'ms', ...portfolio.lcp, ratio: portfolio.lcp.p50 / staticSeries.lcp.p50, goal: `p50 < 1000 (${met(portfolio.lcp.p50 < 1000)})`, ...common },
        { name: `console: portfolio page, first rows on screen (since navigation start)`, unit: 'ms', ...portfolio.ready, ...common },
        { name: `console: all the built JavaScript, gzipped (${js.allFiles} files) (baseline)`, unit: 'KB', value: kb(js.allGz) },
        { name: `console: initial JavaScript gzipped (index.html's entry and ${js.files.length - 1} modulepreloads)`, unit: 'KB', value: kb(js.gz), ratio: js.gz / js.allGz, goal: `< 250 (${met(kb(js.gz) < 250)})` },
        { name: `console: JavaScript the portfolio page fetched, gzipped (${fetched.length} files; no editor, diagram or charts)`, unit: 'KB', value: kb(fetchedGz) },
      ];
      if (lighthouse) {
        rows.push(
          { name: `console: Lighthouse ${lighthouse.version} performance score, portfolio page (desktop preset)`, unit: '/ 100', value: lighthouse.performance },
          { name: `console: Lighthouse ${lighthouse.version} accessibility score, portfolio page`, unit: '/ 100', value: lighthouse.accessibility },
        );
      }
      return rows;
    } finally {
      rmSync(staticFile, { force: true });
      await browser?.close().catch(() => undefined);
    }
  });
};
