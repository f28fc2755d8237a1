import type request from 'supertest';
import type { TestApp } from './test-app';

/**
 * A GraphQL client for cluster e2e tests: one function per operation of the contract, each
 * returning the raw response, plus `ok` / `refused` to unwrap or check it, and the checks the
 * lifecycle tests share (unmet requirements, the clusters list).
 */

export const UNMET = 'kind detail role artefactType indicator milestone attribute have need';
export const CLUSTER = `id name sector region country attributes templateKey templateVersion
  phase status enteredPhaseAt due overdue cdaIds roleAssignments { userId role }
  score eligible version
  milestones { milestone reached reachedAt }
  gates { gate to ready unmet { ${UNMET} } }
  artefacts { id type title latest { id number } versions { id artefactId number type title fields submittedBy } }
  decisions { id gate role outcome counts decidedBy comment artefactVersion { id artefactId number } }
  indicators { indicator aggregate baseline target progress values { indicator period value recordedBy } targets { period value } }
  history { phase enteredAt leftAt viaGate suspendedDays }`;

export interface Unmet {
  kind: string;
  role: string | null;
  artefactType: string | null;
  indicator: string | null;
  milestone: string | null;
  attribute: string | null;
  have: number | null;
  need: number | null;
}

export interface GqlError {
  message: string;
  extensions: { code: string; unmet?: Record<string, unknown>[]; problems?: { path: string; message: string }[]; [key: string]: unknown };
}

type Res = request.Response | Promise<request.Response>;

/** The data of a response's one root field; fails the test with the errors when there are any. */
export function dataOf<T = any>(r: request.Response): T {
  if (r.body.errors) throw new Error(`expected success, got ${JSON.stringify(r.body.errors, null, 2)}`);
  const values = Object.values(r.body.data ?? {});
  if (values.length !== 1) throw new Error(`expected one root field, got ${JSON.stringify(r.body.data)}`);
  return values[0] as T;
}

/** The data of the response's one root field (see `dataOf`), once the response has come. */
export const ok = async <T = any>(res: Res): Promise<T> => dataOf<T>(await res);

/** The one error of a refused response, after checking its code and that no data came back. */
export function refusal(r: request.Response, code: string): GqlError {
  const errors: GqlError[] = r.body.errors ?? [];
  const codes = errors.map((e) => e.extensions?.code);
  if (codes.length !== 1 || codes[0] !== code) {
    throw new Error(`expected one ${code} error, got ${JSON.stringify(errors.length ? errors : r.body.data, null, 2)}`);
  }
  for (const value of Object.values(r.body.data ?? {})) expect(value).toBeNull();
  expect(errors[0].extensions.stacktrace).toBeUndefined();
  return errors[0];
}

/** The one error of the refused response (see `refusal`), once the response has come. */
export const refused = async (res: Res, code: string): Promise<GqlError> => refusal(await res, code);

/** An unmet requirement in a comparable shape: every field present, `detail` left out. */
export function unmet(kind: string, props: Partial<Omit<Unmet, 'kind'>> = {}): Unmet {
  return { kind, role: null, artefactType: null, indicator: null, milestone: null, attribute: null, have: null, need: null, ...props };
}

const normalise = (u: Record<string, unknown>): Unmet => {
  const n = unmet(String(u.kind));
  for (const key of Object.keys(n) as (keyof Unmet)[]) if (key !== 'kind' && u[key] !== undefined) (n as unknown as Record<string, unknown>)[key] = u[key];
  return n;
};
const order = (u: Unmet) => JSON.stringify([u.kind, u.role, u.artefactType, u.indicator, u.milestone, u.attribute]);
/** A list of unmet requirements, from an error or a `gates` field, normalised and sorted. */
export const sortedUnmet = (list: readonly Record<string, unknown>[]): Unmet[] => list.map(normalise).sort((a, b) => order(a).localeCompare(order(b)));
/** Sorts an expected list the same way. */
export const expected = (list: Unmet[]): Unmet[] => [...list].sort((a, b) => order(a).localeCompare(order(b)));

/** Every detail is a sentence for people. */
export function expectDetails(list: readonly Record<string, unknown>[]): void {
  for (const u of list) expect(u.detail).toEqual(expect.stringMatching(/\w+ \w+/));
}

/** A gate of a cluster (as the `gates` field shows it), by name. */
export const gateOf = (c: any, gate: string) => c.gates.find((g: { gate: string }) => g.gate === gate);
/** The unmet requirements of a cluster's gate, normalised and sorted. */
export const unmetOf = (c: any, gate: string): Unmet[] => sortedUnmet(gateOf(c, gate).unmet);

/** A GATE_NOT_READY refusal (of an advance or a reachMilestone): its unmet requirements, normalised and sorted, each with a sentence for people. */
export async function notReady(res: Res): Promise<Unmet[]> {
  const error = await refused(res, 'GATE_NOT_READY');
  expectDetails(error.extensions.unmet!);
  expect(error.message).toMatch(/not ready/);
  return sortedUnmet(error.extensions.unmet!);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A person of an agency: who they are and the agency-wide roles their token carries. */
export type Person = [userId: string, roles: string[]];

/** A token for each person, in `agency`, under the same keys. */
export async function tokensFor(t: Pick<TestApp, 'token'>, agency: string, people: Record<string, Person>, ttlSeconds?: number): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {};
  for (const [key, [userId, roles]] of Object.entries(people)) tokens[key] = await t.token({ userId, agency, roles }, ttlSeconds);
  return tokens;
}

// --- the clusters list ----------------------------------------------------------------------

/** The names of the clusters on a page of the list, in order. */
export const names = (conn: { edges: { node: { name: string } }[] }): string[] => conn.edges.map((e) => e.node.name);

/** Each filter lists exactly these names, in this order, and its totalCount is their number. */
export async function expectFilters(list: (args: { filter: Record<string, unknown> }) => Promise<any>, cases: [Record<string, unknown>, string[]][]): Promise<void> {
  for (const [filter, want] of cases) {
    const page = await list({ filter });
    expect([filter, names(page)]).toEqual([filter, want]);
    expect(page.totalCount).toBe(want.length);
  }
}

/** Every page of a list, `first` at a time, each asked for after the last one's endCursor; at most `max` pages. */
export async function allPages(list: (args: { after: string | null }) => Promise<any>, max: number): Promise<any[]> {
  const pages: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await list({ after });
    pages.push(page);
    if (!page.pageInfo.hasNextPage) return pages;
    if (pages.length === max) throw new Error(`still a next page after ${max} pages`);
    after = page.pageInfo.endCursor;
  }
}

// --- the client -----------------------------------------------------------------------------

/**
 * The contract's operations, each answering the raw response. Requests go through `via.gql`:
 * a test app's, or one of the caller's (to move a fake clock with each request, or to reach an
 * app started later).
 */
export function clusterApi(via: Pick<TestApp, 'gql'>) {
  const q = (query: string, variables: Record<string, unknown>, token: string) => via.gql(query, variables, token);
  const small = 'id version phase status';
  return {
    register: (token: string, input: Record<string, unknown>, select = CLUSTER) =>
      q(`mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { ${select} } }`, { input }, token),
    cluster: (token: string, id: string, select = CLUSTER) => q(`query($id: ID!) { cluster(id: $id) { ${select} } }`, { id }, token),
    clusters: (token: string, args: { filter?: Record<string, unknown>; first?: number; after?: string | null; sort?: string } = {}, select = 'id name score phase status overdue') =>
      q(
        `query($filter: ClusterFilter, $first: Int, $after: String, $sort: ClusterSort) {
          clusters(filter: $filter, first: $first, after: $after, sort: $sort) {
            totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { ${select} } }
          }
        }`,
        { filter: args.filter ?? null, first: args.first ?? 50, after: args.after ?? null, sort: args.sort ?? 'REGISTERED_AT' },
        token,
      ),
    assignCda: (token: string, clusterId: string, userId: string, select = small) =>
      q(`mutation($c: ID!, $u: String!) { assignCda(clusterId: $c, userId: $u) { ${select} cdaIds } }`, { c: clusterId, u: userId }, token),
    unassignCda: (token: string, clusterId: string, userId: string, select = small) =>
      q(`mutation($c: ID!, $u: String!) { unassignCda(clusterId: $c, userId: $u) { ${select} cdaIds } }`, { c: clusterId, u: userId }, token),
    assignRole: (token: string, clusterId: string, userId: string, role: string, select = small) =>
      q(`mutation($c: ID!, $u: String!, $r: String!) { assignRole(clusterId: $c, userId: $u, role: $r) { ${select} roleAssignments { userId role } } }`, { c: clusterId, u: userId, r: role }, token),
    unassignRole: (token: string, clusterId: string, userId: string, role: string, select = small) =>
      q(`mutation($c: ID!, $u: String!, $r: String!) { unassignRole(clusterId: $c, userId: $u, role: $r) { ${select} roleAssignments { userId role } } }`, { c: clusterId, u: userId, r: role }, token),
    score: (token: string, clusterId: string, scores: unknown, select = `${small} score`) =>
      q(`mutation($c: ID!, $s: [CriterionScoreInput!]!) { scoreCluster(clusterId: $c, scores: $s) { ${select} } }`, { c: clusterId, s: scores }, token),
    submit: (token: string, input: Record<string, unknown>) =>
      q(
        `mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { id artefactId number type title uri sha256 fields submittedBy submittedAt } }`,
        { input },
        token,
      ),
    decide: (token: string, input: Record<string, unknown>) =>
      q(
        `mutation($input: DecisionInput!) { decide(input: $input) { id clusterId clusterName gate role outcome comment decidedBy counts artefactVersion { id number } } }`,
        { input },
        token,
      ),
    record: (token: string, input: Record<string, unknown>) =>
      q(`mutation($input: IndicatorInput!) { recordIndicator(input: $input) { indicator period value recordedBy recordedAt } }`, { input }, token),
    plan: (token: string, input: Record<string, unknown>) =>
      q(
        `mutation($input: IndicatorPlanInput!) { setIndicatorPlan(input: $input) { indicator aggregate baseline target progress values { period value } targets { period value } } }`,
        { input },
        token,
      ),
    reach: (token: string, clusterId: string, milestone: string, select = `${small} milestones { milestone reached reachedAt }`) =>
      q(`mutation($c: ID!, $m: String!) { reachMilestone(clusterId: $c, milestone: $m) { ${select} } }`, { c: clusterId, m: milestone }, token),
    advance: (token: string, clusterId: string, gate: string, expectedVersion?: number | null, select = CLUSTER) =>
      q(`mutation($c: ID!, $g: String!, $v: Int) { advance(clusterId: $c, gate: $g, expectedVersion: $v) { ${select} } }`, { c: clusterId, g: gate, v: expectedVersion ?? null }, token),
    suspend: (token: string, clusterId: string, reason: string, select = CLUSTER) =>
      q(`mutation($c: ID!, $r: String!) { suspend(clusterId: $c, reason: $r) { ${select} } }`, { c: clusterId, r: reason }, token),
    resume: (token: string, clusterId: string, select = CLUSTER) => q(`mutation($c: ID!) { resume(clusterId: $c) { ${select} } }`, { c: clusterId }, token),
    publish: (token: string, source: string) => q('mutation($s: String!) { publishTemplate(source: $s) { key version } }', { s: source }, token),
  };
}

export type ClusterApi = ReturnType<typeof clusterApi>;
