import { useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useDebouncedCallback } from '@mantine/hooks';
import { Alert, Anchor, Badge, Button, Card, Grid, Group, List, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { onReconnected } from '../../app/apollo';
import { ScrollTable } from '../../app/scroll-table';
import { StackedList, useNarrow } from '../../app/stacked-list';
import { COLOURS } from '../../app/colours';
import { errorDetails } from '../../app/errors';
import { useFormat } from '../../app/format';
import { useShowValue } from './values';
import { notifyDone, notifyInfo } from '../../app/notify';
import { useSession } from '../../app/session-context';
import { PageLoader } from '../shell/layout';
import { ArtefactForm } from './artefact-form';
import { Indicators, SuspendResume, Team } from './cluster-admin';
import { ClusterEventsDocument, ClusterPageDocument, ClusterTemplateDocument, ReachMilestoneDocument } from './cluster-operations';
import { GateChecklists } from './gate-checklist';
import { OpenConditions } from './open-conditions';
import { PhaseTimeline } from './phase-timeline';
import { ScoreForm } from './score-form';
import { StatusBadge } from './status-badge';
import { localTitle, titles, type TemplateDefinition } from './template-definition';
import { VersionFiles } from './version-files';
import type { ClusterPageQuery } from '../../gql/graphql';

type Dialog = { kind: 'score' } | { kind: 'artefact'; type: string | null } | null;

/** One cluster: where it stands, what each gate still needs and who must act, and what the viewer can do now. */
export function ClusterPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const { viewer } = useSession();
  const client = useApolloClient();
  const { data, error } = useQuery(ClusterPageDocument, { variables: { id } });
  const cluster = data?.cluster;
  const tpl = useQuery(ClusterTemplateDocument, {
    variables: { key: cluster?.templateKey ?? '', version: cluster?.templateVersion },
    skip: !cluster,
    fetchPolicy: 'cache-first',
  });
  const definition = tpl.data?.template?.definition as TemplateDefinition | undefined;
  const names = titles(definition, i18n.language);
  const showValue = useShowValue();
  const [dialog, setDialog] = useState<Dialog>(null);
  // Read the cluster again after a change, once a burst of events has passed. Never joined to
  // a request already in flight (Apollo's deduplication would answer with the older state).
  const reload = useDebouncedCallback(() => {
    void client.query({ query: ClusterPageDocument, variables: { id }, fetchPolicy: 'network-only', context: { queryDeduplication: false } }).catch(() => undefined);
  }, 120);

  // Live: another person's change shows without a reload; after a reconnect, catch up.
  useSubscription(ClusterEventsDocument, {
    variables: { clusterId: id },
    skip: !cluster,
    onData: ({ data: event }) => {
      const e = event.data?.clusterEvents;
      if (!e) return;
      reload();
      if (e.actor !== viewer?.userId) notifyInfo(t('live.event', { who: e.actorName ?? e.actor, what: t(`events.${e.type}`, { defaultValue: e.type }) }));
    },
  });
  useEffect(() => onReconnected(reload), [reload]);

  // A link to a gate or milestone (from My work): bring it into view and put the focus there, once it is drawn.
  const { hash } = useLocation();
  const drawn = !!cluster && !!definition;
  useEffect(() => {
    if (!drawn || !hash) return;
    const target = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  }, [drawn, hash]);

  if (error) return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;
  if (!data) return <PageLoader />;
  if (!cluster) return <Alert color={COLOURS.warn} title={t('cluster.notFoundTitle')}>{t('cluster.notFound')}</Alert>;

  const can = (a: string) => cluster.viewerCan.includes(a as never);
  // Attributes in the template's order, then the derived values (money with its currency).
  const attributes = (cluster.attributes ?? {}) as Record<string, unknown>;
  const recorded: [string, string][] = [
    ...Object.keys(definition?.attributes ?? attributes)
      .filter((id) => attributes[id] !== undefined && attributes[id] !== null)
      .map((id): [string, string] => [names.attribute(id), showValue(attributes[id], names.attributeOf(id))]),
    ...Object.entries((cluster.derived ?? {}) as Record<string, unknown>)
      .filter(([, v]) => v !== null)
      .map(([id, v]): [string, string] => [id, showValue(v)]),
  ];
  const phase = definition?.phases.find((p) => p.id === cluster.phase);
  const closeAndReload = () => {
    setDialog(null);
    reload();
  };

  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Group gap="sm" wrap="wrap">
          <Title order={2}>{cluster.name}</Title>
          <StatusBadge status={cluster.status} />
          {cluster.overdue && <Badge color={COLOURS.bad}>{t('cluster.overdue')}</Badge>}
        </Group>
        <Text>
          {t('cluster.inPhase', { phase: names.phase(cluster.phase), template: tpl.data?.template ? localTitle(definition?.titles, i18n.language, 'title', tpl.data.template.title) : cluster.templateKey, version: cluster.templateVersion })}
        </Text>
        <Text size="sm" c="dimmed">
          {[cluster.sector, cluster.region, cluster.country].filter(Boolean).join(' · ')}
        </Text>
        <Group gap="md">
          <Anchor component={Link} to={`/clusters/${cluster.id}/audit`} size="sm">
            {t('cluster.auditTrail')}
          </Anchor>
        </Group>
      </Stack>

      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <Fact label={t('cluster.score')} value={cluster.score === null || cluster.score === undefined ? t('cluster.notScored') : fmt.number(cluster.score)} />
        <Fact label={t('cluster.eligible')} value={cluster.eligible === null || cluster.eligible === undefined ? '—' : cluster.eligible ? t('common.yes') : t('common.no')} />
        <Fact label={t('cluster.enteredPhase')} value={fmt.date(cluster.enteredPhaseAt)} />
        <Fact label={t('cluster.due')} value={cluster.due ? fmt.date(cluster.due) : t('cluster.noDue')} />
      </SimpleGrid>

      {recorded.length > 0 && (
        <Stack gap="xs" component="section" aria-labelledby="facts-heading">
          <Title order={3} id="facts-heading">
            {t('cluster.recordedFacts')}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {recorded.map(([label, value]) => (
              <Fact key={label} label={label} value={value} />
            ))}
          </SimpleGrid>
        </Stack>
      )}

      {(can('SCORE') || can('SUBMIT_ARTEFACT') || can('SUSPEND') || can('RESUME')) && (
        <Group>
          {can('SCORE') && definition?.selection && <Button variant="outline" onClick={() => setDialog({ kind: 'score' })}>{t('cluster.scoreAction')}</Button>}
          {can('SUBMIT_ARTEFACT') && definition && <Button variant="outline" onClick={() => setDialog({ kind: 'artefact', type: null })}>{t('cluster.submitAction')}</Button>}
          <SuspendResume cluster={cluster} canSuspend={can('SUSPEND')} canResume={can('RESUME')} onChanged={reload} />
        </Group>
      )}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack>
            <Title order={3}>{t('cluster.gates')}</Title>
            <OpenConditions cluster={cluster} names={names} onChanged={reload} />
            <GateChecklists
              cluster={cluster}
              names={names}
              onChanged={reload}
              actions={{ submitArtefact: (type) => setDialog({ kind: 'artefact', type }), score: () => setDialog({ kind: 'score' }) }}
            />
            {phase && phase.milestones.length > 0 && <Milestones cluster={cluster} milestones={phase.milestones} canReach={can('REACH_MILESTONE')} onChanged={reload} />}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Title order={3}>{t('cluster.timelineTitle')}</Title>
            <PhaseTimeline cluster={cluster} names={names} />
            {definition && <Team cluster={cluster} definition={definition} names={names} canAssign={can('ASSIGN')} onChanged={reload} />}
          </Stack>
        </Grid.Col>
      </Grid>

      {definition && (
        <Indicators cluster={cluster} definition={definition} names={names} canRecord={can('RECORD_INDICATOR')} canPlan={can('SET_INDICATOR_PLAN')} onChanged={reload} />
      )}
      <Artefacts cluster={cluster} names={names} />
      <Decisions cluster={cluster} names={names} />

      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.kind === 'score' ? t('score.title') : t('artefact.dialogTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        size="lg"
      >
        {dialog?.kind === 'score' && definition?.selection && <ScoreForm clusterId={cluster.id} selection={definition.selection} onDone={closeAndReload} />}
        {dialog?.kind === 'artefact' && definition && (
          <ArtefactForm clusterId={cluster.id} definition={definition} initialType={dialog.type} existing={cluster.artefacts} onDone={closeAndReload} />
        )}
      </Modal>
    </Stack>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <Card withBorder p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600}>{value}</Text>
    </Card>
  );
}

type Cluster = NonNullable<ClusterPageQuery['cluster']>;

function Milestones({ cluster, milestones, canReach, onChanged }: { cluster: Cluster; milestones: { id: string; title: string }[]; canReach: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [reach, { loading }] = useMutation(ReachMilestoneDocument);
  const [error, setError] = useState<string | null>(null);
  const onReach = async (id: string, title: string) => {
    setError(null);
    try {
      await reach({ variables: { clusterId: cluster.id, milestone: id } });
      notifyDone(t('milestone.reached', { milestone: title }));
      onChanged();
    } catch (e) {
      const d = errorDetails(e);
      setError([d.message, ...d.unmet.map((u) => u.detail)].join(' — '));
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby="milestones-heading">
      <Stack gap="sm">
        <Title order={4} id="milestones-heading">
          {t('milestone.title')}
        </Title>
        {milestones.map((m) => {
          const status = cluster.milestones.find((s) => s.milestone === m.id);
          return (
            <Group key={m.id} justify="space-between" wrap="wrap">
              <Text id={`milestone-${m.id}`} tabIndex={-1}>
                {m.title}
              </Text>
              {status?.reached ? (
                <Badge color={COLOURS.ok}>{t('milestone.reachedOn', { date: fmt.date(status.reachedAt) })}</Badge>
              ) : canReach ? (
                <Button size="xs" variant="outline" loading={loading} onClick={() => onReach(m.id, m.title)}>
                  {t('milestone.markReached', { milestone: m.title })}
                </Button>
              ) : (
                <Badge color={COLOURS.neutral}>{t('milestone.notReached')}</Badge>
              )}
            </Group>
          );
        })}
        {error && (
          <Alert color={COLOURS.bad} title={t('milestone.refused')}>
            {error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function Artefacts({ cluster, names }: { cluster: Cluster; names: ReturnType<typeof titles> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const narrow = useNarrow();
  const versions = cluster.artefacts.flatMap((a) =>
    a.versions
      .slice()
      .reverse()
      .map((v) => ({ a, v })),
  );
  const titleOf = (v: (typeof versions)[number]['v']) => (v.uri ? <Anchor href={v.uri}>{v.title}</Anchor> : v.title);
  const filesOf = (v: (typeof versions)[number]['v']) =>
    v.files.length ? <VersionFiles files={v.files} label={t('files.ofVersion', { title: v.title, number: v.number })} /> : null;
  return (
    <Stack component="section" aria-labelledby="artefacts-heading">
      <Title order={3} id="artefacts-heading">
        {t('artefact.listTitle')}
      </Title>
      {versions.length === 0 ? (
        <Text>{t('artefact.none')}</Text>
      ) : narrow ? (
        <StackedList
          label={t('artefact.listTitle')}
          rows={versions.map(({ a, v }) => ({
            key: v.id,
            head: titleOf(v),
            cells: [
              { label: t('artefact.type'), value: names.artefact(a.type) },
              { label: t('artefact.version'), value: fmt.number(v.number, 0) },
              { label: t('artefact.submittedBy'), value: t('artefact.byOn', { who: v.submittedBy, date: fmt.dateTime(v.submittedAt) }) },
              { label: t('files.column'), value: filesOf(v) },
            ],
          }))}
        />
      ) : (
        <ScrollTable minWidth={640} label={t('artefact.listTitle')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('artefact.title')}</Table.Th>
                <Table.Th>{t('artefact.type')}</Table.Th>
                <Table.Th>{t('artefact.version')}</Table.Th>
                <Table.Th>{t('artefact.submittedBy')}</Table.Th>
                <Table.Th>{t('files.column')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {versions.map(({ a, v }) => (
                <Table.Tr key={v.id}>
                  <Table.Td>{titleOf(v)}</Table.Td>
                  <Table.Td>{names.artefact(a.type)}</Table.Td>
                  <Table.Td>{fmt.number(v.number, 0)}</Table.Td>
                  <Table.Td>{t('artefact.byOn', { who: v.submittedBy, date: fmt.dateTime(v.submittedAt) })}</Table.Td>
                  <Table.Td>{filesOf(v) ?? '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}

function Decisions({ cluster, names }: { cluster: Cluster; names: ReturnType<typeof titles> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const narrow = useNarrow();
  if (!cluster.decisions.length) return null;
  const decisions = cluster.decisions.slice().reverse();
  const what = (d: Cluster['decisions'][number]) =>
    `${names.gate(d.gate)}${d.artefactVersion ? ` (${t('cluster.versionLabel', { title: d.artefactVersion.title, number: d.artefactVersion.number })})` : ''}`;
  // A deferral never counts: "no longer counts" would say it once did.
  const outcome = (d: Cluster['decisions'][number]) =>
    `${t(`outcome.${d.outcome}`)}${d.outcome === 'DEFER' ? ` · ${t('decision.countsForNothing')}` : !d.counts ? ` · ${t('decision.voided')}` : ''}`;
  const conditionsOf = (d: Cluster['decisions'][number]) =>
    d.conditions.length ? (
      <List size="sm" aria-label={t('decision.conditionsOf', { who: d.decidedByName ?? d.decidedBy, date: fmt.dateTime(d.decidedAt) })}>
        {d.conditions.map((c) => (
          <List.Item key={c.id} style={{ overflowWrap: 'anywhere' }}>
            {c.text} —{' '}
            {c.closedAt
              ? t('decision.conditionClosed', { who: c.closedBy, date: fmt.dateTime(c.closedAt), note: c.note ?? '' })
              : t('decision.conditionOpen')}
          </List.Item>
        ))}
      </List>
    ) : null;
  return (
    <Stack component="section" aria-labelledby="decisions-heading">
      <Title order={3} id="decisions-heading">
        {t('decision.listTitle')}
      </Title>
      {narrow ? (
        <StackedList
          label={t('decision.listTitle')}
          rows={decisions.map((d) => ({
            key: d.id,
            head: `${outcome(d)} · ${what(d)}`,
            cells: [
              { label: t('decision.when'), value: fmt.dateTime(d.decidedAt) },
              { label: t('decision.who'), value: t('decision.byInRole', { who: d.decidedBy, role: names.role(d.role) }) },
              { label: t('decision.comment'), value: d.comment },
              { label: t('decision.conditions'), value: conditionsOf(d) },
            ],
          }))}
        />
      ) : (
        <ScrollTable minWidth={560} label={t('decision.listTitle')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('decision.when')}</Table.Th>
                <Table.Th>{t('decision.what')}</Table.Th>
                <Table.Th>{t('decision.outcome')}</Table.Th>
                <Table.Th>{t('decision.who')}</Table.Th>
                <Table.Th>{t('decision.comment')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {decisions.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{fmt.dateTime(d.decidedAt)}</Table.Td>
                  <Table.Td>{what(d)}</Table.Td>
                  <Table.Td>
                    {outcome(d)}
                    {conditionsOf(d)}
                  </Table.Td>
                  <Table.Td>{t('decision.byInRole', { who: d.decidedBy, role: names.role(d.role) })}</Table.Td>
                  <Table.Td>{d.comment}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
