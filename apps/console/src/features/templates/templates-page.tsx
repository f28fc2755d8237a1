import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { COLOURS } from '../../app/colours';
import { useFormat } from '../../app/format';
import { ScrollTable } from '../../app/scroll-table';
import { TemplatesListDocument } from './template-operations';

/** The agency's programme templates, the latest version of each first, with their other versions. */
export function TemplatesPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, error } = useQuery(TemplatesListDocument);
  const byKey = new Map<string, NonNullable<typeof data>['templates']>();
  for (const tpl of data?.templates ?? []) byKey.set(tpl.key, [...(byKey.get(tpl.key) ?? []), tpl]);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={2}>{t('templates.title')}</Title>
        <Button component={Link} to="/templates/new">
          {t('templates.new')}
        </Button>
      </Group>
      {error && <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>}
      {data && (
        <ScrollTable label={t('templates.tableLabel')} minWidth={560}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('templates.name')}</Table.Th>
                <Table.Th>{t('templates.key')}</Table.Th>
                <Table.Th>{t('templates.latest')}</Table.Th>
                <Table.Th>{t('templates.published')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {[...byKey.values()].map((versions) => {
                const latest = versions.reduce((a, b) => (b.version > a.version ? b : a));
                return (
                  <Table.Tr key={latest.key}>
                    <Table.Td>
                      <Anchor component={Link} to={`/templates/${encodeURIComponent(latest.key)}`}>
                        {latest.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Text ff="monospace" size="sm">
                        {latest.key}
                      </Text>
                    </Table.Td>
                    <Table.Td>{t('templates.versionCount', { version: latest.version, count: versions.length })}</Table.Td>
                    <Table.Td>{t('templates.publishedByOn', { who: latest.publishedBy, date: fmt.date(latest.publishedAt) })}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
