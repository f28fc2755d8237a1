import { COLOURS } from '../../app/colours';
import { Alert, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import type { VerifyAuditQuery } from '../../gql/graphql';

/** Whether the chains hold, in words, with the first broken event when one is named. */
export function VerificationResult({ result }: { result: VerifyAuditQuery['verifyAuditTrail'] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Alert color={result.valid ? COLOURS.ok : COLOURS.bad} title={result.valid ? t('verify.valid') : t('verify.invalid')} role="status">
      <Text size="sm">{t('verify.checked', { count: result.eventsChecked, formatted: fmt.number(result.eventsChecked, 0) })}</Text>
      {result.message && <Text size="sm">{result.message}</Text>}
      {result.firstBrokenEventId && <Text size="sm">{t('verify.firstBroken', { id: result.firstBrokenEventId })}</Text>}
    </Alert>
  );
}
