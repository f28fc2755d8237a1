import { useMutation, useQuery } from '@apollo/client/react';
import { Alert, Badge, Button, Checkbox, Code, CopyButton, Group, Modal, MultiSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { COLOURS } from '../../app/colours';
import { errorDetails } from '../../app/errors';
import { useFormat } from '../../app/format';
import { notifyDone } from '../../app/notify';
import { ScrollTable } from '../../app/scroll-table';
import { StackedList, useNarrow } from '../../app/stacked-list';
import { graphql } from '../../gql';
import { PageLoader } from '../shell/layout';

export const WebhooksDocument = graphql(`
  query Webhooks {
    webhooks {
      id
      url
      events
      active
      createdAt
    }
    eventTypes: __type(name: "AuditEventType") {
      enumValues {
        name
        description
      }
    }
  }
`);

export const CreateWebhookDocument = graphql(`
  mutation CreateWebhook($url: String!, $events: [String!]!) {
    createWebhook(url: $url, events: $events) {
      id
      url
      events
      active
      createdAt
      secret
    }
  }
`);

export const SetWebhookActiveDocument = graphql(`
  mutation SetWebhookActive($id: ID!, $active: Boolean!) {
    setWebhookActive(id: $id, active: $active) {
      id
      active
    }
  }
`);

export const DeleteWebhookDocument = graphql(`
  mutation DeleteWebhook($id: ID!) {
    deleteWebhook(id: $id)
  }
`);

export const WebhookDeliveriesDocument = graphql(`
  query WebhookDeliveries($webhookId: ID!, $first: Int, $after: String) {
    webhookDeliveries(webhookId: $webhookId, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          eventId
          type
          attempt
          status
          error
          at
          succeeded
        }
      }
    }
  }
`);

const PAGE = 20;

type Webhook = { id: string; url: string; events: string[]; active: boolean; createdAt: string };

/** The agency admin's webhooks: add one (its secret shown once), turn on or off, delete, and each one's deliveries. */
export function WebhooksPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const narrow = useNarrow();
  const { data, error, refetch } = useQuery(WebhooksDocument);
  const [url, setUrl] = useState('');
  const [every, setEvery] = useState(true);
  const [types, setTypes] = useState<string[]>([]);
  const [problem, setProblem] = useState<{ url?: string; events?: string; other?: string }>({});
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const [shown, setShown] = useState<Webhook | null>(null);
  const [create, creating] = useMutation(CreateWebhookDocument);
  const [setActive] = useMutation(SetWebhookActiveDocument);
  const [remove, removing] = useMutation(DeleteWebhookDocument);

  if (error) return <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>;
  if (!data) return <PageLoader />;
  const webhooks = data.webhooks;
  const eventTypes = data.eventTypes?.enumValues?.map((v) => v.name) ?? [];
  const eventsOf = (w: Webhook) => (w.events.includes('*') ? t('webhooks.everyEvent') : w.events.join(', '));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem({});
    try {
      const { data: done } = await create({ variables: { url: url.trim(), events: every ? ['*'] : types } });
      if (done) setCreated({ url: done.createWebhook.url, secret: done.createWebhook.secret ?? '' });
      setUrl('');
      setTypes([]);
      setEvery(true);
      await refetch();
    } catch (err) {
      const d = errorDetails(err);
      if (/^url\b/.test(d.message)) setProblem({ url: d.message.replace(/^url:? /, '') });
      else if (/^events\b/.test(d.message)) setProblem({ events: d.message });
      else setProblem({ other: d.message });
    }
  };

  const toggle = async (w: Webhook) => {
    try {
      await setActive({ variables: { id: w.id, active: !w.active } });
      notifyDone(t(w.active ? 'webhooks.turnedOff' : 'webhooks.turnedOn', { url: w.url }));
    } catch (err) {
      setProblem({ other: errorDetails(err).message });
    }
  };

  const confirmDelete = async () => {
    if (!deleting) return;
    const w = deleting;
    try {
      await remove({ variables: { id: w.id } });
      setDeleting(null);
      if (shown?.id === w.id) setShown(null);
      notifyDone(t('webhooks.deleted', { url: w.url }));
      await refetch();
    } catch (err) {
      setDeleting(null);
      setProblem({ other: errorDetails(err).message });
    }
  };

  const actions = (w: Webhook) => (
    <Group gap="xs" wrap="wrap">
      <Button size="compact-xs" variant="default" onClick={() => setShown(w)} aria-label={t('webhooks.showDeliveriesOf', { url: w.url })}>
        {t('webhooks.showDeliveries')}
      </Button>
      <Button size="compact-xs" variant="subtle" onClick={() => void toggle(w)} aria-label={t(w.active ? 'webhooks.turnOffOf' : 'webhooks.turnOnOf', { url: w.url })}>
        {t(w.active ? 'webhooks.turnOff' : 'webhooks.turnOn')}
      </Button>
      <Button size="compact-xs" variant="subtle" color={COLOURS.bad} onClick={() => setDeleting(w)} aria-label={t('webhooks.deleteOf', { url: w.url })}>
        {t('webhooks.delete')}
      </Button>
    </Group>
  );
  const state = (w: Webhook) => <Badge color={w.active ? COLOURS.ok : COLOURS.neutral}>{t(w.active ? 'webhooks.active' : 'webhooks.inactive')}</Badge>;

  return (
    <Stack>
      <Title order={2}>{t('webhooks.title')}</Title>
      <Text>{t('webhooks.explain')}</Text>

      <Stack component="section" aria-labelledby="webhook-form-heading" maw={640}>
        <Title order={3} id="webhook-form-heading">
          {t('webhooks.addTitle')}
        </Title>
        <form onSubmit={submit} noValidate>
          <Stack>
            <TextInput
              label={t('webhooks.url')}
              description={t('webhooks.urlHelp')}
              withAsterisk
              type="url"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={problem.url}
            />
            <Checkbox label={t('webhooks.everyEventLabel')} checked={every} onChange={(e) => setEvery(e.currentTarget.checked)} />
            {!every && (
              <MultiSelect
                label={t('webhooks.eventTypes')}
                description={t('webhooks.eventTypesHelp')}
                data={eventTypes}
                value={types}
                onChange={setTypes}
                searchable
                clearable
                error={problem.events}
                comboboxProps={{ withinPortal: true }}
              />
            )}
            {every && problem.events && <Text c={COLOURS.bad}>{problem.events}</Text>}
            {problem.other && (
              <Alert color={COLOURS.bad} title={t('webhooks.refused')}>
                {problem.other}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={creating.loading}>
                {t('webhooks.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Stack>

      {created && (
        <Alert color={COLOURS.info} title={t('webhooks.createdTitle', { url: created.url })} role="status">
          <Stack gap="xs">
            <Text size="sm">{t('webhooks.secretOnce')}</Text>
            <Group gap="xs" wrap="wrap">
              <Code aria-label={t('webhooks.secret')}>{created.secret}</Code>
              <CopyButton value={created.secret}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" onClick={copy}>
                    {copied ? t('webhooks.copied') : t('webhooks.copySecret')}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Group>
              <Button size="compact-sm" variant="subtle" onClick={() => setCreated(null)}>
                {t('webhooks.secretStored')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}

      <Stack component="section" aria-labelledby="webhooks-list-heading">
        <Title order={3} id="webhooks-list-heading">
          {t('webhooks.listTitle')}
        </Title>
        {webhooks.length === 0 ? (
          <Text>{t('webhooks.none')}</Text>
        ) : narrow ? (
          <StackedList
            label={t('webhooks.listTitle')}
            rows={webhooks.map((w) => ({
              key: w.id,
              head: w.url,
              cells: [
                { label: t('webhooks.events'), value: eventsOf(w) },
                { label: t('webhooks.state'), value: state(w) },
                { label: t('webhooks.createdAt'), value: fmt.dateTime(w.createdAt) },
                { label: t('webhooks.actions'), value: actions(w) },
              ],
            }))}
          />
        ) : (
          <ScrollTable minWidth={720} label={t('webhooks.listTitle')}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('webhooks.url')}</Table.Th>
                  <Table.Th>{t('webhooks.events')}</Table.Th>
                  <Table.Th>{t('webhooks.state')}</Table.Th>
                  <Table.Th>{t('webhooks.createdAt')}</Table.Th>
                  <Table.Th>{t('webhooks.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {webhooks.map((w) => (
                  <Table.Tr key={w.id}>
                    <Table.Td style={{ wordBreak: 'break-all' }}>{w.url}</Table.Td>
                    <Table.Td>{eventsOf(w)}</Table.Td>
                    <Table.Td>{state(w)}</Table.Td>
                    <Table.Td>{fmt.dateTime(w.createdAt)}</Table.Td>
                    <Table.Td>{actions(w)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </Stack>

      {shown && <Deliveries webhook={shown} onClose={() => setShown(null)} />}

      <Modal opened={!!deleting} onClose={() => setDeleting(null)} title={t('webhooks.deleteTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
        <Stack>
          <Text size="sm">{t('webhooks.deleteExplain', { url: deleting?.url ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="subtle" onClick={() => setDeleting(null)}>
              {t('common.cancel')}
            </Button>
            <Button color={COLOURS.bad} loading={removing.loading} onClick={() => void confirmDelete()}>
              {t('webhooks.deleteConfirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/** A webhook's delivery attempts, newest first, PAGE at a time. */
function Deliveries({ webhook, onClose }: { webhook: Webhook; onClose(): void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const narrow = useNarrow();
  const { data, error, loading, fetchMore, refetch } = useQuery(WebhookDeliveriesDocument, {
    variables: { webhookId: webhook.id, first: PAGE },
    notifyOnNetworkStatusChange: true,
    fetchPolicy: 'network-only',
  });
  const heading = t('webhooks.deliveriesTitle', { url: webhook.url });
  const rows = data?.webhookDeliveries.edges.map((e) => e.node) ?? [];
  const result = (d: (typeof rows)[number]) =>
    d.succeeded ? (
      <Badge color={COLOURS.ok}>{t('webhooks.succeeded')}</Badge>
    ) : (
      <Stack gap={2}>
        <Badge color={COLOURS.bad}>{t('webhooks.failed')}</Badge>
        {d.error && <Text size="xs">{d.error}</Text>}
      </Stack>
    );
  return (
    <Stack component="section" aria-labelledby="webhook-deliveries-heading">
      <Group justify="space-between" wrap="wrap">
        <Title order={3} id="webhook-deliveries-heading" style={{ wordBreak: 'break-all' }}>
          {heading}
        </Title>
        <Group gap="xs">
          <Button size="compact-sm" variant="default" onClick={() => void refetch()} loading={loading}>
            {t('webhooks.refresh')}
          </Button>
          <Button size="compact-sm" variant="subtle" onClick={onClose}>
            {t('webhooks.hideDeliveries')}
          </Button>
        </Group>
      </Group>
      {error ? (
        <Alert color={COLOURS.bad}>{t('common.error', { message: error.message })}</Alert>
      ) : !data ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        <Text>{t('webhooks.noDeliveries')}</Text>
      ) : narrow ? (
        <StackedList
          label={heading}
          rows={rows.map((d) => ({
            key: d.id,
            head: `${d.type} · ${fmt.dateTime(d.at)}`,
            cells: [
              { label: t('webhooks.attempt'), value: fmt.number(d.attempt) },
              { label: t('webhooks.status'), value: d.status === null ? '—' : String(d.status) },
              { label: t('webhooks.result'), value: result(d) },
            ],
          }))}
        />
      ) : (
        <ScrollTable minWidth={640} label={heading}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('webhooks.at')}</Table.Th>
                <Table.Th>{t('webhooks.eventType')}</Table.Th>
                <Table.Th>{t('webhooks.attempt')}</Table.Th>
                <Table.Th>{t('webhooks.status')}</Table.Th>
                <Table.Th>{t('webhooks.result')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>{fmt.dateTime(d.at)}</Table.Td>
                  <Table.Td>{d.type}</Table.Td>
                  <Table.Td>{fmt.number(d.attempt)}</Table.Td>
                  <Table.Td>{d.status === null ? '—' : d.status}</Table.Td>
                  <Table.Td>{result(d)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {data?.webhookDeliveries.pageInfo.hasNextPage && (
        <Group>
          <Button variant="default" loading={loading} onClick={() => void fetchMore({ variables: { after: data.webhookDeliveries.pageInfo.endCursor } })}>
            {t('common.loadMore')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
