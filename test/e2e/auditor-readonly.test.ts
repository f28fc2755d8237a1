import { codesOf, startTestApp, type TestApp } from '../support/test-app';
import { refusal } from '../support/cluster-api';
import { agencyState, introspect, PERSONAL_MUTATIONS, PUBLIC_MUTATIONS, seedAgency, send, WELL_FORMED, type Agency, type RootField, type Schema } from '../support/schema-matrix';

/**
 * "auditor: reads everything of its agency, changes nothing." Every mutation the server
 * offers, found by introspecting the schema over HTTP (so a mutation added later is covered
 * the day it appears, and fails here until WELL_FORMED has a call for it), called by an
 * auditor with well-formed arguments aimed at a real cluster, artefact and version of the
 * auditor's own agency (so NOT_FOUND cannot hide the answer): FORBIDDEN, and nothing changed.
 * The same calls from a person holding every role are not refused for want of rights, so the
 * FORBIDDEN answers say something.
 */
describe('an auditor changes nothing, whatever the mutation', () => {
  let t: TestApp;
  let schema: Schema;
  let a: Agency;
  let mutations: RootField[];
  beforeAll(async () => {
    t = await startTestApp('auditor-readonly');
    a = await seedAgency(t, 'unido-ng', 'alpha');
    schema = await introspect(t, a.tok.auditor);
    mutations = schema.Mutation.filter((m) => !PUBLIC_MUTATIONS.includes(m.name) && !PERSONAL_MUTATIONS.includes(m.name));
  });
  afterAll(() => t.close());

  it('the table has one well-formed call for every mutation of the schema', () => {
    expect(mutations.length).toBeGreaterThanOrEqual(15);
    const missing = schema.Mutation.map((m) => m.name).filter((name) => !WELL_FORMED[name] && !PUBLIC_MUTATIONS.includes(name));
    expect(missing).toEqual([]);
  });

  it('its own notifications and preferences are the auditor\'s to change, and change nothing of the agency', async () => {
    const personal = schema.Mutation.filter((m) => PERSONAL_MUTATIONS.includes(m.name));
    expect(personal.map((m) => m.name).sort()).toEqual([...PERSONAL_MUTATIONS].sort());
    const before = await agencyState(t, a.tok.admin, schema);
    const outcomes: Record<string, string> = {};
    for (const m of personal) {
      const res = await send(t, 'mutation', m, WELL_FORMED[m.name](a.target), a.tok.auditor);
      outcomes[m.name] = codesOf(res).join(',') || JSON.stringify(res.body.data[m.name]);
    }
    // The CDA's notification is not the auditor's: none changed.
    expect(outcomes).toEqual({ markNotificationsRead: '0', setNotificationPreferences: JSON.stringify({ __typename: 'NotificationPreferences' }) });
    expect(await agencyState(t, a.tok.admin, schema)).toEqual(before);
    const cdaUnread = await t.gql('{ notifications { unread } }', {}, a.tok.cda);
    expect(cdaUnread.body.data.notifications.unread).toBeGreaterThanOrEqual(1);
  });

  it('the auditor reads the agency: its clusters, with their artefacts and decisions', async () => {
    const res = await a.api.clusters(a.tok.auditor, { first: 500 }, 'id name artefacts { id } decisions { id }');
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.clusters.totalCount).toBe(2);
    expect(res.body.data.clusters.edges.flatMap((e: any) => e.node.decisions)).toHaveLength(a.decisions.length);
  });

  it('every mutation: FORBIDDEN, and nothing changed', async () => {
    const outcomes: Record<string, string> = {};
    for (const m of mutations) {
      const before = await agencyState(t, a.tok.admin, schema);
      const res = await send(t, 'mutation', m, WELL_FORMED[m.name](a.target), a.tok.auditor);
      outcomes[m.name] = codesOf(res).join(',') || 'ok';
      if (outcomes[m.name] === 'FORBIDDEN') refusal(res, 'FORBIDDEN');
      expect([m.name, await agencyState(t, a.tok.admin, schema)]).toEqual([m.name, before]);
    }
    expect(outcomes).toEqual(Object.fromEntries(mutations.map((m) => [m.name, 'FORBIDDEN'])));
  });

  it('also on its other cluster, in the selection phase, aimed at its map', async () => {
    const before = await agencyState(t, a.tok.admin, schema);
    const outcomes: Record<string, string> = {};
    for (const m of mutations) {
      const res = await send(t, 'mutation', m, WELL_FORMED[m.name](a.targetS), a.tok.auditor);
      outcomes[m.name] = codesOf(res).join(',') || 'ok';
    }
    expect(outcomes).toEqual(Object.fromEntries(mutations.map((m) => [m.name, 'FORBIDDEN'])));
    expect(await agencyState(t, a.tok.admin, schema)).toEqual(before);
  });

  it('the same calls from a person holding every role: not refused for want of rights, nor for an unknown id', async () => {
    const outcomes: Record<string, string> = {};
    for (const m of mutations) {
      const res = await send(t, 'mutation', m, WELL_FORMED[m.name](a.target), a.tok.boss);
      outcomes[m.name] = codesOf(res).join(',') || 'ok';
    }
    // Done, or refused for the state of the cluster (a gate not ready, a milestone of another phase, not suspended).
    const allowed = ['ok', 'GATE_NOT_READY', 'BAD_USER_INPUT', 'SUSPENDED', 'CONFLICT'];
    expect(Object.entries(outcomes).filter(([, code]) => !allowed.includes(code))).toEqual([]);
    expect(Object.values(outcomes).filter((code) => code === 'ok').length).toBeGreaterThanOrEqual(10);
  });
});
