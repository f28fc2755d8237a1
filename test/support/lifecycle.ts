import type request from 'supertest';
import { codesOf, type TestApp } from './test-app';

/**
 * Helpers for the lifecycle e2e tests: a GraphQL client for one cluster that speaks only
 * the contract's operations over HTTP, and a server clock the tests can move.
 *
 * The clock: the app runs in the test process, so faking `Date` (and nothing else: timers,
 * microtasks and I/O stay real) moves the server's clock too. Each request is sent at the
 * current fake time, which then moves on by one second, so events get distinct, increasing
 * timestamps and a test knows the exact time of each request (`Date.now()` just before it).
 * That is how a test waits the months an `after:` gate asks for. Tokens are minted with a
 * ten-year lifetime so that they outlive the jumps.
 */

export const DAY_MS = 86_400_000;
export const TOKEN_TTL = 10 * 365 * 24 * 3600;

export function fakeServerClock(startIso: string): void {
  jest.useFakeTimers({
    now: new Date(startIso),
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

/** Moves the server clock forward. */
export function travelDays(days: number): void {
  jest.setSystemTime(Date.now() + days * DAY_MS);
}

/** Days as the engine reports them in AFTER items (two decimals). */
export const round2 = (n: number): number => Math.round(n * 100) / 100;

/** The engine's calendar arithmetic: months in UTC, the day clamped to a shorter month. */
export function addMonthsUtc(ms: number, months: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return Date.UTC(y, m, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** The `need` of an AFTER item for `months` counted from `enteredAt`, in days. */
export const afterNeed = (enteredAt: string, months: number): number => round2((addMonthsUtc(Date.parse(enteredAt), months) - Date.parse(enteredAt)) / DAY_MS);

// --- responses ------------------------------------------------------------------------------

/** The one field of a successful answer. */
export function ok<T = any>(res: request.Response): T {
  expect(res.body.errors).toBeUndefined();
  const data = res.body.data as Record<string, T>;
  return Object.values(data)[0];
}

/** The one error of a refused answer, with the expected code. */
export function refused(res: request.Response, code: string): { message: string; extensions: Record<string, any> } {
  expect(codesOf(res)).toEqual([code]);
  return res.body.errors[0];
}

export interface Unmet {
  kind: string;
  role?: string;
  artefactType?: string;
  indicator?: string;
  milestone?: string;
  attribute?: string;
  have?: number;
  need?: number;
}

/**
 * Exactly these unmet items, in any order; every item must also carry a `detail` sentence,
 * and no other key (a key left out of `expected` must be absent).
 */
export function expectUnmet(actual: unknown, expected: readonly Unmet[]): void {
  const items = (actual as Record<string, unknown>[]).map(withoutNulls);
  expect(items).toHaveLength(expected.length);
  expect(items).toEqual(expect.arrayContaining(expected.map((e) => ({ ...e, detail: expect.any(String) }))));
}

/** A refused advance or reachMilestone: GATE_NOT_READY listing exactly these items. */
export function expectNotReady(res: request.Response, expected: readonly Unmet[]): void {
  const error = refused(res, 'GATE_NOT_READY');
  expectUnmet(error.extensions.unmet, expected);
}

const withoutNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

// --- the client -----------------------------------------------------------------------------

export const CLUSTER = `id name phase status version score eligible cdaIds due overdue enteredPhaseAt attributes
  roleAssignments { userId role }
  milestones { milestone reached reachedAt }
  gates { gate to ready unmet { kind detail role artefactType indicator milestone attribute have need } }
  artefacts { id type latest { id number } versions { id number submittedBy } }
  decisions { id gate role outcome counts decidedBy artefactVersion { id number } }
  history { phase enteredAt leftAt viaGate suspendedDays }
  indicators { indicator aggregate }`;

const VERSION = 'id artefactId number type title fields submittedBy submittedAt';
const DECISION = 'id gate role outcome counts decidedBy artefactVersion { id number }';

export interface ClusterData {
  id: string;
  phase: string;
  status: string;
  version: number;
  score: number | null;
  eligible: boolean | null;
  cdaIds: string[];
  due: string | null;
  overdue: boolean;
  enteredPhaseAt: string;
  roleAssignments: { userId: string; role: string }[];
  milestones: { milestone: string; reached: boolean; reachedAt: string | null }[];
  gates: { gate: string; to: string; ready: boolean; unmet: Unmet[] }[];
  artefacts: { id: string; type: string; latest: { id: string; number: number }; versions: { id: string; number: number; submittedBy: string }[] }[];
  decisions: { id: string; gate: string; role: string; outcome: string; counts: boolean; decidedBy: string; artefactVersion: { id: string; number: number } | null }[];
  history: { phase: string; enteredAt: string; leftAt: string | null; viaGate: string | null; suspendedDays: number }[];
  indicators: { indicator: string; aggregate: number | null }[];
}

export interface SubmitInput {
  type: string;
  title: string;
  fields?: Record<string, unknown>;
  artefactId?: string;
}

export interface DecideInput {
  gate: string;
  role: string;
  outcome: 'APPROVE' | 'REJECT';
  artefactVersionId?: string;
  comment?: string;
}

/** Sends requests at the fake clock's time, then moves it on by a second. */
export async function send(t: TestApp, query: string, variables: Record<string, unknown>, token: string): Promise<request.Response> {
  const res = await t.gql(query, variables, token);
  jest.setSystemTime(Date.now() + 1000);
  return res;
}

/** The contract's operations on one cluster; every method answers the raw HTTP response. */
export class ClusterClient {
  constructor(
    private readonly t: TestApp,
    readonly id: string,
  ) {}

  static async register(t: TestApp, token: string, input: Record<string, unknown>): Promise<{ client: ClusterClient; cluster: ClusterData }> {
    const cluster = ok<ClusterData>(await send(t, `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { ${CLUSTER} } }`, { input }, token));
    return { client: new ClusterClient(t, cluster.id), cluster };
  }

  private run(query: string, variables: Record<string, unknown>, token: string) {
    return send(this.t, query, { id: this.id, ...variables }, token);
  }

  /** The cluster as `token` reads it. */
  async get(token: string): Promise<ClusterData> {
    const cluster = ok<ClusterData | null>(await this.run(`query($id: ID!) { cluster(id: $id) { ${CLUSTER} } }`, {}, token));
    expect(cluster).not.toBeNull();
    return cluster!;
  }

  /** One gate's readiness as the cluster query shows it. */
  async gate(token: string, gate: string): Promise<{ ready: boolean; unmet: Unmet[] }> {
    const found = (await this.get(token)).gates.find((g) => g.gate === gate);
    expect(found).toBeDefined();
    return found!;
  }

  async decision(token: string, decisionId: string): Promise<ClusterData['decisions'][number]> {
    const found = (await this.get(token)).decisions.find((d) => d.id === decisionId);
    expect(found).toBeDefined();
    return found!;
  }

  submit(token: string, input: SubmitInput) {
    return this.run(`mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { ${VERSION} } }`, { input: { clusterId: this.id, ...input } }, token);
  }

  decide(token: string, input: DecideInput) {
    return this.run(`mutation($input: DecisionInput!) { decide(input: $input) { ${DECISION} } }`, { input: { clusterId: this.id, ...input } }, token);
  }

  advance(token: string, gate: string) {
    return this.run(`mutation($id: ID!, $gate: String!) { advance(clusterId: $id, gate: $gate) { ${CLUSTER} } }`, { gate }, token);
  }

  reach(token: string, milestone: string) {
    return this.run(`mutation($id: ID!, $m: String!) { reachMilestone(clusterId: $id, milestone: $m) { ${CLUSTER} } }`, { m: milestone }, token);
  }

  score(token: string, scores: Record<string, number>) {
    const list = Object.entries(scores).map(([criterion, score]) => ({ criterion, score }));
    return this.run(`mutation($id: ID!, $s: [CriterionScoreInput!]!) { scoreCluster(clusterId: $id, scores: $s) { ${CLUSTER} } }`, { s: list }, token);
  }

  recordIndicator(token: string, indicator: string, period: string, value: number) {
    return this.run(
      `mutation($input: IndicatorInput!) { recordIndicator(input: $input) { indicator period value recordedBy } }`,
      { input: { clusterId: this.id, indicator, period, value } },
      token,
    );
  }

  assignCda(token: string, userId: string) {
    return this.run(`mutation($id: ID!, $u: String!) { assignCda(clusterId: $id, userId: $u) { ${CLUSTER} } }`, { u: userId }, token);
  }

  assignRole(token: string, userId: string, role: string) {
    return this.run(`mutation($id: ID!, $u: String!, $r: String!) { assignRole(clusterId: $id, userId: $u, role: $r) { ${CLUSTER} } }`, { u: userId, r: role }, token);
  }

  suspend(token: string, reason: string) {
    return this.run(`mutation($id: ID!, $r: String!) { suspend(clusterId: $id, reason: $r) { ${CLUSTER} } }`, { r: reason }, token);
  }

  resume(token: string) {
    return this.run(`mutation($id: ID!) { resume(clusterId: $id) { ${CLUSTER} } }`, {}, token);
  }
}

/** Publishes a template as `token` (an agency_admin) and answers its version. */
export async function publish(t: TestApp, token: string, source: string): Promise<number> {
  const published = ok<{ version: number }>(await send(t, 'mutation($s: String!) { publishTemplate(source: $s) { key version } }', { s: source }, token));
  return published.version;
}

/**
 * Every change a finished cluster refuses with FINAL_PHASE, leaving its version as it was.
 * `sample` gives a valid artefact, decision, gate and milestone of the template.
 */
export async function expectFinished(
  c: ClusterClient,
  tokens: { admin: string; cda: string; decider: string },
  sample: { artefact: SubmitInput; decision: DecideInput; gate: string; milestone?: string; indicator?: [string, string, number]; scores?: Record<string, number> },
): Promise<void> {
  const before = await c.get(tokens.admin);
  expect(before.status).toBe('FINISHED');
  expect(before.gates).toEqual([]);
  refused(await c.submit(tokens.cda, sample.artefact), 'FINAL_PHASE');
  refused(await c.decide(tokens.decider, sample.decision), 'FINAL_PHASE');
  refused(await c.advance(tokens.cda, sample.gate), 'FINAL_PHASE');
  if (sample.milestone) refused(await c.reach(tokens.cda, sample.milestone), 'FINAL_PHASE');
  if (sample.indicator) refused(await c.recordIndicator(tokens.cda, ...sample.indicator), 'FINAL_PHASE');
  if (sample.scores) refused(await c.score(tokens.cda, sample.scores), 'FINAL_PHASE');
  refused(await c.suspend(tokens.admin, 'too late'), 'FINAL_PHASE');
  refused(await c.resume(tokens.admin), 'FINAL_PHASE');
  refused(await c.assignCda(tokens.admin, 'late-cda'), 'FINAL_PHASE');
  const after = await c.get(tokens.admin);
  expect(after.version).toBe(before.version);
  expect(after.phase).toBe(before.phase);
}
