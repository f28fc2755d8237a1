import { useApolloClient, useQuery } from '@apollo/client/react';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { graphql } from '../gql';
import type { MeQuery } from '../gql/graphql';
import { providerSession, session } from './session';
import { settings } from './settings';

export const MeDocument = graphql(`
  query Me {
    me {
      userId
      name
      agency
      roles
    }
  }
`);

export type Viewer = MeQuery['me'];

interface SessionValue {
  token: string | null;
  viewer: Viewer | null;
  loading: boolean;
  /** Why the last token was refused, in the server's words. */
  refused: string | null;
  /** Checks the token with the server (`me`) and keeps it; `remember: false` keeps it in memory only. */
  signIn(token: string, options?: { remember?: boolean }): Promise<Viewer>;
  /** Forgets the token; after an OpenID sign-in, also ends the session at the provider when it can. */
  signOut(): void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useApolloClient();
  const [token, setToken] = useState(session.token());
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => session.subscribe(setToken), []);
  const me = useQuery(MeDocument, { skip: !token, fetchPolicy: 'cache-first' });

  const signOut = useCallback(() => {
    const { oidc } = settings;
    if (oidc) {
      providerSession.set(false);
      void import('./oidc').then((m) => m.signOutAtProvider(oidc));
    }
    session.set(null);
    void client.clearStore();
  }, [client]);

  const signIn = useCallback(
    async (next: string, options?: { remember?: boolean }) => {
      await client.clearStore();
      session.set(next.trim(), options);
      try {
        const { data } = await client.query({ query: MeDocument, fetchPolicy: 'network-only' });
        if (!data) throw new Error('no answer');
        setRefused(null);
        return data.me;
      } catch (e) {
        session.set(null);
        const message = (e as Error).message;
        setRefused(message);
        throw e;
      }
    },
    [client],
  );

  // A stored token the server no longer accepts (expired, other secret): back to sign-in.
  useEffect(() => {
    if (token && me.error) {
      setRefused(me.error.message);
      session.set(null);
    }
  }, [token, me.error]);

  const value = useMemo<SessionValue>(
    () => ({ token, viewer: token ? (me.data?.me ?? null) : null, loading: !!token && me.loading && !me.data, refused, signIn, signOut }),
    [token, me.data, me.loading, refused, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}
