import { useApolloClient, useQuery, useSubscription } from '@apollo/client/react';
import { Button, VisuallyHidden } from '@mantine/core';
import { useClickOutside, useWindowEvent } from '@mantine/hooks';
import { lazy, Suspense, useEffect, useRef, useState, type CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { onReconnected } from '../../app/apollo';
import { COLOURS } from '../../app/colours';
import { useFormat } from '../../app/format';
import { addNotification, BELL_SIZE, catchUp } from './notification-cache';
import { NotificationAddedDocument, NotificationBellDocument } from './notification-operations';

const BellPanel = lazy(() => import('./bell-panel').then((m) => ({ default: m.BellPanel })));
const PANEL_ID = 'notification-panel';
/** The count beside the bell: a pill that never shortens its digits (white on COLOURS.bad, 4.5:1 and more). */
const COUNT_STYLE: CSSProperties = {
  display: 'inline-block',
  minWidth: '1.25rem',
  padding: '0 0.375rem',
  borderRadius: '999px',
  background: COLOURS.bad,
  color: '#fff',
  fontSize: '0.75rem',
  fontWeight: 700,
  lineHeight: '1.25rem',
  textAlign: 'center',
  whiteSpace: 'nowrap',
};

/**
 * The header's bell: the person's unread count, kept live by notificationAdded (written into
 * Apollo's cache, so the notifications page follows too), and a panel with the newest few,
 * "Mark all read" and a link to every notification and the email settings. A disclosure:
 * the panel follows the button; Escape or a click elsewhere closes it.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useApolloClient();
  const [opened, setOpened] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const wrapper = useClickOutside(() => setOpened(false));
  useWindowEvent('keydown', (e) => {
    if (e.key !== 'Escape' || !opened) return;
    setOpened(false);
    button.current?.focus();
  });
  // What arrived live, said once to a screen reader (the bell's name changes silently).
  const [arrived, setArrived] = useState('');
  const { data } = useQuery(NotificationBellDocument, { variables: { first: BELL_SIZE } });
  useSubscription(NotificationAddedDocument, {
    onData: ({ client: c, data: event }) => {
      const n = event.data?.notificationAdded;
      if (!n) return;
      addNotification(c.cache, n);
      setArrived(t('notifications.arrived', { title: n.title }));
    },
  });
  useEffect(() => onReconnected(() => catchUp(client)), [client]);

  const unread = data?.notifications.unread ?? 0;
  const items = (data?.notifications.edges ?? []).slice(0, BELL_SIZE).map((e) => e.node);
  const name = unread === 0 ? t('notifications.bellNone') : t('notifications.bell', { count: unread, formatted: fmt.number(unread) });

  return (
    <div ref={wrapper} style={{ flexShrink: 0 }}>
      <Button
        ref={button}
        variant="subtle"
        size="sm"
        px={8}
        aria-label={name}
        aria-expanded={opened}
        aria-controls={opened ? PANEL_ID : undefined}
        leftSection={<BellIcon />}
        onClick={() => setOpened((o) => !o)}
      >
        {unread > 0 && (
          <span aria-hidden="true" style={COUNT_STYLE}>
            {unread > 99 ? '99+' : fmt.number(unread)}
          </span>
        )}
      </Button>
      {opened && (
        <Suspense fallback={null}>
          <BellPanel id={PANEL_ID} items={items} unread={unread} loaded={!!data} onClose={() => setOpened(false)} />
        </Suspense>
      )}
      <VisuallyHidden role="status" aria-live="polite">
        {arrived}
      </VisuallyHidden>
    </div>
  );
}

function BellIcon() {
  return (
    <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}
