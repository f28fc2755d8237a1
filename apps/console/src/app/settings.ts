/** The OpenID provider the console signs in through, as the server is configured (OIDC_*). */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  scope: string;
  /** RFC 8707 resource the access token is asked for, if the server names one. */
  resource?: string;
  /** "Sign in with <providerName>". */
  providerName: string;
}

export interface ConsoleSettings {
  oidc?: OidcSettings;
}

/**
 * What the server tells the browser of its configuration: a `<meta name="clusterflow-settings">`
 * it writes into index.html when serving it (no endpoint of its own). Absent (Vite's dev server)
 * or unreadable: no settings, i.e. embedded mode.
 */
function readSettings(): ConsoleSettings {
  try {
    const content = document.querySelector<HTMLMetaElement>('meta[name="clusterflow-settings"]')?.content;
    const parsed = content ? (JSON.parse(content) as ConsoleSettings) : {};
    const o = parsed.oidc;
    return o && typeof o.issuer === 'string' && typeof o.clientId === 'string' ? { oidc: o } : {};
  } catch {
    return {};
  }
}

export const settings: ConsoleSettings = readSettings();
