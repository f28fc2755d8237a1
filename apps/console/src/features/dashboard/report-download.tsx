import { Alert, Button, Group } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { saveFile } from '../../app/download';
import { notifyDone } from '../../app/notify';
import { session } from '../../app/session';

export type ReportName = 'portfolio' | 'phase-durations' | 'gate-bottlenecks' | 'indicator';

/**
 * CSV and XLSX buttons for one report (GET /reports/<name>.<csv|xlsx>?<the query's
 * arguments>), fetched with the token in the Authorization header and saved under the name
 * the server gives. `what` names the report in the buttons' accessible names.
 */
export function ReportDownload({ report, params, what }: { report: ReportName; params: Record<string, string | null | undefined>; what: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const download = async (format: 'csv' | 'xlsx') => {
    setBusy(format);
    setError(null);
    try {
      const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
      const res = await fetch(`/reports/${report}.${format}?${query}`, { headers: { authorization: `Bearer ${session.token() ?? ''}` } });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { message?: string } | null;
        throw new Error(body?.message ?? res.statusText);
      }
      const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `${report}.${format}`;
      saveFile(await res.blob(), name);
      notifyDone(t('export.done', { name }));
    } catch (e) {
      setError(t('dashboard.downloadFailed', { message: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <>
      <Group gap="xs">
        {(['csv', 'xlsx'] as const).map((format) => (
          <Button
            key={format}
            size="xs"
            variant="outline"
            loading={busy === format}
            onClick={() => download(format)}
            aria-label={t(`dashboard.download.${format}`, { what })}
          >
            {t(`dashboard.download.short.${format}`)}
          </Button>
        ))}
      </Group>
      {error && <Alert color={COLOURS.bad}>{error}</Alert>}
    </>
  );
}
