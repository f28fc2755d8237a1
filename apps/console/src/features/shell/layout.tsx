import { AppShell, Burger, Button, Center, Group, Loader, NativeSelect, NavLink, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink as RouterLink, Outlet, useLocation, useNavigation } from 'react-router';
import { LANGUAGES, setLanguage, type Language } from '../../app/i18n';
import { useSession } from '../../app/session-context';
import { NotificationBell } from '../notifications/notification-bell';

const NAV = [
  { to: '/my-work', label: 'nav.myWork' },
  { to: '/clusters', label: 'nav.clusters' },
  // Every member of the agency may read the portfolio analytics (README, "Who may do what").
  { to: '/dashboard', label: 'nav.dashboard' },
  { to: '/approvals', label: 'nav.approvals' },
  { to: '/integrity', label: 'nav.audit' },
  { to: '/templates', label: 'nav.templates' },
  { to: '/people', label: 'nav.people', role: 'agency_admin' },
  { to: '/webhooks', label: 'nav.webhooks', role: 'agency_admin' },
] as const;

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <NativeSelect
      aria-label={t('language.label')}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      value={i18n.language}
      onChange={(e) => setLanguage(e.currentTarget.value as Language)}
      w={110}
      size="xs"
    />
  );
}

export function Layout() {
  const { t } = useTranslation();
  const { token, viewer, loading, signOut } = useSession();
  const [opened, { toggle, close }] = useDisclosure();
  const location = useLocation();
  const navigation = useNavigation();
  if (!token) return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.toggle')} />
            <Title order={1} size="h4">
              {t('app.name')}
            </Title>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {viewer && <NotificationBell />}
            <LanguageSelect />
            <Stack gap={0} align="flex-end" visibleFrom="xs" aria-label={t('account.who')} role="group">
              <Text size="sm" fw={600} lineClamp={1}>
                {viewer?.name ?? viewer?.userId ?? '…'}
              </Text>
              <Text size="xs" c="dimmed">
                {viewer ? t('account.agency', { agency: viewer.agency }) : ''}
              </Text>
            </Stack>
            <Button variant="subtle" size="xs" onClick={signOut} visibleFrom="xs">
              {t('account.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')} component="nav">
        {NAV.filter((item) => !('role' in item) || viewer?.roles.includes(item.role)).map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            label={t(item.label)}
            variant="filled"
            active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
            onClick={close}
          />
        ))}
        {viewer && (
          <Stack gap={2} mt="auto" p="xs">
            <Text size="sm" fw={600}>
              {viewer.name ?? viewer.userId}
            </Text>
            <Text size="xs" c="dimmed">
              {t('account.signedInAs', { userId: viewer.userId })}
            </Text>
            <Text size="xs" c="dimmed">
              {t('account.agency', { agency: viewer.agency })}
            </Text>
            <Text size="xs" c="dimmed">
              {t('account.roles', { roles: viewer.roles.join(', ') })}
            </Text>
            <Button variant="subtle" size="xs" onClick={signOut} hiddenFrom="xs" mt={4}>
              {t('account.signOut')}
            </Button>
          </Stack>
        )}
      </AppShell.Navbar>
      <AppShell.Main>
        {navigation.state === 'loading' && (
          <VisuallyHidden role="status">{t('common.loading')}</VisuallyHidden>
        )}
        {loading ? <PageLoader /> : (
          <Suspense fallback={<PageLoader />}>
            <Outlet />
          </Suspense>
        )}
      </AppShell.Main>
    </AppShell>
  );
}

export function PageLoader() {
  const { t } = useTranslation();
  return (
    <Center py="xl">
      <Loader role="progressbar" aria-label={t('common.loading')} />
    </Center>
  );
}
