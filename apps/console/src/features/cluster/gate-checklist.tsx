import { useMutation } from '@apollo/client/react';
import { Alert, Anchor, Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { errorDetails } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notifyDone } from '../../app/notify';
import type { ClusterPageQuery } from '../../gql/graphql';
import { useSession } from '../../app/session-context';
import { AdvanceDocument } from './cluster-operations';
import { DecisionForm } from './decision-form';
import { OPEN_CONDITIONS_ID } from './open-conditions';
import { VersionFiles } from './version-files';
import type { titles } from './template-definition';
import { useShowValue } from './values';

type Cluster = NonNullable<ClusterPageQuery['cluster']>;
type Gate = Cluster['gates'][number];
type Unmet = Gate['unmet'][number];

export interface ChecklistActions {
  submitArtefact(type: string): void;
  score(): void;
}

/** Each gate out of the current phase: ready, or every unmet requirement in words, who must act, and what the viewer can do. */
export function GateChecklists({ cluster, names, actions, onChanged }: { cluster: Cluster; names: ReturnType<typeof titles>; actions: ChecklistActions; onChanged(): void }) {
  const { t } = useTranslation();
  if (!cluster.gates.length) return <Text>{t('cluster.noGates')}</Text>;
  return (
    <Stack>
      {cluster.gates.map((g) => (
        <GateCard key={g.gate} cluster={cluster} gate={g} names={names} actions={actions} onChanged={onChanged} />
      ))}
    </Stack>
  );
}

function GateCard({ cluster, gate, names, actions, onChanged }: { cluster: Cluster; gate: Gate; names: ReturnType<typeof titles>; actions: ChecklistActions; onChanged(): void }) {
  const { t } = useTranslation();
  const [advance, advancing] = useMutation(AdvanceDocument);
  const [error, setError] = useState<string | null>(null);
  const headingId = `gate-${gate.gate}`;
  const canAdvance = gate.ready && cluster.viewerCan.includes('ADVANCE');
  const onAdvance = async () => {
    setError(null);
    try {
      await advance({ variables: { clusterId: cluster.id, gate: gate.gate, expectedVersion: cluster.version } });
      notifyDone(t('cluster.advanced', { phase: names.phase(gate.to) }));
      onChanged();
    } catch (e) {
      const d = errorDetails(e);
      setError([d.message, ...d.unmet.map((u) => u.detail)].join(' — '));
    }
  };
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={4} id={headingId} tabIndex={-1}>
            {t('cluster.gateTitle', { gate: names.gate(gate.gate), to: names.phase(gate.to) })}
          </Title>
          {gate.ready ? <Badge color={COLOURS.ok}>{t('cluster.ready')}</Badge> : <Badge color={COLOURS.neutral}>{t('cluster.notReady', { count: gate.unmet.length })}</Badge>}
        </Group>
        {gate.unmet.length > 0 && (
          <List spacing="sm" aria-label={t('cluster.checklistOf', { gate: names.gate(gate.gate) })}>
            {gate.unmet.map((u, i) => (
              <List.Item key={`${u.kind}-${u.role ?? u.artefactType ?? u.milestone ?? u.indicator ?? u.attribute ?? ''}-${i}`}>
                <Requirement cluster={cluster} gate={gate} unmet={u} names={names} actions={actions} onChanged={onChanged} />
              </List.Item>
            ))}
          </List>
        )}
        {gate.ready && !canAdvance && <Text size="sm">{t('cluster.readyWaiting')}</Text>}
        {canAdvance && (
          <Group>
            <Button onClick={onAdvance} loading={advancing.loading}>
              {t('cluster.advance', { phase: names.phase(gate.to) })}
            </Button>
          </Group>
        )}
        {error && (
          <Alert color={COLOURS.bad} title={t('cluster.advanceRefused')}>
            {error}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

function Requirement({ cluster, gate, unmet, names, actions, onChanged }: { cluster: Cluster; gate: Gate; unmet: Unmet; names: ReturnType<typeof titles>; actions: ChecklistActions; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const { viewer } = useSession();
  const who =
    unmet.kind === 'APPROVAL' && unmet.role
      ? t('cluster.whoRole', { role: names.role(unmet.role) })
      : unmet.kind === 'AFTER'
        ? t('cluster.whoTime')
        : unmet.kind === 'CONDITIONS'
          ? t('cluster.whoConditions', { people: cluster.cdaIds.join(', ') || t('cluster.noCda') })
          : t('cluster.whoCda', { people: cluster.cdaIds.join(', ') || t('cluster.noCda') });
  const holdsRole = !!unmet.role && !!viewer?.roles.includes(unmet.role);
  const artefact = unmet.artefactVersionId ? cluster.artefacts.find((a) => a.versions.some((v) => v.id === unmet.artefactVersionId)) : undefined;
  const version = artefact?.versions.find((v) => v.id === unmet.artefactVersionId);
  // The API says only that the viewer cannot act (viewerCanAct); the reason, in the words of the
  // command's refusal, from what the page already holds. The server decides either way.
  const whyNot = () => {
    const role = unmet.role!;
    if (version && version.submittedBy === viewer?.userId) return t('cluster.cannotDecideOwn', { title: version.title, number: version.number });
    if (cluster.status === 'SUSPENDED') return t('cluster.cannotDecideSuspended');
    if (names.roleScope(role) === 'cluster' && !cluster.roleAssignments.some((a) => a.role === role && a.userId === viewer?.userId))
      return t('cluster.cannotDecideNotAssigned', { role: names.role(role) });
    const mine = cluster.decisions.filter(
      (d) => d.gate === gate.gate && d.role === role && d.decidedBy === viewer?.userId && (unmet.artefactVersionId ? d.artefactVersion?.id === unmet.artefactVersionId : !d.artefactVersion),
    );
    const last = mine[mine.length - 1];
    if (last?.outcome === 'APPROVE' || last?.outcome === 'APPROVE_WITH_CONDITIONS')
      return version
        ? t('cluster.cannotDecideApprovedVersion', { title: version.title, number: version.number, date: fmt.dateTime(last.decidedAt) })
        : t('cluster.cannotDecideApproved', { date: fmt.dateTime(last.decidedAt) });
    return t('cluster.cannotDecideOther');
  };
  return (
    <Stack gap={4}>
      {unmet.kind === 'CONDITIONS' ? (
        // In the console's language: the API's detail quotes the texts, which the list of open conditions shows in full.
        <Text>{t('cluster.conditionsOpen', { count: unmet.have ?? cluster.openConditions.length, formatted: fmt.number(unmet.have ?? cluster.openConditions.length, 0) })}</Text>
      ) : (
        <Text>{unmet.detail}</Text>
      )}
      <Text size="sm" c="dimmed">
        {who}
      </Text>
      {unmet.viewerCanAct && unmet.kind === 'ARTEFACT' && unmet.artefactType && (
        <Group>
          <Button size="xs" variant="outline" onClick={() => actions.submitArtefact(unmet.artefactType!)}>
            {t('cluster.submitThis', { artefact: names.artefact(unmet.artefactType) })}
          </Button>
        </Group>
      )}
      {unmet.kind === 'CONDITIONS' && cluster.openConditions.length > 0 && (
        <Anchor href={`#${OPEN_CONDITIONS_ID}`} size="sm" onClick={(e) => {
          e.preventDefault();
          const el = document.getElementById(OPEN_CONDITIONS_ID);
          el?.scrollIntoView({ block: 'start' });
          el?.focus({ preventScroll: true });
        }}>
          {unmet.viewerCanAct ? t('cluster.goCloseConditions') : t('cluster.seeConditions')}
        </Anchor>
      )}
      {unmet.viewerCanAct && unmet.kind === 'SCORE' && (
        <Group>
          <Button size="xs" variant="outline" onClick={actions.score}>
            {t('cluster.scoreThis')}
          </Button>
        </Group>
      )}
      {unmet.kind === 'APPROVAL' && unmet.role && unmet.viewerCanAct && artefact && version && (
        <VersionSummary type={artefact.type} version={version} names={names} />
      )}
      {unmet.kind === 'APPROVAL' && unmet.role && unmet.viewerCanAct && (
        <DecisionForm
          clusterId={cluster.id}
          gate={gate.gate}
          gateTitle={names.gate(gate.gate)}
          role={unmet.role}
          roleTitle={names.role(unmet.role)}
          artefactVersionId={unmet.artefactVersionId ?? null}
          versionLabel={version ? t('cluster.versionLabel', { title: version.title, number: version.number }) : null}
          onDecided={onChanged}
        />
      )}
      {unmet.kind === 'APPROVAL' && holdsRole && !unmet.viewerCanAct && (
        <Alert color={COLOURS.neutral} p="xs" title={t('cluster.cannotDecideTitle', { role: names.role(unmet.role!) })}>
          {whyNot()}
        </Alert>
      )}
    </Stack>
  );
}

type Version = Cluster['artefacts'][number]['versions'][number];

/** What the version to decide on says: its fields as the template names them, its files and its document. */
function VersionSummary({ type, version, names }: { type: string; version: Version; names: ReturnType<typeof titles> }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const fields = Object.entries((version.fields ?? {}) as Record<string, unknown>);
  const showValue = useShowValue();
  return (
    <Stack gap={2}>
      <Text size="sm">{t('decision.submittedBy', { who: version.submittedBy, date: fmt.dateTime(version.submittedAt) })}</Text>
      {fields.length > 0 && (
        <List size="sm" aria-label={t('decision.versionSays', { version: t('cluster.versionLabel', { title: version.title, number: version.number }) })}>
          {fields.map(([k, v]) => (
            <List.Item key={k}>
              {names.field(type, k)}: {showValue(v, names.fieldOf(type, k))}
            </List.Item>
          ))}
        </List>
      )}
      <VersionFiles files={version.files} label={t('files.ofVersion', { title: version.title, number: version.number })} />
      {version.uri && (
        <Anchor href={version.uri} size="sm">
          {t('decision.openDocument', { title: version.title })}
        </Anchor>
      )}
    </Stack>
  );
}
