import { Inject, Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { DomainError, ErrorCode } from '@clusterflow/engine';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { AGENCY_SLUG, type Principal } from './principal';
import { ownSecret } from './signing-key';

const unauthenticated = (message: string) => new DomainError(ErrorCode.UNAUTHENTICATED, message);

/**
 * Tokens already verified, by their exact text: a client sends the same token with every
 * request, and checking its signature again each time costs more than the rest of the guard.
 * An entry lasts until the token's `exp` (the instant jose starts refusing it) and, with an
 * identity provider's keys (JWKS mode), at most a minute, so that a key the provider
 * withdraws stops being accepted as soon as without the cache, give or take that minute.
 * Only successes are kept; a refused token is checked in full every time.
 */
const VERIFIED_CACHE_SIZE = 10_000;
const JWKS_VERIFIED_MS = 60_000;
/** People already warned about a token without roles (this process's memory, oldest forgotten first). */
const WARNED_PEOPLE = 10_000;

/**
 * Verifies bearer tokens (and, in own-secret mode, mints them). One place decides what a
 * valid token is: signature, algorithm, issuer, audience, expiry, and the claims the
 * contract needs, read under configurable names since identity providers differ.
 */
@Injectable()
export class TokenService {
  private readonly secret?: Uint8Array;
  private readonly jwks?: JWTVerifyGetKey;
  private readonly verified = new Map<string, { principal: Principal; until: number }>();
  private readonly log = new Logger(TokenService.name);
  private readonly warnedWithoutRoles = new Set<string>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    if (config.jwt.mode === 'secret') this.secret = ownSecret(config);
    else if (config.jwt.jwksUrl) this.jwks = providerKeys(remoteKeys(config.jwt.jwksUrl));
    else this.jwks = providerKeys(discoveredKeys(config.jwt.discoveryUrl!, config.jwt.issuer));
  }

  async verify(token: string): Promise<Principal> {
    const hit = this.verified.get(token);
    if (hit) {
      if (Date.now() < hit.until) return { ...hit.principal, roles: [...hit.principal.roles] };
      this.verified.delete(token);
    }
    const principal = await this.verifyFully(token);
    return { ...principal, roles: [...principal.roles] };
  }

  private async verifyFully(token: string): Promise<Principal> {
    const { jwt } = this.config;
    let payload: JWTPayload;
    try {
      // exp is required: a token that never expires is refused, whoever signed it.
      const options = { issuer: jwt.issuer, audience: jwt.audience, algorithms: jwt.algorithms, requiredClaims: ['exp', 'sub'] };
      ({ payload } = this.jwks ? await jwtVerify(token, this.jwks, options) : await jwtVerify(token, this.secret!, options));
    } catch (e) {
      if (e instanceof DomainError) throw e; // SERVICE_UNAVAILABLE from providerKeys
      throw unauthenticated(describeJoseError(e));
    }
    const principal = this.principalOf(payload);
    if (!principal.roles.length) this.warnWithoutRoles(principal, claim(payload, this.config.jwt.rolesClaim) == null ? 'no' : 'an empty');
    // jose refuses a token once `exp` (seconds) is not after the current second.
    const until = Math.min((payload.exp as number) * 1000, this.jwks ? Date.now() + JWKS_VERIFIED_MS : Infinity);
    this.verified.set(token, { principal, until });
    if (this.verified.size > VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value!);
    return principal;
  }

  /**
   * A valid token without roles is most often an identity provider that puts them under
   * another claim than the one configured: said once per person, not on every request.
   */
  private warnWithoutRoles(principal: Principal, what: 'no' | 'an empty'): void {
    const key = `${principal.agency}\u0000${principal.userId}`;
    if (this.warnedWithoutRoles.has(key)) return;
    this.warnedWithoutRoles.add(key);
    if (this.warnedWithoutRoles.size > WARNED_PEOPLE) this.warnedWithoutRoles.delete(this.warnedWithoutRoles.values().next().value!);
    const name = this.config.jwt.rolesClaim;
    this.log.warn(
      `the token of ${principal.userId} (agency ${principal.agency}) has ${what} "${name}" claim, so they hold no role: JWT_ROLES_CLAIM is "${name}"; if the identity provider puts the roles in another claim, set JWT_ROLES_CLAIM to its name (a dotted path such as realm_access.roles)`,
    );
  }

  principalOf(payload: JWTPayload): Principal {
    const { jwt } = this.config;
    const sub = payload.sub;
    if (typeof sub !== 'string' || !sub) throw unauthenticated('the token has no subject (sub)');
    const agency = claim(payload, jwt.agencyClaim);
    if (typeof agency !== 'string' || !AGENCY_SLUG.test(agency)) {
      throw unauthenticated(`the token's ${jwt.agencyClaim} claim must be an agency slug`);
    }
    let roles = claim(payload, jwt.rolesClaim) ?? [];
    if (typeof roles === 'string') roles = roles.split(/[\s,]+/).filter(Boolean);
    if (!Array.isArray(roles) || roles.some((r) => typeof r !== 'string')) {
      throw unauthenticated(`the token's ${jwt.rolesClaim} claim must be a list of role ids`);
    }
    const name = claim(payload, jwt.nameClaim);
    const email = claim(payload, jwt.emailClaim);
    return {
      userId: sub,
      agency,
      roles: [...new Set(roles as string[])],
      ...(typeof name === 'string' ? { name } : {}),
      ...(typeof email === 'string' && email ? { email } : {}),
    };
  }

  /** Mints a token with the server's own secret (command line, demo, tests). */
  async sign(principal: Principal, ttlSeconds = 12 * 3600): Promise<string> {
    if (!this.secret) throw new Error('tokens can be minted only in own-secret mode (JWT_JWKS_URL is set)');
    const { jwt } = this.config;
    const claims: Record<string, unknown> = { [jwt.agencyClaim]: principal.agency, [jwt.rolesClaim]: principal.roles };
    if (principal.name) claims[jwt.nameClaim] = principal.name;
    if (principal.email) claims[jwt.emailClaim] = principal.email;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(principal.userId)
      .setIssuer(jwt.issuer)
      .setAudience(jwt.audience)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.secret);
  }
}

/**
 * The identity provider's keys, where only the token can be at fault once they are loaded:
 * a key id the provider does not publish (or an ambiguous one) refuses the token. Anything
 * else on the way to the keys (an error status, a body that is not a JWKS, no answer within
 * jose's time-out, a refused connection) is the provider failing, not the token: every token
 * that needs the keys then answers SERVICE_UNAVAILABLE ("retry later"), never UNAUTHENTICATED
 * (which tells a client to throw its token away). jose retries the fetch on the next token.
 */
function providerKeys(remote: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw e;
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'the identity provider keys cannot be loaded now; retry later');
    }
  };
}

const remoteKeys = (url: string) => createRemoteJWKSet(new URL(url), { cooldownDuration: 30_000 });

/** How long the issuer's discovery document may take to answer, like jose's JWKS fetch. */
const DISCOVERY_TIMEOUT_MS = 5_000;

/**
 * The keys of an OpenID provider known only by its issuer (OIDC_ISSUER without JWT_JWKS_URL):
 * its discovery document is read when a token first needs the keys, and again after a
 * failure, so a provider that is down at the server's start delays nothing but its own
 * tokens. The document must name the configured issuer (OpenID Connect Discovery 1.0, 4.3).
 */
function discoveredKeys(discoveryUrl: string, issuer: string): JWTVerifyGetKey {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const load = async (): Promise<JWTVerifyGetKey> => {
    const res = await fetch(discoveryUrl, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`${discoveryUrl} answered ${res.status}`);
    const doc = (await res.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (doc.issuer !== issuer) throw new Error(`${discoveryUrl} names the issuer ${JSON.stringify(doc.issuer)}, not ${issuer}`);
    if (typeof doc.jwks_uri !== 'string' || !/^https?:\/\//.test(doc.jwks_uri)) throw new Error(`${discoveryUrl} has no http(s) jwks_uri`);
    return remoteKeys(doc.jwks_uri);
  };
  return async (header, token) => {
    keys ??= load();
    let remote: JWTVerifyGetKey;
    try {
      remote = await keys;
    } catch (e) {
      keys = undefined; // read the document again with the next token
      throw e;
    }
    return remote(header, token);
  };
}

/** Reads a claim by name, or by a dotted path for providers that nest custom claims. */
function claim(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  return name.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), payload);
}

function describeJoseError(e: unknown): string {
  const code = (e as { code?: string }).code;
  switch (code) {
    case 'ERR_JWT_EXPIRED':
      return 'the token has expired';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if ((e as { claim?: string }).claim === 'exp') return 'the token has no expiry (exp)';
      return `the token's ${(e as { claim?: string }).claim ?? 'registered'} claim is not accepted`;
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'the token signature is not valid';
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
      return 'the token is signed with an algorithm this server does not accept';
    case 'ERR_JWKS_NO_MATCHING_KEY':
      return 'no key of the identity provider matches the token';
    default:
      return 'the token is malformed or not valid';
  }
}
