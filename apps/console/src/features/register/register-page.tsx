import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { COLOURS } from '../../app/colours';
import { errorDetails, type Problem } from '../../app/errors';
import { notifyDone } from '../../app/notify';
import { useSession } from '../../app/session-context';
import { graphql } from '../../gql';
import { FieldInput } from '../cluster/artefact-form';
import type { TemplateDefinition } from '../cluster/template-definition';
import { PageLoader } from '../shell/layout';

export const RegisterTemplatesDocument = graphql(`
  query RegisterTemplates {
    templates {
      id
      key
      version
      title
      definition
    }
  }
`);

export const RegisterClusterDocument = graphql(`
  mutation RegisterCluster($input: RegisterClusterInput!) {
    registerCluster(input: $input) {
      id
      name
    }
  }
`);

/** Who the API lets register clusters (registerCluster: "agency_admin, or a cda who is then assigned"). */
export const REGISTERING_ROLES = ['agency_admin', 'cda'];

type Value = string | number | boolean | '';

/** Registers a cluster on a published template version, with the attributes that version declares. */
export function RegisterPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { viewer } = useSession();
  const { data, error } = useQuery(RegisterTemplatesDocument, { fetchPolicy: 'cache-and-network' });
  const templates = data?.templates ?? [];
  const keys = useMemo(() => [...new Map(templates.map((x) => [x.key, x.title])).entries()], [templates]);
  const [key, setKey] = useState<string | null>(null);
  const [version, setVersion] = useState<string | null>(null);
  const [top, setTop] = useState({ name: '', sector: '', region: '', country: '' });
  const [values, setValues] = useState<Record<string, Value>>({});
  const [problems, setProblems] = useState<Problem[]>([]);
  const [refused, setRefused] = useState<string | null>(null);
  const [register, { loading }] = useMutation(RegisterClusterDocument);

  if (error) return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;
  if (!data) return <PageLoader />;
  const chosenKey = key ?? keys[0]?.[0] ?? null;
  const versions = templates.filter((x) => x.key === chosenKey).sort((a, b) => b.version - a.version);
  const chosen = versions.find((v) => String(v.version) === version) ?? versions[0];
  const definition = chosen?.definition as TemplateDefinition | undefined;
  const attributes = Object.values(definition?.attributes ?? {});
  const problemAt = (path: string) => problems.find((p) => p.path === path)?.message;
  // A template attribute named like a field of every cluster (sector, region, country) is asked once, and fills both.
  const asked = (id: 'sector' | 'region' | 'country') => attributes.some((a) => a.id === id && a.type === 'string');
  const mayRegister = !!viewer?.roles.some((r) => REGISTERING_ROLES.includes(r));

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    setProblems([]);
    setRefused(null);
    const given: Record<string, string | number | boolean> = {};
    for (const a of attributes) {
      const v = values[a.id];
      if (v !== '' && v !== undefined) given[a.id] = v;
    }
    const blankToNull = (s: string) => s.trim() || null;
    const topLevel = (id: 'sector' | 'region' | 'country') => (asked(id) ? (typeof given[id] === 'string' ? blankToNull(given[id] as string) : null) : blankToNull(top[id]));
    try {
      const { data: done } = await register({
        variables: {
          input: {
            templateKey: chosen.key,
            templateVersion: chosen.version,
            name: top.name.trim(),
            sector: topLevel('sector'),
            region: topLevel('region'),
            country: topLevel('country'),
            attributes: given,
          },
        },
      });
      if (!done) return;
      notifyDone(t('register.done', { name: done.registerCluster.name }));
      navigate(`/clusters/${done.registerCluster.id}`);
    } catch (err) {
      const d = errorDetails(err);
      setProblems(d.problems);
      setRefused(d.message);
    }
  };

  return (
    <Stack maw={640}>
      <Title order={2}>{t('register.title')}</Title>
      {!mayRegister && <Alert color={COLOURS.warn}>{t('register.notAllowed')}</Alert>}
      {templates.length === 0 ? (
        <Text>{t('register.noTemplates')}</Text>
      ) : (
        <form onSubmit={send} noValidate>
          <Stack>
            <Group grow align="flex-start" wrap="wrap">
              <Select
                label={t('register.template')}
                data={keys.map(([k, title]) => ({ value: k, label: title }))}
                value={chosenKey}
                onChange={(v) => {
                  setKey(v);
                  setVersion(null);
                  setValues({});
                }}
                allowDeselect={false}
                miw={220}
              />
              <Select
                label={t('register.version')}
                data={versions.map((v) => ({ value: String(v.version), label: t('register.versionN', { version: v.version }) }))}
                value={chosen ? String(chosen.version) : null}
                onChange={(v) => {
                  setVersion(v);
                  setValues({});
                }}
                allowDeselect={false}
                miw={140}
              />
            </Group>
            <TextInput label={t('register.name')} withAsterisk value={top.name} onChange={(e) => setTop({ ...top, name: e.currentTarget.value })} error={problemAt('name')} />
            {(['sector', 'region', 'country'] as const)
              .filter((id) => !asked(id))
              .map((id) => (
                <TextInput key={id} label={t(`register.${id}`)} value={top[id]} onChange={(e) => setTop({ ...top, [id]: e.currentTarget.value })} error={problemAt(id)} />
              ))}
            {attributes.length > 0 && (
              <Title order={3} size="h4">
                {t('register.attributes')}
              </Title>
            )}
            {attributes.map((a) => (
              <FieldInput
                key={`${chosen?.id}-${a.id}`}
                field={a}
                value={values[a.id] ?? (a.type === 'boolean' ? false : '')}
                error={problemAt(`attributes.${a.id}`)}
                onChange={(v) => setValues((s) => ({ ...s, [a.id]: v }))}
              />
            ))}
            {refused && (
              <Alert color={COLOURS.bad} title={t('register.refused')}>
                {refused}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={loading} disabled={!mayRegister}>
                {t('register.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
