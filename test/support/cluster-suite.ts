import { DAY_MS, MOVED_CLOCK_ENV } from './clock';
import { clusterApi, notReady, ok, refused, sleep, tokensFor, unmetOf, type Person } from './cluster-api';
import { startTestApp, type TestApp } from './test-app';

/**
 * One agency's people driving clusters over GraphQL, for a describe block: its beforeAll starts
 * the app, mints a token for each person (`tok`, under the keys of `people`) and publishes the
 * templates as `tok.admin`; its afterAll closes the app. `people` must have an `admin` (an
 * agency_admin), a `cda` and an `auditor`, who reads the clusters.
 *
 * Everything but `t` may be taken out of the suite at once; `t` is there once beforeAll has run.
 */
export function clusterSuite(label: string, agency: string, people: Record<string, Person>, templates: string[]) {
  let app: TestApp | undefined;
  const started = (): TestApp => {
    if (!app) throw new Error(`${label}: the test app is not started yet`);
    return app;
  };
  const tok: Record<string, string> = {};
  const api = clusterApi({ gql: (query, variables, token) => started().gql(query, variables, token) });
  const uid = (who: string) => people[who][0];

  /** The cluster as the auditor reads it. */
  const read = (id: string) => ok(api.cluster(tok.auditor, id));

  async function expectVersion(id: string, version: number): Promise<void> {
    expect((await read(id)).version).toBe(version);
  }

  /** The decisions `who` (a key of `people`) made, on `gate` when given. */
  const decisionsBy = (c: any, who: string, gate?: string) =>
    c.decisions.filter((d: { decidedBy: string; gate: string }) => d.decidedBy === uid(who) && (!gate || d.gate === gate));

  /** Each change is refused with `code`, and the cluster stays at `version` after each. */
  async function expectEachRefused(id: string, version: number, code: string, changes: (() => ReturnType<typeof api.advance>)[]): Promise<void> {
    for (const change of changes) {
      await refused(change(), code);
      await expectVersion(id, version);
    }
  }

  /**
   * Resumes a suspended cluster as `tok.admin` after a pause of 60 ms, and checks it: active again
   * at `want.version`, in the same phase entered at the same time as `before` (the cluster before
   * it was suspended); the visit, entered through `want.viaGate`, counts the pause as suspended
   * days, and `due` has moved by as much. Answers the resumed cluster.
   */
  async function resumeAfterPause(id: string, before: any, want: { phase: string; version: number; viaGate: string }): Promise<any> {
    await sleep(60);
    const resumed = await ok(api.resume(tok.admin, id));
    expect(resumed).toMatchObject({ phase: want.phase, status: 'ACTIVE', version: want.version, enteredPhaseAt: before.enteredPhaseAt });
    const visit = resumed.history[resumed.history.length - 1];
    expect(visit).toMatchObject({ phase: want.phase, viaGate: want.viaGate, leftAt: null });
    expect(visit.suspendedDays).toBeGreaterThanOrEqual(50 / DAY_MS);
    expect(visit.suspendedDays).toBeLessThan(1);
    expect(Date.parse(resumed.due) - Date.parse(before.due)).toBeCloseTo(visit.suspendedDays * DAY_MS, -1);
    return resumed;
  }

  /**
   * One person holding two roles counts once: `who` approves `artefactVersionId` on `gate` in
   * each of `roles`, and then just one of the two decisions counts, one APPROVAL (of `artefactType`,
   * in one of the roles, none of one) stays open, and advancing is refused for it alone.
   */
  async function approveInBothRoles(id: string, who: string, gate: string, roles: [string, string], approved: { artefactVersionId: string; artefactType: string }): Promise<void> {
    for (const role of roles) await ok(api.decide(tok[who], { clusterId: id, gate, role, outcome: 'APPROVE', artefactVersionId: approved.artefactVersionId }));
    const c = await read(id);
    const open = unmetOf(c, gate);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'APPROVAL', artefactType: approved.artefactType, have: 0, need: 1 });
    expect(roles).toContain(open[0].role);
    expect(decisionsBy(c, who, gate).map((d: { counts: boolean }) => d.counts).sort()).toEqual([false, true]);
    expect(await notReady(api.advance(tok.cda, id, gate))).toEqual(open);
  }

  beforeAll(async () => {
    app = await startTestApp(label, MOVED_CLOCK_ENV);
    Object.assign(tok, await tokensFor(app, agency, people));
    for (const source of templates) await ok(api.publish(tok.admin, source));
  });
  afterAll(() => started().close());

  return {
    get t(): TestApp {
      return started();
    },
    api,
    tok,
    uid,
    read,
    expectVersion,
    decisionsBy,
    expectEachRefused,
    resumeAfterPause,
    approveInBothRoles,
  };
}

export type ClusterSuite = ReturnType<typeof clusterSuite>;
