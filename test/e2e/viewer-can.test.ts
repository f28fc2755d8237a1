import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { pdfFiles } from '../support/files';
import { clusterApi, ok, type ClusterApi } from '../support/cluster-api';

const UNIDO = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
const UNIDO_V2 = UNIDO.replace(/^version: 1$/m, 'version: 2');
/** Two phases, so a cluster can finish in a few commands. */
const SHORT = `
key: short
version: 1
title: Short
roles:
  reviewer: { title: Reviewer }
artefacts:
  report: { title: Report }
indicators:
  jobs: { title: Jobs, aggregation: sum }
phases:
  draft: { title: Draft }
  done: { title: Done, final: true }
gates:
  - id: finish
    from: draft
    to: done
    requires: { artefacts: [ { type: report } ] }
`;

const ACTIONS = ['SCORE', 'SUBMIT_ARTEFACT', 'DECIDE', 'RECORD_INDICATOR', 'SET_INDICATOR_PLAN', 'REACH_MILESTONE', 'ADVANCE', 'ASSIGN', 'SUSPEND', 'RESUME', 'MIGRATE'] as const;
type Action = (typeof ACTIONS)[number];

const VIEW = `id phase status templateKey templateVersion viewerCan
  milestones { milestone reached }
  artefacts { type latest { id submittedBy } }
  decisions { gate role outcome decidedBy artefactVersion { id } }
  gates { gate ready unmet { kind role artefactType indicator milestone viewerCanAct artefactVersionId } }`;

/**
 * `viewerCan` and `viewerCanAct` against the commands, over HTTP, for every person of the
 * README's role matrix on clusters in every state: at each moment, each action is offered
 * exactly when a well-formed command of it is accepted, and each requirement the caller "can
 * act on" is one whose command is accepted.
 */
describe('viewerCan and viewerCanAct agree with the commands', () => {
  let t: TestApp;
  let api: ClusterApi;
  const tok: Record<string, string> = {};
  const PEOPLE: [string, string, string[]][] = [
    ['admin', 'ada', ['agency_admin']],
    ['cda', 'chidi', ['cda']],
    ['otherCda', 'obi', ['cda']],
    ['auditor', 'audrey', ['auditor']],
    ['pm', 'priya', ['programme_manager']],
    ['cm', 'amaka', ['cluster_commission']],
    ['cmNowhere', 'nkem', ['cluster_commission']],
    // The submitter of the documents, holding the commission role and assigned to it.
    ['cdaAndCm', 'chidi', ['cda', 'cluster_commission']],
    ['adminAndPm', 'ada', ['agency_admin', 'programme_manager']],
  ];

  beforeAll(async () => {
    t = await startTestApp('viewer-can', { LOG_LEVEL: 'error' });
    api = clusterApi(t);
    for (const [key, userId, roles] of PEOPLE) tok[key] = await t.token({ userId, agency: 'unido-ng', roles });
    await ok(api.publish(tok.admin, UNIDO));
    await ok(api.publish(tok.admin, UNIDO_V2));
    await ok(api.publish(tok.admin, SHORT));
  }, 120_000);
  afterAll(() => t.close(), 120_000);

  const MAP = { type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 150 } };
  const DSR_FIELDS = { firms_surveyed: 50, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true };

  /** A fresh cluster in one of the states the matrix covers. */
  async function clusterIn(state: string): Promise<string> {
    if (state === 'finished' || state === 'short') {
      const id = (await ok(api.register(tok.cda, { name: `Short ${state}`, templateKey: 'short' }, 'id'))).id;
      if (state === 'finished') {
        await ok(api.submit(tok.cda, { clusterId: id, type: 'report', title: 'Report' }));
        await ok(api.advance(tok.cda, id, 'finish', null, 'id'));
      }
      return id;
    }
    const id = (await ok(api.register(tok.cda, { name: `Aba ${state}`, templateKey: 'unido-cda', attributes: { enterprise_count: 400 } }, 'id'))).id;
    await ok(api.assignRole(tok.admin, id, 'amaka', 'cluster_commission'));
    await ok(api.assignRole(tok.admin, id, 'chidi', 'cluster_commission'));
    await ok(api.submit(tok.cda, { clusterId: id, ...MAP }));
    if (state === 'diagnostic' || state === 'diagnostic-approved') {
      await ok(api.score(tok.cda, id, ['importance', 'potential', 'viability', 'sustainability'].map((criterion) => ({ criterion, score: 4 }))));
      await ok(api.decide(tok.cda, { clusterId: id, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, id, 'cda_appointed'));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.advance(tok.cda, id, 'select_cluster', null, 'id'));
      const dsr = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(t, tok.cda), type: 'diagnostic_report', title: 'DSR', fields: DSR_FIELDS }));
      if (state === 'diagnostic-approved') {
        await ok(api.decide(tok.cm, { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: dsr.id }));
      }
    }
    if (state === 'selection-ready') {
      await ok(api.score(tok.cda, id, ['importance', 'potential', 'viability', 'sustainability'].map((criterion) => ({ criterion, score: 4 }))));
      await ok(api.decide(tok.cda, { clusterId: id, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
    }
    if (state === 'suspended') await ok(api.suspend(tok.admin, id, 'paused'));
    return id;
  }

  const accepted = (r: request.Response) => !r.body.errors;
  const view = async (token: string, id: string) => ok(api.cluster(token, id, VIEW));

  /** Well-formed commands of each action for this cluster now; the action is accepted when one of them is. */
  function attempts(token: string, c: any, roles: string[]): Record<Action, (() => Promise<request.Response>)[]> {
    const short = c.templateKey === 'short';
    const open = [...c.gates.map((g: any) => g.gate), ...c.milestones.filter((m: any) => !m.reached).map((m: any) => m.milestone)];
    const versions: (string | null)[] = [null, ...c.artefacts.map((a: any) => a.latest.id)];
    return {
      SCORE: [() => api.score(token, c.id, [{ criterion: 'importance', score: 4 }])],
      SUBMIT_ARTEFACT: [() => api.submit(token, short ? { clusterId: c.id, type: 'report', title: 'Another report' } : { clusterId: c.id, ...MAP, title: 'Another map' })],
      DECIDE: open.flatMap((gate) => roles.flatMap((role) => versions.map((artefactVersionId) => () => api.decide(token, { clusterId: c.id, gate, role, outcome: 'APPROVE', artefactVersionId })))),
      RECORD_INDICATOR: [() => api.record(token, { clusterId: c.id, indicator: short ? 'jobs' : 'joint_actions', period: '2025-Q1', value: 1 })],
      SET_INDICATOR_PLAN: [() => api.plan(token, { clusterId: c.id, indicator: short ? 'jobs' : 'joint_actions', baseline: 0, targets: [{ period: '2025-Q4', value: 3 }] })],
      REACH_MILESTONE: c.milestones.filter((m: any) => !m.reached).map((m: any) => () => api.reach(token, c.id, m.milestone)),
      ADVANCE: c.gates.map((g: any) => () => api.advance(token, c.id, g.gate, null, 'id')),
      ASSIGN: [() => api.assignCda(token, c.id, 'newbie')],
      SUSPEND: [() => api.suspend(token, c.id, 'paused', 'id')],
      RESUME: [() => api.resume(token, c.id, 'id')],
      MIGRATE: [() => t.gql('mutation($c: ID!, $v: Int!) { migrate(clusterId: $c, toVersion: $v, dryRun: true) { applied } }', { c: c.id, v: c.templateVersion === 2 ? 1 : 2 }, token)],
    };
  }

  /** Checks every unmet requirement's viewerCanAct against its command, then every action against viewerCan. */
  async function expectAgreement(who: string, id: string): Promise<string[]> {
    const [, userId, roles] = PEOPLE.find(([k]) => k === who)!;
    const token = tok[who];
    const cells: string[] = [];
    // Approvals the caller cannot act on are refused (nothing recorded), one they can act on is accepted.
    let c = await view(token, id);
    const approvals = c.gates.flatMap((g: any) => g.unmet.filter((u: any) => u.kind === 'APPROVAL').map((u: any) => ({ gate: g.gate, ...u })));
    // Someone whose latest decision on it is an approval could decide again, but adds nothing: not actable.
    const approvedAlready = (u: any) => {
      const mine = c.decisions.filter((d: any) => d.gate === u.gate && d.role === u.role && d.decidedBy === userId && (d.artefactVersion?.id ?? null) === u.artefactVersionId);
      return mine.length > 0 && mine[mine.length - 1].outcome === 'APPROVE';
    };
    for (const u of approvals.filter(approvedAlready)) expect([who, u.gate, u.viewerCanAct]).toEqual([who, u.gate, false]);
    for (const u of approvals.filter((u: any) => !u.viewerCanAct && !approvedAlready(u) && roles.includes(u.role) && (u.artefactType === null || u.artefactVersionId))) {
      const r = await api.decide(token, { clusterId: id, gate: u.gate, role: u.role, outcome: 'APPROVE', artefactVersionId: u.artefactVersionId });
      expect([who, u.gate, u.role, accepted(r)]).toEqual([who, u.gate, u.role, false]);
    }
    const actable = approvals.find((u: any) => u.viewerCanAct);
    if (actable) {
      const r = await api.decide(token, { clusterId: id, gate: actable.gate, role: actable.role, outcome: 'REJECT', artefactVersionId: actable.artefactVersionId });
      expect([who, actable.gate, actable.role, r.body.errors ?? 'accepted']).toEqual([who, actable.gate, actable.role, 'accepted']);
      cells.push(`viewerCanAct ${actable.gate}/${actable.role}`);
    }
    // Other kinds: the requirement is actable exactly when its command is (checked through viewerCan below).
    c = await view(token, id);
    const kindAction: Record<string, Action> = { ARTEFACT: 'SUBMIT_ARTEFACT', SCORE: 'SCORE', INDICATOR: 'RECORD_INDICATOR' };
    for (const u of c.gates.flatMap((g: any) => g.unmet)) {
      if (kindAction[u.kind]) expect([who, u.kind, u.viewerCanAct]).toEqual([who, u.kind, c.viewerCan.includes(kindAction[u.kind])]);
      if (u.kind === 'ELIGIBILITY' || u.kind === 'AFTER') expect(u.viewerCanAct).toBe(false);
      if (u.kind !== 'APPROVAL') expect(u.artefactVersionId).toBeNull();
    }
    for (const action of ACTIONS) {
      c = await view(token, id);
      const offered = c.viewerCan.includes(action);
      let ok = false;
      for (const attempt of attempts(token, c, roles)[action]) {
        if (accepted(await attempt())) {
          ok = true;
          break;
        }
      }
      expect([who, userId, c.phase, c.status, action, ok]).toEqual([who, userId, c.phase, c.status, action, offered]);
      cells.push(`${action}:${ok ? 'yes' : 'no'}`);
    }
    return cells;
  }

  const STATES = ['selection', 'selection-ready', 'diagnostic', 'diagnostic-approved', 'suspended', 'finished', 'short'];
  const yes = new Map<string, Set<string>>();

  describe.each(STATES)('a cluster in state %s', (state) => {
    it.each(PEOPLE.map(([key]) => key))('%s: every action offered exactly when its command is accepted', async (who) => {
      const cells = await expectAgreement(who, await clusterIn(state));
      const set = yes.get(who) ?? new Set<string>();
      for (const cell of cells) if (cell.endsWith(':yes')) set.add(cell.slice(0, -4));
      yes.set(who, set);
    }, 60_000);
  });

  it('the matrix is not vacuous: each person is offered what the README says, and nothing more', () => {
    const of = (who: string) => [...(yes.get(who) ?? [])].sort();
    const operate = ['ADVANCE', 'RECORD_INDICATOR', 'REACH_MILESTONE', 'SCORE', 'SET_INDICATOR_PLAN', 'SUBMIT_ARTEFACT'];
    expect(of('admin')).toEqual([...operate, 'ASSIGN', 'MIGRATE', 'RESUME', 'SUSPEND'].sort());
    expect(of('cda')).toEqual([...operate, 'DECIDE'].sort()); // the cda_appointed milestone takes a cda approval
    expect(of('otherCda')).toEqual([]);
    expect(of('auditor')).toEqual([]);
    expect(of('pm')).toEqual(['DECIDE']);
    expect(of('cm')).toEqual(['DECIDE']);
    expect(of('cmNowhere')).toEqual([]);
  });
});
