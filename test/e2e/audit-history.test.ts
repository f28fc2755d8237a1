import { MOVED_CLOCK_ENV } from '../support/clock';
import { eventHash, GENESIS_HASH } from '@clusterflow/engine';
import { codesOf, countStatements, startTestApp, type TestApp } from '../support/test-app';
import { at, AUDIT_EVENT_FIELDS, buildAuditScenario, iso, SHA_V1, SHA_V2, trailOf, type AuditScenario } from '../support/audit-scenario';

const DECISION_FIELDS = 'id clusterId clusterName gate role outcome comment decidedBy decidedByName decidedAt counts artefactVersion { id artefactId number sha256 submittedBy }';
const HISTORY = `query($f: ApprovalFilter, $first: Int, $after: String) {
  approvalHistory(filter: $f, first: $first, after: $after) {
    totalCount edges { cursor node { ${DECISION_FIELDS} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const TRAIL = `query($c: ID!, $first: Int, $after: String) {
  auditTrail(clusterId: $c, first: $first, after: $after) { edges { cursor node { ${AUDIT_EVENT_FIELDS} } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } }
}`;

describe('the auditor\'s history', () => {
  let t: TestApp;
  let s: AuditScenario;
  beforeAll(async () => {
    t = await startTestApp('audit-history', MOVED_CLOCK_ENV);
    s = await buildAuditScenario(t);
  }, 60_000);
  afterAll(() => t.close());

  const history = async (token: string, variables: Record<string, unknown> = {}) => {
    const res = await t.gql(HISTORY, variables, token);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.approvalHistory;
  };
  const ids = (conn: { edges: { node: { id: string } }[] }) => conn.edges.map((e) => e.node.id);
  /** D2 and D3 share a millisecond: newest first, then by id descending. */
  const day2 = () => [s.d.d2, s.d.d3].sort().reverse();

  describe('approvalHistory', () => {
    it('lists the agency\'s decisions newest first, ties by id descending, with who, when, role, the version decided on and counts', async () => {
      const all = await history(s.tokens.auditor);
      expect(all.totalCount).toBe(6);
      expect(ids(all)).toEqual([s.d.d6, s.d.d5, s.d.d4, ...day2(), s.d.d1]);
      expect(all.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: false, startCursor: all.edges[0].cursor, endCursor: all.edges[5].cursor });
      const byId = new Map(all.edges.map((e: { node: { id: string } }) => [e.node.id, e.node]));
      expect(byId.get(s.d.d1)).toEqual({
        id: s.d.d1, clusterId: s.alpha, clusterName: 'Alpha', gate: 'submit', role: 'reviewer', outcome: 'REJECT', comment: 'Missing annex;\nsee "B"',
        decidedBy: 'rui', decidedByName: null, decidedAt: iso(at(1)), counts: false,
        artefactVersion: { id: s.alphaV1, artefactId: expect.any(String), number: 1, sha256: SHA_V1, submittedBy: 'ada' },
      });
      expect(byId.get(s.d.d2)).toMatchObject({ decidedBy: 'sam', decidedByName: 'Sam "the" Reviewer, Jr.', decidedAt: iso(at(2)), outcome: 'APPROVE', counts: false, artefactVersion: { id: s.alphaV1, sha256: SHA_V1 } });
      expect(byId.get(s.d.d4)).toMatchObject({ decidedBy: 'rui', decidedAt: iso(at(4)), counts: true, artefactVersion: { id: s.alphaV2, number: 2, sha256: SHA_V2 } });
      expect(byId.get(s.d.d5)).toMatchObject({ decidedBy: 'bea', role: 'board', gate: 'finish', counts: true, artefactVersion: null, comment: null });
      expect(byId.get(s.d.d6)).toMatchObject({ clusterId: s.beta, clusterName: 'Beta, "the second"', outcome: 'REJECT', artefactVersion: { id: s.betaV1, sha256: null } });
      // The same decisions as the clusters themselves show them.
      for (const cluster of [s.alpha, s.beta]) {
        const res = await t.gql(`query($id: ID!) { cluster(id: $id) { decisions { ${DECISION_FIELDS} } } }`, { id: cluster }, s.tokens.auditor);
        for (const d of res.body.data.cluster.decisions) expect(byId.get(d.id)).toEqual(d);
      }
    });

    it.each([
      ['clusterId', () => ({ clusterId: s.alpha }), () => [s.d.d5, s.d.d4, s.d.d2, s.d.d1]],
      ['decidedBy (not the other agency\'s user of the same id)', () => ({ decidedBy: 'rui' }), () => [s.d.d4, s.d.d3, s.d.d1]],
      ['role', () => ({ role: 'board' }), () => [s.d.d5]],
      ['gate', () => ({ gate: 'submit' }), () => [s.d.d6, s.d.d4, ...day2(), s.d.d1]],
      ['outcome', () => ({ outcome: 'REJECT' }), () => [s.d.d6, s.d.d1]],
      ['from, inclusive', () => ({ from: iso(at(2)) }), () => [s.d.d6, s.d.d5, s.d.d4, ...day2()]],
      ['to, exclusive', () => ({ to: iso(at(2)) }), () => [s.d.d1]],
      ['from and to', () => ({ from: iso(at(2)), to: iso(at(5)) }), () => [s.d.d4, ...day2()]],
      ['an empty range (from = to)', () => ({ from: iso(at(2)), to: iso(at(2)) }), () => []],
      ['every filter at once', () => ({ clusterId: s.alpha, decidedBy: 'rui', role: 'reviewer', gate: 'submit', outcome: 'APPROVE', from: iso(at(1)), to: iso(at(9)) }), () => [s.d.d4]],
    ])('filters by %s, with the count of the filtered list', async (_name, filter, expected) => {
      const page = await history(s.tokens.auditor, { f: filter() });
      expect(ids(page)).toEqual(expected());
      expect(page.totalCount).toBe(expected().length);
    });

    it('pages with keyset cursors across the tie, the count on every page', async () => {
      const pages: any[] = [];
      let after: string | null = null;
      do {
        const page = await history(s.tokens.auditor, { first: 2, after });
        pages.push(page);
        after = page.pageInfo.endCursor;
      } while (pages[pages.length - 1].pageInfo.hasNextPage);
      expect(pages.map(ids)).toEqual([[s.d.d6, s.d.d5], [s.d.d4, day2()[0]], [day2()[1], s.d.d1]]);
      expect(pages.map((p) => p.totalCount)).toEqual([6, 6, 6]);
      expect(pages.map((p) => [p.pageInfo.hasPreviousPage, p.pageInfo.hasNextPage])).toEqual([[false, true], [true, true], [true, false]]);
      const filtered = await history(s.tokens.auditor, { f: { gate: 'submit' }, first: 3 });
      const rest = await history(s.tokens.auditor, { f: { gate: 'submit' }, first: 3, after: filtered.pageInfo.endCursor });
      expect([...ids(filtered), ...ids(rest)]).toEqual([s.d.d6, s.d.d4, ...day2(), s.d.d1]);
      expect([filtered.totalCount, rest.totalCount, rest.pageInfo.hasNextPage]).toEqual([5, 5, false]);
      const end = await history(s.tokens.auditor, { after: pages[2].pageInfo.endCursor });
      expect(end).toMatchObject({ totalCount: 6, edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null } });
    });

    it('costs one statement for the page and one for all its artefact versions', async () => {
      const bare = await countStatements(() => t.gql('{ approvalHistory { totalCount edges { node { id } } } }', {}, s.tokens.auditor));
      const withVersions = await countStatements(() => t.gql(HISTORY, {}, s.tokens.auditor));
      expect(bare).toBe(1);
      expect(withVersions).toBe(2);
    });

    it('shows another agency only its own decisions, and a cluster of another agency or none as NOT_FOUND', async () => {
      const b = await history(s.tokens.auditorB);
      expect(ids(b)).toEqual([s.d.b1]);
      expect(b.totalCount).toBe(1);
      expect(b.edges[0].node).toMatchObject({ decidedBy: 'rui', clusterId: s.gamma });
      expect(ids(await history(s.tokens.auditorB, { f: { decidedBy: 'sam' } }))).toEqual([]);
      for (const clusterId of [s.alpha, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
        const res = await t.gql(HISTORY, { f: { clusterId } }, s.tokens.auditorB);
        expect(codesOf(res)).toEqual(['NOT_FOUND']);
        expect(res.body.data).toBeNull();
      }
      // NOT_FOUND answers before BAD_USER_INPUT.
      expect(codesOf(await t.gql(HISTORY, { f: { clusterId: s.alpha }, first: 0, after: 'junk' }, s.tokens.auditorB))).toEqual(['NOT_FOUND']);
    });

    it('refuses a bad page size, cursor or range with BAD_USER_INPUT, and a caller without a token', async () => {
      for (const variables of [
        { first: 0 },
        { first: 501 },
        { after: 'not a cursor' },
        { after: Buffer.from(JSON.stringify(['REGISTERED_AT', '2031-01-01T00:00:00.000Z', s.alpha])).toString('base64url') },
        { f: { from: iso(at(3)), to: iso(at(2)) } },
        { f: { decidedBy: 'x'.repeat(501) } },
      ]) {
        expect(codesOf(await t.gql(HISTORY, variables, s.tokens.auditor))).toEqual(['BAD_USER_INPUT']);
      }
      expect(codesOf(await t.gql(HISTORY, {}))).toEqual(['UNAUTHENTICATED']);
    });

    it('takes DateTime as RFC 3339 with an offset or Z, and refuses anything else with BAD_USER_INPUT saying so', async () => {
      const when = new Date(at(2));
      const local = new Date(when.getTime() + 90 * 60_000).toISOString().replace(/\.\d{3}Z$/, '+01:30');
      // The same instant, written with an offset, a lowercase t and z, or microseconds.
      for (const from of [iso(at(2)), local, iso(at(2)).replace('T', 't').replace('Z', 'z'), iso(at(2)).replace('Z', '000Z')]) {
        expect(ids(await history(s.tokens.auditor, { f: { from, to: iso(at(3)) } }))).toEqual(day2());
      }
      const bad = ['2025-01-01', '2025-01-01T00:00:00', '2025-01-01 00:00:00Z', '2025-02-30T00:00:00Z', '2025-01-01T24:00:00Z', '2025-01-01T00:00:00+1:00', 'yesterday', 1735689600000, true];
      for (const from of bad) {
        const res = await t.gql(HISTORY, { f: { from } }, s.tokens.auditor);
        expect(codesOf(res)).toEqual(['BAD_USER_INPUT']);
        expect(res.body.errors[0].message).toContain(`${JSON.stringify(from)} is not an RFC 3339 date-time with an offset`);
        expect(res.body.errors[0].message).toContain('"f.from"');
      }
      // Written in the query itself, too.
      const literal = await t.gql('{ approvalHistory(filter: { to: "2025-01-01" }) { totalCount } }', {}, s.tokens.auditor);
      expect(codesOf(literal)).toEqual(['BAD_USER_INPUT']);
      expect(literal.body.errors[0].message).toMatch(/^"2025-01-01" is not an RFC 3339 date-time with an offset/);
      expect(literal.body.errors[0].locations).toEqual([{ line: 1, column: 33 }]);
    });
  });

  describe('auditTrail', () => {
    it('gives every event of the cluster in seq order with every field, its hash chain whole', async () => {
      const events = await trailOf(t, s.tokens.auditor, s.alpha);
      expect(events.map((e) => [e.seq, e.type])).toEqual([
        [1, 'REGISTERED'], [2, 'ARTEFACT_SUBMITTED'], [3, 'DECIDED'], [4, 'DECIDED'], [5, 'ARTEFACT_SUBMITTED'], [6, 'DECIDED'], [7, 'ADVANCED'], [8, 'DECIDED'],
      ]);
      expect(events.map((e) => e.at)).toEqual([at(0), at(0, 2), at(1), at(2), at(3), at(4), at(4, 1), at(5)].map(iso));
      expect(events[0]).toMatchObject({ clusterId: s.alpha, actor: 'ada', actorName: 'Ada Admin', role: 'agency_admin', prevHash: GENESIS_HASH, payload: expect.objectContaining({ name: 'Alpha' }) });
      expect(events[2]).toMatchObject({ actor: 'rui', actorName: null, role: 'reviewer', payload: expect.objectContaining({ decisionId: s.d.d1, outcome: 'REJECT' }) });
      expect(events[3]).toMatchObject({ actor: 'sam', actorName: 'Sam "the" Reviewer, Jr.' });
      for (const [i, e] of events.entries()) {
        expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
        expect(e.prevHash).toBe(i === 0 ? GENESIS_HASH : events[i - 1].hash);
        expect(e.hash).toBe(eventHash(e));
      }
      const cluster = await t.gql('query($id: ID!) { cluster(id: $id) { version } }', { id: s.alpha }, s.tokens.auditor);
      expect(cluster.body.data.cluster.version).toBe(events.length);
    });

    it('pages by seq: the cursor is the seq', async () => {
      const all = await trailOf(t, s.tokens.auditor, s.alpha);
      const page = async (first: number, after?: string) => {
        const res = await t.gql(TRAIL, { c: s.alpha, first, after }, s.tokens.auditor);
        expect(res.body.errors).toBeUndefined();
        return res.body.data.auditTrail;
      };
      const p1 = await page(3);
      expect(p1.edges.map((e: any) => e.cursor)).toEqual(['1', '2', '3']);
      expect(p1.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false, startCursor: '1', endCursor: '3' });
      const p2 = await page(3, p1.pageInfo.endCursor);
      const p3 = await page(3, p2.pageInfo.endCursor);
      expect(p3.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: '7', endCursor: '8' });
      expect([...p1.edges, ...p2.edges, ...p3.edges].map((e: any) => e.node)).toEqual(all);
      expect((await page(5, '8')).edges).toEqual([]);
      const dflt = await t.gql(`query($c: ID!) { auditTrail(clusterId: $c) { edges { cursor } pageInfo { hasNextPage } } }`, { c: s.beta }, s.tokens.auditor);
      expect(dflt.body.data.auditTrail.edges.map((e: any) => e.cursor)).toEqual(['1', '2', '3', '4']);
    });

    it('answers NOT_FOUND for another agency\'s or an unknown cluster, before BAD_USER_INPUT', async () => {
      for (const c of [s.alpha, '00000000-0000-4000-8000-000000000000', 'nope']) {
        const res = await t.gql(TRAIL, { c, first: 10 }, s.tokens.auditorB);
        expect(codesOf(res)).toEqual(['NOT_FOUND']);
      }
      expect(codesOf(await t.gql(TRAIL, { c: s.alpha, first: 501, after: 'x' }, s.tokens.auditorB))).toEqual(['NOT_FOUND']);
      expect((await trailOf(t, s.tokens.auditorB, s.gamma)).map((e) => e.type)).toEqual(['REGISTERED', 'ARTEFACT_SUBMITTED', 'DECIDED']);
    });

    it('refuses a bad page size or cursor with BAD_USER_INPUT', async () => {
      for (const [first, after] of [[0, null], [501, null], [10, 'abc'], [10, '-1'], [10, '99999999999']] as const) {
        expect(codesOf(await t.gql(TRAIL, { c: s.alpha, first, after }, s.tokens.auditor))).toEqual(['BAD_USER_INPUT']);
      }
    });
  });
});
