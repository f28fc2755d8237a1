import { useQuery } from '@apollo/client/react';
import { Alert, Group, Pagination, Paper, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { lazy, Suspense, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { COLOURS } from '../../app/colours';
import { useFormat } from '../../app/format';
import { ScrollTable } from '../../app/scroll-table';
import { StackedList, useNarrow } from '../../app/stacked-list';
import type { IndicatorGrouping, PortfolioSummaryQuery } from '../../gql/graphql';
import { PageLoader } from '../shell/layout';
import type { TemplateDefinition } from '../cluster/template-definition';
import { DashboardTemplatesDocument, GateBottlenecksDocument, IndicatorReportDocument, PhaseDurationsDocument, PortfolioSummaryDocument } from './dashboard-operations';
import { ReportDownload } from './report-download';

const IndicatorChart = lazy(() => import('./indicator-chart').then((m) => ({ default: m.IndicatorChart })));

const GROUPINGS: IndicatorGrouping[] = ['PERIOD', 'CLUSTER', 'PHASE', 'ATTRIBUTE'];
/** Cluster columns an ATTRIBUTE report may group by besides the template's attributes (the server's list). */
const COLUMNS = ['sector', 'region', 'country'] as const;
/** Groups shown per page of the indicator report (a CLUSTER report of 10,000 clusters pages). */
const GROUPS_PER_PAGE = 20;

/**
 * The M&E dashboard (contract v2 "Portfolio analytics"): where the agency's clusters are,
 * how long phases take, which gates hold clusters and what the indicators add up to, each
 * with CSV and XLSX downloads. Everything shown is an aggregate the server computes; only
 * the indicator report by cluster can grow with the portfolio, and it pages.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const templates = useQuery(DashboardTemplatesDocument, { fetchPolicy: 'cache-and-network' });
  const portfolio = useQuery(PortfolioSummaryDocument, { fetchPolicy: 'cache-and-network' });

  // The latest version of each template, by key.
  const latest = useMemo(() => {
    const byKey = new Map<string, { key: string; version: number; title: string; definition: TemplateDefinition }>();
    for (const tv of templates.data?.templates ?? []) {
      const seen = byKey.get(tv.key);
      if (!seen || seen.version < tv.version) byKey.set(tv.key, { key: tv.key, version: tv.version, title: tv.title, definition: tv.definition as TemplateDefinition });
    }
    return byKey;
  }, [templates.data]);
  const clustersOf = useMemo(() => {
    const counts = new Map<string, number>();
    for (const p of portfolio.data?.portfolio.byPhase ?? []) counts.set(p.templateKey, (counts.get(p.templateKey) ?? 0) + p.count);
    return counts;
  }, [portfolio.data]);
  // The template asked for in the address, else the one with the most clusters.
  const chosen = params.get('template');
  const fallback = [...latest.keys()].sort((a, b) => (clustersOf.get(b) ?? 0) - (clustersOf.get(a) ?? 0) || a.localeCompare(b))[0] ?? null;
  const templateKey = chosen && latest.has(chosen) ? chosen : fallback;
  const template = templateKey ? latest.get(templateKey) : undefined;
  const setParam = (changes: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === null) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );

  const error = templates.error ?? portfolio.error;
  return (
    <Stack>
      <Title order={2}>{t('dashboard.title')}</Title>
      <Text c="dimmed" size="sm">
        {t('dashboard.intro')}
      </Text>
      {error && <ErrorAlert error={error} />}
      {portfolio.data && <Summary portfolio={portfolio.data.portfolio} />}
      {!templates.data && templates.loading && <PageLoader />}
      {templates.data && !template && <Text>{t('dashboard.noTemplates')}</Text>}
      {template && (
        <>
          <Select
            label={t('dashboard.template')}
            value={template.key}
            allowDeselect={false}
            onChange={(v) => v && setParam({ template: v, indicator: null, groupBy: null, attribute: null })}
            data={[...latest.values()]
              .sort((a, b) => a.title.localeCompare(b.title))
              .map((tv) => ({ value: tv.key, label: t('dashboard.templateOption', { title: tv.title, count: clustersOf.get(tv.key) ?? 0, formatted: fmt.number(clustersOf.get(tv.key) ?? 0) }) }))}
            w={{ base: '100%', sm: 420 }}
          />
          <PhaseCounts templateKey={template.key} byPhase={portfolio.data?.portfolio.byPhase ?? []} />
          <PhaseDurations templateKey={template.key} />
          <Bottlenecks templateKey={template.key} />
          <IndicatorReport key={template.key} definition={template.definition} params={params} setParam={setParam} />
        </>
      )}
    </Stack>
  );
}

type PortfolioFigures = PortfolioSummaryQuery['portfolio'];

function Summary({ portfolio: p }: { portfolio: PortfolioFigures }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const figures = [
    { label: t('dashboard.clusters'), value: p.clusters },
    { label: t('dashboard.overdue'), value: p.overdue },
    ...p.byStatus.map((s) => ({ label: t(`status.${s.key}`, { defaultValue: s.key }), value: s.count })),
  ];
  return (
    <section aria-labelledby="dashboard-summary">
      <Group justify="space-between" mb="xs" wrap="wrap">
        <Title order={3} id="dashboard-summary" size="h4">
          {t('dashboard.summary')}
        </Title>
        <ReportDownload report="portfolio" params={{}} what={t('dashboard.summary')} />
      </Group>
      <SimpleGrid cols={{ base: 2, sm: figures.length }} spacing="xs">
        {figures.map((f) => (
          <Paper key={f.label} withBorder p="xs">
            <Text size="xs" c="dimmed">
              {f.label}
            </Text>
            <Text size="xl" fw={700}>
              {fmt.number(f.value)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
    </section>
  );
}

function PhaseCounts({ templateKey, byPhase }: { templateKey: string; byPhase: PortfolioFigures['byPhase'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const rows = byPhase.filter((p) => p.templateKey === templateKey);
  const max = Math.max(1, ...rows.map((r) => r.count));
  const title = t('dashboard.perPhase');
  return (
    <Section id="dashboard-phases" title={title} download={<ReportDownload report="portfolio" params={{ templateKey }} what={title} />}>
      <DataTable
        label={title}
        minWidth={420}
        columns={[{ label: t('dashboard.phase') }, figure(t('dashboard.clusters')), figure(t('dashboard.overdue')), { label: t('dashboard.share'), w: '35%', picture: true }]}
        rows={rows.map((r) => ({
          key: r.phase,
          head: r.title,
          cells: [
            fmt.number(r.count),
            fmt.number(r.overdue),
            <div aria-hidden style={{ height: 12, borderRadius: 4, background: 'var(--mantine-color-gray-2)' }}>
              <div style={{ height: '100%', width: `${(100 * r.count) / max}%`, borderRadius: 4, background: COLOURS.info }} />
            </div>,
          ],
        }))}
      />
    </Section>
  );
}

function PhaseDurations({ templateKey }: { templateKey: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, error: failed } = useQuery(PhaseDurationsDocument, { variables: { templateKey }, fetchPolicy: 'cache-and-network' });
  const title = t('dashboard.durations');
  const days = useDays();
  return (
    <QueryTableSection
      id="dashboard-durations"
      title={title}
      intro={t('dashboard.durationsIntro')}
      download={<ReportDownload report="phase-durations" params={{ templateKey }} what={title} />}
      failed={failed}
      loaded={!!data}
      columns={[{ label: t('dashboard.phase') }, ...[t('dashboard.visits'), t('dashboard.completed'), t('dashboard.current'), t('dashboard.p50'), t('dashboard.p90'), t('dashboard.max')].map(figure)]}
      rows={(data?.phaseDurations ?? []).map((r) => ({
        key: r.phase,
        head: r.title,
        cells: [fmt.number(r.visits), fmt.number(r.completed), fmt.number(r.current), days(r.p50Days), days(r.p90Days), days(r.maxDays)],
      }))}
    />
  );
}

function Bottlenecks({ templateKey }: { templateKey: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { data, error: failed } = useQuery(GateBottlenecksDocument, { variables: { templateKey }, fetchPolicy: 'cache-and-network' });
  const title = t('dashboard.bottlenecks');
  // The gates holding the most clusters first; the server's (template) order among equals.
  const rows = [...(data?.gateBottlenecks ?? [])].sort((a, b) => b.waiting - a.waiting);
  const days = useDays();
  return (
    <QueryTableSection
      id="dashboard-bottlenecks"
      title={title}
      intro={t('dashboard.bottlenecksIntro')}
      download={<ReportDownload report="gate-bottlenecks" params={{ templateKey }} what={title} />}
      failed={failed}
      loaded={!!data}
      columns={[{ label: t('dashboard.gate') }, figure(t('dashboard.waiting')), figure(t('dashboard.medianWait')), { label: t('dashboard.unmetKinds') }]}
      rows={rows.map((r) => ({
        key: r.gate,
        head: r.title,
        cells: [
          fmt.number(r.waiting),
          days(r.medianWaitDays),
          r.unmetKinds.length === 0
            ? '—'
            : fmt.list(
                [...r.unmetKinds]
                  .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
                  .map((k) => t('dashboard.kindCount', { kind: t(`dashboard.kind.${k.key}`, { defaultValue: k.key }), formatted: fmt.number(k.count) })),
              ),
        ],
      }))}
    />
  );
}

function Section({ id, title, intro, download, children }: { id: string; title: string; intro?: string; download: ReactNode; children: ReactNode }) {
  return (
    <Paper component="section" withBorder p={{ base: 'xs', sm: 'md' }} aria-labelledby={id}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} id={id} size="h4">
            {title}
          </Title>
          {download}
        </Group>
        {intro && (
          <Text size="sm" c="dimmed">
            {intro}
          </Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}

/** "3.5 days", or a dash where there is no figure. */
function useDays() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (n: number | null | undefined) => (n === null || n === undefined ? '—' : t('dashboard.days', { count: n, formatted: fmt.number(n, 1) }));
}

function ErrorAlert({ error }: { error: { message: string } }) {
  const { t } = useTranslation();
  return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;
}

interface Column {
  label: string;
  right?: boolean;
  w?: string;
  /** A drawing of the figures beside it (hidden from screen readers, left out of the cards on phones). */
  picture?: boolean;
}

/** A column of figures (aligned right). */
const figure = (label: string): Column => ({ label, right: true });

/** A table's header row: one column header per column, figures aligned right. */
function Head({ columns }: { columns: Column[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((c, i) => (
          <Table.Th key={i} scope="col" ta={c.right ? 'right' : undefined} w={c.w}>
            {c.picture ? <span aria-hidden>{c.label}</span> : c.label}
          </Table.Th>
        ))}
      </Table.Tr>
    </Table.Thead>
  );
}

interface Row {
  key: string;
  /** The row's name (its header cell). */
  head: ReactNode;
  /** The other cells, one per column after the first. */
  cells: ReactNode[];
}

/**
 * A table of figures, each row named by its first cell; on a phone (under 576 px, as the
 * cluster page's tables) the rows are cards, one under the other, each figure with its
 * column's name, instead of a table that scrolls sideways and hides its last columns.
 */
function DataTable({ label, minWidth, columns, rows }: { label: string; minWidth: number; columns: Column[]; rows: Row[] }) {
  const narrow = useNarrow();
  if (narrow) {
    return (
      <StackedList
        label={label}
        rows={rows.map((r) => ({
          key: r.key,
          head: r.head,
          cells: r.cells.flatMap((value, i) => (columns[i + 1]?.picture ? [] : [{ label: columns[i + 1]?.label ?? '', value }])),
        }))}
      />
    );
  }
  return (
    <ScrollTable label={label} minWidth={minWidth}>
      <Table striped>
        <Head columns={columns} />
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.key}>
              <RowHead>{r.head}</RowHead>
              {r.cells.map((c, i) => (
                <Table.Td key={i} ta={columns[i + 1]?.right ? 'right' : undefined}>
                  {c}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** A row's header cell (the row's name), in the body's weight. */
function RowHead({ children }: { children: ReactNode }) {
  return (
    <Table.Th scope="row" fw={400}>
      {children}
    </Table.Th>
  );
}

/**
 * A section whose table comes from one query: its error if it failed, a loader until the
 * first answer, then the table with its header and the rows given.
 */
function QueryTableSection({
  id,
  title,
  intro,
  download,
  failed,
  loaded,
  columns,
  rows,
}: {
  id: string;
  title: string;
  intro: string;
  download: ReactNode;
  failed: { message: string } | undefined;
  loaded: boolean;
  columns: Column[];
  rows: Row[];
}) {
  return (
    <Section id={id} title={title} intro={intro} download={download}>
      {failed && <ErrorAlert error={failed} />}
      {!loaded ? (
        <PageLoader />
      ) : (
        <DataTable label={title} minWidth={560} columns={columns} rows={rows} />
      )}
    </Section>
  );
}

function IndicatorReport({
  definition,
  params,
  setParam,
}: {
  definition: TemplateDefinition;
  params: URLSearchParams;
  setParam: (changes: Record<string, string | null>) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const indicators = Object.values(definition.indicators ?? {});
  const indicator = indicators.find((i) => i.id === params.get('indicator'))?.id ?? indicators[0]?.id ?? null;
  const groupBy = (GROUPINGS as string[]).includes(params.get('groupBy') ?? '') ? (params.get('groupBy') as IndicatorGrouping) : 'PERIOD';
  const attributes = useMemo(() => {
    const declared = Object.values(definition.attributes ?? {}).map((a) => ({ value: a.id, label: a.title || a.id }));
    const columns = COLUMNS.filter((c) => !declared.some((a) => a.value === c)).map((c) => ({ value: c, label: t(`dashboard.column.${c}`) }));
    return [...declared, ...columns];
  }, [definition, t]);
  const attribute = groupBy === 'ATTRIBUTE' ? (attributes.find((a) => a.value === params.get('attribute'))?.value ?? attributes[0]?.value ?? null) : null;
  const [page, setPage] = useState(1);
  useEffect(() => setPage(1), [indicator, groupBy, attribute]);
  const { data, error, loading } = useQuery(IndicatorReportDocument, {
    variables: { templateKey: definition.key, indicator: indicator ?? '', groupBy, attribute },
    skip: !indicator || (groupBy === 'ATTRIBUTE' && !attribute),
    fetchPolicy: 'cache-and-network',
  });
  const title = t('dashboard.indicators');
  if (!indicator) {
    return (
      <Section id="dashboard-indicators" title={title} download={null}>
        <Text>{t('dashboard.noIndicators')}</Text>
      </Section>
    );
  }
  const info = definition.indicators[indicator];
  const groups = data?.indicatorReport ?? [];
  const pages = Math.max(1, Math.ceil(groups.length / GROUPS_PER_PAGE));
  const shown = groups.slice((page - 1) * GROUPS_PER_PAGE, page * GROUPS_PER_PAGE);
  const keyLabel = (g: { key: string; label: string }) => (g.label === '' ? t('dashboard.noValue') : g.label);
  const value = (n: number | null | undefined) => (n === null || n === undefined ? '—' : fmt.number(n));
  const percent = (n: number | null | undefined) =>
    n === null || n === undefined ? '—' : new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 0 }).format(n);
  const groupName = t(`dashboard.groupBy.${groupBy}`);
  const reportName = t('dashboard.indicatorOf', { indicator: info?.title ?? indicator, grouping: groupName });
  return (
    <Section
      id="dashboard-indicators"
      title={title}
      intro={t('dashboard.indicatorsIntro')}
      download={<ReportDownload report="indicator" params={{ templateKey: definition.key, indicator, groupBy, attribute }} what={reportName} />}
    >
      <Group align="flex-end" wrap="wrap">
        <Select
          label={t('dashboard.indicator')}
          value={indicator}
          allowDeselect={false}
          onChange={(v) => v && setParam({ indicator: v })}
          data={indicators.map((i) => ({ value: i.id, label: i.unit ? t('dashboard.indicatorUnit', { title: i.title, unit: i.unit }) : i.title }))}
          w={{ base: '100%', sm: 320 }}
        />
        <Stack gap={4} w={{ base: '100%', sm: 'auto' }}>
          <Text size="sm" fw={500} id="dashboard-group-by">
            {t('dashboard.groupByLabel')}
          </Text>
          <SegmentedControl
            aria-labelledby="dashboard-group-by"
            value={groupBy}
            onChange={(v) => setParam({ groupBy: v, attribute: null })}
            data={GROUPINGS.map((g) => ({ value: g, label: t(`dashboard.groupBy.${g}`) }))}
            fullWidth
          />
        </Stack>
        {groupBy === 'ATTRIBUTE' && (
          <Select
            label={t('dashboard.attribute')}
            value={attribute}
            allowDeselect={false}
            onChange={(v) => v && setParam({ attribute: v })}
            data={attributes}
            w={{ base: '100%', sm: 260 }}
          />
        )}
      </Group>
      {error && <ErrorAlert error={error} />}
      {!data && loading && <PageLoader />}
      {data && groups.length === 0 && <Text role="status">{t('dashboard.noValues')}</Text>}
      {data && groups.length > 0 && (
        <>
          <Text size="sm" role="status">
            {t('dashboard.groups', { count: groups.length, formatted: fmt.number(groups.length) })}
          </Text>
          <Suspense fallback={<PageLoader />}>
            <IndicatorChart
              rows={shown.map((g) => ({ label: keyLabel(g), value: g.value ?? null, baseline: g.baseline ?? null, target: g.target ?? null }))}
              label={t('dashboard.chartLabel', { report: reportName })}
              names={{ value: t('dashboard.value'), baseline: t('dashboard.baseline'), target: t('dashboard.target') }}
              format={(n) => fmt.number(n)}
            />
          </Suspense>
          <DataTable
            label={reportName}
            minWidth={560}
            columns={[{ label: groupName }, ...[t('dashboard.clusters'), t('dashboard.value'), t('dashboard.baseline'), t('dashboard.target'), t('dashboard.progress')].map(figure)]}
            rows={shown.map((g) => ({
              key: g.key,
              head: keyLabel(g),
              cells: [fmt.number(g.clusters), value(g.value), value(g.baseline), value(g.target), percent(g.progress)],
            }))}
          />
          {pages > 1 && (
            <Pagination
              total={pages}
              value={page}
              onChange={setPage}
              size="sm"
              siblings={0}
              getControlProps={(control) => ({ 'aria-label': t(`dashboard.pageControl.${control}`) })}
              getItemProps={(n) => ({ 'aria-label': t('dashboard.pageN', { page: n }) })}
            />
          )}
        </>
      )}
    </Section>
  );
}
