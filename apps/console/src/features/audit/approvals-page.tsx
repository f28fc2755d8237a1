import { COLOURS } from '../../app/colours';
import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useFormat } from '../../app/format';
import { ScrollTable } from '../../app/scroll-table';
import type { ApprovalFilter, Outcome } from '../../gql/graphql';
import { ApprovalHistoryDocument } from './audit-operations';

const PAGE = 50;

interface FilterForm {
  clusterId: string;
  decidedBy: string;
  role: string;
  gate: string;
  outcome: string | null;
  from: string;
  to: string;
}

const EMPTY: FilterForm = { clusterId: '', decidedBy: '', role: '', gate: '', outcome: null, from: '', to: '' };

/** Dates typed as days are whole UTC days: `from` at its start (inclusive), `to` at the end (exclusive next day). */
function toFilter(f: FilterForm): ApprovalFilter {
  const day = (d: string, plus = 0) => {
    const date = new Date(`${d}T00:00:00.000Z`);
    date.setUTCDate(date.getUTCDate() + plus);
    return date.toISOString();
  };
  return {
    ...(f.clusterId.trim() ? { clusterId: f.clusterId.trim() } : {}),
    ...(f.decidedBy.trim() ? { decidedBy: f.decidedBy.trim() } : {}),
    ...(f.role.trim() ? { role: f.role.trim() } : {}),
    ...(f.gate.trim() ? { gate: f.gate.trim() } : {}),
    ...(f.outcome ? { outcome: f.outcome as Outcome } : {}),
    ...(f.from ? { from: day(f.from) } : {}),
    ...(f.to ? { to: day(f.to, 1) } : {}),
  };
}

/** Every decision of the agency, newest first, filtered by every condition of ApprovalFilter, 50 at a time. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [form, setForm] = useState<FilterForm>(EMPTY);
  const [filter, setFilter] = useState<ApprovalFilter>({});
  const { data, loading, error, fetchMore } = useQuery(ApprovalHistoryDocument, { variables: { first: PAGE, filter }, notifyOnNetworkStatusChange: true });
  const set = (k: keyof FilterForm) => (v: string | null) => setForm((f) => ({ ...f, [k]: v ?? '' }));
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilter(toFilter(form));
  };
  const page = data?.approvalHistory;
  return (
    <Stack>
      <Title order={2}>{t('approvals.title')}</Title>
      <form onSubmit={apply} aria-label={t('approvals.filters')}>
        <Group align="flex-end" wrap="wrap">
          <TextInput label={t('approvals.cluster')} value={form.clusterId} onChange={(e) => set('clusterId')(e.currentTarget.value)} w={{ base: '100%', sm: 300 }} />
          <TextInput label={t('approvals.decidedBy')} value={form.decidedBy} onChange={(e) => set('decidedBy')(e.currentTarget.value)} w={{ base: '100%', sm: 180 }} />
          <TextInput label={t('approvals.role')} value={form.role} onChange={(e) => set('role')(e.currentTarget.value)} w={{ base: '100%', sm: 180 }} />
          <TextInput label={t('approvals.gate')} value={form.gate} onChange={(e) => set('gate')(e.currentTarget.value)} w={{ base: '100%', sm: 180 }} />
          <Select
            label={t('approvals.outcome')}
            value={form.outcome}
            onChange={(v) => setForm((f) => ({ ...f, outcome: v }))}
            clearable
            placeholder={t('approvals.anyOutcome')}
            data={[
              { value: 'APPROVE', label: t('outcome.APPROVE') },
              { value: 'REJECT', label: t('outcome.REJECT') },
            ]}
            w={{ base: '100%', sm: 160 }}
            comboboxProps={{ withinPortal: true }}
          />
          <TextInput type="date" label={t('approvals.from')} value={form.from} onChange={(e) => set('from')(e.currentTarget.value)} />
          <TextInput type="date" label={t('approvals.to')} value={form.to} onChange={(e) => set('to')(e.currentTarget.value)} />
          <Button type="submit">{t('approvals.apply')}</Button>
          <Button
            variant="subtle"
            onClick={() => {
              setForm(EMPTY);
              setFilter({});
            }}
          >
            {t('approvals.clear')}
          </Button>
        </Group>
      </form>
      {error && <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>}
      <Text size="sm" role="status">
        {page ? t('approvals.count', { count: page.totalCount, formatted: fmt.number(page.totalCount), shown: fmt.number(page.edges.length) }) : t('common.loading')}
      </Text>
      {page && page.edges.length > 0 && (
        <ScrollTable label={t('approvals.tableLabel')} minWidth={820}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('decision.when')}</Table.Th>
                <Table.Th>{t('approvals.clusterColumn')}</Table.Th>
                <Table.Th>{t('decision.what')}</Table.Th>
                <Table.Th>{t('decision.outcome')}</Table.Th>
                <Table.Th>{t('decision.who')}</Table.Th>
                <Table.Th>{t('approvals.document')}</Table.Th>
                <Table.Th>{t('decision.comment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {page.edges.map(({ node: d }) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{fmt.dateTime(d.decidedAt)}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/clusters/${d.clusterId}`}>
                      {d.clusterName}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{d.gate}</Table.Td>
                  <Table.Td>
                    {t(`outcome.${d.outcome}`)}
                    {!d.counts ? ` · ${t('decision.voided')}` : ''}
                  </Table.Td>
                  <Table.Td>{t('approvals.byInRole', { who: d.decidedBy, role: d.role })}</Table.Td>
                  <Table.Td>{d.artefactVersion ? t('cluster.versionLabel', { title: d.artefactVersion.title, number: d.artefactVersion.number }) : ''}</Table.Td>
                  <Table.Td>{d.comment}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {page?.pageInfo.hasNextPage && (
        <Group>
          <Button variant="outline" loading={loading} onClick={() => void fetchMore({ variables: { after: page.pageInfo.endCursor } })}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
