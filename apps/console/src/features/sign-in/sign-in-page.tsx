import { COLOURS } from '../../app/colours';
import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Card, Container, Group, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { errorDetails } from '../../app/errors';
import { graphql } from '../../gql';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { useSession } from '../../app/session-context';
import { LanguageSelect } from '../shell/layout';
import { settings } from '../../app/settings';
import { ProviderSignIn } from './provider-sign-in';

export const DemoPeopleDocument = graphql(`
  query DemoPeople {
    demoPeople {
      userId
      name
      roles
    }
  }
`);

export const DemoSignInDocument = graphql(`
  mutation DemoSignIn($userId: String!) {
    demoSignIn(userId: $userId) {
      token
    }
  }
`);

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
  // The demo agency's people, offered only by a server that mints its own tokens (FORBIDDEN otherwise: no list).
  // With an OpenID provider (the server then accepts only its tokens) there are none: not asked.
  const { oidc } = settings;
  const demo = useQuery(DemoPeopleDocument, { fetchPolicy: 'network-only', skip: !!token || !!oidc });
  const [demoSignIn] = useMutation(DemoSignInDocument);
  const [demoError, setDemoError] = useState<string | null>(null);

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

  const signInAs = async (userId: string) => {
    setBusy(true);
    setDemoError(null);
    try {
      const { data } = await demoSignIn({ variables: { userId } });
      if (!data) return;
      await signIn(data.demoSignIn.token);
      navigate(next, { replace: true });
    } catch (err) {
      setDemoError(errorDetails(err).message);
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
        {!oidc && <Text>{t('signIn.intro')}</Text>}
        {refused && !error && <Alert color={COLOURS.bad} title={t('signIn.sessionEnded')}>{refused}</Alert>}
        {oidc && <ProviderSignIn oidc={oidc} next={next} refused={!!refused} />}
        {demo.data && demo.data.demoPeople.length > 0 && (
          <Card withBorder component="section" aria-labelledby="demo-heading">
            <Stack>
              <Title order={2} size="h3" id="demo-heading">
                {t('signIn.demoHeading')}
              </Title>
              <Text size="sm">{t('signIn.demoIntro')}</Text>
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
                {demo.data.demoPeople.map((p) => (
                  <Button
                    key={p.userId}
                    variant="outline"
                    h="auto"
                    py="xs"
                    justify="flex-start"
                    onClick={() => signInAs(p.userId)}
                    disabled={busy}
                    aria-label={t('signIn.as', { name: p.name ?? p.userId })}
                    styles={{ label: { whiteSpace: 'normal', textAlign: 'left' } }}
                  >
                    <Stack gap={0} align="flex-start">
                      <Text fw={600} size="sm">
                        {p.name ?? p.userId}
                      </Text>
                      <Text size="xs">{p.roles.join(', ')}</Text>
                    </Stack>
                  </Button>
                ))}
              </SimpleGrid>
              {demoError && <Alert color={COLOURS.bad}>{demoError}</Alert>}
            </Stack>
          </Card>
        )}
        {!oidc && (
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
        )}
      </Stack>
    </Container>
  );
}
