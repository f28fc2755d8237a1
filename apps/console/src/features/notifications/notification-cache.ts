import type { ApolloCache, ApolloClient, Reference } from '@apollo/client';
import { useApolloClient } from '@apollo/client/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import { notifyDone, notifyFailed } from '../../app/notify';
import type { NotificationFieldsFragment as Fields } from '../../gql/graphql';
import { MarkNotificationsReadDocument, NotificationBellDocument, NotificationFieldsFragment, NotificationsPageDocument } from './notification-operations';

export type NotificationItem = Fields;

/** What the cache holds for a page of `notifications` (relayStylePagination keeps `unread` and `totalCount` beside the edges). */
interface StoredConnection {
  edges: { __typename?: string; cursor: string; node: Reference }[];
  unread: number;
  totalCount: number;
  [key: string]: unknown;
}

const stored = (value: unknown) => value as StoredConnection | undefined;

/**
 * A notification that arrived live (notificationAdded): put first in every list of
 * notifications the cache holds, and counted as unread, with no request to the server.
 */
export function addNotification(cache: ApolloCache, n: NotificationItem): void {
  const ref = cache.writeFragment({ fragment: NotificationFieldsFragment, fragmentName: 'NotificationFields', data: { __typename: 'Notification', ...n } as NotificationItem });
  if (!ref) return;
  cache.modify({
    fields: {
      notifications(value, { readField }) {
        const existing = stored(value);
        if (!existing?.edges || existing.edges.some((e) => readField('id', e.node) === n.id)) return value;
        const next: StoredConnection = {
          ...existing,
          edges: [{ __typename: 'NotificationEdge', cursor: '', node: ref }, ...existing.edges],
          unread: existing.unread + (n.readAt ? 0 : 1),
          totalCount: existing.totalCount + 1,
        };
        return next as unknown as typeof value;
      },
    },
  });
}

/**
 * Marks notifications read (`ids`), or all of the person's (null): the server says how many
 * changed; the cache marks them read and lowers the unread count by as many.
 */
export async function markRead(client: ApolloClient, ids: string[] | null): Promise<number> {
  const now = new Date().toISOString();
  const { data } = await client.mutate({
    mutation: MarkNotificationsReadDocument,
    variables: { ids },
    update(cache, { data: answer }) {
      const changed = answer?.markNotificationsRead ?? 0;
      const targets = new Set<string>(ids ?? []);
      if (!ids) {
        // Every notification the cache holds.
        cache.modify({
          fields: {
            notifications(value, { readField }) {
              for (const e of stored(value)?.edges ?? []) {
                const id = readField<string>('id', e.node);
                if (id) targets.add(id);
              }
              return value;
            },
          },
        });
      }
      for (const id of targets) {
        cache.modify({ id: cache.identify({ __typename: 'Notification', id }), fields: { readAt: (v: string | null) => v ?? now } });
      }
      cache.modify({
        fields: {
          notifications(value) {
            const existing = stored(value);
            if (!existing || typeof existing.unread !== 'number') return value;
            const next: StoredConnection = { ...existing, unread: ids ? Math.max(0, existing.unread - changed) : 0 };
            return next as unknown as typeof value;
          },
        },
      });
    },
  });
  return data?.markNotificationsRead ?? 0;
}

/** After the live connection comes back: read the lists shown again (what arrived meanwhile). */
export function catchUp(client: ApolloClient): void {
  void client.refetchQueries({ include: [NotificationBellDocument, NotificationsPageDocument] }).catch(() => undefined);
}

/** How many notifications the bell shows. */
export const BELL_SIZE = 6;

/** "Mark all read" for the bell and the notifications page: busy while it runs, then says how many changed (or what failed). */
export function useMarkAllRead(): { busy: boolean; markAll: () => Promise<void> } {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useApolloClient();
  const [busy, setBusy] = useState(false);
  const markAll = async () => {
    setBusy(true);
    try {
      const changed = await markRead(client, null);
      notifyDone(t('notifications.markedAll', { count: changed, formatted: fmt.number(changed) }));
    } catch (e) {
      notifyFailed(t('common.error', { message: (e as Error).message }));
    } finally {
      setBusy(false);
    }
  };
  return { busy, markAll };
}
