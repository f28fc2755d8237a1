import { COLOURS } from '../../app/colours';
import { useMutation } from '@apollo/client/react';
import { ActionIcon, Alert, Button, Fieldset, Group, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useId, useRef, useState } from 'react';
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

/** The API's limits on conditions (DecisionInput.conditions: 1 to 20 texts, each at most 5,000 characters once trimmed). */
export const MAX_CONDITIONS = 20;
export const MAX_CONDITION_LENGTH = 5000;

const DONE: Record<Outcome, string> = {
  APPROVE: 'decision.approved',
  APPROVE_WITH_CONDITIONS: 'decision.approvedWithConditions',
  REJECT: 'decision.rejected',
  DEFER: 'decision.deferred',
};

/**
 * Approve, approve with conditions, reject or defer, in one role, on a gate or milestone (and
 * the document version it concerns), with a comment. Conditions are checked here against the
 * API's limits so that each problem shows next to its field; the server decides either way.
 */
export function DecisionForm({ clusterId, gate, gateTitle, role, roleTitle, artefactVersionId, versionLabel, onDecided }: Props) {
  const { t } = useTranslation();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  // null: no conditions being written; else the texts, one field each.
  const [conditions, setConditions] = useState<string[] | null>(null);
  const [conditionErrors, setConditionErrors] = useState<(string | null)[]>([]);
  const [decide, { loading }] = useMutation(DecideDocument);
  const id = useId();
  const fields = useRef<(HTMLInputElement | null)[]>([]);

  const problems = (list: string[]) =>
    list.map((c) => (!c.trim() ? t('decision.conditionEmpty') : c.trim().length > MAX_CONDITION_LENGTH ? t('decision.conditionTooLong', { max: MAX_CONDITION_LENGTH }) : null));

  const send = async (outcome: Outcome) => {
    setError(null);
    let given: string[] | null = null;
    if (outcome === 'APPROVE_WITH_CONDITIONS') {
      const list = conditions ?? [];
      const found = problems(list);
      setConditionErrors(found);
      const first = found.findIndex(Boolean);
      if (first >= 0) {
        fields.current[first]?.focus();
        return;
      }
      if (!list.length) {
        setError(t('decision.conditionsNeeded'));
        return;
      }
      given = list.map((c) => c.trim());
    }
    try {
      await decide({
        variables: { input: { clusterId, gate, role, outcome, comment: comment.trim() || null, artefactVersionId, conditions: given } },
      });
      setComment('');
      setConditions(null);
      setConditionErrors([]);
      notifyDone(t(DONE[outcome], { gate: gateTitle, role: roleTitle, count: given?.length ?? 0 }));
      onDecided();
    } catch (e) {
      setError(errorDetails(e).message);
    }
  };

  const setCondition = (i: number, value: string) => {
    setConditions((list) => (list ?? []).map((c, j) => (j === i ? value : c)));
    setConditionErrors((errs) => errs.map((e, j) => (j === i ? null : e)));
  };
  const addCondition = () => {
    const next = [...(conditions ?? []), ''];
    setConditions(next);
    // Focus the new field once it is drawn.
    setTimeout(() => fields.current[next.length - 1]?.focus(), 0);
  };
  const removeCondition = (i: number) => {
    const next = (conditions ?? []).filter((_, j) => j !== i);
    setConditions(next);
    setConditionErrors((errs) => errs.filter((_, j) => j !== i));
    setTimeout(() => (next.length ? fields.current[Math.min(i, next.length - 1)]?.focus() : undefined), 0);
  };

  return (
    <Stack gap={6} role="group" aria-labelledby={`${id}-label`}>
      <Text size="sm" fw={600} id={`${id}-label`}>
        {versionLabel ? t('decision.onVersion', { role: roleTitle, version: versionLabel }) : t('decision.inRole', { role: roleTitle })}
      </Text>
      <Textarea label={t('decision.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} autosize minRows={1} maxRows={4} />
      {conditions === null ? (
        <Group gap="xs">
          <Button size="xs" onClick={() => send('APPROVE')} loading={loading}>
            {t('decision.approveAs', { role: roleTitle })}
          </Button>
          <Button size="xs" variant="light" onClick={() => { setError(null); setConditions(['']); setConditionErrors([null]); setTimeout(() => fields.current[0]?.focus(), 0); }} disabled={loading}>
            {t('decision.withConditions')}
          </Button>
          <Button size="xs" variant="outline" color={COLOURS.bad} onClick={() => send('REJECT')} loading={loading}>
            {t('decision.rejectAs', { role: roleTitle })}
          </Button>
          <Button size="xs" variant="default" onClick={() => send('DEFER')} loading={loading}>
            {t('decision.deferAs', { role: roleTitle })}
          </Button>
        </Group>
      ) : (
        <Fieldset legend={t('decision.conditionsLegend')} p="xs">
          <Stack gap={6}>
            <Text size="xs" c="dimmed">
              {t('decision.conditionsHelp', { max: MAX_CONDITIONS })}
            </Text>
            {conditions.map((c, i) => (
              <Group key={i} gap={4} align="flex-start" wrap="nowrap">
                <TextInput
                  style={{ flex: 1 }}
                  ref={(el) => {
                    fields.current[i] = el;
                  }}
                  label={t('decision.conditionN', { n: i + 1 })}
                  value={c}
                  maxLength={MAX_CONDITION_LENGTH + 100}
                  error={conditionErrors[i] ?? undefined}
                  onChange={(e) => setCondition(i, e.currentTarget.value)}
                />
                <ActionIcon variant="subtle" color={COLOURS.bad} mt={26} aria-label={t('decision.removeCondition', { n: i + 1 })} onClick={() => removeCondition(i)}>
                  ×
                </ActionIcon>
              </Group>
            ))}
            <Group gap="xs">
              <Button size="xs" variant="subtle" onClick={addCondition} disabled={conditions.length >= MAX_CONDITIONS}>
                {t('decision.addCondition')}
              </Button>
            </Group>
            <Group gap="xs">
              <Button size="xs" onClick={() => send('APPROVE_WITH_CONDITIONS')} loading={loading}>
                {t('decision.approveWithConditionsAs', { role: roleTitle })}
              </Button>
              <Button size="xs" variant="default" onClick={() => { setConditions(null); setConditionErrors([]); setError(null); }} disabled={loading}>
                {t('common.cancel')}
              </Button>
            </Group>
          </Stack>
        </Fieldset>
      )}
      {error && (
        <Alert color={COLOURS.bad} title={t('decision.refused')}>
          {error}
        </Alert>
      )}
    </Stack>
  );
}
