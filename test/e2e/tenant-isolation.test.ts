import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';
import { ok, refusal } from '../support/cluster-api';
import { agencyState, idPaths, introspect, pathsHolding, seedAgency, send, WELL_FORMED, type Agency, type RootField, type Schema, type Target } from '../support/schema-matrix';

type Kind = 'query' | 'mutation';

/**
 * "A user never sees or touches another agency's data: such ids, like ids that do not exist,
 * answer NOT_FOUND." Two agencies with the same kind of data (a template, clusters in two
 * phases, artefact versions, decisions, indicators). Every query and mutation that takes an
 * id anywhere in its arguments, found by introspecting the schema over HTTP, is called by
 * a person of one agency holding every role, with the other agency's ids at each of those
 * places in turn: NOT_FOUND (null for `cluster(id)`), nothing changed in either agency, and
 * no response names anything of the other agency. Lists and totals count only the agency's own.
 */
describe('tenant isolation: one agency never sees or touches another\'s data', () => {
  let t: TestApp;
  let schema: Schema;
  const agencies: Record<string, Agency> = {};
  beforeAll(async () => {
    t = await startTestApp('tenant-isolation');
    agencies.alpha = await seedAgency(t, 'agency-alpha', 'alpha');
    agencies.bravo = await seedAgency(t, 'agency-bravo', 'bravo');
    schema = await introspect(t, agencies.alpha.tok.auditor);
  }, 120_000); // two agencies seeded through the API, each waiting for a notification (over 30 s on a loaded machine)
  afterAll(() => t.close());

  const has = (name: string) => schema.Query.some((f) => f.name === name);
  /** Every query and mutation with an ID somewhere in its arguments. */
  const idTaking = (): [Kind, RootField][] =>
    ([...schema.Query.map((f) => ['query', f]), ...schema.Mutation.map((f) => ['mutation', f])] as [Kind, RootField][]).filter(([, f]) => idPaths(f, schema).length > 0);

  /** The ids of an agency's data. */
  const idsOf = (x: Agency) => new Set([...Object.values(x.clusters), ...x.artefacts, ...x.versions, ...x.decisions, ...x.conditions, ...x.files, ...x.notifications, ...x.webhooks]);
  /** What must never reach another agency: its slug, ids, names, people and template. */
  const secretsOf = (x: Agency) => [x.slug, ...idsOf(x), ...x.names, x.templateKey, x.templateTitle, ...Object.values(x.people).map(([userId]) => userId)];
  function expectNothingOf(them: Agency, res: request.Response, label: string): void {
    const body = JSON.stringify(res.body);
    expect([label, secretsOf(them).filter((s) => body.includes(s))]).toEqual([label, []]);
  }

  /**
   * The calls of one operation aimed at the other agency: its own target, then `me`'s target with
   * each kind of id in turn replaced by the other agency's (a foreign artefact on one's own
   * cluster). Each with the paths at which it holds a foreign id; calls holding none are left out.
   */
  function foreignCalls(name: string, me: Agency, them: Agency): { args: Record<string, unknown>; paths: string[] }[] {
    const targets: Target[] = [them.target, ...(['clusterId', 'artefactId', 'artefactVersionId', 'conditionId', 'fileId', 'notificationId', 'webhookId', 'spareWebhookId'] as const).map((k) => ({ ...me.target, [k]: them.target[k] }))];
    const seen = new Set<string>();
    const calls = [];
    for (const target of targets) {
      const args = WELL_FORMED[name](target);
      const key = JSON.stringify(args);
      const paths = pathsHolding(args, idsOf(them));
      if (seen.has(key) || !paths.length) continue;
      seen.add(key);
      calls.push({ args, paths });
    }
    return calls;
  }

  /**
   * NOT_FOUND (null for `cluster(id)`), except where the contract says otherwise: a file id of
   * another agency to attach is BAD_USER_INPUT (the caller does not address the file by URL
   * there), and marking notifications read leaves alone every id not the caller's own (0 changed).
   */
  function expectedOutcome(name: string, paths: string[]): string {
    if (name === 'cluster') return 'null';
    if (name === 'markNotificationsRead') return 'ok: 0';
    if (name === 'submitArtefact' && paths.join() === 'input.files') return 'BAD_USER_INPUT';
    return 'NOT_FOUND';
  }

  it('the table reaches every id argument of every query and mutation that takes one', () => {
    const ops = idTaking();
    expect(ops.map(([, f]) => f.name)).toEqual(expect.arrayContaining(['cluster', 'advance', 'decide', 'submitArtefact']));
    const uncovered: string[] = [];
    for (const [, f] of ops) {
      if (!WELL_FORMED[f.name]) {
        uncovered.push(`${f.name}: no entry`);
        continue;
      }
      const reached = new Set(foreignCalls(f.name, agencies.alpha, agencies.bravo).flatMap((c) => c.paths));
      for (const path of idPaths(f, schema)) if (!reached.has(path)) uncovered.push(`${f.name}: ${path}`);
    }
    expect(uncovered).toEqual([]);
  });

  describe.each([
    ['alpha', 'bravo'],
    ['bravo', 'alpha'],
  ])('%s, with the ids of %s', (mine, theirs) => {
    let me: Agency;
    let them: Agency;
    beforeAll(() => {
      me = agencies[mine];
      them = agencies[theirs];
    });
    const states = async () => [await agencyState(t, me.tok.admin, schema), await agencyState(t, them.tok.admin, schema)];

    it('every call with the other agency\'s id: NOT_FOUND (cluster: null), nothing changed, nothing told', async () => {
      const outcomes: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const [kind, f] of idTaking()) {
        for (const { args, paths } of foreignCalls(f.name, me, them)) {
          const label = `${f.name} (${paths.join(', ')})`;
          const before = await states();
          const res = await send(t, kind, f, args, me.tok.boss);
          outcomes[label] = codesOf(res).join(',') || (f.name === 'cluster' ? String(res.body.data.cluster) : `ok: ${JSON.stringify(res.body.data[f.name])}`);
          expected[label] = expectedOutcome(f.name, paths);
          if (outcomes[label] === 'NOT_FOUND') refusal(res, 'NOT_FOUND');
          if (expected[label] === 'BAD_USER_INPUT' && outcomes[label] === 'BAD_USER_INPUT') {
            // The message repeats the file id the caller sent, and says no more than for an id nobody has.
            const theirs = refusal(res, 'BAD_USER_INPUT').message.replaceAll(them.target.fileId, 'ID');
            const unknownId = randomUUID();
            const nobodys = refusal(await send(t, kind, f, WELL_FORMED[f.name]({ ...me.target, fileId: unknownId }), me.tok.boss), 'BAD_USER_INPUT');
            expect(theirs).toBe(nobodys.message.replaceAll(unknownId, 'ID'));
            res.body = JSON.parse(JSON.stringify(res.body).replaceAll(them.target.fileId, 'ID'));
          }
          expectNothingOf(them, res, label);
          expect([label, await states()]).toEqual([label, before]);
        }
      }
      expect(outcomes).toEqual(expected);
      expect(Object.keys(outcomes).length).toBeGreaterThanOrEqual(18);
    }, 120_000); // every id-taking query and mutation of the schema, each twice, and both agencies' state compared after each

    it('the other agency\'s template keys are unknown too: template null, templates empty, registerCluster as for a key nobody has', async () => {
      expect(await ok(t.gql('query($k: String!) { template(key: $k) { key } }', { k: them.templateKey }, me.tok.boss))).toBeNull();
      expect(await ok(t.gql('query($k: String!) { templates(key: $k) { key } }', { k: them.templateKey }, me.tok.boss))).toEqual([]);
      const before = await states();
      const register = (templateKey: string) => me.api.register(me.tok.boss, { name: 'Borrowed', templateKey, attributes: { enterprise_count: 150 } }, 'id');
      const theirKey = refusal(await register(them.templateKey), 'NOT_FOUND');
      const nobodys = refusal(await register('nobodys-template'), 'NOT_FOUND');
      // The message repeats the key the caller sent, and says no more than for a key nobody has.
      expect(theirKey.message.replace(them.templateKey, 'KEY')).toBe(nobodys.message.replace('nobodys-template', 'KEY'));
      expect(await states()).toEqual(before);
    });

    it('lists and totals hold only the agency\'s own: clusters, templates', async () => {
      const read = (query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, me.tok.auditor);
      const everything = await read(`{ clusters(first: 500) { totalCount edges { node { id name templateKey cdaIds roleAssignments { userId }
        artefacts { id versions { id submittedBy } } decisions { id decidedBy clusterId clusterName artefactVersion { id } } } } }
        templates { key title } }`);
      expectNothingOf(them, everything, 'clusters and templates');
      const clusters = everything.body.data.clusters;
      expect(clusters.totalCount).toBe(2);
      expect(clusters.edges.map((e: any) => e.node.id).sort()).toEqual(Object.values(me.clusters).sort());
      expect(everything.body.data.templates.map((x: { key: string }) => x.key)).toEqual([me.templateKey]);
      for (const filter of [{ search: them.names[0] }, { search: theirs }, { templateKey: them.templateKey }]) {
        const res = await read('query($f: ClusterFilter) { clusters(filter: $f) { totalCount edges { node { id } } } }', { f: filter });
        expect([filter, res.body.data.clusters]).toEqual([filter, { totalCount: 0, edges: [] }]);
      }
    });

    it('and the audit views, where the schema has them: approvalHistory, auditTrail, verifyAuditTrail, auditHead', async () => {
      const read = (query: string, variables: Record<string, unknown> = {}) => t.gql(query, variables, me.tok.auditor);
      let events = 0;
      if (has('auditTrail')) {
        for (const clusterId of Object.values(me.clusters)) {
          const res = await read('query($c: ID!) { auditTrail(clusterId: $c, first: 500) { edges { node { id clusterId actor payload } } } }', { c: clusterId });
          expectNothingOf(them, res, `auditTrail of ${clusterId}`);
          const nodes = res.body.data.auditTrail.edges.map((e: any) => e.node);
          expect(nodes.length).toBeGreaterThan(0);
          expect(new Set(nodes.map((n: { clusterId: string }) => n.clusterId))).toEqual(new Set([clusterId]));
          events += nodes.length;
        }
      }
      if (has('approvalHistory')) {
        const res = await read('{ approvalHistory(first: 500) { totalCount edges { node { id clusterId clusterName decidedBy } } } }');
        expectNothingOf(them, res, 'approvalHistory');
        expect(res.body.data.approvalHistory.totalCount).toBe(me.decisions.length);
        expect(res.body.data.approvalHistory.edges.map((e: any) => e.node.id).sort()).toEqual([...me.decisions].sort());
        const byThem = await read('query($u: String!) { approvalHistory(filter: { decidedBy: $u }) { totalCount edges { node { id } } } }', { u: them.people.cm[0] });
        expect(byThem.body.data.approvalHistory).toEqual({ totalCount: 0, edges: [] });
      }
      if (has('verifyAuditTrail')) {
        const res = await read('{ verifyAuditTrail { valid eventsChecked firstBrokenEventId message } }');
        expectNothingOf(them, res, 'verifyAuditTrail');
        expect(res.body.data.verifyAuditTrail.valid).toBe(true);
        if (has('auditTrail')) expect(res.body.data.verifyAuditTrail.eventsChecked).toBe(events);
      }
      if (has('verifyReplay')) {
        const res = await read('{ verifyReplay { valid clustersChecked eventsChecked differences { clusterId } } }');
        expectNothingOf(them, res, 'verifyReplay');
        expect(res.body.data.verifyReplay).toMatchObject({ valid: true, clustersChecked: 2, differences: [] });
        if (has('auditTrail')) expect(res.body.data.verifyReplay.eventsChecked).toBe(events);
      }
      if (has('auditHead')) {
        const res = await read('{ auditHead { agency clusters events root at signature keyId } }');
        expectNothingOf(them, res, 'auditHead');
        expect(res.body.data.auditHead).toMatchObject({ agency: me.slug, clusters: 2 });
        if (has('auditTrail')) expect(res.body.data.auditHead.events).toBe(events);
      }
      if (has('auditHead') && has('verifyAuditTrail')) {
        // A head the other agency saved: not one of ours, as for a head never signed.
        const theirHead = (await ok(t.gql('{ auditHead { agency clusters events root at signature keyId } }', {}, them.tok.auditor))) as Record<string, unknown>;
        const res = await read('query($h: AuditHeadInput) { verifyAuditTrail(against: $h) { valid message } }', { h: theirHead });
        refusal(res, 'NOT_FOUND');
        expectNothingOf(them, res, 'verifyAuditTrail against their head');
      }
    });
  });
});
