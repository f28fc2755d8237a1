import { COLOURS } from '../../app/colours';
import { useMutation } from '@apollo/client/react';
import { Alert, Button, Checkbox, Group, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorDetails, problemFor, type Problem } from '../../app/errors';
import { notifyDone } from '../../app/notify';
import { SubmitArtefactDocument } from './cluster-operations';
import { FileUploads } from './file-upload';
import type { UploadedFile } from './files';
import type { FieldDefinition, TemplateDefinition } from './template-definition';

type Value = string | number | boolean | '';

interface Props {
  clusterId: string;
  definition: TemplateDefinition;
  initialType: string | null;
  /** Existing artefacts, to add a version to one of the same type. */
  existing: { id: string; type: string; title: string }[];
  onDone(): void;
}

/** A document or deliverable, with the typed fields the template declares for its type. */
export function ArtefactForm({ clusterId, definition, initialType, existing, onDone }: Props) {
  const { t } = useTranslation();
  const types = Object.values(definition.artefacts);
  const [type, setType] = useState<string | null>(initialType ?? types[0]?.id ?? null);
  const [title, setTitle] = useState('');
  const [uri, setUri] = useState('');
  const [values, setValues] = useState<Record<string, Value>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<UploadedFile[]>([]);
  const [uploading, setUploading] = useState(false);
  // Asked to submit while a file was still uploading: said until no upload runs any more.
  const [waiting, setWaiting] = useState(false);
  const [submit, { loading }] = useMutation(SubmitArtefactDocument);
  const onFiles = useCallback((done: UploadedFile[], busy: boolean) => {
    setFiles(done);
    setUploading(busy);
    if (!busy) setWaiting(false);
  }, []);
  const fields = type ? Object.values(definition.artefacts[type]?.fields ?? {}) : [];
  const previous = existing.find((a) => a.type === type);

  const send = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setProblems([]);
    if (!type) return;
    if (uploading) {
      setWaiting(true);
      return;
    }
    const given: Record<string, string | number | boolean> = {};
    for (const f of fields) {
      const v = values[f.id];
      if (v === '' || v === undefined) continue;
      given[f.id] = v;
    }
    try {
      const { data } = await submit({
        variables: {
          input: {
            clusterId,
            type,
            title: title.trim(),
            fields: given,
            uri: uri.trim() || null,
            ...(files.length ? { files: files.map((f) => f.id) } : {}),
            ...(previous ? { artefactId: previous.id } : {}),
          },
        },
      });
      notifyDone(t('artefact.submitted', { title: data?.submitArtefact.title ?? title, number: data?.submitArtefact.number ?? 1 }));
      onDone();
    } catch (err) {
      const d = errorDetails(err);
      setProblems(d.problems);
      setError(d.message);
    }
  };

  return (
    <form onSubmit={send} noValidate>
      <Stack>
        <Select
          label={t('artefact.type')}
          data={types.map((a) => ({ value: a.id, label: a.title }))}
          value={type}
          onChange={(v) => {
            setType(v);
            setValues({});
          }}
          allowDeselect={false}
          comboboxProps={{ withinPortal: true }}
        />
        {previous && <Alert color={COLOURS.info} p="xs">{t('artefact.newVersionOf', { title: previous.title })}</Alert>}
        <TextInput label={t('artefact.title')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} withAsterisk error={problemFor(problems, 'title')} />
        {fields.map((f) => (
          <FieldInput key={`${type}-${f.id}`} field={f} value={values[f.id] ?? (f.type === 'boolean' ? false : '')} error={problemFor(problems, f.id)} onChange={(v) => setValues((s) => ({ ...s, [f.id]: v }))} />
        ))}
        <FileUploads onChange={onFiles} rule={type ? definition.artefacts[type]?.files : undefined} error={problemFor(problems, 'files')} />
        <TextInput label={t('artefact.uri')} description={t('artefact.uriHelp')} value={uri} onChange={(e) => setUri(e.currentTarget.value)} error={problemFor(problems, 'uri')} />
        {waiting && (
          <Alert color={COLOURS.warn} p="xs">
            {t('files.stillUploading')}
          </Alert>
        )}
        {error && (
          <Alert color={COLOURS.bad} title={t('artefact.refused')}>
            {error}
          </Alert>
        )}
        <Group>
          <Button type="submit" loading={loading}>
            {t('artefact.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The input for one typed field of the template. */
export function FieldInput({ field, value, error, onChange }: { field: FieldDefinition; value: Value; error?: string; onChange(v: Value): void }) {
  const { t } = useTranslation();
  const label = field.title || field.id;
  const description = field.min !== undefined || field.max !== undefined ? rangeText(t, field) : undefined;
  switch (field.type) {
    case 'boolean':
      return <Checkbox label={label} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} error={error} />;
    case 'integer':
    case 'number':
      return (
        <NumberInput
          label={label}
          description={description}
          withAsterisk={field.required}
          allowDecimal={field.type === 'number'}
          value={value === '' ? '' : Number(value)}
          onChange={(v) => onChange(v === '' ? '' : Number(v))}
          error={error}
        />
      );
    case 'money':
      // Kept as the decimal text typed (the server stores amounts exactly); the currency beside it.
      return (
        <NumberInput
          label={label}
          description={description}
          withAsterisk={field.required}
          decimalScale={2}
          rightSection={<Text size="xs" c="dimmed">{field.currency}</Text>}
          rightSectionWidth={48}
          value={value === '' ? '' : String(value)}
          onChange={(v) => onChange(v === '' ? '' : String(v))}
          error={error}
        />
      );
    case 'date':
      return <TextInput type="date" label={label} withAsterisk={field.required} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
    default:
      if (field.values?.length)
        return (
          <Select
            label={label}
            withAsterisk={field.required}
            data={field.values}
            value={value === '' ? null : String(value)}
            onChange={(v) => onChange(v ?? '')}
            clearable={!field.required}
            error={error}
            comboboxProps={{ withinPortal: true }}
          />
        );
      return <TextInput label={label} withAsterisk={field.required} value={String(value)} onChange={(e) => onChange(e.currentTarget.value)} error={error} />;
  }
}

function rangeText(t: (k: string, o?: Record<string, unknown>) => string, f: FieldDefinition): string {
  if (f.min !== undefined && f.max !== undefined) return t('artefact.between', { min: f.min, max: f.max });
  if (f.min !== undefined) return t('artefact.atLeast', { min: f.min });
  return t('artefact.atMost', { max: f.max });
}
