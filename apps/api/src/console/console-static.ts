import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '@clusterflow/application/config/config';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

/** Paths the server answers itself; everything else under GET is the console's. */
const SERVER_PATHS = /^\/(graphql|graphiql|files|reports|audit\/export)(\/|$)/;

/** The console's build (`apps/console/dist`), found from the project root. */
export function consoleDistDir(from = __dirname): string | undefined {
  for (let dir = from; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'apps/console/dist');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return undefined;
}

export interface ConsoleSettings {
  /** The OpenID provider the console signs in through (OIDC_ISSUER, OIDC_CLIENT_ID…), when there is one. */
  oidc?: { issuer: string; clientId: string; scope: string; resource?: string; providerName: string };
}

/** What the browser needs to know of the configuration: public values only. */
export function consoleSettings(config: AppConfig): ConsoleSettings {
  if (!config.oidc) return {};
  const { issuer, clientId, scope, resource, providerName } = config.oidc;
  return { oidc: { issuer, clientId, scope, ...(resource ? { resource } : {}), providerName } };
}

/**
 * Serves the built console at `/`: its hashed assets (cached for a year) and, for any other
 * GET outside the server's own paths, index.html (the client routes), with the settings the
 * browser needs in a meta tag so there is no extra endpoint. Nothing is served when the
 * console has not been built (the API works without it).
 */
export function consoleStatic(dir: string | undefined, settings: ConsoleSettings = {}): RequestHandler {
  if (!dir) return (_req, _res, next) => next();
  const assets = express.static(dir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, file) => {
      res.setHeader('Cache-Control', file.includes(`${join(dir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const meta = `<meta name="clusterflow-settings" content="${escapeAttribute(JSON.stringify(settings))}">`;
  const index = readFileSync(join(dir, 'index.html'), 'utf8').replace('<!--settings-->', meta);
  return (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVER_PATHS.test(req.path)) return next();
    if (req.path === '/' || req.path === '/index.html') return sendIndex(res, index);
    assets(req, res, () => {
      // A missing asset is a 404, not the app; any other path is a client route.
      if (req.path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(req.path)) return next();
      sendIndex(res, index);
    });
  };
}

function sendIndex(res: Response, html: string): void {
  res.status(200).type('html').setHeader('Cache-Control', 'no-cache');
  res.send(html);
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
