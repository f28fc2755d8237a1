import { COLOURS } from '../../app/colours';
import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetails } from '../../app/errors';
import { notifyDone } from '../../app/notify';
import type { Outcome } from '../../gql/graphql';
import { DecideDocument } from './cluster-operations';

interface Props {
  clusterId: string;
  gate: string;
  gateTitle: string;
  role: string;
  roleTitle: string;
  artefactVersionId: string | null;
  versionLabel: string | null;
  onDecided(): void;
}

/** Approve or reject, in one role, on a gate or milestone (and the document version it concerns), with a comment. */
export function DecisionForm({ clusterId, gate, gateTitle, role, roleTitle, artefactVersionId, versionLabel, onDecided }: Props) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [decide, { loading }] = useMutation(DecideDocument);
  const id = useId();
  const send = async (outcome: Outcome) => {
    setError(null);
    try {
      await decide({
        variables: { input: { clusterId, gate, role, outcome, comment: comment.trim() || null, artefactVersionId } },
      });
      setComment('');
      notifyDone(t(outcome === 'APPROVE' ? 'decision.approved' : 'decision.rejected', { gate: gateTitle, role: roleTitle }));
      onDecided();
    } catch (e) {
      setError(errorDetails(e).message);
    }
  };
  return (
    <Stack gap={6} role="group" aria-labelledby={`${id}-label`}>
      <Text size="sm" fw={600} id={`${id}-label`}>
        {versionLabel ? t('decision.onVersion', { role: roleTitle, version: versionLabel }) : t('decision.inRole', { role: roleTitle })}
      </Text>
      <Textarea label={t('decision.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={1} maxRows={4} />
      <Group gap="xs">
        <Button size="xs" onClick={() => send('APPROVE')} loading={loading}>
          {t('decision.approveAs', { role: roleTitle })}
        </Button>
        <Button size="xs" variant="outline" color={COLOURS.bad} onClick={() => send('REJECT')} loading={loading}>
          {t('decision.rejectAs', { role: roleTitle })}
        </Button>
      </Group>
      {error && (
        <Alert color={COLOURS.bad} title={t('decision.refused')}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}
