import { Alert, Button, Container, Loader, Stack, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { COLOURS } from '../../app/colours';
import { providerSession, session } from '../../app/session';
import { useSession } from '../../app/session-context';
import { settings } from '../../app/settings';

/** Where a successful sign-in goes: a path on this site only. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/**
 * Where the OpenID provider sends the browser back (`/sign-in/callback`): exchanges the code
 * (with the PKCE verifier), checks the access token with the server (`me`), then goes where the
 * person was going. Inside the hidden iframe of a silent renewal it only hands the answer over.
 */
export function SignInCallbackPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const done = useRef(false);

  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const { oidc } = settings;
    if (!oidc) {
      navigate('/sign-in', { replace: true });
      return;
    }
    void (async () => {
      try {
        const { completeSignIn } = await import('../../app/oidc');
        const next = await completeSignIn(oidc);
        if (next === null) return; // the renewal iframe
        const token = session.token();
        if (!token) throw new Error('no access token');
        await signIn(token, { remember: false });
        navigate(safeNext(next), { replace: true });
      } catch (e) {
        providerSession.set(false);
        setError((e as Error).message);
        // Forget what the provider answered too, so no renewal brings the refused person back.
        await import('../../app/oidc').then((m) => m.oidcManager(oidc).removeUser()).catch(() => undefined);
      }
    })();
  }, [navigate, signIn]);

  return (
    <Container size="sm" py="xl" component="main">
      <Stack>
        <Title order={1}>{t('signIn.title')}</Title>
        {error ? (
          <>
            <Alert color={COLOURS.bad} title={t('signIn.callbackFailed')}>
              {error}
            </Alert>
            <div>
              <Button component={Link} to="/sign-in" variant="outline">
                {t('signIn.tryAgain')}
              </Button>
            </div>
          </>
        ) : (
          <Loader role="progressbar" aria-label={t('signIn.completing')} />
        )}
      </Stack>
    </Container>
  );
}
