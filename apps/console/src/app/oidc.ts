import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { providerSession, session } from './session';
import type { OidcSettings } from './settings';

/**
 * OpenID Connect sign-in (authorization code flow with PKCE, by oidc-client-ts), loaded only
 * when the server names a provider. The tokens stay in memory (oidc-client-ts's user store is
 * an InMemoryWebStorage; the access token goes to `session` unremembered); only the
 * short-lived state of a sign-in under way (the PKCE verifier, where to go back to) is kept
 * in sessionStorage, since the provider's redirect reloads the page. The access token is
 * renewed before it expires (refresh token, else a hidden iframe with prompt=none), asking
 * again for the same resource.
 */
export const CALLBACK_PATH = '/sign-in/callback';

let manager: UserManager | undefined;
let renewing: Promise<unknown> | undefined;

export function oidcManager(s: OidcSettings): UserManager {
  if (manager) return manager;
  const origin = window.location.origin;
  const resource = s.resource ? { resource: s.resource } : {};
  const m = new UserManager({
    authority: s.issuer,
    client_id: s.clientId,
    redirect_uri: origin + CALLBACK_PATH,
    silent_redirect_uri: origin + CALLBACK_PATH,
    post_logout_redirect_uri: `${origin}/sign-in`,
    response_type: 'code',
    scope: s.scope,
    ...resource,
    extraTokenParams: resource,
    loadUserInfo: false,
    // Renewed below, so that the renewal asks for the resource too.
    automaticSilentRenew: false,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  m.events.addUserLoaded((user) => session.set(user.access_token, { remember: false }));
  m.events.addAccessTokenExpiring(() => {
    renewing ??= m.signinSilent(resource).catch(() => undefined).finally(() => (renewing = undefined));
  });
  // Not renewed in time (the provider refused or is down): the server would refuse the token.
  m.events.addAccessTokenExpired(() => {
    if (!renewing) session.set(null);
  });
  manager = m;
  return m;
}

/** Sends the browser to the provider's sign-in; comes back to CALLBACK_PATH, then to `next`. */
export async function startSignIn(s: OidcSettings, next: string): Promise<void> {
  await oidcManager(s).signinRedirect({ state: { next } });
}

/** Completes a sign-in (or, inside the renewal iframe, hands the answer to the page); answers where to go. */
export async function completeSignIn(s: OidcSettings): Promise<string | null> {
  const user = await oidcManager(s).signinCallback();
  if (!user) return null; // the silent renewal's iframe: the parent page takes it from here
  providerSession.set(true);
  const next = (user.state as { next?: unknown } | undefined)?.next;
  return typeof next === 'string' ? next : '/';
}

/**
 * Signs out here, then at the provider when it offers an end-session endpoint (RP-initiated
 * logout, back to /sign-in); a provider without one keeps its own session.
 */
export async function signOutAtProvider(s: OidcSettings): Promise<boolean> {
  const m = oidcManager(s);
  providerSession.set(false);
  const user = await m.getUser();
  session.set(null);
  let endSession: string | undefined;
  try {
    endSession = await m.metadataService.getEndSessionEndpoint();
  } catch {
    endSession = undefined;
  }
  if (!endSession) {
    await m.removeUser();
    return false;
  }
  await m.signoutRedirect({ id_token_hint: user?.id_token });
  return true;
}
