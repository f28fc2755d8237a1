import { Alert, Button, Center, Group, Loader, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { saveFile } from '../../app/download';
import { fetchFile, formatSize, previewKind } from './files';

export interface FileItem {
  id: string;
  name: string;
  size: number;
  mediaType: string;
  url: string;
}

/**
 * A version's files: name, size in the language's words and media type, each with a download
 * (fetched with the token in the Authorization header, then saved under its name: a plain link
 * cannot carry the header) and, for PDF and images, a preview in a dialog.
 */
export function VersionFiles({ files, label }: { files: readonly FileItem[]; label: string }) {
  const { t, i18n } = useTranslation();
  const [preview, setPreview] = useState<FileItem | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (!files.length) return null;
  const download = async (f: FileItem) => {
    setError(null);
    setBusy(f.id);
    try {
      saveFile(await fetchFile(f.url), f.name);
    } catch (e) {
      setError(t('files.downloadFailed', { name: f.name, message: (e as Error).message }));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Stack gap={4}>
      <Stack component="ul" gap={4} aria-label={label} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {files.map((f) => (
          <li key={f.id}>
            <Group gap="xs" wrap="wrap">
              <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                {f.name}{' '}
                <Text span size="xs" c="dimmed">
                  ({formatSize(f.size, i18n.language)}, {f.mediaType})
                </Text>
              </Text>
              <Group gap={4} wrap="nowrap">
                <Button size="compact-xs" variant="subtle" aria-label={t('files.download', { name: f.name })} loading={busy === f.id} onClick={() => void download(f)}>
                  {t('files.downloadShort')}
                </Button>
                {previewKind(f.mediaType) && (
                  <Button size="compact-xs" variant="subtle" aria-label={t('files.preview', { name: f.name })} onClick={() => setPreview(f)}>
                    {t('files.previewShort')}
                  </Button>
                )}
              </Group>
            </Group>
          </li>
        ))}
      </Stack>
      {error && (
        <Text size="sm" c={COLOURS.bad} role="alert">
          {error}
        </Text>
      )}
      <Modal
        opened={preview !== null}
        onClose={() => setPreview(null)}
        title={preview ? t('files.previewTitle', { name: preview.name }) : ''}
        closeButtonProps={{ 'aria-label': t('common.close') }}
        size="xl"
      >
        {preview && <Preview file={preview} />}
      </Modal>
    </Stack>
  );
}

/** The file's bytes in a blob URL, shown by the browser (PDF in a frame, an image as such); the URL revoked when the dialog closes. */
function Preview({ file }: { file: FileItem }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    let gone = false;
    fetchFile(file.url).then(
      (blob) => {
        if (gone) return;
        // The type the server read from the bytes, whatever the response said.
        made = URL.createObjectURL(new Blob([blob], { type: file.mediaType }));
        setUrl(made);
      },
      (e: Error) => !gone && setError(e.message),
    );
    return () => {
      gone = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [file]);
  if (error) return <Alert color={COLOURS.bad}>{t('files.previewFailed', { message: error })}</Alert>;
  if (!url)
    return (
      <Center py="xl">
        <Loader role="progressbar" aria-label={t('files.previewLoading', { name: file.name })} />
      </Center>
    );
  return previewKind(file.mediaType) === 'pdf' ? (
    <iframe src={url} title={file.name} style={{ width: '100%', height: '70vh', border: 0 }} />
  ) : (
    <img src={url} alt={file.name} style={{ maxWidth: '100%', height: 'auto', display: 'block', margin: '0 auto' }} />
  );
}
