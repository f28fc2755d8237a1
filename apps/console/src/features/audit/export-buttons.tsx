import { COLOURS } from '../../app/colours';
import { Alert, Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../../app/download';
import { session } from '../../app/session';
import { notifyDone } from '../../app/notify';

/**
 * Downloads the audit export (GET /audit/export) with the token in the Authorization header,
 * as a file the browser saves under the name the server gives.
 */
export function ExportButtons({ clusterId }: { clusterId?: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (format: 'csv' | 'jsonl') => {
    setBusy(format);
    setError(null);
    try {
      const query = new URLSearchParams({ format, ...(clusterId ? { cluster: clusterId } : {}) });
      const res = await fetch(`/audit/export?${query}`, { headers: { authorization: `Bearer ${session.token() ?? ''}` } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { errors?: { message: string }[] } | null;
        throw new Error(body?.errors?.[0]?.message ?? res.statusText);
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `audit.${format}`;
      saveFile(await res.blob(), name);
      notifyDone(t('export.done', { name }));
    } catch (e) {
      setError(t('export.failed', { message: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Group gap="xs">
        <Button variant="outline" loading={busy === 'csv'} onClick={() => download('csv')}>
          {t('export.csv')}
        </Button>
        <Button variant="outline" loading={busy === 'jsonl'} onClick={() => download('jsonl')}>
          {t('export.jsonl')}
        </Button>
      </Group>
      {error && <Alert color={COLOURS.bad}>{error}</Alert>}
    </>
  );
}
