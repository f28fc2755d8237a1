import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Button, Group, Select, Stack, Table, TagsInput, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { errorDetails, type Problem } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notifyDone } from '../../app/notify';
import { ScrollTable } from '../../app/scroll-table';
import { useSession } from '../../app/session-context';
import { StackedList, useNarrow } from '../../app/stacked-list';
import { graphql } from '../../gql';
import { PageLoader } from '../shell/layout';

export const PeopleDocument = graphql(`
  query People($role: String) {
    people(role: $role) {
      userId
      name
      email
      roles
      lastSeenAt
    }
  }
`);

export const PeopleRolesDocument = graphql(`
  query PeopleRoles {
    templates {
      id
      roles
    }
  }
`);

export const UpsertPersonDocument = graphql(`
  mutation UpsertPerson($input: PersonInput!) {
    upsertPerson(input: $input) {
      userId
      name
      email
      roles
      lastSeenAt
    }
  }
`);

/** The built-in roles; templates add their own. */
const BUILT_IN = ['agency_admin', 'cda', 'auditor'];

type Draft = { userId: string; name: string; email: string; roles: string[]; existing: boolean };
const EMPTY: Draft = { userId: '', name: '', email: '', roles: [], existing: false };

/** The agency's people and their roles; an agency admin enters or corrects a person. */
export function PeoplePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const narrow = useNarrow();
  const { viewer } = useSession();
  const [role, setRole] = useState<string | null>(null);
  const { data, error } = useQuery(PeopleDocument, { variables: { role } });
  const roles = useQuery(PeopleRolesDocument, { fetchPolicy: 'cache-first' });
  const known = [...new Set([...BUILT_IN, ...(roles.data?.templates.flatMap((x) => x.roles) ?? []), ...(data?.people.flatMap((p) => p.roles) ?? [])])].sort();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [refused, setRefused] = useState<string | null>(null);
  const [upsert, { loading }] = useMutation(UpsertPersonDocument, { refetchQueries: ['People'] });
  const isAdmin = !!viewer?.roles.includes('agency_admin');
  const at = (path: string) => problems.find((p) => p.path === path || p.path.endsWith(`.${path}`))?.message;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setProblems([]);
    setRefused(null);
    try {
      const { data: done } = await upsert({
        variables: { input: { userId: draft.userId.trim(), name: draft.name.trim() || null, email: draft.email.trim() || null, roles: draft.roles } },
      });
      const p = done?.upsertPerson;
      notifyDone(
        t(draft.existing ? 'people.updated' : 'people.added', {
          who: p?.name ?? p?.userId ?? draft.userId,
          roles: p?.roles.length ? p.roles.join(', ') : t('people.noRoles'),
        }),
      );
      setDraft(EMPTY);
    } catch (err) {
      const d = errorDetails(err);
      setProblems(d.problems);
      setRefused(d.message);
    }
  };

  if (error) return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;
  const people = data?.people ?? [];
  const edit = (p: (typeof people)[number]) => {
    setDraft({ userId: p.userId, name: p.name ?? '', email: p.email ?? '', roles: p.roles, existing: true });
    setProblems([]);
    setRefused(null);
    document.getElementById('person-form-heading')?.scrollIntoView({ block: 'start' });
  };
  const editButton = (p: (typeof people)[number]) =>
    isAdmin ? (
      <Button size="compact-xs" variant="subtle" onClick={() => edit(p)}>
        {t('people.edit', { who: p.name ?? p.userId })}
      </Button>
    ) : null;
  const seen = (iso: string | null | undefined) => (iso ? fmt.dateTime(iso) : t('people.neverSeen'));

  return (
    <Stack>
      <Title order={2}>{t('people.title')}</Title>
      <Text>{t('people.explain')}</Text>
      {isAdmin && (
        <Stack component="section" aria-labelledby="person-form-heading" maw={640}>
          <Title order={3} id="person-form-heading" tabIndex={-1}>
            {draft.existing ? t('people.editTitle', { who: draft.name || draft.userId }) : t('people.addTitle')}
          </Title>
          <form onSubmit={save} noValidate>
            <Stack>
              <TextInput
                label={t('people.userId')}
                description={t('people.userIdHelp')}
                withAsterisk
                value={draft.userId}
                readOnly={draft.existing}
                onChange={(e) => setDraft({ ...draft, userId: e.currentTarget.value })}
                error={at('userId')}
              />
              <TextInput label={t('people.name')} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })} error={at('name')} />
              <TextInput label={t('people.email')} type="email" value={draft.email} onChange={(e) => setDraft({ ...draft, email: e.currentTarget.value })} error={at('email')} />
              <TagsInput
                label={t('people.roles')}
                description={t('people.rolesHelp')}
                data={known}
                value={draft.roles}
                onChange={(v) => setDraft({ ...draft, roles: v })}
                error={at('roles')}
                clearable
                comboboxProps={{ withinPortal: true }}
              />
              {refused && (
                <Alert color={COLOURS.bad} title={t('people.refused')}>
                  {refused}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={loading}>
                  {draft.existing ? t('people.saveChanges') : t('people.add')}
                </Button>
                {draft.existing && (
                  <Button variant="subtle" onClick={() => setDraft(EMPTY)}>
                    {t('people.cancel')}
                  </Button>
                )}
              </Group>
            </Stack>
          </form>
        </Stack>
      )}
      <Stack component="section" aria-labelledby="people-list-heading">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Title order={3} id="people-list-heading">
            {t('people.listTitle')}
          </Title>
          <Select label={t('people.withRole')} placeholder={t('people.anyRole')} data={known} value={role} onChange={setRole} clearable searchable w={{ base: '100%', xs: 240 }} />
        </Group>
        {!data ? (
          <PageLoader />
        ) : people.length === 0 ? (
          <Text>{role ? t('people.noneWithRole', { role }) : t('people.none')}</Text>
        ) : narrow ? (
          <StackedList
            label={t('people.listTitle')}
            rows={people.map((p) => ({
              key: p.userId,
              head: p.name ?? p.userId,
              cells: [
                { label: t('people.userId'), value: p.userId },
                { label: t('people.email'), value: p.email },
                { label: t('people.roles'), value: p.roles.join(', ') || t('people.noRoles') },
                { label: t('people.lastSeen'), value: seen(p.lastSeenAt) },
                { label: t('people.actions'), value: editButton(p) },
              ],
            }))}
          />
        ) : (
          <ScrollTable minWidth={640} label={t('people.listTitle')}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('people.name')}</Table.Th>
                  <Table.Th>{t('people.userId')}</Table.Th>
                  <Table.Th>{t('people.email')}</Table.Th>
                  <Table.Th>{t('people.roles')}</Table.Th>
                  <Table.Th>{t('people.lastSeen')}</Table.Th>
                  {isAdmin && <Table.Th>{t('people.actions')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {people.map((p) => (
                  <Table.Tr key={p.userId}>
                    <Table.Td>{p.name ?? '—'}</Table.Td>
                    <Table.Td>{p.userId}</Table.Td>
                    <Table.Td>{p.email ?? '—'}</Table.Td>
                    <Table.Td>{p.roles.join(', ') || t('people.noRoles')}</Table.Td>
                    <Table.Td>{seen(p.lastSeenAt)}</Table.Td>
                    {isAdmin && <Table.Td>{editButton(p)}</Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>
    </Stack>
  );
}
