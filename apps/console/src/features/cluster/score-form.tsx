import { COLOURS } from '../../app/colours';
import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetails, problemFor, type Problem } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notifyDone } from '../../app/notify';
import { ScoreClusterDocument } from './cluster-operations';
import type { TemplateDefinition } from './template-definition';

/** One number per selection criterion of the template, on its scale. */
export function ScoreForm({ clusterId, selection, onDone }: { clusterId: string; selection: NonNullable<TemplateDefinition['selection']>; onDone(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const criteria = Object.values(selection.criteria);
  const [values, setValues] = useState<Record<string, number | ''>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [score, { loading }] = useMutation(ScoreClusterDocument);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setProblems([]);
    const scores = criteria.filter((c) => values[c.id] !== '' && values[c.id] !== undefined).map((c) => ({ criterion: c.id, score: Number(values[c.id]) }));
    if (!scores.length) {
      setError(t('score.nothing'));
      return;
    }
    try {
      const { data } = await score({ variables: { clusterId, scores } });
      const total = data?.scoreCluster.score;
      notifyDone(total === null || total === undefined ? t('score.saved') : t('score.savedWithTotal', { score: fmt.number(total) }));
      onDone();
    } catch (err) {
      const d = errorDetails(err);
      setProblems(d.problems);
      setError(d.message);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm">{t('score.scale', { min: fmt.number(selection.scale.min), max: fmt.number(selection.scale.max) })}</Text>
        {criteria.map((c, i) => (
          <NumberInput
            key={c.id}
            label={c.title}
            description={t('score.weight', { weight: fmt.number(c.weight) })}
            min={selection.scale.min}
            max={selection.scale.max}
            step={0.5}
            decimalScale={2}
            value={values[c.id] ?? ''}
            onChange={(v) => setValues((s) => ({ ...s, [c.id]: v === '' ? '' : Number(v) }))}
            error={problemFor(problems, `scores[${i}]`) ?? problemFor(problems, c.id)}
          />
        ))}
        {error && (
          <Alert color={COLOURS.bad} title={t('score.refused')}>
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={loading}>
            {t('score.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
