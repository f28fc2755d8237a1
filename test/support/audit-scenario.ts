import { atServerTime, DAY_MS, TOKEN_TTL } from './clock';
import type { TestApp } from './test-app';

/**
 * Two agencies' decisions at known moments, for the audit tests (approval history, audit
 * trail, export). Every command runs with the server clock set, so decidedAt and event
 * times are exact; two decisions share one millisecond to exercise the tie-break by id.
 */

export const AUDIT_TEMPLATE = `
key: audit-t
version: 1
title: Audit test
roles:
  reviewer: { title: Reviewer }
  board: { title: Board }
artefacts:
  report: { title: Report }
phases:
  draft: { title: Draft }
  review: { title: Review }
  done: { title: Done, final: true }
gates:
  - id: submit
    from: draft
    to: review
    requires: { artefacts: [ { type: report } ], approvals: [ { role: reviewer, of: report } ] }
  - id: finish
    from: review
    to: done
    requires: { approvals: [ { role: board } ] }
`;

export const AGENCY_A = 'audit-a';
export const AGENCY_B = 'audit-b';

/** Day 0 of the scenario: in the future, so tokens minted now are already valid. */
export const BASE = Date.parse('2031-03-10T09:00:00.000Z');
export const at = (day: number, minute = 0) => BASE + day * DAY_MS + minute * 60_000;
export const iso = (ms: number) => new Date(ms).toISOString();

export const SHA_V1 = 'a'.repeat(64);
export const SHA_V2 = 'b'.repeat(64);

export interface AuditScenario {
  tokens: { admin: string; rui: string; sam: string; bea: string; auditor: string; adminB: string; ruiB: string; auditorB: string };
  alpha: string;
  beta: string;
  gamma: string;
  /** Artefact version ids. */
  alphaV1: string;
  alphaV2: string;
  betaV1: string;
  /** Decision ids of agency A, in the order they were given (D1..D6), and of agency B. */
  d: { d1: string; d2: string; d3: string; d4: string; d5: string; d6: string; b1: string };
}

async function run(t: TestApp, ms: number, token: string, query: string, variables: Record<string, unknown> = {}): Promise<any> {
  const res = await atServerTime(ms, () => t.gql(query, variables, token));
  if (res.body.errors) throw new Error(`${query}: ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

const REGISTER = 'mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "audit-t" }) { id } }';
const SUBMIT = 'mutation($c: ID!, $a: ID, $s: String) { submitArtefact(input: { clusterId: $c, type: "report", title: "Report", artefactId: $a, sha256: $s }) { id artefactId } }';
const DECIDE = `mutation($c: ID!, $g: String!, $r: String!, $o: Outcome!, $v: ID, $m: String) {
  decide(input: { clusterId: $c, gate: $g, role: $r, outcome: $o, artefactVersionId: $v, comment: $m }) { id } }`;
const ADVANCE = 'mutation($c: ID!, $g: String!) { advance(clusterId: $c, gate: $g) { phase } }';

/**
 * Agency A: Alpha (report v1 rejected by rui on day 1, approved by sam on day 2; v2 approved
 * by rui on day 4, advanced; the board approves on day 5) and Beta (v1 approved by rui on day
 * 2, in the same millisecond as sam on Alpha; rejected by sam on day 6). Agency B: Gamma, with
 * one approval by a user also called rui, on day 3.
 */
export async function buildAuditScenario(t: TestApp): Promise<AuditScenario> {
  const tok = (agency: string, userId: string, roles: string[], name?: string) => t.token({ agency, userId, roles, ...(name ? { name } : {}) }, TOKEN_TTL);
  const tokens = {
    admin: await tok(AGENCY_A, 'ada', ['agency_admin'], 'Ada Admin'),
    rui: await tok(AGENCY_A, 'rui', ['reviewer']),
    sam: await tok(AGENCY_A, 'sam', ['reviewer'], 'Sam "the" Reviewer, Jr.'),
    bea: await tok(AGENCY_A, 'bea', ['board']),
    auditor: await tok(AGENCY_A, 'aud', ['auditor']),
    adminB: await tok(AGENCY_B, 'bob', ['agency_admin']),
    ruiB: await tok(AGENCY_B, 'rui', ['reviewer']),
    auditorB: await tok(AGENCY_B, 'bud', ['auditor']),
  };
  for (const admin of [tokens.admin, tokens.adminB]) {
    const res = await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: AUDIT_TEMPLATE }, admin);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
  }
  const alpha = (await run(t, at(0), tokens.admin, REGISTER, { n: 'Alpha' })).registerCluster.id;
  const beta = (await run(t, at(0, 1), tokens.admin, REGISTER, { n: 'Beta, "the second"' })).registerCluster.id;
  const a1 = (await run(t, at(0, 2), tokens.admin, SUBMIT, { c: alpha, s: SHA_V1 })).submitArtefact;
  const b1 = (await run(t, at(0, 3), tokens.admin, SUBMIT, { c: beta })).submitArtefact;
  const decide = async (ms: number, token: string, c: string, g: string, r: string, o: string, v?: string, m?: string) =>
    (await run(t, ms, token, DECIDE, { c, g, r, o, v, m })).decide.id as string;

  const d1 = await decide(at(1), tokens.rui, alpha, 'submit', 'reviewer', 'REJECT', a1.id, 'Missing annex;\nsee "B"');
  const d2 = await decide(at(2), tokens.sam, alpha, 'submit', 'reviewer', 'APPROVE', a1.id);
  const d3 = await decide(at(2), tokens.rui, beta, 'submit', 'reviewer', 'APPROVE', b1.id);
  const a2 = (await run(t, at(3), tokens.admin, SUBMIT, { c: alpha, a: a1.artefactId, s: SHA_V2 })).submitArtefact;
  const d4 = await decide(at(4), tokens.rui, alpha, 'submit', 'reviewer', 'APPROVE', a2.id);
  await run(t, at(4, 1), tokens.admin, ADVANCE, { c: alpha, g: 'submit' });
  const d5 = await decide(at(5), tokens.bea, alpha, 'finish', 'board', 'APPROVE');
  const d6 = await decide(at(6), tokens.sam, beta, 'submit', 'reviewer', 'REJECT', b1.id, 'No');

  const gamma = (await run(t, at(3), tokens.adminB, REGISTER, { n: 'Gamma' })).registerCluster.id;
  const g1 = (await run(t, at(3, 1), tokens.adminB, SUBMIT, { c: gamma })).submitArtefact;
  const b1d = await decide(at(3, 2), tokens.ruiB, gamma, 'submit', 'reviewer', 'APPROVE', g1.id);

  return { tokens, alpha, beta, gamma, alphaV1: a1.id, alphaV2: a2.id, betaV1: b1.id, d: { d1, d2, d3, d4, d5, d6, b1: b1d } };
}

/** Every field of AuditEvent. */
export const AUDIT_EVENT_FIELDS = 'id clusterId seq type actor actorName role at payload prevHash hash';

/** A cluster's whole trail over GraphQL, page by page. */
export async function trailOf(t: TestApp, token: string, clusterId: string): Promise<any[]> {
  const events: any[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await t.gql(
      `query($c: ID!, $a: String) { auditTrail(clusterId: $c, first: 500, after: $a) { edges { node { ${AUDIT_EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      { c: clusterId, a: after },
      token,
    );
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    const page = res.body.data.auditTrail;
    events.push(...page.edges.map((e: { node: unknown }) => e.node));
    if (!page.pageInfo.hasNextPage) return events;
    after = page.pageInfo.endCursor;
  }
}
