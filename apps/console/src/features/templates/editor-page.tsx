import { useApolloClient, useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Grid, Group, List, Loader, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { COLOURS } from '../../app/colours';
import { errorDetails } from '../../app/errors';
import { notifyDone } from '../../app/notify';
import { MermaidDiagram } from './mermaid-diagram';
import { MigrationPreview } from './migration-preview';
import { PublishTemplateDocument, TemplateVersionDocument, ValidateTemplateDocument } from './template-operations';
import type { EditorProblem } from './yaml-editor';

const YamlEditor = lazy(() => import('./yaml-editor'));

const STARTER = `key: my-programme
version: 1
title: My programme
phases:
  start: { title: Start }
  done: { title: Done, final: true }
gates:
  - id: finish
    title: Finish
    from: start
    to: done
    requires:
      approvals: [ { role: cda } ]
`;

/** Write a template or its next version: problems at their line:column as you type, the diagram beside, publish, then move clusters. */
export function EditorPage() {
  const { key } = useParams();
  const [params] = useSearchParams();
  const from = params.get('from') ? Number(params.get('from')) : undefined;
  const { t } = useTranslation();
  const client = useApolloClient();
  const base = useQuery(TemplateVersionDocument, { variables: { key: key ?? '', version: from }, skip: !key });
  const [source, setSource] = useState<string | null>(key ? null : STARTER);
  useEffect(() => {
    if (source === null && base.data?.template) setSource(base.data.template.source);
  }, [base.data, source]);
  const [debounced] = useDebouncedValue(source ?? '', 400);
  const validation = useQuery(ValidateTemplateDocument, { variables: { source: debounced }, skip: !debounced.trim(), fetchPolicy: 'network-only' });
  const result = validation.data?.validateTemplate;
  const problems = useMemo<EditorProblem[]>(
    () => [...(result?.errors ?? []).map((p) => ({ ...p, severity: 'error' as const })), ...(result?.warnings ?? []).map((p) => ({ ...p, severity: 'warning' as const }))],
    [result],
  );
  const [publish, publishing] = useMutation(PublishTemplateDocument);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [published, setPublished] = useState<{ key: string; version: number; versions: number[] } | null>(null);
  const stale = debounced !== source || validation.loading;

  const onPublish = async () => {
    setPublishError(null);
    try {
      const { data } = await publish({ variables: { source: source ?? '' } });
      if (!data) return;
      const p = data.publishTemplate;
      notifyDone(t('editor.published', { key: p.key, version: p.version }));
      const { data: all } = await client.query({ query: TemplateVersionDocument, variables: { key: p.key }, fetchPolicy: 'network-only' });
      setPublished({ key: p.key, version: p.version, versions: (all?.templates ?? []).map((v) => v.version).sort((a, b) => b - a) });
    } catch (e) {
      const d = errorDetails(e);
      setPublishError(d.message);
    }
  };

  if (key && source === null) return base.error ? <Alert color={COLOURS.bad}>{base.error.message}</Alert> : <Loader role="progressbar" aria-label={t('common.loading')} />;

  return (
    <Stack>
      <Title order={2}>{key ? t('editor.titleFor', { key }) : t('editor.titleNew')}</Title>
      <Text size="sm">{t('editor.intro')}</Text>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, lg: 7 }}>
          <Stack>
            <Suspense fallback={<Loader role="progressbar" aria-label={t('editor.loading')} />}>
              <YamlEditor value={source ?? ''} onChange={setSource} problems={problems} label={t('editor.label')} />
            </Suspense>
            <section aria-labelledby="problems-heading">
              <Title order={3} size="h4" id="problems-heading">
                {t('editor.problems')}
              </Title>
              <div role="status" aria-live="polite">
                {stale ? (
                  <Text size="sm">{t('editor.checking')}</Text>
                ) : result && problems.length === 0 ? (
                  <Text size="sm" c={COLOURS.ok}>
                    {t('editor.noProblems')}
                  </Text>
                ) : (
                  <List size="sm" spacing={4}>
                    {problems.map((p, i) => (
                      <List.Item key={i}>
                        <Text span fw={600} c={p.severity === 'error' ? COLOURS.bad : COLOURS.warn}>
                          {p.line ? t('editor.at', { line: p.line, column: p.column ?? 1 }) : t('editor.whole')}
                        </Text>{' '}
                        {p.severity === 'error' ? t('editor.error') : t('editor.warning')}: {p.message}
                      </List.Item>
                    ))}
                  </List>
                )}
              </div>
            </section>
            <Group>
              <Button onClick={onPublish} loading={publishing.loading} disabled={stale || !result?.valid}>
                {t('editor.publish')}
              </Button>
            </Group>
            {publishError && (
              <Alert color={COLOURS.bad} title={t('editor.publishRefused')}>
                {publishError}
              </Alert>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 5 }}>
          <Stack>
            <Title order={3} size="h4">
              {t('templates.diagram')}
            </Title>
            {result?.diagram ? <MermaidDiagram text={result.diagram} label={t('editor.diagramLabel')} /> : <Text size="sm">{t('editor.noDiagram')}</Text>}
          </Stack>
        </Grid.Col>
      </Grid>
      {published && published.versions.length > 1 && (
        <section aria-labelledby="migrate-heading">
          <Stack>
            <Title order={3} id="migrate-heading">
              {t('migrate.title', { key: published.key, version: published.version })}
            </Title>
            <MigrationPreview templateKey={published.key} versions={published.versions} initialTo={published.version} />
          </Stack>
        </section>
      )}
    </Stack>
  );
}
