import { AppShell, Burger, Button, Center, Group, Loader, Menu, NavLink, Select, Stack, Text, Title, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink as RouterLink, Outlet, useLocation, useNavigation } from 'react-router';
import { LANGUAGES, setLanguage, type Language } from '../../app/i18n';
import { useSession } from '../../app/session-context';

const NAV = [
  { to: '/my-work', label: 'nav.myWork' },
  { to: '/clusters', label: 'nav.clusters' },
  { to: '/approvals', label: 'nav.approvals' },
  { to: '/integrity', label: 'nav.audit' },
  { to: '/templates', label: 'nav.templates' },
] as const;

export function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('language.label')}
      data={LANGUAGES.map((l) => ({ value: l.code, label: l.label }))}
      value={i18n.language}
      onChange={(v) => v && setLanguage(v as Language)}
      allowDeselect={false}
      w={130}
      size="xs"
      comboboxProps={{ withinPortal: true }}
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
            <LanguageSelect />
            <Menu position="bottom-end" withinPortal>
              <Menu.Target>
                <UnstyledButton aria-label={t('account.menu', { name: viewer?.name ?? viewer?.userId ?? '' })}>
                  <Stack gap={0} align="flex-end">
                    <Text size="sm" fw={600} lineClamp={1}>
                      {viewer?.name ?? viewer?.userId ?? '…'}
                    </Text>
                    <Text size="xs" c="dimmed" visibleFrom="xs">
                      {viewer ? t('account.agency', { agency: viewer.agency }) : ''}
                    </Text>
                  </Stack>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                {viewer && (
                  <>
                    <Menu.Label>{t('account.signedInAs', { userId: viewer.userId })}</Menu.Label>
                    <Menu.Label>{t('account.agency', { agency: viewer.agency })}</Menu.Label>
                    <Menu.Label>{t('account.roles', { roles: viewer.roles.map((r) => r).join(', ') })}</Menu.Label>
                  </>
                )}
                <Menu.Item onClick={signOut}>{t('account.signOut')}</Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label={t('nav.label')} component="nav">
        {NAV.map((item) => (
          <NavLink
            key={item.to}
            component={RouterLink}
            to={item.to}
            label={t(item.label)}
            active={location.pathname === item.to || location.pathname.startsWith(`${item.to}/`)}
            onClick={close}
          />
        ))}
        {viewer && (
          <Stack gap={0} mt="auto" p="xs">
            <Text size="xs" c="dimmed">
              {t('account.signedInAs', { userId: viewer.userId })}
            </Text>
            <Text size="xs" c="dimmed">
              {t('account.roles', { roles: viewer.roles.join(', ') })}
            </Text>
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
      <Loader aria-label={t('common.loading')} />
    </Center>
  );
}

export function SignOutButton() {
  const { t } = useTranslation();
  const { signOut } = useSession();
  return <Button variant="subtle" onClick={signOut}>{t('account.signOut')}</Button>;
}
