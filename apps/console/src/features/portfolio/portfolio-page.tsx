import { useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Checkbox, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { COLOURS } from '../../app/colours';
import { useFormat } from '../../app/format';
import { useSession } from '../../app/session-context';
import { useTemplateTitles } from '../../app/template-titles';
import { graphql } from '../../gql';
import type { ClusterSort, ClusterStatus } from '../../gql/graphql';
import { StatusBadge } from '../cluster/status-badge';

export const PortfolioDocument = graphql(`
  query Portfolio($first: Int!, $after: String, $filter: ClusterFilter, $sort: ClusterSort!) {
    clusters(first: $first, after: $after, filter: $filter, sort: $sort) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          name
          phase
          status
          score
          overdue
          due
          sector
          region
          country
          templateKey
          templateVersion
        }
      }
    }
  }
`);

const PAGE = 50;
const ROW_HEIGHT = 84;

/** The agency's clusters, 50 at a time as the list scrolls; only the visible rows are drawn. */
export function PortfolioPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useTemplateTitles();
  const { viewer } = useSession();
  // registerCluster accepts agency admins and CDAs (the API offers no viewerCan outside a cluster).
  const mayRegister = !!viewer?.roles.some((r) => r === 'agency_admin' || r === 'cda');
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 300);
  const [status, setStatus] = useState<ClusterStatus | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const [sort, setSort] = useState<ClusterSort>('REGISTERED_AT');
  const filter = {
    ...(debounced.trim() ? { search: debounced.trim() } : {}),
    ...(status ? { status } : {}),
    ...(overdueOnly ? { overdue: true } : {}),
  };
  const { data, loading, error, fetchMore } = useQuery(PortfolioDocument, {
    variables: { first: PAGE, filter, sort },
    notifyOnNetworkStatusChange: true,
  });
  const edges = data?.clusters.edges ?? [];
  const pageInfo = data?.clusters.pageInfo;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: edges.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  useEffect(() => {
    if (!last || !pageInfo?.hasNextPage || loading) return;
    if (last.index >= edges.length - 10) void fetchMore({ variables: { after: pageInfo.endCursor } });
  }, [last?.index, edges.length, pageInfo?.hasNextPage, pageInfo?.endCursor, loading, fetchMore]);

  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={2}>{t('portfolio.title')}</Title>
        {mayRegister && (
          <Button component={Link} to="/clusters/new" variant="outline">
            {t('register.title')}
          </Button>
        )}
      </Group>
      <Group align="flex-end" wrap="wrap">
        <TextInput label={t('portfolio.search')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={{ base: '100%', xs: 240 }} />
        <Select
          label={t('portfolio.status')}
          value={status}
          onChange={(v) => setStatus(v as ClusterStatus | null)}
          clearable
          placeholder={t('portfolio.anyStatus')}
          data={(['ACTIVE', 'SUSPENDED', 'FINISHED'] as const).map((s) => ({ value: s, label: t(`status.${s}`) }))}
          w={{ base: '100%', xs: 180 }}
        />
        <Select
          label={t('portfolio.sort')}
          value={sort}
          onChange={(v) => v && setSort(v as ClusterSort)}
          allowDeselect={false}
          data={(['REGISTERED_AT', 'NAME', 'SCORE'] as const).map((s) => ({ value: s, label: t(`portfolio.sortBy.${s}`) }))}
          w={{ base: '100%', xs: 200 }}
        />
        <Checkbox label={t('portfolio.overdueOnly')} checked={overdueOnly} onChange={(e) => setOverdueOnly(e.currentTarget.checked)} mb={8} />
      </Group>
      {error && <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>}
      <Text size="sm" role="status">
        {data ? t('portfolio.count', { count: data.clusters.totalCount, formatted: fmt.number(data.clusters.totalCount) }) : t('common.loading')}
      </Text>
      <div ref={scrollRef} style={{ height: 'calc(100dvh - 300px)', minHeight: 320, overflowY: 'auto' }} tabIndex={-1}>
        <ul aria-label={t('portfolio.listLabel')} style={{ height: virtualizer.getTotalSize(), position: 'relative', listStyle: 'none', margin: 0, padding: 0 }}>
          {items.map((row) => {
            const c = edges[row.index].node;
            return (
              <li
                key={c.id}
                aria-setsize={data?.clusters.totalCount}
                aria-posinset={row.index + 1}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${row.start}px)`, paddingBottom: 6 }}
              >
                <Paper withBorder p="xs" h="100%">
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Stack gap={2} style={{ minWidth: 0 }}>
                      <Link to={`/clusters/${c.id}`} style={{ fontWeight: 600 }}>
                        {c.name}
                      </Link>
                      <Text size="sm" c="dimmed" lineClamp={1}>
                        {[c.sector, c.region, c.country].filter(Boolean).join(' · ')}
                      </Text>
                      <Text size="sm" lineClamp={1}>
                        {t('portfolio.phase', { phase: names.phase(c.templateKey, c.templateVersion, c.phase) })}
                        {c.score !== null && c.score !== undefined ? ` · ${t('portfolio.score', { score: fmt.number(c.score) })}` : ''}
                      </Text>
                    </Stack>
                    <Stack gap={4} align="flex-end">
                      <StatusBadge status={c.status} />
                      {c.overdue && <Badge color={COLOURS.bad}>{t('cluster.overdue')}</Badge>}
                    </Stack>
                  </Group>
                </Paper>
              </li>
            );
          })}
        </ul>
        {loading && (
          <Group justify="center" p="sm">
            <Loader size="sm" role="progressbar" aria-label={t('common.loading')} />
          </Group>
        )}
      </div>
    </Stack>
  );
}
