import { Alert, Button, Card, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { providerSession } from '../../app/session';
import type { OidcSettings } from '../../app/settings';

/**
 * Sign-in through the server's OpenID provider: one button that sends the browser to the
 * provider (authorization code flow with PKCE), back to `next` afterwards. A tab that signed in
 * that way and was reloaded (its token was in memory only) goes back to the provider at once,
 * unless the server has just refused the token.
 */
export function ProviderSignIn({ oidc, next, refused }: { oidc: OidcSettings; next: string; refused: boolean }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const { startSignIn } = await import('../../app/oidc');
      await startSignIn(oidc, next);
    } catch (e) {
      setError(t('signIn.providerFailed', { provider: oidc.providerName, reason: (e as Error).message }));
      setBusy(false);
    }
  };

  useEffect(() => {
    if (started.current || refused || !providerSession.active()) return;
    started.current = true;
    void start();
  }, []); // once, when the page opens

  return (
    <Card withBorder component="section" aria-label={t('signIn.providerHeading')}>
      <Stack>
        <Text>{t('signIn.providerIntro', { provider: oidc.providerName })}</Text>
        <div>
          <Button onClick={() => void start()} loading={busy}>
            {t('signIn.withProvider', { provider: oidc.providerName })}
          </Button>
        </div>
        {error && <Alert color={COLOURS.bad}>{error}</Alert>}
      </Stack>
    </Card>
  );
}
