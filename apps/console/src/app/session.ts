/**
 * The signed-in person's token. A demo person's or a pasted one is kept for this browser tab
 * only (sessionStorage: a reload keeps you signed in, closing the tab signs you out); one from
 * an OpenID provider is kept in memory only (`remember: false`; a reload signs in again through
 * the provider). It goes in the Authorization header of every request and in graphql-ws's
 * connection parameters, never in a URL or cookie.
 */
const STORAGE_KEY = 'clusterflow.token';

type Listener = (token: string | null) => void;
const listeners = new Set<Listener>();
let current: string | null = read();

function read(): string | null {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export const session = {
  token: (): string | null => current,
  set(token: string | null, { remember = true }: { remember?: boolean } = {}): void {
    if (token === current) return;
    current = token;
    try {
      if (token && remember) window.sessionStorage.setItem(STORAGE_KEY, token);
      else window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // storage refused (private mode): the token stays in memory
    }
    for (const l of listeners) l(token);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Reads a JWT's payload without verifying it (the server verifies); for expiry only. */
export function tokenExpiry(token: string): Date | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null;
  } catch {
    return null;
  }
}

/**
 * Whether this tab signed in through the OpenID provider and has not signed out since (kept in
 * sessionStorage, unlike the token): after a reload the sign-in page goes back to the provider
 * at once, which answers without asking while its own session lasts.
 */
const PROVIDER_KEY = 'clusterflow.oidc';
export const providerSession = {
  active(): boolean {
    try {
      return window.sessionStorage.getItem(PROVIDER_KEY) === '1';
    } catch {
      return false;
    }
  },
  set(active: boolean): void {
    try {
      if (active) window.sessionStorage.setItem(PROVIDER_KEY, '1');
      else window.sessionStorage.removeItem(PROVIDER_KEY);
    } catch {
      // storage refused: a reload shows the sign-in page
    }
  },
};
