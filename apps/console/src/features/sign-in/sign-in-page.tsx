import { COLOURS } from '../../app/colours';
import { Alert, Button, Card, Container, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session-context';
import { LanguageSelect } from '../shell/layout';

/** Where a successful sign-in goes: back where the person was sent from, on this site only. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInPage() {
  const { t } = useTranslation();
  const { token, signIn, refused } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (token && !busy) return <Navigate to={next} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!pasted.trim()) {
      setError(t('signIn.tokenMissing'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn(pasted);
      navigate(next, { replace: true });
    } catch (err) {
      setError(t('signIn.tokenRefused', { reason: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Container size="sm" py="xl" component="main">
      <Stack gap="lg">
        <Group justify="space-between">
          <Title order={1}>{t('signIn.title')}</Title>
          <LanguageSelect />
        </Group>
        <Text>{t('signIn.intro')}</Text>
        {refused && !error && <Alert color={COLOURS.bad} title={t('signIn.sessionEnded')}>{refused}</Alert>}
        <Card withBorder component="section" aria-labelledby="token-heading">
          <form onSubmit={submit} noValidate>
            <Stack>
              <Title order={2} size="h3" id="token-heading">
                {t('signIn.tokenHeading')}
              </Title>
              <Textarea
                label={t('signIn.tokenLabel')}
                description={t('signIn.tokenHelp')}
                value={pasted}
                onChange={(e) => setPasted(e.currentTarget.value)}
                autosize
                minRows={3}
                error={error}
                spellCheck={false}
              />
              <Group>
                <Button type="submit" loading={busy}>
                  {t('signIn.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      </Stack>
    </Container>
  );
}
