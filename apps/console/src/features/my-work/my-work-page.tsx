import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { COLOURS } from '../../app/colours';
import { useFormat } from '../../app/format';
import { useTemplateTitles } from '../../app/template-titles';
import { graphql } from '../../gql';
import type { MyWorkQuery } from '../../gql/graphql';
import { PageLoader } from '../shell/layout';

export const MyWorkDocument = graphql(`
  query MyWork($first: Int!, $after: String) {
    myWork(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          kind
          gate
          milestone
          role
          indicator
          detail
          since
          due
          overdue
          artefactVersion {
            id
            number
            title
          }
          cluster {
            id
            name
            templateKey
            templateVersion
          }
        }
      }
    }
  }
`);

const PAGE = 50;
type Item = MyWorkQuery['myWork']['edges'][number]['node'];

/** Where on the cluster page the item is acted on: the gate's or the milestone's section. */
export function workTarget(item: Pick<Item, 'gate' | 'milestone' | 'cluster'>): string {
  const anchor = item.milestone ? `#milestone-${item.milestone}` : item.gate ? `#gate-${item.gate}` : '';
  return `/clusters/${item.cluster.id}${anchor}`;
}

/** What waits on the signed-in person across the agency, in the server's order (overdue first), each one click from where it is done. */
export function MyWorkPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const names = useTemplateTitles();
  const { data, error, loading, fetchMore } = useQuery(MyWorkDocument, { variables: { first: PAGE }, notifyOnNetworkStatusChange: true });
  if (error) return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;
  if (!data) return <PageLoader />;
  const { edges, totalCount, pageInfo } = data.myWork;
  return (
    <Stack>
      <Title order={2}>{t('work.title')}</Title>
      <Text role="status">{totalCount === 0 ? t('work.empty') : t('work.count', { count: totalCount, formatted: fmt.number(totalCount) })}</Text>
      {edges.length > 0 && (
        <Stack component="ol" aria-label={t('work.listLabel')} gap="xs" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {edges.map(({ node: item }) => {
            const { templateKey: key, templateVersion: version } = item.cluster;
            const where = item.gate && !item.milestone ? t('work.atGate', { gate: names.gate(key, version, item.gate) }) : null;
            return (
              <li key={item.id}>
                <Paper withBorder p="sm">
                  <Stack gap={4}>
                    <Group justify="space-between" wrap="wrap" gap="xs">
                      <Anchor component={Link} to={workTarget(item)} fw={600}>
                        {t(`work.kind.${item.kind}`, { cluster: item.cluster.name })}
                      </Anchor>
                      {item.overdue ? (
                        <Badge color={COLOURS.bad}>{t('cluster.overdue')}</Badge>
                      ) : item.due ? (
                        <Badge color={COLOURS.neutral}>{t('work.due', { date: fmt.date(item.due) })}</Badge>
                      ) : null}
                    </Group>
                    <Text>{item.detail}</Text>
                    <Text size="sm" c="dimmed">
                      {[where, item.artefactVersion ? t('cluster.versionLabel', { title: item.artefactVersion.title, number: item.artefactVersion.number }) : null, t('work.since', { date: fmt.date(item.since) })]
                        .filter(Boolean)
                        .join(' · ')}
                    </Text>
                    {item.overdue && item.due && (
                      <Text size="sm" c={COLOURS.bad}>
                        {t('cluster.overdueSince', { date: fmt.date(item.due), relative: fmt.relativeDays(item.due) })}
                      </Text>
                    )}
                  </Stack>
                </Paper>
              </li>
            );
          })}
        </Stack>
      )}
      {pageInfo.hasNextPage && (
        <Group>
          <Button variant="outline" loading={loading} onClick={() => void fetchMore({ variables: { after: pageInfo.endCursor } })}>
            {t('work.more')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
