import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp, type TestApp } from '../support/test-app';
import { pdfFiles } from '../support/files';
import { clusterApi, ok, refused, type ClusterApi } from '../support/cluster-api';
import { atServerTime, DAY_MS, TOKEN_TTL, MOVED_CLOCK_ENV } from '../support/clock';

const UNIDO = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
const ITEM = 'id kind gate milestone role indicator detail since due overdue artefactVersion { id submittedBy } cluster { id name }';
const DSR_FIELDS = { firms_surveyed: 50, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };
const CRITERIA = ['importance', 'potential', 'viability', 'sustainability'];
const T0 = Date.parse('2026-01-05T09:00:00.000Z');

interface Item {
  id: string;
  kind: string;
  gate: string | null;
  milestone: string | null;
  role: string | null;
  detail: string;
  since: string;
  due: string | null;
  overdue: boolean;
  artefactVersion: { id: string; submittedBy: string } | null;
  cluster: { id: string; name: string };
}

/**
 * myWork (contract v2): what waits on each person, from the work_item projection the commands
 * write, agreeing with what `gates { unmet { viewerCanAct } }` and `viewerCan` say of each
 * cluster; in the contract's order, paged.
 */
describe('myWork', () => {
  let t: TestApp;
  let api: ClusterApi;
  const tok: Record<string, string> = {};
  const PEOPLE: [string, string, string[]][] = [
    ['admin', 'ada', ['agency_admin']],
    ['cda', 'chidi', ['cda']],
    ['otherCda', 'obi', ['cda']],
    ['pm', 'priya', ['programme_manager']],
    ['cm', 'amaka', ['cluster_commission']],
    ['cm2', 'bayo', ['cluster_commission']],
    ['cdaAndCm', 'chidi', ['cda', 'cluster_commission']],
    ['auditor', 'audrey', ['auditor']],
  ];
  const ids: Record<string, string> = {};

  const myWork = async (token: string, first = 500, after: string | null = null) =>
    ok(t.gql(`query($first: Int, $after: String) { myWork(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${ITEM} } } } }`, { first, after }, token));
  const items = async (token: string): Promise<Item[]> => (await myWork(token)).edges.map((e: { node: Item }) => e.node);

  beforeAll(async () => {
    t = await startTestApp('my-work', { LOG_LEVEL: 'error', ...MOVED_CLOCK_ENV });
    api = clusterApi(t);
    for (const [key, userId, roles] of PEOPLE) tok[key] = await t.token({ userId, agency: 'unido-ng', roles }, TOKEN_TTL);
    tok.foreign = await t.token({ userId: 'zed', agency: 'other-agency', roles: ['agency_admin', 'cda', 'programme_manager', 'cluster_commission'] }, TOKEN_TTL);
    await atServerTime(T0, async () => {
      await ok(api.publish(tok.admin, UNIDO));
      await ok(api.publish(tok.foreign, UNIDO));
    });
    // A: registered first, in selection. B: ten days later, scored, CDA appointed. C: in the diagnostic phase with its report submitted.
    await atServerTime(T0, async () => {
      ids.A = (await ok(api.register(tok.cda, { name: 'A leather', templateKey: 'unido-cda', attributes: { enterprise_count: 150 } }, 'id'))).id;
      await ok(api.submit(tok.cda, { clusterId: ids.A, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 150 } }));
    });
    await atServerTime(T0 + 10 * DAY_MS, async () => {
      ids.B = (await ok(api.register(tok.cda, { name: 'B textiles', templateKey: 'unido-cda', attributes: { enterprise_count: 400 } }, 'id'))).id;
      await ok(api.score(tok.cda, ids.B, CRITERIA.map((criterion) => ({ criterion, score: 4 }))));
      await ok(api.submit(tok.cda, { clusterId: ids.B, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 400 } }));
      await ok(api.decide(tok.cda, { clusterId: ids.B, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
    });
    await atServerTime(T0 + 20 * DAY_MS, async () => {
      ids.C = (await ok(api.register(tok.cda, { name: 'C food', templateKey: 'unido-cda', attributes: { enterprise_count: 400 } }, 'id'))).id;
      await ok(api.assignRole(tok.admin, ids.C, 'amaka', 'cluster_commission'));
      await ok(api.assignRole(tok.admin, ids.C, 'bayo', 'cluster_commission'));
      await ok(api.assignRole(tok.admin, ids.C, 'chidi', 'cluster_commission'));
      await ok(api.score(tok.cda, ids.C, CRITERIA.map((criterion) => ({ criterion, score: 4 }))));
      await ok(api.submit(tok.cda, { clusterId: ids.C, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 400 } }));
      await ok(api.decide(tok.cda, { clusterId: ids.C, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, ids.C, 'cda_appointed'));
      await ok(api.decide(tok.pm, { clusterId: ids.C, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.advance(tok.cda, ids.C, 'select_cluster', null, 'id'));
    });
    await atServerTime(T0 + 21 * DAY_MS, async () => {
      const dsr = await ok(api.submit(tok.cda, { clusterId: ids.C, files: await pdfFiles(t, tok.cda), type: 'diagnostic_report', title: 'DSR', fields: DSR_FIELDS }));
      ids.dsr = dsr.id;
      await ok(api.decide(tok.cm2, { clusterId: ids.C, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: dsr.id }));
    });
    // Another agency's cluster in the same state as A: never anyone's work here.
    await atServerTime(T0, async () => {
      const y = (await ok(api.register(tok.foreign, { name: 'Foreign', templateKey: 'unido-cda', attributes: { enterprise_count: 150 } }, 'id'))).id;
      await ok(api.submit(tok.foreign, { clusterId: y, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 150 } }));
    });
  }, 120_000);
  afterAll(() => t.close(), 120_000);

  const summary = (list: Item[]) => list.map((i) => [i.cluster.name, i.kind, i.gate ?? i.milestone, i.role].filter(Boolean).join(' ')).sort();

  it('lists what waits on each person, and nothing for those it does not wait on', async () => {
    await atServerTime(T0 + 30 * DAY_MS, async () => {
      expect(summary(await items(tok.pm))).toEqual(['A leather DECIDE select_cluster programme_manager', 'B textiles DECIDE select_cluster programme_manager']);
      // amaka may endorse C's report; bayo has approved it already; chidi submitted it.
      expect(summary(await items(tok.cm))).toEqual(['C food DECIDE endorse_diagnostic cluster_commission']);
      expect(summary(await items(tok.cm2))).toEqual([]);
      expect(summary(await items(tok.cdaAndCm)).filter((s) => s.includes('endorse_diagnostic'))).toEqual([]);
      const chidi = summary(await items(tok.cda));
      expect(chidi).toEqual(expect.arrayContaining(['A leather DECIDE cda_appointed cda', 'A leather SCORE select_cluster', 'B textiles REACH_MILESTONE cda_appointed']));
      // The admin has every item of the CDAs' kinds, and decides nothing.
      const ada = summary(await items(tok.admin));
      expect(ada).toEqual(chidi.filter((s) => !s.includes(' DECIDE ')));
      for (const who of ['otherCda', 'auditor']) expect(await items(tok[who])).toEqual([]);
      // The other agency's admin sees only its own cluster's work.
      expect(new Set((await items(tok.foreign)).map((i) => i.cluster.name))).toEqual(new Set(['Foreign']));
    });
  });

  it('agrees with viewerCanAct and viewerCan on every gate of every cluster, for every person', async () => {
    await atServerTime(T0 + 30 * DAY_MS, async () => {
      for (const [who] of PEOPLE) {
        const mine = await items(tok[who]);
        for (const id of [ids.A, ids.B, ids.C]) {
          const c = await ok(api.cluster(tok[who], id, 'name viewerCan gates { gate ready unmet { kind role artefactType viewerCanAct artefactVersionId } }'));
          // `drop` (a bare exit: only a decision, into a final phase) is not listed as work (docs/decisions.md).
          const fromGates = c.gates.filter((g: any) => g.gate !== 'drop' || g.ready).flatMap((g: any) => [
            ...g.unmet
              .filter((u: any) => u.viewerCanAct && ['APPROVAL', 'ARTEFACT', 'SCORE', 'INDICATOR'].includes(u.kind))
              .map((u: any) => `${({ APPROVAL: 'DECIDE', ARTEFACT: 'SUBMIT_ARTEFACT', SCORE: 'SCORE', INDICATOR: 'RECORD_INDICATOR' } as Record<string, string>)[u.kind]} ${g.gate}${u.kind === 'APPROVAL' ? ` ${u.role} ${u.artefactVersionId ?? ''}` : ''}`),
            ...(g.ready && c.viewerCan.includes('ADVANCE') ? [`ADVANCE ${g.gate}`] : []),
          ]);
          const listed = mine
            .filter((i) => i.cluster.id === id && i.gate !== null && i.kind !== 'REACH_MILESTONE')
            .map((i) => `${i.kind} ${i.gate}${i.kind === 'DECIDE' ? ` ${i.role} ${i.artefactVersion?.id ?? ''}` : ''}`);
          expect([who, c.name, [...new Set(listed)].sort()]).toEqual([who, c.name, [...new Set(fromGates)].sort()]);
        }
      }
    });
  });

  it('orders overdue first, then by due date, then by waiting time; overdue and due as the cluster says', async () => {
    // 95 days after T0: A's selection (due P3M from T0) is overdue, B's (from T0 + 10 days) not yet.
    await atServerTime(T0 + 95 * DAY_MS, async () => {
      const list = await items(tok.pm);
      expect(list.map((i) => [i.cluster.name, i.overdue])).toEqual([['A leather', true], ['B textiles', false]]);
      for (const i of list) {
        const c = await ok(api.cluster(tok.pm, i.cluster.id, 'due overdue'));
        expect([i.due, i.overdue]).toEqual([c.due, c.overdue]);
      }
      const all = await items(tok.admin);
      const key = (i: Item) => [i.overdue ? 0 : 1, i.due ?? '9999', i.since];
      const sorted = [...all].sort((a, b) => (JSON.stringify(key(a)) < JSON.stringify(key(b)) ? -1 : JSON.stringify(key(a)) > JSON.stringify(key(b)) ? 1 : 0));
      expect(all.map((i) => key(i))).toEqual(sorted.map((i) => key(i)));
      expect(all[0].overdue).toBe(true);
      // An item waits since the command that opened it: B's milestone since its CDA's approval.
      expect(all.find((i) => i.cluster.name === 'B textiles' && i.kind === 'REACH_MILESTONE')!.since).toBe(new Date(T0 + 10 * DAY_MS).toISOString());
    });
  });

  it('pages with cursors and counts every item', async () => {
    await atServerTime(T0 + 30 * DAY_MS, async () => {
      const whole = await myWork(tok.admin);
      expect(whole.totalCount).toBe(whole.edges.length);
      expect(whole.totalCount).toBeGreaterThanOrEqual(2);
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = await myWork(tok.admin, 1, after);
        expect(page.totalCount).toBe(whole.totalCount);
        seen.push(...page.edges.map((e: { node: Item }) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(whole.edges.map((e: { node: Item }) => e.node.id));
      await refused(t.gql('{ myWork(after: "nope") { totalCount } }', {}, tok.admin), 'BAD_USER_INPUT');
      await refused(t.gql('{ myWork(first: 501) { totalCount } }', {}, tok.admin), 'BAD_USER_INPUT');
    });
  });

  it('follows the commands: a decision takes the item off, a suspension takes the cluster\'s off, a resume brings them back', async () => {
    await atServerTime(T0 + 40 * DAY_MS, async () => {
      await ok(api.decide(tok.pm, { clusterId: ids.A, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
      expect(summary(await items(tok.pm))).toEqual(['B textiles DECIDE select_cluster programme_manager']);
      const before = summary(await items(tok.admin));
      await ok(api.suspend(tok.admin, ids.B, 'paused'));
      expect(summary(await items(tok.pm))).toEqual([]);
      expect(summary(await items(tok.admin)).some((s) => s.startsWith('B textiles'))).toBe(false);
      await ok(api.resume(tok.admin, ids.B));
      expect(summary(await items(tok.admin))).toEqual(before);
      // A rejection leaves the requirement open for the one who rejected: they may still approve.
      await ok(api.decide(tok.cm, { clusterId: ids.C, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'REJECT', artefactVersionId: ids.dsr }));
      expect(summary(await items(tok.cm))).toEqual(['C food DECIDE endorse_diagnostic cluster_commission']);
    });
  });
});
