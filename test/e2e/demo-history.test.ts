import request from 'supertest';
import { DemoService } from '../../apps/api/src/demo/demo.service';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * The demo seed's history (apps/api/src/demo/demo-history.ts): five clusters taken through
 * the UNIDO template's phases over two years, through the same commands a client sends,
 * each recorded at a moment in the past. The dashboard's reports show it; its audit trail
 * verifies like any other (the projections agree with a replay of the log).
 */
describe('the demo history', () => {
  let t: TestApp;
  let token: string;
  const q = async (query: string, variables: Record<string, unknown> = {}) => {
    const res = await t.gql(query, variables, token);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };

  beforeAll(async () => {
    t = await startTestApp('demo-history');
    expect(await t.app.get(DemoService).seedIfNew()).toBe(true);
    token = await t.token({ userId: 'musa.me', name: 'Musa M&E Officer', agency: 'demo', roles: ['me_officer'] });
  }, 120_000);
  afterAll(() => t?.close());

  it('puts clusters in every phase up to implementation, one dropped, one back from monitoring', async () => {
    const { portfolio } = await q('{ portfolio(templateKey: "unido-cda") { clusters overdue byStatus { key count } byPhase { phase count } } }');
    expect(portfolio.clusters).toBe(7);
    expect(portfolio.byStatus).toEqual([{ key: 'ACTIVE', count: 6 }, { key: 'SUSPENDED', count: 0 }, { key: 'FINISHED', count: 1 }]);
    expect(Object.fromEntries(portfolio.byPhase.map((p: { phase: string; count: number }) => [p.phase, p.count]))).toEqual({
      selection: 2,
      diagnostic: 1,
      trust_building: 1,
      action_plan: 1,
      implementation: 1,
      monitoring: 0,
      graduated: 0,
      dropped: 1,
    });
    // Otigba has been building trust for 210 days (due P6M).
    expect(portfolio.overdue).toBeGreaterThanOrEqual(1);
  });

  it('measures completed visits in days, the suspension left out', async () => {
    const { phaseDurations } = await q('{ phaseDurations(templateKey: "unido-cda") { phase visits completed current p50Days p90Days maxDays } }');
    const by = Object.fromEntries(phaseDurations.map((p: { phase: string }) => [p.phase, p]));
    const days = (d: number, hours: number) => d + hours / 24;
    // Each phase is left 8 hours short of its story's days (its last steps: the decisions and ADVANCE), implementation 4.
    expect(by.selection).toMatchObject({ visits: 7, completed: 5, current: 2 });
    expect(by.selection.p50Days).toBeCloseTo(days(35, -8), 6);
    expect(by.diagnostic).toMatchObject({ visits: 5, completed: 4, current: 1 });
    // Ilorin's 150 days before it was dropped are the longest; Nnewi's 120 do not count its 30 days (and 2 hours)
    // suspended: the median of Onitsha 90, Otigba 100, Nnewi 120 (less 2 hours of its RESUME) and Ilorin 150.
    expect(by.diagnostic.maxDays).toBeCloseTo(days(150, -8), 6);
    expect(by.diagnostic.p50Days).toBeCloseTo((days(100, -6) + days(120, -8)) / 2, 6);
    expect(by.trust_building).toMatchObject({ visits: 3, completed: 2, current: 1 });
    expect(by.trust_building.p50Days).toBeCloseTo(days(135, -8), 6);
    expect(by.trust_building.p90Days).toBeCloseTo(days(147, -8), 6);
    // Nnewi visits action_plan twice (the loop back from monitoring).
    expect(by.action_plan).toMatchObject({ visits: 3, completed: 2, current: 1 });
    expect(by.implementation).toMatchObject({ visits: 2, completed: 1, current: 1 });
    expect(by.implementation.p50Days).toBeCloseTo(days(240, -4), 6);
    expect(by.monitoring).toMatchObject({ visits: 1, completed: 1, current: 0 });
  });

  it('shows the gates that hold clusters and what they miss', async () => {
    const { gateBottlenecks } = await q('{ gateBottlenecks(templateKey: "unido-cda") { gate waiting unmetKinds { key count } } }');
    const by = Object.fromEntries(gateBottlenecks.map((g: { gate: string }) => [g.gate, g]));
    // Kaduna's DSR has one endorsement of the two it needs.
    expect(by.endorse_diagnostic).toEqual({ gate: 'endorse_diagnostic', waiting: 1, unmetKinds: [{ key: 'APPROVAL', count: 1 }] });
    expect(by.endorse_plan.waiting).toBe(1);
    expect(by.select_cluster.waiting).toBe(2);
  });

  it('adds up quarters of indicators against their plans', async () => {
    const { indicatorReport } = await q('{ indicatorReport(templateKey: "unido-cda", indicator: "joint_actions", groupBy: CLUSTER) { label clusters value baseline target } }');
    const by = Object.fromEntries(indicatorReport.map((g: { label: string }) => [g.label, g]));
    // Every quarter that has ended since the cluster entered trust building (joint actions are summed).
    expect(by['Nnewi auto parts']).toMatchObject({ clusters: 1, value: 1 + 2 + 3 + 4, baseline: 0, target: 4 * 2 });
    expect(by['Onitsha garment makers']).toMatchObject({ clusters: 1, value: 1 + 1 + 2 + 3, baseline: 0, target: 4 * 2 });
    expect(by['Otigba computer village']).toMatchObject({ clusters: 1, value: 1 + 2, baseline: 0, target: 2 * 2 });
    expect(Object.keys(by).sort()).toEqual(['Nnewi auto parts', 'Onitsha garment makers', 'Otigba computer village']);
    // Employment is a stock (last value): by period, each quarter's clusters averaged.
    const byPeriod = await q('{ indicatorReport(templateKey: "unido-cda", indicator: "employment", groupBy: PERIOD) { key clusters value } }');
    expect(byPeriod.indicatorReport.map((g: { clusters: number }) => g.clusters).reduce((a: number, b: number) => a + b, 0)).toBe(4 + 4 + 2);
  });

  it('attaches a PDF to every DSR and action plan, uploaded through the file store and downloadable', async () => {
    const { clusters } = await q(
      '{ clusters(filter: { templateKey: "unido-cda" }, first: 50) { edges { node { name artefacts { type versions { title files { id name mediaType size } } } } } } }',
    );
    const versions = clusters.edges.flatMap((e: { node: { artefacts: { type: string; versions: { title: string; files: { id: string; name: string; mediaType: string; size: number }[] }[] }[] } }) =>
      e.node.artefacts.filter((a) => a.type === 'diagnostic_report' || a.type === 'action_plan').flatMap((a) => a.versions),
    );
    // Five DSRs; the plans of Nnewi (and its revision), Onitsha and Otigba.
    expect(versions).toHaveLength(5 + 3);
    for (const v of versions) expect(v.files).toEqual([expect.objectContaining({ name: expect.stringMatching(/\.pdf$/), mediaType: 'application/pdf' })]);
    const res = await request(t.app.getHttpServer()).get(`/files/${versions[0].files[0].id}`).set('authorization', `Bearer ${token}`).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(res.status).toBe(200);
    expect((res.body as Buffer).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect((res.body as Buffer).length).toBe(versions[0].files[0].size);
  });

  it('verifies: every projection agrees with a replay of the log', async () => {
    const { verifyAuditTrail } = await q('{ verifyAuditTrail { valid eventsChecked message } }');
    expect(verifyAuditTrail).toMatchObject({ valid: true });
    expect(verifyAuditTrail.eventsChecked).toBeGreaterThan(100);
  });
});
