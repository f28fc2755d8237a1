import { useMutation } from '@apollo/client/react';
import { Alert, Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { errorDetails } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notifyDone } from '../../app/notify';
import type { ClusterPageQuery } from '../../gql/graphql';
import { CloseConditionDocument } from './cluster-operations';
import type { titles } from './template-definition';

type Cluster = NonNullable<ClusterPageQuery['cluster']>;
type Names = ReturnType<typeof titles>;

export const OPEN_CONDITIONS_ID = 'open-conditions';

/**
 * The conditions of approvals with conditions still open on the cluster, each with who set it
 * (the decision that gave it), and "Close condition" for those the API lets close them
 * (`viewerCan` CLOSE_CONDITION: the cluster's CDAs and agency admins, while it is active).
 */
export function OpenConditions({ cluster, names, onChanged }: { cluster: Cluster; names: Names; onChanged(): void }) {
  const { t } = useTranslation();
  if (!cluster.openConditions.length) return null;
  const canClose = cluster.viewerCan.includes('CLOSE_CONDITION');
  return (
    <Card withBorder component="section" aria-labelledby={`${OPEN_CONDITIONS_ID}-heading`} id={OPEN_CONDITIONS_ID} tabIndex={-1}>
      <Stack gap="sm">
        <Title order={4} id={`${OPEN_CONDITIONS_ID}-heading`}>
          {t('conditions.title', { count: cluster.openConditions.length })}
        </Title>
        <Stack component="ul" gap="sm" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('conditions.listLabel')}>
          {cluster.openConditions.map((c) => (
            <OpenCondition key={c.id} cluster={cluster} condition={c} names={names} canClose={canClose} onChanged={onChanged} />
          ))}
        </Stack>
      </Stack>
    </Card>
  );
}

function OpenCondition({ cluster, condition, names, canClose, onChanged }: { cluster: Cluster; condition: Cluster['openConditions'][number]; names: Names; canClose: boolean; onChanged(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const id = useId();
  const [closing, setClosing] = useState(false);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [close, { loading }] = useMutation(CloseConditionDocument);
  const decision = cluster.decisions.find((d) => d.conditions.some((x) => x.id === condition.id));
  const onClose = async () => {
    setError(null);
    if (!note.trim()) {
      setNoteError(t('conditions.noteNeeded'));
      return;
    }
    try {
      await close({ variables: { clusterId: cluster.id, conditionId: condition.id, note: note.trim() } });
      notifyDone(t('conditions.closed', { text: condition.text }));
      setClosing(false);
      setNote('');
      onChanged();
    } catch (e) {
      const d = errorDetails(e);
      if (d.code === 'BAD_USER_INPUT') setNoteError(d.message);
      else setError(d.message);
    }
  };
  return (
    <li>
      <Stack gap={4} role="group" aria-labelledby={`${id}-text`}>
        <Text id={`${id}-text`} style={{ overflowWrap: 'anywhere' }}>
          {condition.text}
        </Text>
        {decision && (
          <Text size="sm" c="dimmed">
            {t('conditions.setBy', {
              who: decision.decidedByName ?? decision.decidedBy,
              role: names.role(decision.role),
              gate: names.gate(decision.gate),
              date: fmt.dateTime(decision.decidedAt),
            })}
          </Text>
        )}
        {canClose && !closing && (
          <Group>
            <Button size="xs" variant="outline" onClick={() => setClosing(true)}>
              {t('conditions.close')}
            </Button>
          </Group>
        )}
        {canClose && closing && (
          <Stack gap={6}>
            <Textarea
              label={t('conditions.note')}
              description={t('conditions.noteHelp')}
              value={note}
              error={noteError ?? undefined}
              onChange={(e) => {
                setNote(e.currentTarget.value);
                setNoteError(null);
              }}
              autosize
              minRows={1}
              maxRows={4}
              data-autofocus
              autoFocus
            />
            <Group gap="xs">
              <Button size="xs" onClick={onClose} loading={loading}>
                {t('conditions.confirmClose')}
              </Button>
              <Button size="xs" variant="default" onClick={() => { setClosing(false); setNoteError(null); setError(null); }} disabled={loading}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        )}
        {error && (
          <Alert color={COLOURS.bad} title={t('conditions.refused')}>
            {error}
          </Alert>
        )}
      </Stack>
    </li>
  );
}
