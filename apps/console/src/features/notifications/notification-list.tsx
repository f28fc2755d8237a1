import { useApolloClient } from '@apollo/client/react';
import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { COLOURS } from '../../app/colours';
import { useFormat } from '../../app/format';
import { notifyDone, notifyFailed } from '../../app/notify';
import { markRead, type NotificationItem } from './notification-cache';

/**
 * Notifications, newest first: each with its title, its sentences, a link to its cluster's
 * page, when it came, whether it is still unread and a button to mark it read. Following the
 * link marks it read too. `onFollow`: after following a link (the bell closes its panel).
 */
export function NotificationList({ items, label, onFollow, compact }: { items: NotificationItem[]; label: string; onFollow?: () => void; compact?: boolean }) {
  return (
    <Stack component="ul" aria-label={label} gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {items.map((n) => (
        <NotificationRow key={n.id} n={n} onFollow={onFollow} compact={compact} />
      ))}
    </Stack>
  );
}

function NotificationRow({ n, onFollow, compact }: { n: NotificationItem; onFollow?: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useApolloClient();
  const [busy, setBusy] = useState(false);
  const unread = !n.readAt;
  const markOne = async (announce: boolean) => {
    setBusy(true);
    try {
      await markRead(client, [n.id]);
      if (announce) notifyDone(t('notifications.markedOne', { title: n.title }));
    } catch (e) {
      notifyFailed(t('common.error', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Paper
      component="li"
      withBorder
      p="xs"
      style={{ borderLeft: unread ? `4px solid ${COLOURS.info}` : undefined, overflowWrap: 'anywhere' }}
    >
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap" justify="space-between" align="flex-start">
          <Text fw={unread ? 700 : 500} size={compact ? 'sm' : 'md'} style={{ flex: '1 1 12rem', minWidth: 0 }}>
            {n.title}
          </Text>
          {unread && (
            <Badge color={COLOURS.info} size="sm">
              {t('notifications.unreadBadge')}
            </Badge>
          )}
        </Group>
        {!compact && <Text size="sm">{n.body}</Text>}
        <Group gap="xs" wrap="wrap" justify="space-between">
          <Group gap="xs" wrap="wrap">
            {n.cluster && (
              <Anchor
                component={Link}
                to={`/clusters/${n.cluster.id}`}
                size="sm"
                onClick={() => {
                  if (unread) void markOne(false);
                  onFollow?.();
                }}
              >
                {n.cluster.name}
              </Anchor>
            )}
            <Text size="xs" c="dimmed" component="time" dateTime={n.createdAt} title={fmt.dateTime(n.createdAt)}>
              {fmt.relativeTime(n.createdAt)}
            </Text>
            <Text size="xs" c="dimmed">
              {t(`notifications.kind.${n.kind}`)}
            </Text>
          </Group>
          {unread && (
            <Button size="compact-xs" variant="subtle" loading={busy} onClick={() => void markOne(true)} aria-label={t('notifications.markOneLabel', { title: n.title })}>
              {t('notifications.markOne')}
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
