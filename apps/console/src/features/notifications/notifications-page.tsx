import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Group, NativeSelect, Radio, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { errorDetails } from '../../app/errors';
import { LANGUAGES } from '../../app/i18n';
import { useFormat } from '../../app/format';
import { notifyDone, notifyFailed } from '../../app/notify';
import type { EmailMode } from '../../gql/graphql';
import { PageLoader } from '../shell/layout';
import { useMarkAllRead } from './notification-cache';
import { NotificationList } from './notification-list';
import { NotificationPreferencesDocument, NotificationsPageDocument, SetNotificationPreferencesDocument } from './notification-operations';

const PAGE = 20;
const MODES: EmailMode[] = ['IMMEDIATE', 'DAILY_DIGEST', 'OFF'];

/** Every notification of the signed-in person, newest first, a page at a time (or the unread ones), and how they are mailed. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { busy, markAll } = useMarkAllRead();
  const { data, error, loading, fetchMore } = useQuery(NotificationsPageDocument, { variables: { unreadOnly, first: PAGE }, notifyOnNetworkStatusChange: true });
  if (error) return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;

  const connection = data?.notifications;
  return (
    <Stack>
      <Title order={2}>{t('notifications.title')}</Title>
      <Group justify="space-between" wrap="wrap" gap="sm">
        <Switch label={t('notifications.unreadOnly')} checked={unreadOnly} onChange={(e) => setUnreadOnly(e.currentTarget.checked)} />
        {connection && connection.unread > 0 && (
          <Button variant="light" loading={busy} onClick={() => void markAll()}>
            {t('notifications.markAll')}
          </Button>
        )}
      </Group>
      {!connection ? (
        <PageLoader />
      ) : (
        <>
          <Text role="status">
            {connection.totalCount === 0
              ? t(unreadOnly ? 'notifications.noneUnread' : 'notifications.empty')
              : t('notifications.count', { count: connection.totalCount, formatted: fmt.number(connection.totalCount), unread: fmt.number(connection.unread) })}
          </Text>
          {connection.edges.length > 0 && <NotificationList items={connection.edges.map((e) => e.node)} label={t('notifications.listLabel')} />}
          {connection.pageInfo.hasNextPage && (
            <Group>
              <Button variant="outline" loading={loading} onClick={() => void fetchMore({ variables: { after: connection.pageInfo.endCursor } })}>
                {t('notifications.more')}
              </Button>
            </Group>
          )}
        </>
      )}
      <EmailPreference />
    </Stack>
  );
}

/** How the person is mailed: a mail each time, a daily digest, or none; says what changed. */
function EmailPreference() {
  const { t } = useTranslation();
  const { data } = useQuery(NotificationPreferencesDocument);
  const [save, { loading }] = useMutation(SetNotificationPreferencesDocument, {
    update(cache, { data: answer }) {
      if (answer) cache.writeQuery({ query: NotificationPreferencesDocument, data: { notificationPreferences: answer.setNotificationPreferences } });
    },
  });
  const current = data?.notificationPreferences.email;
  const language = data?.notificationPreferences.language ?? null;
  const change = async (value: string) => {
    try {
      // Shown chosen at once (optimistic), and put back if the server refuses. The language is left as it is (not sent).
      const { data: answer } = await save({
        variables: { email: value as EmailMode },
        optimisticResponse: { setNotificationPreferences: { __typename: 'NotificationPreferences', email: value as EmailMode, language } as { email: EmailMode; language: string | null } },
      });
      const email = answer?.setNotificationPreferences.email ?? (value as EmailMode);
      notifyDone(t(`notifications.email.saved.${email}`));
    } catch (e) {
      notifyFailed(t('common.error', { message: (e as Error).message }));
    }
  };
  // The language notifications and mails are written in: one the console speaks, or each template's default (empty).
  const changeLanguage = async (value: string) => {
    if (!current) return;
    const chosen = value || null;
    try {
      const { data: answer } = await save({
        variables: { email: current, language: chosen },
        optimisticResponse: { setNotificationPreferences: { __typename: 'NotificationPreferences', email: current, language: chosen } as { email: EmailMode; language: string | null } },
      });
      const saved = answer?.setNotificationPreferences.language ?? null;
      notifyDone(saved ? t('notifications.language.saved', { language: LANGUAGES.find((l) => l.code === saved)?.label ?? saved }) : t('notifications.language.savedDefault'));
    } catch (e) {
      notifyFailed(t('common.error', { message: errorDetails(e).message }));
    }
  };
  return (
    <Stack gap="xs" component="section" aria-labelledby="email-preference">
      <Title order={3} id="email-preference">
        {t('notifications.email.title')}
      </Title>
      {!current ? (
        <Text size="sm">{t('common.loading')}</Text>
      ) : (
        <Radio.Group value={current} onChange={(v) => void change(v)} label={t('notifications.email.label')} description={t('notifications.email.description')}>
          <Stack gap="xs" mt="xs">
            {MODES.map((m) => (
              <Radio key={m} value={m} label={t(`notifications.email.mode.${m}`)} disabled={loading} />
            ))}
          </Stack>
        </Radio.Group>
      )}
      {current && (
        <NativeSelect
          label={t('notifications.language.label')}
          description={t('notifications.language.description')}
          value={language ?? ''}
          disabled={loading}
          onChange={(e) => void changeLanguage(e.currentTarget.value)}
          data={[{ value: '', label: t('notifications.language.default') }, ...LANGUAGES.map((l) => ({ value: l.code, label: l.label }))]}
          maw={360}
        />
      )}
    </Stack>
  );
}
