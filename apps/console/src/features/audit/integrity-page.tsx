import { COLOURS } from '../../app/colours';
import { useApolloClient } from '@apollo/client/react';
import { Alert, Button, Card, Code, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../app/download';
import { errorDetails } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notifyDone } from '../../app/notify';
import type { AuditHeadInput, VerifyAuditQuery } from '../../gql/graphql';
import { AuditHeadDocument, VerifyAuditDocument } from './audit-operations';
import { ExportButtons } from './export-buttons';
import { VerificationResult } from './verification-result';

const SAVED_KEY = 'clusterflow.savedHead';
const HEAD_FIELDS = ['agency', 'at', 'clusters', 'events', 'keyId', 'root', 'signature'] as const;

/** The agency's whole history: verify it, save a signed head, verify against a saved head later, export it. */
export function IntegrityPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const client = useApolloClient();
  const [result, setResult] = useState<VerifyAuditQuery['verifyAuditTrail'] | null>(null);
  const [againstResult, setAgainstResult] = useState<VerifyAuditQuery['verifyAuditTrail'] | null>(null);
  const [saved, setSaved] = useState(() => localStorage.getItem(SAVED_KEY) ?? '');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [headError, setHeadError] = useState<string | null>(null);

  const verify = async () => {
    setBusy('verify');
    setError(null);
    try {
      const { data } = await client.query({ query: VerifyAuditDocument, variables: {}, fetchPolicy: 'network-only' });
      setResult(data?.verifyAuditTrail ?? null);
    } catch (e) {
      setError(errorDetails(e).message);
    } finally {
      setBusy(null);
    }
  };

  const saveHead = async () => {
    setBusy('head');
    setError(null);
    try {
      const { data } = await client.query({ query: AuditHeadDocument, fetchPolicy: 'network-only' });
      if (!data) return;
      const text = JSON.stringify(data.auditHead, null, 2);
      localStorage.setItem(SAVED_KEY, text);
      setSaved(text);
      saveFile(new Blob([text + '\n'], { type: 'application/json' }), `audit-head-${data.auditHead.agency}-${data.auditHead.at.replace(/[:.]/g, '-')}.json`);
      notifyDone(t('integrity.headSaved', { date: fmt.dateTime(data.auditHead.at) }));
    } catch (e) {
      setError(errorDetails(e).message);
    } finally {
      setBusy(null);
    }
  };

  const verifyAgainst = async () => {
    setHeadError(null);
    setAgainstResult(null);
    let against: AuditHeadInput;
    try {
      const parsed = JSON.parse(saved) as Record<string, unknown>;
      against = Object.fromEntries(HEAD_FIELDS.map((k) => [k, parsed[k]])) as unknown as AuditHeadInput;
    } catch {
      setHeadError(t('integrity.headNotJson'));
      return;
    }
    setBusy('against');
    try {
      const { data } = await client.query({ query: VerifyAuditDocument, variables: { against }, fetchPolicy: 'network-only' });
      setAgainstResult(data?.verifyAuditTrail ?? null);
    } catch (e) {
      setHeadError(errorDetails(e).message);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Stack>
      <Title order={2}>{t('integrity.title')}</Title>
      <Text>{t('integrity.intro')}</Text>
      {error && <Alert color={COLOURS.bad}>{error}</Alert>}
      <Card withBorder component="section" aria-labelledby="verify-heading">
        <Stack>
          <Title order={3} id="verify-heading">
            {t('integrity.verifyTitle')}
          </Title>
          <Group>
            <Button onClick={verify} loading={busy === 'verify'}>
              {t('integrity.verify')}
            </Button>
          </Group>
          {result && <VerificationResult result={result} />}
        </Stack>
      </Card>
      <Card withBorder component="section" aria-labelledby="head-heading">
        <Stack>
          <Title order={3} id="head-heading">
            {t('integrity.headTitle')}
          </Title>
          <Text size="sm">{t('integrity.headIntro')}</Text>
          <Group>
            <Button onClick={saveHead} loading={busy === 'head'}>
              {t('integrity.saveHead')}
            </Button>
          </Group>
          <Textarea
            label={t('integrity.savedHead')}
            description={t('integrity.savedHeadHelp')}
            value={saved}
            onChange={(e) => setSaved(e.currentTarget.value)}
            autosize
            minRows={4}
            maxRows={12}
            styles={{ input: { fontFamily: 'monospace', fontSize: 12 } }}
            error={headError}
            spellCheck={false}
          />
          <Group>
            <Button onClick={verifyAgainst} loading={busy === 'against'} disabled={!saved.trim()}>
              {t('integrity.verifyAgainst')}
            </Button>
          </Group>
          {againstResult && <VerificationResult result={againstResult} />}
          {againstResult?.head && (
            <Text size="sm">
              {t('integrity.currentHead', { date: fmt.dateTime(againstResult.head.at), events: fmt.number(againstResult.head.events, 0) })} <Code>{againstResult.head.root.slice(0, 16)}…</Code>
            </Text>
          )}
        </Stack>
      </Card>
      <Card withBorder component="section" aria-labelledby="export-heading">
        <Stack>
          <Title order={3} id="export-heading">
            {t('integrity.exportTitle')}
          </Title>
          <Text size="sm">{t('integrity.exportIntro')}</Text>
          <ExportButtons />
        </Stack>
      </Card>
    </Stack>
  );
}
