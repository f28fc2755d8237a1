import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CombinedGraphQLErrors } from '@apollo/client';
import { LiveEventsService } from '../../apps/api/src/live/live-events.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { httpOnlyClient, integratorClient, type IntegratorClient } from './client';
import type { AuditEventType, UnmetKind } from './gql/graphql';
import {
  ApprovalHistory,
  AuditTrail,
  ClusterEvents,
  ClusterReadiness,
  Decide,
  Me,
  PublishTemplate,
  RegisterCluster,
  TemplatePhases,
  TemplatePhasesByKey,
} from './operations';

/** Two programmes whose templates use the same phase and gate keys with their own titles. */
const template = (key: string, titles: { programme: string; diagnostic: string; done: string; gate: string; due: string }) => `
key: ${key}
version: 1
title: ${titles.programme}
roles:
  reviewer: { title: Reviewer }
artefacts:
  plan: { title: Action plan }
phases:
  diagnostic: { title: ${titles.diagnostic}, due: ${titles.due} }
  done: { title: ${titles.done}, final: true }
gates:
  - id: close
    title: ${titles.gate}
    from: diagnostic
    to: done
    requires:
      artefacts: [ { type: plan } ]
      approvals: [ { role: reviewer } ]
`;
const ALPHA = template('alpha', { programme: 'Alpha programme', diagnostic: 'Diagnostic study', done: 'Graduated', gate: 'Endorse the diagnostic', due: 'P30D' });
const BETA = template('beta', { programme: 'Beta programme', diagnostic: 'Needs assessment', done: 'Closed', gate: 'Sign off the assessment', due: 'P60D' });

const codes = (e: unknown): string[] => (CombinedGraphQLErrors.is(e) ? e.errors.map((x) => String(x.extensions?.code)) : [`not GraphQL errors: ${String(e)}`]);
const messages = (e: unknown): string[] => (CombinedGraphQLErrors.is(e) ? e.errors.map((x) => x.message) : []);

/**
 * The integrator's proof: a client written as a team would write one (Apollo Client 4 and its
 * default cache, graphql-ws, types from GraphQL Code Generator's client preset) against the
 * real server, showing each correction of the contract's version 2.
 */
describe('an Apollo Client integrator', () => {
  let t: TestApp;
  let baseUrl: string;
  let admin: IntegratorClient;
  let reviewer: IntegratorClient;
  let clusterId: string;

  beforeAll(async () => {
    t = await startTestApp('integrator');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    admin = integratorClient(baseUrl, await t.token({ userId: 'ada', name: 'Ada Admin', agency: 'unido-ng', roles: ['agency_admin', 'cda'] }));
    reviewer = integratorClient(baseUrl, await t.token({ userId: 'rui', name: 'Rui Reviewer', agency: 'unido-ng', roles: ['reviewer'] }));
    for (const source of [ALPHA, BETA]) await admin.apollo.mutate({ mutation: PublishTemplate, variables: { source } });
    const { data } = await admin.apollo.mutate({ mutation: RegisterCluster, variables: { name: 'Kano leather', templateKey: 'alpha' } });
    clusterId = data!.registerCluster.id;
  }, 90_000);
  afterAll(async () => {
    await admin?.dispose();
    await reviewer?.dispose();
    await t?.close();
  });

  it('keeps two templates\' phases and gates apart in the normalised cache, though they share keys', async () => {
    const alpha = (await admin.apollo.query({ query: TemplatePhases, variables: { key: 'alpha' } })).data!.template!;
    const beta = (await admin.apollo.query({ query: TemplatePhases, variables: { key: 'beta' } })).data!.template!;
    expect(alpha.phases.map((p) => p.key)).toEqual(beta.phases.map((p) => p.key));
    expect(alpha.phases[0].id).not.toBe(beta.phases[0].id);
    expect(alpha.id).not.toBe(beta.id);

    // Read back from the cache alone, after both were written: each keeps its own titles and due.
    const cachedAlpha = admin.apollo.readQuery({ query: TemplatePhases, variables: { key: 'alpha' } })!.template!;
    const cachedBeta = admin.apollo.readQuery({ query: TemplatePhases, variables: { key: 'beta' } })!.template!;
    expect(cachedAlpha.phases.map((p) => [p.key, p.title, p.due])).toEqual([['diagnostic', 'Diagnostic study', 'P30D'], ['done', 'Graduated', null]]);
    expect(cachedBeta.phases.map((p) => [p.key, p.title, p.due])).toEqual([['diagnostic', 'Needs assessment', 'P60D'], ['done', 'Closed', null]]);
    expect(cachedAlpha.gates.map((g) => [g.key, g.title])).toEqual([['close', 'Endorse the diagnostic']]);
    expect(cachedBeta.gates.map((g) => [g.key, g.title])).toEqual([['close', 'Sign off the assessment']]);
    expect(Object.keys(admin.apollo.cache.extract() as Record<string, unknown>).filter((k) => k.startsWith('Phase:'))).toHaveLength(4);
  });

  it('would mix them up if phases were keyed by their template-local id, as in version 1', async () => {
    const fresh = integratorClient(baseUrl, await t.token({ userId: 'ada', agency: 'unido-ng', roles: ['auditor'] }));
    try {
      await fresh.apollo.query({ query: TemplatePhasesByKey, variables: { key: 'alpha' } });
      await fresh.apollo.query({ query: TemplatePhasesByKey, variables: { key: 'beta' } });
      const alpha = fresh.apollo.readQuery({ query: TemplatePhasesByKey, variables: { key: 'alpha' } })!.template!;
      // The second template's titles overwrote the first's: the defect global ids remove.
      expect(alpha.phases.map((p) => p.title)).toEqual(['Needs assessment', 'Closed']);
    } finally {
      await fresh.dispose();
    }
  });

  it('reads closed sets as typed enums, with the same strings as before, and uses keys in gates and commands', async () => {
    const { data } = await admin.apollo.query({ query: ClusterReadiness, variables: { id: clusterId } });
    const cluster = data!.cluster!;
    expect(cluster.phase).toBe('diagnostic');
    const [gate] = cluster.gates;
    expect(gate).toMatchObject({ gate: 'close', to: 'done', ready: false });
    const kinds: UnmetKind[] = gate.unmet.map((u) => u.kind);
    expect(kinds.sort()).toEqual(['APPROVAL', 'ARTEFACT']);

    const trail = (await admin.apollo.query({ query: AuditTrail, variables: { clusterId } })).data!.auditTrail.edges.map((e) => e.node);
    const types: AuditEventType[] = trail.map((e) => e.type);
    expect(types).toEqual(['REGISTERED']);
    expect(trail[0]).toMatchObject({ seq: 1, actor: 'ada', actorName: 'Ada Admin' });
  });

  it('sees who decided by name, in the mutation\'s answer, the cluster and the approval history', async () => {
    const decided = (await reviewer.apollo.mutate({ mutation: Decide, variables: { clusterId, gate: 'close', role: 'reviewer', outcome: 'APPROVE' } })).data!.decide;
    expect(decided).toMatchObject({ gate: 'close', decidedBy: 'rui', decidedByName: 'Rui Reviewer' });
    const cluster = (await admin.apollo.query({ query: ClusterReadiness, variables: { id: clusterId }, fetchPolicy: 'network-only' })).data!.cluster!;
    expect(cluster.decisions).toEqual([expect.objectContaining({ id: decided.id, decidedByName: 'Rui Reviewer' })]);
    expect(cluster.gates[0].unmet.map((u) => u.kind)).toEqual(['ARTEFACT']);
    const history = (await admin.apollo.query({ query: ApprovalHistory, variables: {} })).data!.approvalHistory;
    expect(history.edges.map((e) => e.node)).toEqual([expect.objectContaining({ id: decided.id, decidedBy: 'rui', decidedByName: 'Rui Reviewer' })]);
  });

  it('passes DateTime with an offset, and gets a clear BAD_USER_INPUT for one without', async () => {
    const decidedAt = new Date((await admin.apollo.query({ query: ApprovalHistory, variables: {}, fetchPolicy: 'network-only' })).data!.approvalHistory.edges[0].node.decidedAt);
    const inParis = new Date(decidedAt.getTime() + 3600_000).toISOString().replace('Z', '+01:00');
    const later = new Date(decidedAt.getTime() + 1).toISOString();
    const found = await admin.apollo.query({ query: ApprovalHistory, variables: { from: inParis, to: later }, fetchPolicy: 'network-only' });
    expect(found.data!.approvalHistory.totalCount).toBe(1);

    for (const from of ['2025-01-01', '2025-01-01T00:00:00', String(decidedAt.getTime())]) {
      const error = await admin.apollo.query({ query: ApprovalHistory, variables: { from }, fetchPolicy: 'network-only' }).then(() => null, (e: unknown) => e);
      expect(codes(error)).toEqual(['BAD_USER_INPUT']);
      expect(messages(error)[0]).toContain(`"${from}" is not an RFC 3339 date-time with an offset`);
    }
  });

  it('receives live events over graphql-ws, and a NOT_FOUND cluster as a graphql-ws error', async () => {
    const events: { type: AuditEventType; actorName: string | null }[] = [];
    const live = admin.apollo.subscribe({ query: ClusterEvents, variables: { clusterId } }).subscribe({ next: (r) => r.data && events.push(r.data.clusterEvents) });
    try {
      await waitFor(() => t.app.get(LiveEventsService).subscriberCount('unido-ng') === 1);
      await reviewer.apollo.mutate({ mutation: Decide, variables: { clusterId, gate: 'close', role: 'reviewer', outcome: 'REJECT' } });
      await waitFor(() => events.length > 0);
      expect(events[0]).toMatchObject({ type: 'DECIDED', actorName: 'Rui Reviewer' });
    } finally {
      live.unsubscribe();
    }

    // graphql-ws's own client: the refusal is an `error` message (its sink's error, with the codes).
    const refused = await new Promise<unknown>((resolve) => {
      admin.ws.subscribe({ query: 'subscription($c: ID) { clusterEvents(clusterId: $c) { id } }', variables: { c: '00000000-0000-4000-8000-000000000000' } }, {
        next: (result) => resolve({ next: result }),
        error: resolve,
        complete: () => resolve('complete without an error'),
      });
    });
    expect(Array.isArray(refused) ? refused.map((e) => e.extensions?.code) : refused).toEqual(['NOT_FOUND']);

    // And through Apollo, the same refusal is an error with the contract's code.
    const error = await new Promise<unknown>((resolve) => {
      admin.apollo.subscribe({ query: ClusterEvents, variables: { clusterId: '00000000-0000-4000-8000-000000000000' } }).subscribe({
        next: (r) => resolve(r.error ?? r),
        error: resolve,
      });
    });
    expect(codes(error)).toEqual(['NOT_FOUND']);
  });

  it('gets BAD_USER_INPUT, not INTERNAL, for a subscription sent over HTTP', async () => {
    const token = await t.token({ userId: 'ada', agency: 'unido-ng', roles: ['auditor'] });
    const http = httpOnlyClient(baseUrl, token);
    try {
      const error = await new Promise<unknown>((resolve) => {
        http.subscribe({ query: ClusterEvents, variables: { clusterId } }).subscribe({ next: (r) => resolve(r.error ?? r), error: resolve });
      });
      // Apollo Client shows the server's message (it drops the extensions of a JSON answer to its multipart request).
      expect(messages(error)).toEqual(['subscriptions are served over WebSocket at /graphql']);
    } finally {
      http.stop();
    }
    // What it was answered, asked as Apollo Client asks.
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed;boundary="graphql";subscriptionSpec=1.0,application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'subscription { clusterEvents { id } }' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'subscriptions are served over WebSocket at /graphql', extensions: { code: 'BAD_USER_INPUT' } }] });
  });

  describe('with an identity provider that fails', () => {
    let idp: Server;
    let broken: TestApp;
    beforeAll(async () => {
      idp = createServer((_req, res) => {
        res.statusCode = 502;
        res.setHeader('content-type', 'text/html');
        res.end('<html><body>Bad gateway</body></html>');
      });
      await new Promise<void>((ok) => idp.listen(0, '127.0.0.1', ok));
      broken = await startTestApp('integrator_idp', {
        JWT_JWKS_URL: `http://127.0.0.1:${(idp.address() as AddressInfo).port}/certs`,
        JWT_ISSUER: 'https://idp.example.test',
        JWT_AUDIENCE: 'clusterflow-api',
      });
    }, 90_000);
    afterAll(async () => {
      await broken?.close();
      await new Promise((ok) => idp.close(ok));
    });

    it('gets SERVICE_UNAVAILABLE (retry later), never UNAUTHENTICATED (sign in again)', async () => {
      const port = (broken.app.getHttpServer().address() as AddressInfo).port;
      // A well-formed RS256 token: the server cannot judge it without the provider's keys.
      const header = Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'k1', typ: 'JWT' })).toString('base64url');
      const body = Buffer.from(JSON.stringify({ sub: 'eve', agency: 'unido-ng', roles: ['cda'], iss: 'https://idp.example.test', aud: 'clusterflow-api', exp: Math.floor(Date.now() / 1000) + 600 })).toString('base64url');
      const client = integratorClient(`http://127.0.0.1:${port}`, `${header}.${body}.${Buffer.from('sig').toString('base64url')}`);
      try {
        const error = await client.apollo.query({ query: Me }).then(() => null, (e: unknown) => e);
        expect(codes(error)).toEqual(['SERVICE_UNAVAILABLE']);
      } finally {
        await client.dispose();
      }
    });
  });
});

/** Waits (up to 10 s) until `done`. */
async function waitFor(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
