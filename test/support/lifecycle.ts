import type request from 'supertest';
import { CLUSTER, clusterApi, dataOf, expected, expectDetails, refusal, sortedUnmet, unmet, type ClusterApi } from './cluster-api';
import type { TestApp } from './test-app';

/**
 * Helpers for the lifecycle e2e tests: a client for one cluster that speaks only the
 * contract's operations over HTTP (those of ./cluster-api), sent on a server clock the tests
 * can move (./clock).
 *
 * Each request is sent at the current fake time, which then moves on by one second, so events
 * get distinct, increasing timestamps and a test knows the exact time of each request
 * (`Date.now()` just before it). Tokens are minted with a ten-year lifetime (TOKEN_TTL) so that
 * they outlive the jumps.
 */

export { addMonthsUtc, afterNeed, DAY_MS, fakeServerClock, round2, TOKEN_TTL, travelDays } from './clock';

// --- responses ------------------------------------------------------------------------------

/** The one field of a successful answer. */
export const ok = <T = any>(res: request.Response): T => dataOf<T>(res);

/** The one error of a refused answer, with the expected code. */
export const refused = (res: request.Response, code: string): { message: string; extensions: Record<string, any> } => refusal(res, code);

/** An unmet requirement as a test expects it: the fields that are not null. */
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
 * and no other field (a field left out of `want` must be null).
 */
export function expectUnmet(actual: unknown, want: readonly Unmet[]): void {
  const items = actual as Record<string, unknown>[];
  expectDetails(items);
  expect(sortedUnmet(items)).toEqual(expected(want.map(({ kind, ...props }) => unmet(kind, props))));
}

/** A refused advance or reachMilestone: GATE_NOT_READY listing exactly these items. */
export function expectNotReady(res: request.Response, want: readonly Unmet[]): void {
  const error = refused(res, 'GATE_NOT_READY');
  expectUnmet(error.extensions.unmet, want);
}

// --- the client -----------------------------------------------------------------------------

/** The fields of a cluster (as ./cluster-api's CLUSTER selects it) that these tests read. */
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
  /** Ids of uploads (POST /files) to attach. */
  files?: string[];
}

export interface DecideInput {
  gate: string;
  role: string;
  outcome: 'APPROVE' | 'REJECT';
  artefactVersionId?: string;
  comment?: string;
}

/** Sends requests at the fake clock's time, then moves it on by a second. */
export async function send(t: TestApp, query: string, variables?: Record<string, unknown>, token?: string): Promise<request.Response> {
  const res = await t.gql(query, variables, token);
  jest.setSystemTime(Date.now() + 1000);
  return res;
}

/** The operations of ./cluster-api, each request sent on the fake clock. */
const clockedApi = (t: TestApp): ClusterApi => clusterApi({ gql: (query, variables, token) => send(t, query, variables, token) });

/** The contract's operations on one cluster; every method answers the raw HTTP response. */
export class ClusterClient {
  private readonly api: ClusterApi;

  constructor(
    t: TestApp,
    readonly id: string,
  ) {
    this.api = clockedApi(t);
  }

  static async register(t: TestApp, token: string, input: Record<string, unknown>): Promise<{ client: ClusterClient; cluster: ClusterData }> {
    const cluster = ok<ClusterData>(await clockedApi(t).register(token, input));
    return { client: new ClusterClient(t, cluster.id), cluster };
  }

  /** The cluster as `token` reads it. */
  async get(token: string): Promise<ClusterData> {
    const cluster = ok<ClusterData | null>(await this.api.cluster(token, this.id));
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
    return this.api.submit(token, { clusterId: this.id, ...input });
  }

  decide(token: string, input: DecideInput) {
    return this.api.decide(token, { clusterId: this.id, ...input });
  }

  advance(token: string, gate: string) {
    return this.api.advance(token, this.id, gate);
  }

  reach(token: string, milestone: string) {
    return this.api.reach(token, this.id, milestone, CLUSTER);
  }

  score(token: string, scores: Record<string, number>) {
    const list = Object.entries(scores).map(([criterion, score]) => ({ criterion, score }));
    return this.api.score(token, this.id, list, CLUSTER);
  }

  recordIndicator(token: string, indicator: string, period: string, value: number) {
    return this.api.record(token, { clusterId: this.id, indicator, period, value });
  }

  assignCda(token: string, userId: string) {
    return this.api.assignCda(token, this.id, userId, CLUSTER);
  }

  assignRole(token: string, userId: string, role: string) {
    return this.api.assignRole(token, this.id, userId, role, CLUSTER);
  }

  suspend(token: string, reason: string) {
    return this.api.suspend(token, this.id, reason);
  }

  resume(token: string) {
    return this.api.resume(token, this.id);
  }
}

/** Publishes a template as `token` (an agency_admin) and answers its version. */
export async function publish(t: TestApp, token: string, source: string): Promise<number> {
  const published = ok<{ version: number }>(await clockedApi(t).publish(token, source));
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
