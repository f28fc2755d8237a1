import { useMutation, useQuery } from '@apollo/client/react';
import { ActionIcon, Alert, Button, Card, Group, Modal, NumberInput, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { errorDetails, type Problem } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notifyDone } from '../../app/notify';
import { ScrollTable } from '../../app/scroll-table';
import { StackedList, useNarrow } from '../../app/stacked-list';
import type { ClusterPageQuery } from '../../gql/graphql';
import {
  AssignCdaDocument,
  AssignRoleDocument,
  ClusterPeopleDocument,
  RecordIndicatorDocument,
  ResumeDocument,
  SetIndicatorPlanDocument,
  SuspendDocument,
  UnassignCdaDocument,
  UnassignRoleDocument,
} from './cluster-operations';
import type { TemplateDefinition, titles } from './template-definition';

type Cluster = NonNullable<ClusterPageQuery['cluster']>;
type Names = ReturnType<typeof titles>;
const at = (problems: Problem[], path: string) => problems.find((p) => p.path === path || p.path.endsWith(`.${path}`))?.message;

/** Suspend (with a reason) or resume the cluster, as viewerCan allows. */
export function SuspendResume({ cluster, canSuspend, canResume, onChanged }: { cluster: Cluster; canSuspend: boolean; canResume: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [suspend, suspending] = useMutation(SuspendDocument);
  const [resume, resuming] = useMutation(ResumeDocument);
  if (!canSuspend && !canResume) return null;
  const onSuspend = async (e: FormEvent) => {
    e.preventDefault();
    setProblems([]);
    setError(null);
    try {
      await suspend({ variables: { clusterId: cluster.id, reason: reason.trim() } });
      notifyDone(t('suspend.done', { name: cluster.name }));
      setOpen(false);
      setReason('');
      onChanged();
    } catch (err) {
      const d = errorDetails(err);
      setProblems(d.problems);
      setError(d.message);
    }
  };
  const onResume = async () => {
    setError(null);
    try {
      await resume({ variables: { clusterId: cluster.id } });
      notifyDone(t('suspend.resumed', { name: cluster.name }));
      onChanged();
    } catch (err) {
      setError(errorDetails(err).message);
    }
  };
  return (
    <>
      {canSuspend && (
        <Button variant="outline" color={COLOURS.bad} onClick={() => setOpen(true)}>
          {t('suspend.action')}
        </Button>
      )}
      {canResume && (
        <Button variant="outline" onClick={onResume} loading={resuming.loading}>
          {t('suspend.resume')}
        </Button>
      )}
      {error && !open && (
        <Alert color={COLOURS.bad} title={t('suspend.refused')} w="100%">
          {error}
        </Alert>
      )}
      <Modal opened={open} onClose={() => setOpen(false)} title={t('suspend.action')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <form onSubmit={onSuspend} noValidate>
          <Stack>
            <Text size="sm">{t('suspend.explain')}</Text>
            <Textarea
              label={t('suspend.reason')}
              withAsterisk
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              error={at(problems, 'reason') ?? (error && !problems.length ? error : undefined)}
              autosize
              minRows={2}
            />
            <Group>
              <Button type="submit" color={COLOURS.bad} loading={suspending.loading}>
                {t('suspend.confirm')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

type IndicatorDialog = { kind: 'record' | 'plan'; indicator: string } | null;

/** The template's indicators for this cluster: what was recorded against the plan; record a value, set the plan. */
export function Indicators({ cluster, definition, names, canRecord, canPlan, onChanged }: { cluster: Cluster; definition: TemplateDefinition; names: Names; canRecord: boolean; canPlan: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const narrow = useNarrow();
  const [dialog, setDialog] = useState<IndicatorDialog>(null);
  const declared = Object.values(definition.indicators ?? {});
  if (!declared.length || (!cluster.indicators.length && !canRecord && !canPlan)) return null;
  const rows = declared.map((d) => ({ d, s: cluster.indicators.find((i) => i.indicator === d.id) }));
  const num = (n: number | null | undefined, unit?: string) => (n === null || n === undefined ? '—' : `${fmt.number(n)}${unit ? ` ${unit}` : ''}`);
  const progress = (p: number | null | undefined) => (p === null || p === undefined ? '—' : new Intl.NumberFormat(fmt.locale, { style: 'percent', maximumFractionDigits: 0 }).format(p));
  const first = declared[0].id;
  return (
    <Stack component="section" aria-labelledby="indicators-heading">
      <Group justify="space-between" wrap="wrap">
        <Title order={3} id="indicators-heading">
          {t('indicator.title')}
        </Title>
        <Group gap="xs">
          {canRecord && (
            <Button variant="outline" size="xs" onClick={() => setDialog({ kind: 'record', indicator: first })}>
              {t('indicator.record')}
            </Button>
          )}
          {canPlan && (
            <Button variant="outline" size="xs" onClick={() => setDialog({ kind: 'plan', indicator: first })}>
              {t('indicator.plan')}
            </Button>
          )}
        </Group>
      </Group>
      {narrow ? (
        <StackedList
          label={t('indicator.title')}
          rows={rows.map(({ d, s }) => ({
            key: d.id,
            head: d.title,
            cells: [
              { label: t('indicator.value'), value: num(s?.aggregate, d.unit) },
              { label: t('indicator.baseline'), value: num(s?.baseline, d.unit) },
              { label: t('indicator.target'), value: num(s?.target, d.unit) },
              { label: t('indicator.progress'), value: progress(s?.progress) },
            ],
          }))}
        />
      ) : (
        <ScrollTable minWidth={560} label={t('indicator.title')}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('indicator.indicator')}</Table.Th>
                <Table.Th>{t('indicator.value')}</Table.Th>
                <Table.Th>{t('indicator.baseline')}</Table.Th>
                <Table.Th>{t('indicator.target')}</Table.Th>
                <Table.Th>{t('indicator.progress')}</Table.Th>
                <Table.Th>{t('indicator.periods')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map(({ d, s }) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{d.title}</Table.Td>
                  <Table.Td>{num(s?.aggregate, d.unit)}</Table.Td>
                  <Table.Td>{num(s?.baseline, d.unit)}</Table.Td>
                  <Table.Td>{num(s?.target, d.unit)}</Table.Td>
                  <Table.Td>{progress(s?.progress)}</Table.Td>
                  <Table.Td>{s?.values.length ? s.values.map((v) => `${v.period}: ${fmt.number(v.value)}`).join(', ') : '—'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={dialog?.kind === 'plan' ? t('indicator.plan') : t('indicator.record')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        {dialog?.kind === 'record' && (
          <RecordForm cluster={cluster} definition={definition} names={names} initial={dialog.indicator} onDone={() => (setDialog(null), onChanged())} />
        )}
        {dialog?.kind === 'plan' && <PlanForm cluster={cluster} definition={definition} names={names} initial={dialog.indicator} onDone={() => (setDialog(null), onChanged())} />}
      </Modal>
    </Stack>
  );
}

function IndicatorSelect({ definition, value, onChange }: { definition: TemplateDefinition; value: string; onChange(v: string): void }) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('indicator.indicator')}
      data={Object.values(definition.indicators).map((i) => ({ value: i.id, label: i.unit ? `${i.title} (${i.unit})` : i.title }))}
      value={value}
      onChange={(v) => v && onChange(v)}
      allowDeselect={false}
      comboboxProps={{ withinPortal: true }}
    />
  );
}

function RecordForm({ cluster, definition, names, initial, onDone }: { cluster: Cluster; definition: TemplateDefinition; names: Names; initial: string; onDone(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [indicator, setIndicator] = useState(initial);
  const [period, setPeriod] = useState('');
  const [value, setValue] = useState<number | ''>('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [record, { loading }] = useMutation(RecordIndicatorDocument);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setProblems([]);
    setError(null);
    if (value === '') {
      setProblems([{ path: 'value', message: t('indicator.valueNeeded') }]);
      return;
    }
    try {
      await record({ variables: { input: { clusterId: cluster.id, indicator, period: period.trim(), value, note: note.trim() || null } } });
      notifyDone(t('indicator.recorded', { indicator: names.indicator(indicator), period: period.trim(), value: fmt.number(value) }));
      onDone();
    } catch (err) {
      const d = errorDetails(err);
      setProblems(d.problems);
      setError(d.problems.length ? null : d.message);
    }
  };
  return (
    <form onSubmit={send} noValidate>
      <Stack>
        <IndicatorSelect definition={definition} value={indicator} onChange={setIndicator} />
        <TextInput label={t('indicator.period')} description={t('indicator.periodHelp')} withAsterisk value={period} onChange={(e) => setPeriod(e.currentTarget.value)} error={at(problems, 'period')} />
        <NumberInput label={t('indicator.value')} withAsterisk value={value} onChange={(v) => setValue(v === '' ? '' : Number(v))} error={at(problems, 'value')} />
        <TextInput label={t('indicator.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} error={at(problems, 'note')} />
        {error && (
          <Alert color={COLOURS.bad} title={t('indicator.refused')}>
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={loading}>
            {t('indicator.recordSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function PlanForm({ cluster, definition, names, initial, onDone }: { cluster: Cluster; definition: TemplateDefinition; names: Names; initial: string; onDone(): void }) {
  const { t } = useTranslation();
  const planOf = (id: string) => cluster.indicators.find((i) => i.indicator === id);
  const [indicator, setIndicator] = useState(initial);
  const [baseline, setBaseline] = useState<number | ''>(planOf(initial)?.baseline ?? '');
  const targetsOf = (id: string) => {
    const given = planOf(id)?.targets ?? [];
    return given.length ? given.map((x) => ({ period: x.period, value: x.value as number | '' })) : [{ period: '', value: '' as number | '' }];
  };
  const [targets, setTargets] = useState(() => targetsOf(initial));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [save, { loading }] = useMutation(SetIndicatorPlanDocument);
  const choose = (id: string) => {
    setIndicator(id);
    const p = planOf(id);
    setBaseline(p?.baseline ?? '');
    setTargets(targetsOf(id));
  };
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setProblems([]);
    setError(null);
    const given = targets.filter((x) => x.period.trim() || x.value !== '');
    const missing = given.findIndex((x) => x.value === '');
    if (missing >= 0) {
      setProblems([{ path: `targets.${missing}.value`, message: t('indicator.valueNeeded') }]);
      return;
    }
    try {
      await save({
        variables: {
          input: { clusterId: cluster.id, indicator, baseline: baseline === '' ? null : baseline, targets: given.map((x) => ({ period: x.period.trim(), value: x.value as number })) },
        },
      });
      notifyDone(t('indicator.planned', { indicator: names.indicator(indicator), count: given.length }));
      onDone();
    } catch (err) {
      const d = errorDetails(err);
      setProblems(d.problems);
      setError(d.problems.length ? null : d.message);
    }
  };
  const targetProblem = (i: number, field: string) => problems.find((p) => p.path === `targets.${i}.${field}` || p.path.endsWith(`targets.${i}.${field}`) || p.path.endsWith(`targets[${i}].${field}`))?.message;
  return (
    <form onSubmit={send} noValidate>
      <Stack>
        <IndicatorSelect definition={definition} value={indicator} onChange={choose} />
        <NumberInput label={t('indicator.baseline')} value={baseline} onChange={(v) => setBaseline(v === '' ? '' : Number(v))} error={at(problems, 'baseline')} />
        <Text size="sm" fw={600}>
          {t('indicator.targets')}
        </Text>
        {targets.map((x, i) => (
          <Group key={i} align="flex-start" wrap="nowrap" gap="xs">
            <TextInput
              label={t('indicator.targetPeriod', { n: i + 1 })}
              description={i === 0 ? t('indicator.periodHelp') : undefined}
              value={x.period}
              onChange={(e) => {
                const v = e.currentTarget.value;
                setTargets((s) => s.map((y, j) => (j === i ? { ...y, period: v } : y)));
              }}
              error={targetProblem(i, 'period')}
              style={{ flex: 1, minWidth: 0 }}
            />
            <NumberInput
              label={t('indicator.targetValue', { n: i + 1 })}
              value={x.value}
              onChange={(v) => setTargets((s) => s.map((y, j) => (j === i ? { ...y, value: v === '' ? '' : Number(v) } : y)))}
              error={targetProblem(i, 'value')}
              style={{ flex: 1, minWidth: 0 }}
            />
            <ActionIcon
              variant="subtle"
              color={COLOURS.bad}
              mt={i === 0 ? 50 : 28}
              aria-label={t('indicator.removeTarget', { n: i + 1 })}
              onClick={() => setTargets((s) => s.filter((_, j) => j !== i))}
            >
              ×
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="subtle" size="xs" onClick={() => setTargets((s) => [...s, { period: '', value: '' }])}>
            {t('indicator.addTarget')}
          </Button>
        </Group>
        {error && (
          <Alert color={COLOURS.bad} title={t('indicator.refused')}>
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={loading}>
            {t('indicator.planSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The cluster's CDAs and the people holding its `scope: cluster` roles; an agency admin assigns and removes them. */
export function Team({ cluster, definition, names, canAssign, onChanged }: { cluster: Cluster; definition: TemplateDefinition; names: Names; canAssign: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const people = useQuery(ClusterPeopleDocument, { skip: !canAssign, fetchPolicy: 'cache-and-network' });
  const [assignCda, a1] = useMutation(AssignCdaDocument);
  const [unassignCda, a2] = useMutation(UnassignCdaDocument);
  const [assignRole, a3] = useMutation(AssignRoleDocument);
  const [unassignRole, a4] = useMutation(UnassignRoleDocument);
  const [cda, setCda] = useState<string | null>(null);
  // The CDA role is assigned with assignCda (above), not assignRole.
  const clusterRoles = Object.values(definition.roles ?? {}).filter((r) => r.scope === 'cluster' && r.id !== 'cda');
  const [role, setRole] = useState<string | null>(clusterRoles[0]?.id ?? null);
  const [holder, setHolder] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const busy = a1.loading || a2.loading || a3.loading || a4.loading;
  const nameOf = (userId: string) => {
    const p = people.data?.people.find((x) => x.userId === userId);
    return p?.name ? `${p.name} (${userId})` : userId;
  };
  const run = async (action: () => Promise<unknown>, done: string) => {
    setError(null);
    try {
      await action();
      notifyDone(done);
      onChanged();
    } catch (err) {
      setError(errorDetails(err).message);
    }
  };
  const options = (withRole?: string) =>
    (people.data?.people ?? []).filter((p) => !withRole || p.roles.includes(withRole)).map((p) => ({ value: p.userId, label: p.name ? `${p.name} (${p.userId})` : p.userId }));
  if (!canAssign && !cluster.cdaIds.length && !cluster.roleAssignments.length) return null;
  return (
    <Card withBorder component="section" aria-labelledby="team-heading">
      <Stack gap="sm">
        <Title order={3} id="team-heading" size="h4">
          {t('team.title')}
        </Title>
        <Stack gap={4}>
          <Text fw={600} size="sm">
            {t('team.cdas')}
          </Text>
          {cluster.cdaIds.length === 0 && <Text size="sm">{t('cluster.noCda')}</Text>}
          {cluster.cdaIds.map((u) => (
            <Group key={u} gap="xs" justify="space-between" wrap="wrap">
              <Text size="sm">{nameOf(u)}</Text>
              {canAssign && (
                <Button size="compact-xs" variant="subtle" color={COLOURS.bad} disabled={busy} onClick={() => run(() => unassignCda({ variables: { clusterId: cluster.id, userId: u } }), t('team.cdaRemoved', { who: nameOf(u) }))}>
                  {t('team.removeCda', { who: u })}
                </Button>
              )}
            </Group>
          ))}
        </Stack>
        {clusterRoles.map((r) => {
          const holders = cluster.roleAssignments.filter((x) => x.role === r.id);
          return (
            <Stack gap={4} key={r.id}>
              <Text fw={600} size="sm">
                {r.title}
              </Text>
              {holders.length === 0 && <Text size="sm">{t('team.nobody')}</Text>}
              {holders.map((h) => (
                <Group key={h.userId} gap="xs" justify="space-between" wrap="wrap">
                  <Text size="sm">{nameOf(h.userId)}</Text>
                  {canAssign && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color={COLOURS.bad}
                      disabled={busy}
                      onClick={() => run(() => unassignRole({ variables: { clusterId: cluster.id, role: r.id, userId: h.userId } }), t('team.roleRemoved', { who: nameOf(h.userId), role: r.title }))}
                    >
                      {t('team.removeRole', { who: h.userId, role: r.title })}
                    </Button>
                  )}
                </Group>
              ))}
            </Stack>
          );
        })}
        {canAssign && (
          <>
            <Group align="flex-end" wrap="wrap" gap="xs">
              <Select label={t('team.cdaToAssign')} data={options('cda')} value={cda} onChange={setCda} searchable w={{ base: '100%', xs: 260 }} comboboxProps={{ withinPortal: true }} />
              <Button
                variant="outline"
                disabled={!cda || busy}
                onClick={() => cda && run(() => assignCda({ variables: { clusterId: cluster.id, userId: cda } }), t('team.cdaAssigned', { who: nameOf(cda) }))}
              >
                {t('team.assignCda')}
              </Button>
            </Group>
            {clusterRoles.length > 0 && (
              <Group align="flex-end" wrap="wrap" gap="xs">
                <Select
                  label={t('team.role')}
                  data={clusterRoles.map((r) => ({ value: r.id, label: r.title }))}
                  value={role}
                  onChange={(v) => {
                    setRole(v);
                    setHolder(null);
                  }}
                  allowDeselect={false}
                  w={{ base: '100%', xs: 220 }}
                  comboboxProps={{ withinPortal: true }}
                />
                <Select label={t('team.person')} data={options(role ?? undefined)} value={holder} onChange={setHolder} searchable w={{ base: '100%', xs: 260 }} comboboxProps={{ withinPortal: true }} />
                <Button
                  variant="outline"
                  disabled={!role || !holder || busy}
                  onClick={() =>
                    role && holder && run(() => assignRole({ variables: { clusterId: cluster.id, role, userId: holder } }), t('team.roleAssigned', { who: nameOf(holder), role: names.role(role) }))
                  }
                >
                  {t('team.assignRole')}
                </Button>
              </Group>
            )}
          </>
        )}
        {error && (
          <Alert color={COLOURS.bad} title={t('team.refused')}>
            {error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
