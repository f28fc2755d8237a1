import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import type { ClusterStatus } from '../../gql/graphql';

const BY_STATUS: Record<ClusterStatus, string> = { ACTIVE: COLOURS.ok, SUSPENDED: COLOURS.warn, FINISHED: COLOURS.neutral };

export function StatusBadge({ status }: { status: ClusterStatus }) {
  const { t } = useTranslation();
  return <Badge color={BY_STATUS[status]}>{t(`status.${status}`)}</Badge>;
}
