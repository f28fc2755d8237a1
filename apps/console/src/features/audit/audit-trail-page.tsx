import { COLOURS } from '../../app/colours';
import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Code, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useFormat } from '../../app/format';
import { ScrollTable } from '../../app/scroll-table';
import { PageLoader } from '../shell/layout';
import { AuditTrailDocument, VerifyAuditDocument } from './audit-operations';
import { ExportButtons } from './export-buttons';
import { VerificationResult } from './verification-result';

const PAGE = 100;

/** A cluster's recorded events in order, with their hash chain, 100 at a time; verify and export it. */
export function AuditTrailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, error, loading, fetchMore } = useQuery(AuditTrailDocument, { variables: { clusterId: id, first: PAGE }, notifyOnNetworkStatusChange: true });
  const [verifyAsked, setVerifyAsked] = useState(false);
  const verification = useQuery(VerifyAuditDocument, { variables: { clusterId: id }, skip: !verifyAsked, fetchPolicy: 'network-only' });
  if (error) return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;
  if (!data) return <PageLoader />;
  const trail = data.auditTrail;
  return (
    <Stack>
      <Title order={2}>{t('trail.title', { name: data.cluster?.name ?? id })}</Title>
      <Group>
        <Anchor component={Link} to={`/clusters/${id}`}>
          {t('trail.back')}
        </Anchor>
      </Group>
      <Group wrap="wrap">
        <Button onClick={() => (verifyAsked ? void verification.refetch() : setVerifyAsked(true))} loading={verification.loading}>
          {t('trail.verify')}
        </Button>
        <ExportButtons clusterId={id} />
      </Group>
      {verification.data && <VerificationResult result={verification.data.verifyAuditTrail} />}
      <ScrollTable label={t('trail.tableLabel')} minWidth={760}>
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('trail.seq')}</Table.Th>
              <Table.Th>{t('trail.when')}</Table.Th>
              <Table.Th>{t('trail.what')}</Table.Th>
              <Table.Th>{t('trail.who')}</Table.Th>
              <Table.Th>{t('trail.details')}</Table.Th>
              <Table.Th>{t('trail.hash')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {trail.edges.map(({ node: e }) => (
              <Table.Tr key={e.id}>
                <Table.Td>{fmt.number(e.seq, 0)}</Table.Td>
                <Table.Td>{fmt.dateTime(e.at)}</Table.Td>
                <Table.Td>{t(`eventType.${e.type}`, { defaultValue: e.type })}</Table.Td>
                <Table.Td>
                  {e.actorName ?? e.actor}
                  {e.role ? ` (${e.role})` : ''}
                </Table.Td>
                <Table.Td>
                  <Code block style={{ maxWidth: 320, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                    {JSON.stringify(e.payload)}
                  </Code>
                </Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" title={e.hash}>
                    {e.hash.slice(0, 12)}…
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {trail.pageInfo.hasNextPage && (
        <Group>
          <Button variant="outline" loading={loading} onClick={() => void fetchMore({ variables: { after: trail.pageInfo.endCursor } })}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
