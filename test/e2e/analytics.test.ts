import { Client } from 'pg';
import request from 'supertest';
import ExcelJS from 'exceljs';
import { AnalyticsService } from '@clusterflow/application/analytics/analytics.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { clusterApi, ok, refused, type ClusterApi } from '../support/cluster-api';
import { atServerTime, DAY_MS, TOKEN_TTL, MOVED_CLOCK_ENV } from '../support/clock';

/**
 * Portfolio analytics (contract v2) over HTTP on a small portfolio whose answers are worked
 * out by hand below: a suspended visit, a loop back into a phase, a superseded indicator
 * value, a gate waiting on time, a suspended cluster, and a second agency whose cluster
 * (overdue, with a large value) must never be counted; amounts of money that floats would not
 * add up exactly (0.1 + 0.2); a loop back and an exit, which are not bottlenecks. Times are recorded in the past with
 * the test clock (test/support/clock.ts): the server runs in this process, so faking `Date`
 * stamps each event at the time the test says.
 */
const TEMPLATE = `
key: analytics-t
version: 1
title: Analytics test
roles:
  reviewer: { title: Reviewer }
artefacts:
  report: { title: Report }
indicators:
  jobs: { aggregation: sum, title: Jobs }
  firms: { aggregation: last, title: Firms }
  grant_usd: { aggregation: sum, title: Grant, unit: USD }
attributes:
  home_state: { type: string, title: State }
phases:
  a: { title: Phase A, initial: true, due: P20D }
  b: { title: Phase B }
  c: { title: Phase C, final: true }
  d: { title: Dropped, final: true }
gates:
  - id: a_to_b
    title: A to B
    from: a
    to: b
    requires: { artefacts: [ { type: report } ], approvals: [ { role: reviewer } ] }
  - id: b_to_a
    title: Back to A
    from: b
    to: a
    requires: { approvals: [ { role: reviewer } ] }
  - id: b_to_c
    title: B to C
    from: b
    to: c
    requires: { after: P20D }
  - id: drop
    title: Drop
    from: [a, b]
    to: d
    requires: { approvals: [ { role: reviewer } ] }
`;

const T0 = Date.parse('2026-01-05T09:00:00.000Z');
const day = (n: number) => T0 + n * DAY_MS;
const NOW = day(30);

describe('portfolio analytics', () => {
  let t: TestApp;
  let api: ClusterApi;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const at = <T>(d: number, fn: () => Promise<T>) => atServerTime(day(d), fn);
  const register = (token: string, name: string, homeState: string) =>
    ok(api.register(token, { name, templateKey: 'analytics-t', attributes: { home_state: homeState } }, 'id')).then((r) => r.id as string);
  const report = (token: string, clusterId: string) => ok(api.submit(token, { clusterId, type: 'report', title: 'Report' }));
  const review = (clusterId: string, gate: string) => ok(api.decide(tok.reviewer, { clusterId, gate, role: 'reviewer', outcome: 'APPROVE' }));
  const record = (token: string, clusterId: string, indicator: string, period: string, value: number) => ok(api.record(token, { clusterId, indicator, period, value }));
  const query = (q: string, variables: Record<string, unknown> = {}, token = tok.auditor) => atServerTime(NOW, () => ok(t.gql(q, variables, token)));

  beforeAll(async () => {
    t = await startTestApp('analytics', { LOG_LEVEL: 'error', ...MOVED_CLOCK_ENV });
    api = clusterApi(t);
    tok.admin = await t.token({ userId: 'ada', agency: 'agency-a', roles: ['agency_admin'] }, TOKEN_TTL);
    tok.reviewer = await t.token({ userId: 'rita', agency: 'agency-a', roles: ['reviewer'] }, TOKEN_TTL);
    tok.auditor = await t.token({ userId: 'audrey', agency: 'agency-a', roles: ['auditor'] }, TOKEN_TTL);
    tok.cda = await t.token({ userId: 'chidi', agency: 'agency-a', roles: ['cda'] }, TOKEN_TTL);
    tok.other = await t.token({ userId: 'zed', agency: 'agency-b', roles: ['agency_admin', 'reviewer'] }, TOKEN_TTL);

    await at(0, async () => {
      await ok(api.publish(tok.admin, TEMPLATE));
      await ok(api.publish(tok.other, TEMPLATE));
      ids.c1 = await register(tok.admin, 'C1 leather', 'lagos');
      ids.c2 = await register(tok.admin, 'C2 textiles', 'lagos');
      // The other agency: in phase a since day 0 (overdue by day 30), a large value.
      ids.b1 = await register(tok.other, 'B1 elsewhere', 'lagos');
      // A name a spreadsheet would run as a formula: the CSV download neutralises it.
      ids.b2 = await register(tok.other, '=HYPERLINK("http://evil.example","x")', 'kano');
    });
    await at(1, async () => {
      await report(tok.admin, ids.c1);
      await review(ids.c1, 'a_to_b');
      await record(tok.admin, ids.c1, 'jobs', '2026-Q1', 10);
      await record(tok.admin, ids.c1, 'firms', '2026-Q1', 100);
      await record(tok.admin, ids.c2, 'jobs', '2026-Q1', 5);
      await record(tok.admin, ids.c2, 'firms', '2026-Q1', 50);
      await record(tok.other, ids.b1, 'jobs', '2026-Q1', 1000);
      await record(tok.other, ids.b2, 'jobs', '2026-Q1', 1);
      await ok(api.plan(tok.admin, { clusterId: ids.c1, indicator: 'jobs', baseline: 0, targets: [{ period: '2026-Q1', value: 20 }, { period: '2026-Q2', value: 30 }] }));
      await ok(api.plan(tok.admin, { clusterId: ids.c2, indicator: 'jobs', baseline: 2, targets: [{ period: '2026-Q1', value: 10 }] }));
      // Money: C1 0.10, C2 0.25 corrected to 0.20; C1's first plan (with a Q2 target) replaced by one without it.
      await record(tok.admin, ids.c1, 'grant_usd', '2026-Q1', 0.1);
      await record(tok.admin, ids.c2, 'grant_usd', '2026-Q1', 0.25);
      await record(tok.admin, ids.c2, 'grant_usd', '2026-Q1', 0.2);
      await ok(api.plan(tok.admin, { clusterId: ids.c1, indicator: 'grant_usd', baseline: 5, targets: [{ period: '2026-Q1', value: 7 }, { period: '2026-Q2', value: 9 }] }));
      await ok(api.plan(tok.admin, { clusterId: ids.c1, indicator: 'grant_usd', baseline: 0, targets: [{ period: '2026-Q1', value: 1.1 }] }));
      await ok(api.plan(tok.admin, { clusterId: ids.c2, indicator: 'grant_usd', baseline: 0.1, targets: [{ period: '2026-Q1', value: 2.2 }] }));
    });
    await at(2, () => ok(api.suspend(tok.admin, ids.c2, 'flooding', 'id')));
    await at(5, async () => {
      ids.c3 = await register(tok.admin, 'C3 food', 'kano');
      ids.c4 = await register(tok.admin, 'C4 metal', 'kano');
    });
    await at(6, async () => {
      await ok(api.resume(tok.admin, ids.c2, 'id'));
      await record(tok.admin, ids.c4, 'jobs', '2026-Q1', 3);
    });
    await at(8, () => ok(api.suspend(tok.admin, ids.c3, 'paused', 'id')));
    // C1: 10 days in a, then b.
    await at(10, () => ok(api.advance(tok.admin, ids.c1, 'a_to_b', null, 'id')));
    await at(12, async () => {
      await record(tok.admin, ids.c1, 'jobs', '2026-Q2', 20);
      await review(ids.c1, 'b_to_a');
    });
    // The Q2 value of C1 is corrected: 20 is superseded by 25.
    await at(13, () => record(tok.admin, ids.c1, 'jobs', '2026-Q2', 25));
    await at(14, () => record(tok.admin, ids.c1, 'firms', '2026-Q2', 120));
    // C1 loops back into a after 5 days in b; its first report still counts, the approval of this visit does not.
    await at(15, () => ok(api.advance(tok.admin, ids.c1, 'b_to_a', null, 'id')));
    // C2: 20 days in a of which 4 suspended.
    await at(18, async () => {
      await report(tok.admin, ids.c2);
      await review(ids.c2, 'a_to_b');
    });
    await at(20, () => ok(api.advance(tok.admin, ids.c2, 'a_to_b', null, 'id')));
    await at(25, () => record(tok.admin, ids.c2, 'jobs', '2026-Q2', 7));
  });

  afterAll(() => t?.close());

  it('portfolio: clusters by status and phase, overdue at the time asked, never another agency\'s', async () => {
    const portfolio = await query(`{ portfolio(templateKey: "analytics-t") { clusters overdue byStatus { key count } byPhase { templateKey phase title count overdue } } }`);
    // At day 30: C1 in a since day 15 (due day 35), C4 in a since day 5 (due day 25: overdue), C3 suspended (no due date), C2 in b.
    expect(portfolio).toEqual({
      clusters: 4,
      overdue: 1,
      byStatus: [
        { key: 'ACTIVE', count: 3 },
        { key: 'SUSPENDED', count: 1 },
        { key: 'FINISHED', count: 0 },
      ],
      byPhase: [
        { templateKey: 'analytics-t', phase: 'a', title: 'Phase A', count: 3, overdue: 1 },
        { templateKey: 'analytics-t', phase: 'b', title: 'Phase B', count: 1, overdue: 0 },
        { templateKey: 'analytics-t', phase: 'c', title: 'Phase C', count: 0, overdue: 0 },
        { templateKey: 'analytics-t', phase: 'd', title: 'Dropped', count: 0, overdue: 0 },
      ],
    });
    const all = await query(`{ portfolio { clusters byPhase { phase count } } }`);
    expect(all.clusters).toBe(4);
    const other = await query(`{ portfolio { clusters overdue } }`, {}, tok.other);
    expect(other).toEqual({ clusters: 2, overdue: 2 });
  });

  it('phaseDurations: suspension excluded, a loop back counted as a second visit, percentiles over completed visits', async () => {
    const phaseDurations = await query(`{ phaseDurations(templateKey: "analytics-t", version: 1) { phase title visits completed current p50Days p90Days maxDays } }`);
    // a: C1 (10 days, then again now), C2 (20 days less 4 suspended = 16), C3, C4 → 5 visits, 2 completed [10, 16], 3 current.
    // b: C1 (5 days), C2 (now).
    expect(phaseDurations).toEqual([
      { phase: 'a', title: 'Phase A', visits: 5, completed: 2, current: 3, p50Days: 13, p90Days: 15.4, maxDays: 16 },
      { phase: 'b', title: 'Phase B', visits: 2, completed: 1, current: 1, p50Days: 5, p90Days: 5, maxDays: 5 },
      { phase: 'c', title: 'Phase C', visits: 0, completed: 0, current: 0, p50Days: null, p90Days: null, maxDays: null },
      { phase: 'd', title: 'Dropped', visits: 0, completed: 0, current: 0, p50Days: null, p90Days: null, maxDays: null },
    ]);
    const latest = await query(`{ phaseDurations(templateKey: "analytics-t") { phase visits } }`);
    expect(latest.map((p: { visits: number }) => p.visits)).toEqual([5, 2, 0, 0]);
  });

  it('gateBottlenecks: active clusters whose gate on the way forward is not ready, with their unmet kinds; suspended clusters not counted', async () => {
    const gateBottlenecks = await query(`{ gateBottlenecks(templateKey: "analytics-t") { gate title waiting medianWaitDays unmetKinds { key count } } }`);
    // a_to_b: C1 (15 days in a, needs this visit's approval), C4 (25 days, needs report and approval); C3 suspended.
    // b_to_c: C2 (10 days in b), its P20D not yet passed (AFTER). Not listed although unmet: b_to_a (C2 would
    // loop back to a) and drop (into d, a final phase declared after c: an exit), both waiting on an approval.
    expect(gateBottlenecks).toEqual([
      { gate: 'a_to_b', title: 'A to B', waiting: 2, medianWaitDays: 20, unmetKinds: [{ key: 'APPROVAL', count: 2 }, { key: 'ARTEFACT', count: 1 }] },
      { gate: 'b_to_c', title: 'B to C', waiting: 1, medianWaitDays: 10, unmetKinds: [{ key: 'AFTER', count: 1 }] },
    ]);
    // Ten days later C2's twenty days in b have passed: b_to_c is ready, nothing waits on it.
    const later = await atServerTime(day(41), () => ok(t.gql(`{ gateBottlenecks(templateKey: "analytics-t") { gate waiting } }`, {}, tok.auditor)));
    expect(later.find((g: { gate: string }) => g.gate === 'b_to_c').waiting).toBe(0);
  });

  it('clusters recorded before the gate projection existed are projected at start, to the same answer', async () => {
    const gates = `{ gateBottlenecks(templateKey: "analytics-t") { gate waiting medianWaitDays unmetKinds { key count } } }`;
    const before = await query(gates);
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    try {
      await db.query(`update cluster set gate_unmet = '[]'`);
      expect((await query(gates)).map((g: { waiting: number }) => g.waiting)).toEqual([0, 0]);
      // The projection is a cache of the log: verifyReplay names the column that no longer agrees.
      const replay = await query(`query($c: ID) { verifyReplay(clusterId: $c) { valid differences { difference } } }`, { c: ids.c4 });
      expect(replay.valid).toBe(false);
      expect(replay.differences[0].difference).toMatch(/gate_unmet is \[\], the log says \[\{"gate":"a_to_b"/);
      // Four unfinished clusters of agency-a and two of agency-b.
      expect(await t.app.get(AnalyticsService).backfillGates(true)).toBe(6);
      expect(await t.app.get(AnalyticsService).backfillGates()).toBe(0);
    } finally {
      await db.end();
    }
    expect(await query(gates)).toEqual(before);
    expect((await query(`{ verifyReplay { valid clustersChecked } }`)).valid).toBe(true);
  });

  const indicatorReport = (groupBy: string, extra = '', indicator = 'jobs') =>
    query(`{ indicatorReport(templateKey: "analytics-t", indicator: "${indicator}", groupBy: ${groupBy}${extra}) { key label clusters value baseline target progress } }`);

  it('indicatorReport by period: per cluster, then summed for a sum indicator; superseded values left out', async () => {
    // Q1: C1 10, C2 5, C4 3; baselines 0 + 2; targets 20 + 10. Q2: C1 25 (not 20), C2 7; baselines 0 + 2; target 30 (C1's).
    expect(await indicatorReport('PERIOD')).toEqual([
      { key: '2026-Q1', label: '2026-Q1', clusters: 3, value: 18, baseline: 2, target: 30, progress: 16 / 28 },
      { key: '2026-Q2', label: '2026-Q2', clusters: 2, value: 32, baseline: 2, target: 30, progress: 30 / 28 },
    ]);
  });

  it('indicatorReport by cluster, by phase when recorded, by attribute; a last indicator averaged across clusters', async () => {
    const byCluster = await indicatorReport('CLUSTER');
    const named = Object.fromEntries(byCluster.map((g: { label: string }) => [g.label, g]));
    expect(Object.keys(named).sort()).toEqual(['C1 leather', 'C2 textiles', 'C4 metal']);
    expect(named['C1 leather']).toEqual({ key: ids.c1, label: 'C1 leather', clusters: 1, value: 35, baseline: 0, target: 50, progress: 0.7 });
    expect(named['C2 textiles']).toEqual({ key: ids.c2, label: 'C2 textiles', clusters: 1, value: 12, baseline: 2, target: 10, progress: 1.25 });
    expect(named['C4 metal']).toEqual({ key: ids.c4, label: 'C4 metal', clusters: 1, value: 3, baseline: null, target: null, progress: null });
    // C1's Q2 value was recorded in b; everything else in a.
    expect((await indicatorReport('PHASE')).map((g: { key: string; label: string; clusters: number; value: number }) => [g.key, g.label, g.clusters, g.value])).toEqual([
      ['a', 'Phase A', 3, 18],
      ['b', 'Phase B', 2, 32],
    ]);
    expect((await indicatorReport('ATTRIBUTE', ', attribute: "home_state"')).map((g: { key: string; clusters: number; value: number }) => [g.key, g.clusters, g.value])).toEqual([
      ['kano', 1, 3],
      ['lagos', 2, 47],
    ]);
    // firms is `last`: C1's latest period 120, C2's 50 → averaged across clusters: 85.
    expect((await indicatorReport('ATTRIBUTE', ', attribute: "home_state"', 'firms')).map((g: { key: string; value: number }) => [g.key, g.value])).toEqual([['lagos', 85]]);
  });

  it('indicatorReport sums amounts exactly: 0.10 + 0.20 is 0.3, not 0.30000000000000004; a replaced plan keeps no old target', async () => {
    // Q1: C1 0.1, C2 0.2 (0.25 superseded); baselines 0 + 0.1; targets 1.1 + 2.2 (C1's Q2 target of its first plan gone).
    expect(await indicatorReport('PERIOD', '', 'grant_usd')).toEqual([
      { key: '2026-Q1', label: '2026-Q1', clusters: 2, value: 0.3, baseline: 0.1, target: 3.3, progress: (0.3 - 0.1) / (3.3 - 0.1) },
    ]);
    expect((await indicatorReport('ATTRIBUTE', ', attribute: "home_state"', 'grant_usd')).map((g: { key: string; value: number; target: number }) => [g.key, g.value, g.target])).toEqual([
      ['lagos', 0.3, 3.3],
    ]);
  });

  it('the indicator projections are caches of the log: verifyReplay names a changed, a deleted and an inserted row', async () => {
    const db = new Client({ connectionString: t.databaseUrl });
    await db.connect();
    const replay = async () => (await query(`query($c: ID) { verifyReplay(clusterId: $c) { valid differences { difference } } }`, { c: ids.c1 })) as { valid: boolean; differences: { difference: string }[] };
    const tampered = async (change: string, undo: string) => {
      await db.query(change, [ids.c1]);
      try {
        const r = await replay();
        expect(r.valid).toBe(false);
        return r.differences[0].difference;
      } finally {
        await db.query(undo, [ids.c1]);
      }
    };
    try {
      expect(await tampered(`update indicator_period set value = 99 where cluster_id = $1 and indicator = 'jobs' and period = '2026-Q1'`, `update indicator_period set value = 10 where cluster_id = $1 and indicator = 'jobs' and period = '2026-Q1'`)).toMatch(
        'indicator_period jobs/2026-Q1: value is 99, the log says 10',
      );
      expect(await tampered(`update indicator_period set target = 31 where cluster_id = $1 and indicator = 'jobs' and period = '2026-Q2'`, `update indicator_period set target = 30 where cluster_id = $1 and indicator = 'jobs' and period = '2026-Q2'`)).toMatch(
        'indicator_period jobs/2026-Q2: target is 31, the log says 30',
      );
      expect(
        await tampered(
          `delete from indicator_period where cluster_id = $1 and indicator = 'grant_usd'`,
          `insert into indicator_period (cluster_id, indicator, period, agency, template_key, value, recorded_at, target, baseline)
           select $1, 'grant_usd', '2026-Q1', 'agency-a', 'analytics-t', 0.1, recorded_at, 1.1, 0 from indicator_value where cluster_id = $1 and indicator = 'grant_usd'`,
        ),
      ).toMatch('indicator_period grant_usd/2026-Q1 is missing from the table');
      expect(
        await tampered(
          `insert into indicator_period (cluster_id, indicator, period, agency, template_key, value) values ($1, 'grant_usd', '2026-Q2', 'agency-a', 'analytics-t', 9)`,
          `delete from indicator_period where cluster_id = $1 and indicator = 'grant_usd' and period = '2026-Q2'`,
        ),
      ).toMatch('indicator_period grant_usd/2026-Q2 is not in the log: the row was inserted');
      // The per-cluster summary (CLUSTER and ATTRIBUTE reports): C1's jobs are 10 + 25.
      expect(await tampered(`update indicator_summary set value_sum = 1 where cluster_id = $1 and indicator = 'jobs'`, `update indicator_summary set value_sum = 35 where cluster_id = $1 and indicator = 'jobs'`)).toMatch(
        'indicator_summary jobs: value_sum is 1, the log says 35',
      );
    } finally {
      await db.end();
    }
    expect((await replay()).valid).toBe(true);
  });

  it('refuses bad input with BAD_USER_INPUT and an unknown template with NOT_FOUND', async () => {
    const refuse = async (q: string, code: string) => (await atServerTime(NOW, () => refused(t.gql(q, {}, tok.auditor), code))).message;
    expect(await refuse(`{ indicatorReport(templateKey: "analytics-t", indicator: "jobs", groupBy: ATTRIBUTE) { key } }`, 'BAD_USER_INPUT')).toMatch(/ATTRIBUTE needs `attribute`/);
    expect(await refuse(`{ indicatorReport(templateKey: "analytics-t", indicator: "nope", groupBy: PERIOD) { key } }`, 'BAD_USER_INPUT')).toMatch(/declares no indicator "nope"/);
    expect(await refuse(`{ indicatorReport(templateKey: "analytics-t", indicator: "jobs", groupBy: ATTRIBUTE, attribute: "colour") { key } }`, 'BAD_USER_INPUT')).toMatch(/declares no attribute "colour"/);
    expect(await refuse(`{ gateBottlenecks(templateKey: "Bad Key") { gate } }`, 'BAD_USER_INPUT')).toMatch(/templateKey must be a template key/);
    expect(await refuse(`{ phaseDurations(templateKey: "analytics-t", version: 9) { phase } }`, 'NOT_FOUND')).toMatch(/version 9/);
    expect(await refuse(`{ portfolio(templateKey: "no-such") { clusters } }`, 'NOT_FOUND')).toMatch(/template no-such/);
  });

  it('every member of the agency reads them (a CDA too)', async () => {
    const gateBottlenecks = await query(`{ gateBottlenecks(templateKey: "analytics-t") { gate waiting } }`, {}, tok.cda);
    expect(gateBottlenecks.map((g: { waiting: number }) => g.waiting)).toEqual([2, 1]);
  });

  describe('downloads: GET /reports/<report>.<csv|xlsx>', () => {
    const download = (path: string, token: string | null = tok.auditor) =>
      atServerTime(NOW, async () => {
        const req = request(t.app.getHttpServer()).get(path).buffer(true).parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
        return token ? req.set('authorization', `Bearer ${token}`) : req;
      });
    const csvRows = (body: Buffer) => parseCsv(body.toString('utf8'));
    const xlsxRows = async (body: Buffer) => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(body as unknown as ArrayBuffer);
      const rows: unknown[][] = [];
      workbook.worksheets[0].eachRow({ includeEmpty: false }, (row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    /** The GraphQL answer as the table the files hold (numbers as numbers, null as empty). */
    const tables: Record<string, { path: string; header: string[]; rows: () => Promise<unknown[][]> }> = {
      portfolio: {
        path: '/reports/portfolio.csv?templateKey=analytics-t',
        header: ['section', 'templateKey', 'key', 'title', 'clusters', 'overdue'],
        rows: async () => [
          ['total', 'analytics-t', null, null, 4, 1],
          ['status', 'analytics-t', 'ACTIVE', null, 3, null],
          ['status', 'analytics-t', 'SUSPENDED', null, 1, null],
          ['status', 'analytics-t', 'FINISHED', null, 0, null],
          ['phase', 'analytics-t', 'a', 'Phase A', 3, 1],
          ['phase', 'analytics-t', 'b', 'Phase B', 1, 0],
          ['phase', 'analytics-t', 'c', 'Phase C', 0, 0],
          ['phase', 'analytics-t', 'd', 'Dropped', 0, 0],
        ],
      },
      'phase-durations': {
        path: '/reports/phase-durations.csv?templateKey=analytics-t&version=1',
        header: ['phase', 'title', 'visits', 'completed', 'current', 'p50Days', 'p90Days', 'maxDays'],
        rows: async () =>
          (await query(`{ phaseDurations(templateKey: "analytics-t", version: 1) { phase title visits completed current p50Days p90Days maxDays } }`)).map(
            (r: Record<string, unknown>) => [r.phase, r.title, r.visits, r.completed, r.current, r.p50Days, r.p90Days, r.maxDays],
          ),
      },
      'gate-bottlenecks': {
        path: '/reports/gate-bottlenecks.csv?templateKey=analytics-t',
        header: ['gate', 'title', 'waiting', 'medianWaitDays', 'unmetKinds'],
        rows: async () => [
          ['a_to_b', 'A to B', 2, 20, 'APPROVAL: 2; ARTEFACT: 1'],
          ['b_to_c', 'B to C', 1, 10, 'AFTER: 1'],
        ],
      },
      indicator: {
        path: '/reports/indicator.csv?templateKey=analytics-t&indicator=jobs&groupBy=PERIOD',
        header: ['key', 'label', 'clusters', 'value', 'baseline', 'target', 'progress'],
        rows: async () => [
          ['2026-Q1', '2026-Q1', 3, 18, 2, 30, 16 / 28],
          ['2026-Q2', '2026-Q2', 2, 32, 2, 30, 30 / 28],
        ],
      },
    };

    it.each(Object.keys(tables))('%s: the CSV and the XLSX hold the same numbers as the query', async (name) => {
      const table = tables[name];
      const expected = await table.rows();
      const csv = await download(table.path);
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(csv.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="${name}-analytics-t[^"]*\\.csv"$`));
      const rows = csvRows(csv.body);
      expect(rows[0]).toEqual(table.header);
      expect(rows.slice(1)).toEqual(expected.map((r) => r.map((v) => (v === null ? '' : String(v)))));
      const xlsx = await download(table.path.replace('.csv?', '.xlsx?'));
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const sheet = await xlsxRows(xlsx.body);
      expect(sheet[0]).toEqual(table.header);
      // Typed cells: numbers read back as numbers; empty cells as missing.
      expect(sheet.slice(1).map((r) => expected[0].map((_, i) => r[i] ?? null))).toEqual(expected);
    });

    it('neutralises a formula in CSV and keeps it as text in XLSX; never another agency\'s rows', async () => {
      const path = '/reports/indicator.csv?templateKey=analytics-t&indicator=jobs&groupBy=CLUSTER';
      const rows = csvRows((await download(path, tok.other)).body);
      const evil = '=HYPERLINK("http://evil.example","x")';
      expect(rows.slice(1).map((r) => [r[1], r[3]]).sort()).toEqual([["'" + evil, '1'], ['B1 elsewhere', '1000']]);
      const sheet = await xlsxRows((await download(path.replace('.csv?', '.xlsx?'), tok.other)).body);
      expect(sheet.slice(1).map((r) => [r[1], r[3]]).sort()).toEqual([[evil, 1], ['B1 elsewhere', 1000]]); // a text cell, not a formula
      const mine = csvRows((await download(path)).body);
      expect(mine.slice(1).map((r) => r[1]).sort()).toEqual(['C1 leather', 'C2 textiles', 'C4 metal']);
    });

    it('answers errors as JSON {code, message} with the HTTP status', async () => {
      const err = async (path: string, token: string | null, status: number, code: string) => {
        const res = await download(path, token);
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        const body = JSON.parse(res.body.toString('utf8'));
        expect(body).toEqual({ code, message: expect.any(String) });
        return body.message as string;
      };
      await err('/reports/portfolio.csv', null, 401, 'UNAUTHENTICATED');
      expect(await err('/reports/indicator.xlsx?templateKey=analytics-t&indicator=jobs&groupBy=ATTRIBUTE', tok.auditor, 400, 'BAD_USER_INPUT')).toMatch(/needs `attribute`/);
      expect(await err('/reports/gate-bottlenecks.csv', tok.auditor, 400, 'BAD_USER_INPUT')).toMatch(/templateKey is required/);
      expect(await err('/reports/phase-durations.csv?templateKey=analytics-t&version=x', tok.auditor, 400, 'BAD_USER_INPUT')).toMatch(/version must be a positive integer/);
      expect(await err('/reports/gate-bottlenecks.csv?templateKey=no-such', tok.auditor, 404, 'NOT_FOUND')).toMatch(/template no-such/);
      expect(await err('/reports/nothing.pdf', tok.auditor, 404, 'NOT_FOUND')).toMatch(/report nothing.pdf/);
    });
  });
});

/** RFC 4180 rows (quoted fields, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}
