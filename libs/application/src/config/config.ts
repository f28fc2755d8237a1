import { resolve } from 'node:path';

export type LogFormat = 'json' | 'pretty';

export interface JwtConfig {
  /** `secret`: HS256 with the server's own key; `jwks`: RS256/ES256 from an identity provider. */
  mode: 'secret' | 'jwks';
  /** HS256 key from JWT_SECRET; when unset, one is generated once into DATA_DIR. */
  secret?: string;
  /** JWT_JWKS_URL; unset with OIDC_ISSUER: read from the issuer's discovery document (`jwks_uri`) when first needed. */
  jwksUrl?: string;
  /** The issuer's OpenID discovery document, when the JWKS URL is learned from it. */
  discoveryUrl?: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  agencyClaim: string;
  rolesClaim: string;
  nameClaim: string;
  /** Claim holding the email address (contract v2, People). */
  emailClaim: string;
}

/** OpenID Connect sign-in for the console (authorization code flow with PKCE in the browser). */
export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Scopes the console asks for (OIDC_SCOPE). */
  scope: string;
  /** RFC 8707 resource indicator the console asks an access token for (OIDC_RESOURCE), if any. */
  resource?: string;
  /** Shown on the sign-in page: "Sign in with <name>" (OIDC_PROVIDER_NAME; default: the issuer's host). */
  providerName: string;
}

export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  logLevel: string;
  logFormat: LogFormat;
  seedDemo: boolean;
  jwt: JwtConfig;
  /** Set with OIDC_ISSUER and OIDC_CLIENT_ID: the console signs in through that provider. */
  oidc?: OidcConfig;
  /** Ed25519 private key (PKCS#8 PEM file) that signs audit heads; unset: generated once into DATA_DIR. */
  auditSigningKeyFile?: string;
  /** `token`: introspection (`__schema`, `__type`) needs a valid token, like every query; `public`: anyone may introspect. */
  introspection: 'public' | 'token';
  /** Where uploaded files' bytes go (FILE_STORE): `postgres` (default) or `dir:<path>`. */
  fileStore: { kind: 'postgres' } | { kind: 'dir'; path: string };
  /** The largest upload POST /files accepts, in bytes (MAX_UPLOAD_BYTES); larger is 413. */
  maxUploadBytes: number;
  /** Run the job queue's workers (notifications, mail, schedules) in this process (WORKERS, default true). */
  workers: boolean;
  /** Mail through SMTP (SMTP_URL and MAIL_FROM together); unset: notifications are in-app only. */
  mail?: MailConfig;
  /** The hour (UTC) of the daily digest mail (DIGEST_HOUR_UTC, default 6). */
  digestHourUtc: number;
  /** Where people reach the console, for links in mail (PUBLIC_URL; default http://HOST:PORT). */
  publicUrl: string;
  /** Webhooks may reach private, loopback and link-local addresses (WEBHOOK_ALLOW_PRIVATE, default false). */
  webhookAllowPrivate: boolean;
  /**
   * The waits before each retry of a failed webhook delivery, in ms (WEBHOOK_RETRY_DELAYS, a
   * comma-separated list of durations such as `5s,1m,10m,1h,6h,24h`, the default); after the
   * last one the delivery is left failed. Tests shorten them.
   */
  webhookRetryDelaysMs: number[];
}

/** The contract's retries of a webhook delivery: about 5 s, 1 min, 10 min, 1 h, 6 h and 24 h after each failure. */
export const WEBHOOK_RETRY_DELAYS = '5s,1m,10m,1h,6h,24h';

export interface MailConfig {
  /** smtp://user:pass@host:port (or smtps://). */
  smtpUrl: string;
  /** The sender, e.g. `Clusterflow <noreply@example.org>`. */
  from: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** Variables whose value is never repeated in a message. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'SMTP_URL']);

/** Hides a password in anything URL-like, even when it does not parse as a URL. */
const redactCredentials = (raw: string) => raw.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');

/**
 * Reads and validates the environment once, at boot. Every problem names the variable,
 * what it must be and what it was, in one line, so a bad deployment fails at once.
 */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const read = <T>(name: string, parse: (raw: string) => T, fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    try {
      return parse(raw.trim());
    } catch (e) {
      const shown = SECRET_VARIABLES.has(name) ? '' : ` (got ${JSON.stringify(name === 'DATABASE_URL' ? redactCredentials(raw) : raw)})`;
      problems.push(`${name} ${(e as Error).message}${shown}`);
      return fallback;
    }
  };

  const nodeEnv = read('NODE_ENV', oneOf(['development', 'production', 'test'] as const), 'development');
  const oidcIssuer = read('OIDC_ISSUER', httpUrl, undefined as string | undefined);
  const oidcClientId = read('OIDC_CLIENT_ID', nonEmpty, undefined as string | undefined);
  if (!!oidcIssuer !== !!oidcClientId) problems.push('OIDC_ISSUER and OIDC_CLIENT_ID must be set together');
  const oidcResource = read('OIDC_RESOURCE', absoluteUri, undefined as string | undefined);
  const oidc: OidcConfig | undefined =
    oidcIssuer && oidcClientId
      ? {
          issuer: oidcIssuer,
          clientId: oidcClientId,
          scope: read('OIDC_SCOPE', scopeList, 'openid profile email'),
          ...(oidcResource ? { resource: oidcResource } : {}),
          providerName: read('OIDC_PROVIDER_NAME', nonEmpty, new URL(oidcIssuer).host),
        }
      : undefined;
  const jwksUrl = read('JWT_JWKS_URL', httpUrl, undefined as string | undefined);
  // With a provider, its tokens only: keys from JWT_JWKS_URL or the issuer's discovery document,
  // issuer and audience defaulting to what the console asks that provider for.
  const mode = jwksUrl || oidc ? 'jwks' : 'secret';
  const issuer = read('JWT_ISSUER', nonEmpty, mode === 'secret' ? 'clusterflow' : (oidc?.issuer ?? ''));
  const audience = read('JWT_AUDIENCE', nonEmpty, mode === 'secret' ? 'clusterflow' : (oidc ? (oidc.resource ?? oidc.clientId) : ''));
  if (mode === 'jwks' && !issuer) problems.push('JWT_ISSUER must be set when JWT_JWKS_URL is set');
  if (mode === 'jwks' && !audience) problems.push('JWT_AUDIENCE must be set when JWT_JWKS_URL is set');

  const config: AppConfig = {
    nodeEnv,
    host: read('HOST', nonEmpty, '127.0.0.1'),
    port: read('PORT', integerIn(1, 65535), 3000),
    databaseUrl: read('DATABASE_URL', postgresUrl, undefined as string | undefined),
    dataDir: resolve(read('DATA_DIR', nonEmpty, './.data')),
    embeddedPgPort: read('EMBEDDED_PG_PORT', integerIn(1, 65535), 54329),
    logLevel: read('LOG_LEVEL', oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const), 'info'),
    logFormat: read('LOG_FORMAT', oneOf(['json', 'pretty'] as const), nodeEnv !== 'production' && process.stdout.isTTY ? 'pretty' : 'json'),
    // The demo agency is for the zero-setup default; never seeded into a configured database
    // unless asked, nor when an identity provider issues the tokens (refused below when asked).
    seedDemo: read('SEED_DEMO', boolean, !env.DATABASE_URL?.trim() && mode === 'secret'),
    jwt: {
      mode,
      secret: read('JWT_SECRET', minLength(32), undefined as string | undefined),
      jwksUrl,
      ...(!jwksUrl && oidc ? { discoveryUrl: `${oidc.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration` } : {}),
      issuer,
      audience,
      // Own-secret mode signs and verifies HS256 only; JWT_ALGORITHMS applies to a JWKS.
      algorithms: mode === 'secret' ? ['HS256'] : read('JWT_ALGORITHMS', algorithmList, ['RS256', 'ES256']),
      agencyClaim: read('JWT_AGENCY_CLAIM', nonEmpty, 'agency'),
      rolesClaim: read('JWT_ROLES_CLAIM', nonEmpty, 'roles'),
      nameClaim: read('JWT_NAME_CLAIM', nonEmpty, 'name'),
      emailClaim: read('JWT_EMAIL_CLAIM', nonEmpty, 'email'),
    },
    ...(oidc ? { oidc } : {}),
    auditSigningKeyFile: read('AUDIT_SIGNING_KEY_FILE', (raw) => resolve(raw), undefined as string | undefined),
    introspection: read('INTROSPECTION', oneOf(['public', 'token'] as const), nodeEnv === 'production' ? 'token' : 'public'),
    fileStore: read('FILE_STORE', fileStore, { kind: 'postgres' } as AppConfig['fileStore']),
    maxUploadBytes: read('MAX_UPLOAD_BYTES', integerIn(1, Number.MAX_SAFE_INTEGER), 100 * 1024 * 1024),
    workers: read('WORKERS', boolean, true),
    digestHourUtc: read('DIGEST_HOUR_UTC', integerIn(0, 23), 6),
    publicUrl: '',
    webhookAllowPrivate: read('WEBHOOK_ALLOW_PRIVATE', boolean, false),
    webhookRetryDelaysMs: read('WEBHOOK_RETRY_DELAYS', durationList, durationList(WEBHOOK_RETRY_DELAYS)),
  };
  const smtpUrl = read('SMTP_URL', smtpUrlOf, undefined as string | undefined);
  const mailFrom = read('MAIL_FROM', mailbox, undefined as string | undefined);
  if (!!smtpUrl !== !!mailFrom) problems.push('SMTP_URL and MAIL_FROM must be set together');
  if (smtpUrl && mailFrom) config.mail = { smtpUrl, from: mailFrom };
  config.publicUrl = read('PUBLIC_URL', httpUrl, `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}`).replace(/\/+$/, '');
  if (config.seedDemo && mode === 'jwks') {
    const provider = jwksUrl ? 'JWT_JWKS_URL' : 'OIDC_ISSUER';
    problems.push(
      `SEED_DEMO=true cannot be used with ${provider}: the demo agency's people sign in with tokens this server mints, and with an identity provider it mints none (unset one of the two)`,
    );
  }
  if (problems.length) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}

const nonEmpty = (raw: string) => raw;

const oneOf =
  <T extends string>(values: readonly T[]) =>
  (raw: string): T => {
    if (!(values as readonly string[]).includes(raw)) throw new Error(`must be one of ${values.join(', ')}`);
    return raw as T;
  };

const integerIn = (min: number, max: number) => (raw: string) => {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new Error(`must be an integer from ${min} to ${max}`);
  return n;
};

const fileStore = (raw: string): AppConfig['fileStore'] => {
  if (raw === 'postgres') return { kind: 'postgres' };
  const dir = /^dir:(.+)$/.exec(raw);
  if (!dir || !dir[1].trim()) throw new Error('must be postgres or dir:<path>');
  return { kind: 'dir', path: resolve(dir[1].trim()) };
};

const boolean = (raw: string) => {
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new Error('must be true or false');
};

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `5s,1m,10m,1h,6h,24h`: at most 20 durations of 0 to 7 days, each a number and a unit (ms, s, m, h). */
function durationList(raw: string): number[] {
  const bad = () => new Error('must be a comma-separated list of at most 20 durations like 5s,1m,10m,1h (units ms, s, m, h; each at most 7 days)');
  const list = raw.split(',').map((d) => d.trim());
  if (!list.length || list.length > 20) throw bad();
  return list.map((d) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(d);
    if (!m) throw bad();
    const ms = Math.round(Number(m[1]) * DURATION_UNITS[m[2]]);
    if (ms > 7 * 24 * 3_600_000) throw bad();
    return ms;
  });
}

const minLength = (n: number) => (raw: string) => {
  if (raw.length < n) throw new Error(`must be at least ${n} characters long`);
  return raw;
};

function postgresUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a URL like postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error('must start with postgres:// or postgresql://');
  }
  if (!url.hostname) throw new Error('must name a host, like postgres://user@host:5432/database');
  return raw;
}

function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be an http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('must be an http(s) URL');
  return raw;
}

function absoluteUri(raw: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(raw) || raw.includes('#')) throw new Error('must be an absolute URI without a fragment');
  return raw;
}

function smtpUrlOf(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be a URL like smtp://user:password@mail.example.org:587');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error('must start with smtp:// or smtps://');
  if (!url.hostname) throw new Error('must name a host, like smtp://mail.example.org:587');
  return raw;
}

/** An address, alone or as `Name <address>`. */
const mailbox = (raw: string) => {
  if (!/^(?:[^<>]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(raw)) throw new Error('must be an address like noreply@example.org or Clusterflow <noreply@example.org>');
  return raw;
};

const scopeList = (raw: string) => {
  const scopes = raw.split(/\s+/).filter(Boolean);
  if (!scopes.includes('openid')) throw new Error('must include openid');
  return scopes.join(' ');
};

const algorithmList = (raw: string) => {
  const allowed = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'EdDSA'];
  const list = raw.split(',').map((a) => a.trim()).filter(Boolean);
  const bad = list.filter((a) => !allowed.includes(a));
  if (!list.length || bad.length) throw new Error(`must be a comma-separated list of ${allowed.join(', ')}`);
  return list;
};

export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable)';
  }
}
