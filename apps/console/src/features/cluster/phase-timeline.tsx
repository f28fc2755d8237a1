import { Badge, Group, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { useFormat } from '../../app/format';
import type { ClusterPageQuery } from '../../gql/graphql';
import type { titles } from './template-definition';

type Cluster = NonNullable<ClusterPageQuery['cluster']>;

/** Every phase visit, oldest first, with how it was entered, suspensions and the current due date. */
export function PhaseTimeline({ cluster, names }: { cluster: Cluster; names: ReturnType<typeof titles> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const visits = cluster.history;
  return (
    <Timeline active={visits.length - 1} bulletSize={18} lineWidth={2} aria-label={t('cluster.timeline')}>
      {visits.map((v, i) => {
        const current = i === visits.length - 1 && !v.leftAt;
        return (
          <Timeline.Item
            key={`${v.phase}-${v.enteredAt}`}
            title={
              <Group gap="xs">
                <Text fw={600}>{names.phase(v.phase)}</Text>
                {current && <Badge color={COLOURS.info}>{t('cluster.current')}</Badge>}
                {current && cluster.status === 'SUSPENDED' && <Badge color={COLOURS.warn}>{t('status.SUSPENDED')}</Badge>}
                {current && cluster.overdue && <Badge color={COLOURS.bad}>{t('cluster.overdue')}</Badge>}
              </Group>
            }
          >
            <Text size="sm">
              {v.leftAt
                ? t('cluster.visitClosed', { from: fmt.date(v.enteredAt), to: fmt.date(v.leftAt) })
                : t('cluster.visitOpen', { from: fmt.date(v.enteredAt) })}
            </Text>
            {v.viaGate && (
              <Text size="sm" c="dimmed">
                {t('cluster.viaGate', { gate: names.gate(v.viaGate) })}
              </Text>
            )}
            {v.suspendedDays > 0 && (
              <Text size="sm" c="dimmed">
                {t('cluster.suspendedDays', { count: Math.round(v.suspendedDays * 10) / 10, formatted: fmt.number(v.suspendedDays, 1) })}
              </Text>
            )}
            {current && cluster.due && (
              <Text size="sm" c={cluster.overdue ? COLOURS.bad : undefined} fw={cluster.overdue ? 600 : undefined}>
                {cluster.overdue
                  ? t('cluster.overdueSince', { date: fmt.date(cluster.due), relative: fmt.relativeDays(cluster.due) })
                  : t('cluster.dueOn', { date: fmt.date(cluster.due), relative: fmt.relativeDays(cluster.due) })}
              </Text>
            )}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
