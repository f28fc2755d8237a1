/**
 * The signed-in person's token, kept for this browser tab only (sessionStorage: a reload
 * keeps you signed in, closing the tab signs you out). It goes in the Authorization header
 * of every request and in graphql-ws's connection parameters, never in a URL or cookie.
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
  set(token: string | null): void {
    current = token;
    try {
      if (token) window.sessionStorage.setItem(STORAGE_KEY, token);
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
