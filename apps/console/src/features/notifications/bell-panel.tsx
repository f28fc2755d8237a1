import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMarkAllRead, type NotificationItem } from './notification-cache';
import { NotificationList } from './notification-list';

/**
 * What the bell opens (loaded the first time it is opened, so the first page stays small):
 * the newest notifications, "Mark all read" and a link to the notifications page. Fixed under
 * the header at the right, never wider than the screen.
 */
export function BellPanel({ id, items, unread, loaded, onClose }: { id: string; items: NotificationItem[]; unread: number; loaded: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const { busy, markAll } = useMarkAllRead();
  return (
    <Paper
      id={id}
      component="section"
      aria-labelledby={`${id}-title`}
      withBorder
      shadow="md"
      p="sm"
      style={{ position: 'fixed', top: 'calc(var(--app-shell-header-height, 56px) + 4px)', right: '0.5rem', width: 'min(26rem, calc(100vw - 1rem))', zIndex: 300 }}
    >
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Title order={2} size="h5" id={`${id}-title`}>
            {t('notifications.title')}
          </Title>
          {unread > 0 && (
            <Button size="compact-sm" variant="light" loading={busy} onClick={() => void markAll()}>
              {t('notifications.markAll')}
            </Button>
          )}
        </Group>
        {!loaded ? (
          <Text size="sm">{t('common.loading')}</Text>
        ) : items.length === 0 ? (
          <Text size="sm">{t('notifications.empty')}</Text>
        ) : (
          <div style={{ maxHeight: 'min(60vh, 28rem)', overflowY: 'auto' }}>
            <NotificationList items={items} label={t('notifications.latest')} onFollow={onClose} compact />
          </div>
        )}
        <Anchor component={Link} to="/notifications" size="sm" onClick={onClose}>
          {t('notifications.seeAll')}
        </Anchor>
      </Stack>
    </Paper>
  );
}
