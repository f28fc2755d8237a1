import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { errorDetails } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notifyDone } from '../../app/notify';
import { ScrollTable } from '../../app/scroll-table';
import type { MigrateAllMutation } from '../../gql/graphql';
import { MigrateAllDocument } from './template-operations';

/** The plan of moving every unfinished cluster of one version to another (a dry run, as a table), then applying it. */
export function MigrationPreview({ templateKey, versions, initialTo }: { templateKey: string; versions: number[]; initialTo?: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const newest = initialTo ?? versions[0];
  const [to, setTo] = useState(String(newest));
  const [from, setFrom] = useState(String(versions.find((v) => v < Number(newest)) ?? versions[versions.length - 1]));
  const [plan, setPlan] = useState<MigrateAllMutation['migrateAll'] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [migrate, { loading }] = useMutation(MigrateAllDocument);
  const run = async (dryRun: boolean) => {
    setError(null);
    try {
      const { data } = await migrate({ variables: { templateKey, fromVersion: Number(from), toVersion: Number(to), dryRun } });
      if (!data) return;
      setPlan(data.migrateAll);
      if (!dryRun) notifyDone(t('migrate.appliedCount', { count: data.migrateAll.applied, formatted: fmt.number(data.migrateAll.applied, 0) }));
    } catch (e) {
      setError(errorDetails(e).message);
    }
  };
  const options = versions.map((v) => ({ value: String(v), label: t('templates.versionN', { version: v }) }));
  return (
    <Stack>
      <Text size="sm">{t('migrate.intro')}</Text>
      <Group align="flex-end" wrap="wrap">
        <NativeSelect label={t('migrate.from')} data={options} value={from} onChange={(e) => { setFrom(e.currentTarget.value); setPlan(null); }} />
        <NativeSelect label={t('migrate.to')} data={options} value={to} onChange={(e) => { setTo(e.currentTarget.value); setPlan(null); }} />
        <Button onClick={() => run(true)} loading={loading} variant="outline">
          {t('migrate.preview')}
        </Button>
        {plan?.dryRun && plan.clusters - plan.blocked > 0 && (
          <Button onClick={() => run(false)} loading={loading}>
            {t('migrate.apply', { count: plan.clusters - plan.blocked })}
          </Button>
        )}
      </Group>
      {error && <Alert color={COLOURS.bad} title={t('migrate.refused')}>{error}</Alert>}
      {plan && (
        <>
          <Text role="status">
            {plan.dryRun
              ? t('migrate.summaryDry', { clusters: plan.clusters, blocked: plan.blocked, from: plan.fromVersion, to: plan.toVersion })
              : t('migrate.summaryApplied', { applied: plan.applied, blocked: plan.blocked, from: plan.fromVersion, to: plan.toVersion })}
          </Text>
          {plan.plans.length > 0 && (
            <ScrollTable label={t('migrate.tableLabel')} minWidth={720}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('migrate.cluster')}</Table.Th>
                    <Table.Th>{t('migrate.mapping')}</Table.Th>
                    <Table.Th>{t('migrate.newlyUnmet')}</Table.Th>
                    <Table.Th>{t('migrate.outcome')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {plan.plans.map((p) => (
                    <Table.Tr key={p.clusterId}>
                      <Table.Td>{p.clusterName}</Table.Td>
                      <Table.Td>
                        {p.phaseMapping}
                        {/* Renamed gates whose decisions keep counting (migration.gates). */}
                        {p.gateMapping.map((g) => (
                          <Text key={g} size="sm">
                            {t('migrate.renamedGate', { mapping: g })}
                          </Text>
                        ))}
                      </Table.Td>
                      <Table.Td>{p.newlyUnmet.map((u) => `${u.gate ? `${u.gate}: ` : ''}${u.detail}`).join('; ')}</Table.Td>
                      <Table.Td>{p.problems.length ? p.problems.join('; ') : p.applied ? t('migrate.migrated') : t('migrate.canMove')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
        </>
      )}
    </Stack>
  );
}
