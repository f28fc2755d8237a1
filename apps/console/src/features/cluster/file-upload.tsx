import { Button, CloseButton, FileButton, Group, Paper, Progress, Stack, Text } from '@mantine/core';
import { useEffect, useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { FileRequestError, formatSize, UploadCancelled, uploadFile, type UploadedFile } from './files';

import type { FilesRule } from './template-definition';

interface Upload {
  key: number;
  file: File;
  sent: number;
  state: 'uploading' | 'done' | 'failed';
  result?: UploadedFile;
  error?: string;
  abort?: () => void;
}

interface Props {
  /** The ids of the files uploaded so far, in the order chosen (for `SubmitArtefactInput.files`). */
  onChange(files: UploadedFile[], busy: boolean): void;
  rule?: FilesRule;
  /** A problem the submission named for the files. */
  error?: string;
}

let nextKey = 1;

/**
 * Files for a document version: chosen with a button or dropped on the zone, each uploaded at
 * once (POST /files) with its progress, cancellable while it runs and removable after; the
 * server's refusal in its words beside the file.
 */
export function FileUploads({ onChange, rule, error }: Props) {
  const { t, i18n } = useTranslation();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [over, setOver] = useState(false);
  const resetRef = useRef<() => void>(null);
  const labelId = useId();
  const live = useRef(uploads);
  live.current = uploads;

  useEffect(() => {
    onChange(
      uploads.filter((u) => u.state === 'done').map((u) => u.result!),
      uploads.some((u) => u.state === 'uploading'),
    );
  }, [uploads, onChange]);
  // Leaving the form stops what is still being sent (the server keeps nothing of it).
  useEffect(() => () => live.current.forEach((u) => u.abort?.()), []);

  const update = (key: number, change: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...change } : u)));

  const add = (files: File[]) => {
    resetRef.current?.();
    const added = files.map((file) => ({ key: nextKey++, file, sent: 0, state: 'uploading' as const }));
    setUploads((list) => [...list, ...added]);
    for (const u of added) {
      const { done, abort } = uploadFile(u.file, (sent) => update(u.key, { sent }));
      update(u.key, { abort });
      done.then(
        (result) => update(u.key, { state: 'done', sent: u.file.size, result, abort: undefined }),
        (e: unknown) => {
          if (e instanceof UploadCancelled) {
            setUploads((list) => list.filter((x) => x.key !== u.key));
            return;
          }
          update(u.key, { state: 'failed', error: refusalText(e), abort: undefined });
        },
      );
    }
  };

  const refusalText = (e: unknown): string => {
    if (e instanceof FileRequestError) {
      if (e.code === 'NETWORK') return t('files.networkError');
      if (e.status === 413) return t('files.tooLarge', { message: e.message });
      return e.message;
    }
    return String(e);
  };

  const remove = (u: Upload) => {
    if (u.state === 'uploading') u.abort?.();
    else setUploads((list) => list.filter((x) => x.key !== u.key));
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length) add(files);
  };

  const ruleText = rule ? describeRule(t, rule) : null;

  return (
    <Stack gap="xs" role="group" aria-labelledby={labelId}>
      <Text size="sm" fw={500} id={labelId}>
        {t('files.label')}
      </Text>
      {ruleText && (
        <Text size="xs" c="dimmed">
          {ruleText}
        </Text>
      )}
      <Paper
        withBorder
        p="md"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{ borderStyle: 'dashed', borderWidth: 2, background: over ? 'var(--mantine-color-blue-light)' : undefined }}
      >
        <Group gap="sm" wrap="wrap">
          <FileButton onChange={(files) => files.length && add(files)} multiple accept={rule?.accept?.map((ext) => `.${ext}`).join(',')} resetRef={resetRef}>
            {(props) => (
              <Button variant="outline" {...props}>
                {t('files.choose')}
              </Button>
            )}
          </FileButton>
          <Text size="sm">{t('files.orDrop')}</Text>
        </Group>
      </Paper>
      {uploads.length > 0 && (
        <Stack component="ul" gap="xs" aria-label={t('files.chosen')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {uploads.map((u) => {
            const percent = u.file.size ? Math.min(100, Math.round((u.sent / u.file.size) * 100)) : 100;
            return (
              <li key={u.key}>
                <Stack gap={4}>
                  <Group justify="space-between" wrap="nowrap" gap="xs">
                    <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                      {u.file.name} <Text span size="xs" c="dimmed">({formatSize(u.file.size, i18n.language)})</Text>
                    </Text>
                    <Group gap={4} wrap="nowrap">
                      {u.state === 'done' && (
                        <Text size="xs" c={COLOURS.ok} fw={600}>
                          {t('files.uploaded')}
                        </Text>
                      )}
                      <CloseButton
                        size="sm"
                        aria-label={u.state === 'uploading' ? t('files.cancel', { name: u.file.name }) : t('files.remove', { name: u.file.name })}
                        onClick={() => remove(u)}
                      />
                    </Group>
                  </Group>
                  {u.state !== 'failed' && (
                    <Progress value={u.state === 'done' ? 100 : percent} size="sm" color={u.state === 'done' ? COLOURS.ok : undefined} aria-label={t('files.progress', { name: u.file.name })} />
                  )}
                  {u.state === 'failed' && (
                    <Text size="sm" c={COLOURS.bad} role="alert">
                      {t('files.refused', { name: u.file.name, message: u.error })}
                    </Text>
                  )}
                </Stack>
              </li>
            );
          })}
        </Stack>
      )}
      {error && (
        <Text size="sm" c={COLOURS.bad}>
          {error}
        </Text>
      )}
    </Stack>
  );
}

function describeRule(t: (k: string, o?: Record<string, unknown>) => string, rule: FilesRule): string {
  const parts: string[] = [];
  if (rule.min > 0) parts.push(rule.min === rule.max ? t('files.exactly', { count: rule.min }) : t('files.between', { min: rule.min, max: rule.max }));
  else parts.push(t('files.atMost', { count: rule.max }));
  if (rule.accept?.length) parts.push(t('files.accept', { types: rule.accept.map((ext) => ext.toUpperCase()).join(', ') }));
  return parts.join(' ');
}
