import { useQuery } from '@apollo/client/react';
import { Alert, Anchor, Badge, Button, Code, Group, NativeSelect, Stack, Table, Tabs, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { COLOURS } from '../../app/colours';
import { useFormat } from '../../app/format';
import { ScrollTable } from '../../app/scroll-table';
import { PageLoader } from '../shell/layout';
import { MermaidDiagram } from './mermaid-diagram';
import { MigrationPreview } from './migration-preview';
import { TemplateVersionDocument } from './template-operations';

/** One template: its versions, the diagram, phases and gates, the source, and moving clusters between versions. */
export function TemplatePage() {
  const { key = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const version = params.get('version') ? Number(params.get('version')) : undefined;
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, error } = useQuery(TemplateVersionDocument, { variables: { key, version } });
  if (error) return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;
  if (!data) return <PageLoader />;
  const tpl = data.template;
  if (!tpl) return <Alert color={COLOURS.warn}>{t('templates.notFound', { key })}</Alert>;
  const versions = data.templates.map((v) => v.version).sort((a, b) => b - a);
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Stack gap={2}>
          <Title order={2}>{tpl.title}</Title>
          <Text size="sm" c="dimmed">
            {t('templates.versionOf', { key: tpl.key, version: tpl.version, who: tpl.publishedBy, date: fmt.date(tpl.publishedAt) })}
          </Text>
        </Stack>
        <Group>
          <NativeSelect
            label={t('templates.version')}
            value={String(tpl.version)}
            data={versions.map((v) => ({ value: String(v), label: t('templates.versionN', { version: v }) }))}
            onChange={(e) => setParams({ version: e.currentTarget.value })}
          />
          <Button component={Link} to={`/templates/${encodeURIComponent(tpl.key)}/edit?from=${tpl.version}`} mt="lg">
            {t('templates.edit')}
          </Button>
        </Group>
      </Group>
      {tpl.description && <Text>{tpl.description}</Text>}
      {tpl.warnings.length > 0 && (
        <Alert color={COLOURS.warn} title={t('templates.warnings')}>
          {tpl.warnings.map((w, i) => (
            <Text size="sm" key={i}>
              {w.line ? t('editor.at', { line: w.line, column: w.column ?? 1 }) : ''} {w.message}
            </Text>
          ))}
        </Alert>
      )}
      <Tabs defaultValue="diagram" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="diagram">{t('templates.diagram')}</Tabs.Tab>
          <Tabs.Tab value="phases">{t('templates.phasesAndGates')}</Tabs.Tab>
          <Tabs.Tab value="source">{t('templates.source')}</Tabs.Tab>
          <Tabs.Tab value="migrate">{t('migrate.tab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="diagram" pt="md">
          <MermaidDiagram text={tpl.diagram} label={t('templates.diagramLabel', { title: tpl.title })} />
        </Tabs.Panel>
        <Tabs.Panel value="phases" pt="md">
          <Stack>
            <ScrollTable label={t('templates.phases')} minWidth={400}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('templates.phase')}</Table.Th>
                    <Table.Th>{t('templates.key')}</Table.Th>
                    <Table.Th>{t('templates.due')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tpl.phases.map((p) => (
                    <Table.Tr key={p.id}>
                      <Table.Td>
                        {p.title} {p.final && <Badge color={COLOURS.neutral}>{t('templates.final')}</Badge>}
                      </Table.Td>
                      <Table.Td>
                        <Code>{p.key}</Code>
                      </Table.Td>
                      <Table.Td>{p.due ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
            <ScrollTable label={t('templates.gates')} minWidth={480}>
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('templates.gate')}</Table.Th>
                    <Table.Th>{t('templates.fromTo')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {tpl.gates.map((g) => (
                    <Table.Tr key={g.id}>
                      <Table.Td>{g.title}</Table.Td>
                      <Table.Td>
                        {g.from.join(', ')} → {g.to}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="source" pt="md">
          <Code block aria-label={t('templates.source')} style={{ maxHeight: 600, overflow: 'auto' }} tabIndex={0}>
            {tpl.source}
          </Code>
        </Tabs.Panel>
        <Tabs.Panel value="migrate" pt="md">
          <MigrationPreview templateKey={tpl.key} versions={versions} />
        </Tabs.Panel>
      </Tabs>
      <Anchor component={Link} to="/templates">
        {t('templates.back')}
      </Anchor>
    </Stack>
  );
}
