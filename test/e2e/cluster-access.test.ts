import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { startTestApp, type TestApp } from '../support/test-app';
import { pdfFiles } from '../support/files';
import { clusterApi, ok, refused, type ClusterApi, type GqlError } from '../support/cluster-api';
import { shippedTemplate } from '../support/shipped-templates';

const UNIDO = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
/** The shipped India template's versions in publishing order (version 2 migrates from version 1). */
const INDIA = shippedTemplate('india-mse-cdp');

type Call = (token: string, clusterId: string) => Promise<request.Response>;

/**
 * The role matrix of the README ("Who may do what"), every cell that says no, over HTTP;
 * then the ids that answer NOT_FOUND, the input that answers BAD_USER_INPUT, and the order
 * in which those checks answer. After every refusal nothing has changed.
 */
describe('who may change a cluster, and what is refused', () => {
  let t: TestApp;
  let api: ClusterApi;
  const tok: Record<string, string> = {};
  /** X: the cluster most refusals aim at (selection). X2: one in the diagnostic phase. Y: another agency's. */
  let X: string;
  let X2: string;
  let Y: string;
  let mapX: { artefactId: string; id: string };
  let dsrX2: { artefactId: string; id: string };
  let mapY: { artefactId: string; id: string };

  beforeAll(async () => {
    t = await startTestApp('cluster-access');
    api = clusterApi(t);
    const people: [string, string, string, string[]][] = [
      ['admin', 'ada', 'unido-ng', ['agency_admin']],
      ['cda', 'chidi', 'unido-ng', ['cda']],
      ['otherCda', 'obi', 'unido-ng', ['cda']],
      ['auditor', 'audrey', 'unido-ng', ['auditor']],
      ['pm', 'priya', 'unido-ng', ['programme_manager']],
      ['cm', 'amaka', 'unido-ng', ['cluster_commission']],
      ['cm2', 'bayo', 'unido-ng', ['cluster_commission']],
      ['cmNowhere', 'nkem', 'unido-ng', ['cluster_commission']],
      ['assignedNoRole', 'carl', 'unido-ng', ['programme_manager']],
      ['foreign', 'zed', 'other-agency', ['agency_admin', 'cda', 'programme_manager', 'cluster_commission']],
    ];
    for (const [key, userId, agency, roles] of people) tok[key] = await t.token({ userId, agency, roles });
    await ok(api.publish(tok.admin, UNIDO));
    for (const source of INDIA) await ok(api.publish(tok.admin, source));
    await ok(api.publish(tok.foreign, UNIDO));

    X = (await ok(api.register(tok.cda, { name: 'Aba leather', templateKey: 'unido-cda', attributes: { enterprise_count: 150 } }, 'id'))).id;
    await ok(api.assignRole(tok.admin, X, 'amaka', 'cluster_commission'));
    mapX = await ok(api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 150 } }));

    // X2 reaches the diagnostic phase; bayo and carl sit on its commission (carl's token lacks the role).
    X2 = (await ok(api.register(tok.cda, { name: 'Kano textiles', templateKey: 'unido-cda', attributes: { enterprise_count: 400 } }, 'id'))).id;
    await ok(api.assignRole(tok.admin, X2, 'bayo', 'cluster_commission'));
    await ok(api.assignRole(tok.admin, X2, 'carl', 'cluster_commission'));
    await ok(api.score(tok.cda, X2, ['importance', 'potential', 'viability', 'sustainability'].map((criterion) => ({ criterion, score: 4 }))));
    await ok(api.submit(tok.cda, { clusterId: X2, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 400 } }));
    await ok(api.decide(tok.cda, { clusterId: X2, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
    await ok(api.reach(tok.cda, X2, 'cda_appointed'));
    await ok(api.decide(tok.pm, { clusterId: X2, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
    await ok(api.advance(tok.cda, X2, 'select_cluster'));
    dsrX2 = await ok(api.submit(tok.cda, {
      clusterId: X2,
      files: await pdfFiles(t, tok.cda),
      type: 'diagnostic_report',
      title: 'DSR',
      fields: { firms_surveyed: 50, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true },
    }));

    Y = (await ok(api.register(tok.foreign, { name: 'Foreign cluster', templateKey: 'unido-cda', attributes: { enterprise_count: 150 } }, 'id'))).id;
    mapY = await ok(api.submit(tok.foreign, { clusterId: Y, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 1 } }));
  });
  afterAll(() => t.close());

  // --- what "nothing changed" means --------------------------------------------------------

  /** Every cluster as its own agency reads it, and how many each agency has. */
  async function world() {
    const mine = await ok(api.clusters(tok.admin, { first: 500 }, 'id version phase status cdaIds roleAssignments { userId role } score artefacts { versions { id } } decisions { id counts } indicators { indicator values { period value } targets { period value } baseline }'));
    const theirs = await ok(api.clusters(tok.foreign, { first: 500 }, 'id version artefacts { versions { id } } decisions { id }'));
    return { mine, theirs };
  }
  /** Sends a request, checks the code of its one error, and that nothing changed anywhere. */
  async function refusedUnchanged(send: () => Promise<request.Response>, code: string): Promise<GqlError> {
    const before = await world();
    const error = await refused(send(), code);
    expect(await world()).toEqual(before);
    return error;
  }
  const versionOf = async (id: string, token = tok.admin) => (await ok(api.cluster(token, id, 'version'))).version as number;

  // --- one well-formed call of every cluster mutation ------------------------------------------

  /** Calls that are well-formed and would be allowed to a person entitled to make them. */
  const calls: Record<string, Call> = {
    assignCda: (tk, c) => api.assignCda(tk, c, 'newbie'),
    unassignCda: (tk, c) => api.unassignCda(tk, c, 'chidi'),
    assignRole: (tk, c) => api.assignRole(tk, c, 'newbie', 'cluster_commission'),
    unassignRole: (tk, c) => api.unassignRole(tk, c, 'amaka', 'cluster_commission'),
    scoreCluster: (tk, c) => api.score(tk, c, [{ criterion: 'importance', score: 4 }]),
    submitArtefact: (tk, c) => api.submit(tk, { clusterId: c, type: 'cluster_map', title: 'Another map', fields: { enterprises_mapped: 10 } }),
    decide: (tk, c) => api.decide(tk, { clusterId: c, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }),
    recordIndicator: (tk, c) => api.record(tk, { clusterId: c, indicator: 'joint_actions', period: '2025-Q1', value: 1 }),
    setIndicatorPlan: (tk, c) => api.plan(tk, { clusterId: c, indicator: 'joint_actions', baseline: 0, targets: [{ period: '2025-Q4', value: 3 }] }),
    reachMilestone: (tk, c) => api.reach(tk, c, 'cda_appointed'),
    advance: (tk, c) => api.advance(tk, c, 'select_cluster'),
    suspend: (tk, c) => api.suspend(tk, c, 'paused'),
    resume: (tk, c) => api.resume(tk, c),
  };
  const CLUSTER_MUTATIONS = Object.keys(calls);
  const ADMIN_ONLY = ['assignCda', 'unassignCda', 'assignRole', 'unassignRole', 'suspend', 'resume'];
  const register = (token: string, input: Record<string, unknown> = {}) =>
    api.register(token, { name: 'New cluster', templateKey: 'unido-cda', attributes: { enterprise_count: 150 }, ...input }, 'id cdaIds');

  // --- the role matrix ---------------------------------------------------------------------

  describe('an auditor changes nothing', () => {
    it('registerCluster: FORBIDDEN', async () => {
      await refusedUnchanged(() => register(tok.auditor), 'FORBIDDEN');
    });
    it.each(CLUSTER_MUTATIONS)('%s: FORBIDDEN', async (name) => {
      await refusedUnchanged(() => calls[name](tok.auditor, X), 'FORBIDDEN');
    });
    it('decide, even naming the auditor role: FORBIDDEN', async () => {
      await refusedUnchanged(() => api.decide(tok.auditor, { clusterId: X, gate: 'cda_appointed', role: 'auditor', outcome: 'APPROVE' }), 'FORBIDDEN');
      await refusedUnchanged(() => api.decide(tok.auditor, { clusterId: X2, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'REJECT', artefactVersionId: dsrX2.id }), 'FORBIDDEN');
    });
  });

  describe('a CDA not assigned to the cluster', () => {
    it.each(CLUSTER_MUTATIONS)('%s: FORBIDDEN', async (name) => {
      await refusedUnchanged(() => calls[name](tok.otherCda, X), 'FORBIDDEN');
    });
    it('decide in the cda role (cluster-scoped through the CDA team): FORBIDDEN', async () => {
      await refusedUnchanged(() => api.decide(tok.otherCda, { clusterId: X, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }), 'FORBIDDEN');
    });
    it('may register a cluster, and is then on its team', async () => {
      const c = await ok(register(tok.otherCda, { name: 'Obi cluster' }));
      expect(c.cdaIds).toEqual(['obi']);
      // ...and so may work on that one, but still not on X.
      expect((await ok(calls.scoreCluster(tok.otherCda, c.id))).version).toBe(2);
      await refusedUnchanged(() => calls.scoreCluster(tok.otherCda, X), 'FORBIDDEN');
    });
  });

  describe('an assigned CDA does not administer the cluster', () => {
    it.each(ADMIN_ONLY)('%s: FORBIDDEN', async (name) => {
      await refusedUnchanged(() => calls[name](tok.cda, X), 'FORBIDDEN');
    });
    it('nor on a suspended cluster (resume)', async () => {
      await ok(api.suspend(tok.admin, X2, 'check'));
      try {
        await refusedUnchanged(() => calls.resume(tok.cda, X2), 'FORBIDDEN');
        await refusedUnchanged(() => calls.suspend(tok.cda, X2), 'FORBIDDEN');
      } finally {
        await ok(api.resume(tok.admin, X2));
      }
    });
  });

  describe('a template role holder only decides', () => {
    it('registerCluster: FORBIDDEN', async () => {
      await refusedUnchanged(() => register(tok.pm), 'FORBIDDEN');
      await refusedUnchanged(() => register(tok.cm), 'FORBIDDEN');
    });
    it.each(CLUSTER_MUTATIONS.filter((m) => m !== 'decide'))('%s: FORBIDDEN', async (name) => {
      await refusedUnchanged(() => calls[name](tok.pm, X), 'FORBIDDEN');
      await refusedUnchanged(() => calls[name](tok.cm, X), 'FORBIDDEN');
    });
  });

  describe('decide needs the role, held by the token (and assigned here for scope: cluster roles)', () => {
    it.each([
      ['an agency_admin as programme_manager', 'admin', 'select_cluster', 'programme_manager'],
      ['an assigned CDA as programme_manager', 'cda', 'select_cluster', 'programme_manager'],
      ['a programme manager as cda', 'pm', 'cda_appointed', 'cda'],
      ['a programme manager as cluster_commission', 'pm', 'endorse_diagnostic', 'cluster_commission'],
      ['an agency_admin as cluster_commission', 'admin', 'endorse_diagnostic', 'cluster_commission'],
      ['a member assigned on the commission whose token lacks the role', 'assignedNoRole', 'endorse_diagnostic', 'cluster_commission'],
    ])('%s: FORBIDDEN', async (_label, who, gate, role) => {
      // endorse_diagnostic is decided on X2 (in the diagnostic phase), the others on X.
      const clusterId = gate === 'endorse_diagnostic' ? X2 : X;
      const artefactVersionId = gate === 'endorse_diagnostic' ? dsrX2.id : undefined;
      await refusedUnchanged(() => api.decide(tok[who], { clusterId, gate, role, outcome: 'APPROVE', artefactVersionId }), 'FORBIDDEN');
    });
    it('a commission member assigned on another cluster: FORBIDDEN', async () => {
      await refusedUnchanged(() => api.decide(tok.cm, { clusterId: X2, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: dsrX2.id }), 'FORBIDDEN');
    });
    it('a commission member assigned nowhere: FORBIDDEN, approving or rejecting', async () => {
      for (const outcome of ['APPROVE', 'REJECT']) {
        await refusedUnchanged(() => api.decide(tok.cmNowhere, { clusterId: X2, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome, artefactVersionId: dsrX2.id }), 'FORBIDDEN');
      }
    });
    it('the submitter of a version, on that version: FORBIDDEN (the CDA holds the commission role too)', async () => {
      const both = await t.token({ userId: 'chidi', agency: 'unido-ng', roles: ['cda', 'cluster_commission'] });
      await ok(api.assignRole(tok.admin, X2, 'chidi', 'cluster_commission'));
      try {
        await refusedUnchanged(() => api.decide(both, { clusterId: X2, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: dsrX2.id }), 'FORBIDDEN');
      } finally {
        await ok(api.unassignRole(tok.admin, X2, 'chidi', 'cluster_commission'));
      }
    });
    it('once unassigned, a former member: FORBIDDEN; while assigned, allowed', async () => {
      const decision = await ok(api.decide(tok.cm2, { clusterId: X2, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: dsrX2.id }));
      expect(decision.counts).toBe(true);
      await ok(api.unassignRole(tok.admin, X2, 'bayo', 'cluster_commission'));
      try {
        await refusedUnchanged(() => api.decide(tok.cm2, { clusterId: X2, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'REJECT', artefactVersionId: dsrX2.id }), 'FORBIDDEN');
      } finally {
        await ok(api.assignRole(tok.admin, X2, 'bayo', 'cluster_commission'));
      }
    });
  });

  describe('another agency, and ids that do not exist', () => {
    it.each(CLUSTER_MUTATIONS)('%s on another agency\'s cluster: NOT_FOUND, whatever the roles', async (name) => {
      await refusedUnchanged(() => calls[name](tok.foreign, X), 'NOT_FOUND');
      await refusedUnchanged(() => calls[name](tok.admin, Y), 'NOT_FOUND');
    });
    it.each(CLUSTER_MUTATIONS)('%s on a uuid that names no cluster, and on a non-uuid: NOT_FOUND', async (name) => {
      const token = name === 'decide' ? tok.pm : tok.admin;
      for (const id of [randomUUID(), 'not-a-uuid', '', `${X}x`]) await refusedUnchanged(() => calls[name](token, id), 'NOT_FOUND');
    });
    it('registerCluster on a template only another agency has: NOT_FOUND', async () => {
      await refusedUnchanged(() => register(tok.foreign, { templateKey: 'india-mse-cdp', attributes: { state: 'x', product: 'y', enterprise_count: 1 } }), 'NOT_FOUND');
      await refusedUnchanged(() => register(tok.admin, { templateKey: 'no-such-template' }), 'NOT_FOUND');
      await refusedUnchanged(() => register(tok.admin, { templateVersion: 2 }), 'NOT_FOUND');
    });
    it('cluster(id) is null and clusters does not list it, nor count it', async () => {
      expect(await ok(api.cluster(tok.foreign, X))).toBeNull();
      expect(await ok(api.cluster(tok.admin, Y))).toBeNull();
      const theirs = await ok(api.clusters(tok.foreign, {}, 'id'));
      expect(theirs.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([Y]);
      expect(theirs.totalCount).toBe(1);
      const mine = await ok(api.clusters(tok.auditor, { first: 500 }, 'id'));
      expect(mine.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(Y);
      expect(mine.totalCount).toBe(mine.edges.length);
      expect(await ok(api.clusters(tok.foreign, { filter: { search: 'Aba' } }, 'id'))).toMatchObject({ totalCount: 0, edges: [] });
    });
    it('an unknown artefactId: NOT_FOUND (a uuid, a non-uuid, another cluster\'s, another agency\'s)', async () => {
      for (const artefactId of [randomUUID(), 'nope', dsrX2.artefactId, mapY.artefactId]) {
        await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'v2', artefactId, fields: { enterprises_mapped: 1 } }), 'NOT_FOUND');
      }
    });
    it('an unknown artefactVersionId: NOT_FOUND (a uuid, a non-uuid, another cluster\'s, another agency\'s)', async () => {
      for (const artefactVersionId of [randomUUID(), 'nope', mapX.id, mapY.id]) {
        await refusedUnchanged(() => api.decide(tok.cm2, { clusterId: X2, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId }), 'NOT_FOUND');
      }
    });
  });

  // --- bad input ---------------------------------------------------------------------------

  describe('bad input: BAD_USER_INPUT, nothing written', () => {
    const problemPaths = (e: GqlError) => [...new Set(e.extensions.problems!.map((p) => p.path))].sort();

    it('attributes of the wrong type, out of range, undeclared or missing, with their paths', async () => {
      let e = await refusedUnchanged(() => register(tok.admin, { attributes: { enterprise_count: 'many', women_led_share: 2, employment: 1.5, colour: 'red', sector: 7 } }), 'BAD_USER_INPUT');
      expect(problemPaths(e)).toEqual(['attributes.colour', 'attributes.employment', 'attributes.enterprise_count', 'attributes.sector', 'attributes.women_led_share']);
      for (const p of e.extensions.problems!) expect(p.message).toEqual(expect.any(String));
      e = await refusedUnchanged(() => register(tok.admin, { attributes: { employment: 5 } }), 'BAD_USER_INPUT');
      expect(e.extensions.problems).toEqual([{ path: 'attributes.enterprise_count', message: expect.stringMatching(/required/) }]);
      e = await refusedUnchanged(() => register(tok.cda, { attributes: { enterprise_count: -1 } }), 'BAD_USER_INPUT');
      expect(problemPaths(e)).toEqual(['attributes.enterprise_count']);
      await refusedUnchanged(() => register(tok.admin, { attributes: ['enterprise_count', 150] }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => register(tok.admin, { attributes: 'enterprise_count=150' }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => register(tok.admin, { name: '   ' }), 'BAD_USER_INPUT');
    });

    it('artefact fields of the wrong type, undeclared or missing, with their paths', async () => {
      let e = await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 'ten', mapped_on: '15/01/2025', extra: 1 } }), 'BAD_USER_INPUT');
      expect(problemPaths(e)).toEqual(['fields.enterprises_mapped', 'fields.extra', 'fields.mapped_on']);
      e = await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 3, mapped_on: '2025-02-30' } }), 'BAD_USER_INPUT');
      expect(problemPaths(e)).toEqual(['fields.mapped_on']);
      e = await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'impact_assessment', title: 'IA', fields: { assessment_type: 'annual', recommendation: true } }), 'BAD_USER_INPUT');
      expect(problemPaths(e)).toEqual(['fields.assessment_type', 'fields.recommendation']);
      e = await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'Map' }), 'BAD_USER_INPUT');
      expect(problemPaths(e)).toEqual(['fields.enterprises_mapped']);
      await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'Map', fields: [1, 2] }), 'BAD_USER_INPUT');
      // An undeclared type, a version of another type, a sha256 that is not one, an empty title.
      await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'business_plan', title: 'BP' }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'diagnostic_report', title: 'DSR', artefactId: mapX.artefactId, fields: { firms_surveyed: 1, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true } }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'Map', sha256: 'abc', fields: { enterprises_mapped: 1 } }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: ' ', fields: { enterprises_mapped: 1 } }), 'BAD_USER_INPUT');
    });

    it('scores outside the scale, unknown or repeated criteria, none at all, or not numbers', async () => {
      for (const scores of [
        [{ criterion: 'importance', score: 6 }],
        [{ criterion: 'importance', score: -1 }],
        [{ criterion: 'importance', score: 5.01 }],
        [{ criterion: 'beauty', score: 3 }],
        [{ criterion: 'importance', score: 3 }, { criterion: 'importance', score: 4 }],
        [],
        [{ criterion: 'importance', score: 'high' }],
      ]) {
        await refusedUnchanged(() => api.score(tok.cda, X, scores), 'BAD_USER_INPUT');
      }
    });

    it('unknown indicators; periods that are not periods', async () => {
      await refusedUnchanged(() => api.record(tok.cda, { clusterId: X, indicator: 'happiness', period: '2025', value: 1 }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.plan(tok.cda, { clusterId: X, indicator: 'happiness', targets: [] }), 'BAD_USER_INPUT');
      for (const period of ['2025-Q5', '2025-13', 'Q3-2025', '2025-Q0', '2025-00', '2025-7', '25', '2025-q3', '', 'next year']) {
        await refusedUnchanged(() => api.record(tok.cda, { clusterId: X, indicator: 'joint_actions', period, value: 1 }), 'BAD_USER_INPUT');
        await refusedUnchanged(() => api.plan(tok.cda, { clusterId: X, indicator: 'joint_actions', targets: [{ period, value: 1 }] }), 'BAD_USER_INPUT');
      }
      await refusedUnchanged(() => api.plan(tok.cda, { clusterId: X, indicator: 'joint_actions', targets: [{ period: '2025-Q1', value: 1 }, { period: '2025-Q1', value: 2 }] }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.plan(tok.cda, { clusterId: X, indicator: 'joint_actions', targets: [{ period: '2025-Q1', value: 1 }, { period: '2025-02', value: 2 }] }), 'BAD_USER_INPUT');
    });

    it('while a quarter, a month and a year are periods', async () => {
      const version = await versionOf(X2);
      for (const [indicator, period] of [['joint_actions', '2025-Q3'], ['exports_usd', '2025-07'], ['trust_stage', '2025']]) {
        expect(await ok(api.record(tok.cda, { clusterId: X2, indicator, period, value: 2 }))).toMatchObject({ indicator, period, value: 2 });
        expect(await ok(api.plan(tok.cda, { clusterId: X2, indicator, targets: [{ period, value: 3 }] }))).toMatchObject({ indicator, targets: [{ period, value: 3 }] });
      }
      expect(await versionOf(X2)).toBe(version + 6);
    });

    it('unknown gates and milestones, and ones that do not belong to the current phase', async () => {
      for (const gate of ['nowhere', 'endorse_plan', 'endorse_diagnostic', 'cda_appointed', 'tranche_1']) {
        await refusedUnchanged(() => api.advance(tok.cda, X, gate), 'BAD_USER_INPUT');
      }
      for (const milestone of ['nowhere', 'tranche_1', 'select_cluster', 'governance_body_constituted']) {
        await refusedUnchanged(() => api.reach(tok.cda, X, milestone), 'BAD_USER_INPUT');
      }
      await refusedUnchanged(() => api.decide(tok.pm, { clusterId: X, gate: 'nowhere', role: 'programme_manager', outcome: 'APPROVE' }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.decide(tok.pm, { clusterId: X, gate: 'endorse_plan', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: mapX.id }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.decide(tok.cm, { clusterId: X, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE' }), 'BAD_USER_INPUT');
    });

    it('decisions in a role the requirement does not name, with or without the artefact it needs', async () => {
      // The gate takes no decision in that role.
      await refusedUnchanged(() => api.decide(tok.pm, { clusterId: X, gate: 'cda_appointed', role: 'programme_manager', outcome: 'APPROVE' }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.decide(tok.cm, { clusterId: X, gate: 'select_cluster', role: 'cluster_commission', outcome: 'APPROVE' }), 'BAD_USER_INPUT');
      // An `of:` requirement without the version, and a gate-level one with a version.
      await refusedUnchanged(() => api.decide(tok.cm2, { clusterId: X2, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE' }), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.decide(tok.pm, { clusterId: X, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: mapX.id }), 'BAD_USER_INPUT');
    });

    it('roles that are not assigned per cluster, and empty user ids', async () => {
      for (const role of ['mayor', 'programme_manager', 'cda', 'agency_admin', 'auditor']) {
        await refusedUnchanged(() => api.assignRole(tok.admin, X, 'someone', role), 'BAD_USER_INPUT');
      }
      await refusedUnchanged(() => api.assignCda(tok.admin, X, '  '), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.assignRole(tok.admin, X, '', 'cluster_commission'), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.suspend(tok.admin, X, ' '), 'BAD_USER_INPUT');
      await refusedUnchanged(() => api.resume(tok.admin, X), 'BAD_USER_INPUT'); // not suspended
    });

    it('first: 501 (and 0, and -1) on clusters; 500 is fine', async () => {
      for (const first of [501, 0, -1, 10_000]) await refused(api.clusters(tok.auditor, { first }), 'BAD_USER_INPUT');
      const page = await ok(api.clusters(tok.auditor, { first: 500 }, 'id'));
      expect(page.edges.length).toBe(page.totalCount);
    });
  });

  // --- the order checks answer in ------------------------------------------------------------

  describe('check order: UNAUTHENTICATED, NOT_FOUND, FORBIDDEN, FINAL_PHASE / SUSPENDED, CONFLICT, BAD_USER_INPUT, GATE_NOT_READY', () => {
    it('no token: UNAUTHENTICATED, before NOT_FOUND', async () => {
      const before = await world();
      const res = await t.gql('mutation($c: ID!) { advance(clusterId: $c, gate: "nowhere") { id } }', { c: randomUUID() });
      expect(res.body.errors.map((e: GqlError) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
      const res2 = await t.gql('mutation($c: ID!) { scoreCluster(clusterId: $c, scores: [{ criterion: "importance", score: 99 }]) { id } }', { c: X });
      expect(res2.body.errors.map((e: GqlError) => e.extensions.code)).toEqual(['UNAUTHENTICATED']);
      expect(await world()).toEqual(before);
    });

    it('another agency or no such cluster, with bad input and no right: NOT_FOUND', async () => {
      await refusedUnchanged(() => api.score(tok.foreign, X, [{ criterion: 'beauty', score: 99 }]), 'NOT_FOUND');
      await refusedUnchanged(() => api.score(tok.auditor, randomUUID(), [{ criterion: 'beauty', score: 99 }]), 'NOT_FOUND');
      await refusedUnchanged(() => api.record(tok.otherCda, { clusterId: 'nope', indicator: 'x', period: 'Q5', value: 1 }), 'NOT_FOUND');
      await refusedUnchanged(() => register(tok.auditor, { templateKey: 'no-such-template', attributes: { bad: true } }), 'NOT_FOUND');
      // An unknown artefact is NOT_FOUND even for someone who may not submit.
      await refusedUnchanged(() => api.submit(tok.auditor, { clusterId: X, type: 'cluster_map', title: 'v2', artefactId: randomUUID() }), 'NOT_FOUND');
    });

    it('an unassigned CDA or an auditor sending bad input: FORBIDDEN, not BAD_USER_INPUT', async () => {
      for (const token of [tok.otherCda, tok.auditor, tok.pm]) {
        await refusedUnchanged(() => api.score(token, X, [{ criterion: 'importance', score: 99 }]), 'FORBIDDEN');
        await refusedUnchanged(() => api.record(token, { clusterId: X, indicator: 'joint_actions', period: '2025-Q5', value: 1 }), 'FORBIDDEN');
        await refusedUnchanged(() => api.plan(token, { clusterId: X, indicator: 'nope', targets: [{ period: 'Q3-2025', value: 1 }] }), 'FORBIDDEN');
        await refusedUnchanged(() => api.submit(token, { clusterId: X, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 'ten' } }), 'FORBIDDEN');
        await refusedUnchanged(() => api.submit(token, { clusterId: X, type: 'cluster_map', title: 'x', sha256: 'zz', uri: 'u'.repeat(3000) }), 'FORBIDDEN');
        await refusedUnchanged(() => api.advance(token, X, 'nowhere'), 'FORBIDDEN');
        await refusedUnchanged(() => api.reach(token, X, 'nowhere'), 'FORBIDDEN');
        await refusedUnchanged(() => api.assignRole(token, X, 'x', 'mayor'), 'FORBIDDEN');
        await refusedUnchanged(() => api.suspend(token, X, 'r'.repeat(6000)), 'FORBIDDEN');
      }
      await refusedUnchanged(() => register(tok.auditor, { attributes: { enterprise_count: 'many' } }), 'FORBIDDEN');
      await refusedUnchanged(() => register(tok.pm, { name: '' }), 'FORBIDDEN');
      await refusedUnchanged(() => api.decide(tok.otherCda, { clusterId: X, gate: 'nowhere', role: 'programme_manager', outcome: 'APPROVE', comment: 'c'.repeat(6000) }), 'FORBIDDEN');
    });

    it('a stale expectedVersion on advance: CONFLICT, before BAD_USER_INPUT and GATE_NOT_READY', async () => {
      const version = await versionOf(X);
      await refusedUnchanged(() => api.advance(tok.cda, X, 'select_cluster', version - 1), 'CONFLICT');
      await refusedUnchanged(() => api.advance(tok.cda, X, 'select_cluster', version + 1), 'CONFLICT');
      await refusedUnchanged(() => api.advance(tok.cda, X, 'nowhere', version - 1), 'CONFLICT');
      // With the current version the gate is simply not ready.
      await refusedUnchanged(() => api.advance(tok.cda, X, 'select_cluster', version), 'GATE_NOT_READY');
      // But an unauthorised caller with a stale version is FORBIDDEN.
      await refusedUnchanged(() => api.advance(tok.otherCda, X, 'select_cluster', version - 1), 'FORBIDDEN');
    });

    it('a decision on a version that is no longer the latest: CONFLICT, before BAD_USER_INPUT', async () => {
      const v2 = await ok(api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'Map v2', artefactId: mapX.artefactId, fields: { enterprises_mapped: 151 } }));
      expect(v2.number).toBe(2);
      // select_cluster takes no decision on a map at all; the stale version answers first.
      await refusedUnchanged(() => api.decide(tok.pm, { clusterId: X, gate: 'nowhere', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: mapX.id }), 'CONFLICT');
      await refusedUnchanged(() => api.decide(tok.pm, { clusterId: X, gate: 'nowhere', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v2.id }), 'BAD_USER_INPUT');
      mapX = v2;
    });

    it('a suspended cluster: SUSPENDED before CONFLICT and BAD_USER_INPUT, after FORBIDDEN', async () => {
      await ok(api.suspend(tok.admin, X, 'pause'));
      try {
        const version = await versionOf(X);
        await refusedUnchanged(() => api.score(tok.cda, X, [{ criterion: 'beauty', score: 99 }]), 'SUSPENDED');
        await refusedUnchanged(() => api.record(tok.cda, { clusterId: X, indicator: 'joint_actions', period: '2025-Q5', value: 1 }), 'SUSPENDED');
        await refusedUnchanged(() => api.advance(tok.cda, X, 'nowhere', version - 1), 'SUSPENDED');
        await refusedUnchanged(() => api.submit(tok.cda, { clusterId: X, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 'ten' } }), 'SUSPENDED');
        await refusedUnchanged(() => api.score(tok.otherCda, X, [{ criterion: 'importance', score: 4 }]), 'FORBIDDEN');
        await refusedUnchanged(() => api.resume(tok.auditor, X), 'FORBIDDEN');
      } finally {
        await ok(api.resume(tok.admin, X));
      }
    });

    it('a finished cluster: FORBIDDEN before FINAL_PHASE; FINAL_PHASE before BAD_USER_INPUT', async () => {
      const done = (await ok(register(tok.cda, { name: 'Short-lived' }))).id;
      await ok(api.decide(tok.pm, { clusterId: done, gate: 'drop', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.advance(tok.cda, done, 'drop'));
      await refusedUnchanged(() => calls.scoreCluster(tok.auditor, done), 'FORBIDDEN');
      await refusedUnchanged(() => calls.assignCda(tok.cda, done), 'FORBIDDEN');
      await refusedUnchanged(() => calls.scoreCluster(tok.foreign, done), 'NOT_FOUND');
      await refusedUnchanged(() => api.score(tok.cda, done, [{ criterion: 'beauty', score: 99 }]), 'FINAL_PHASE');
      await refusedUnchanged(() => api.advance(tok.cda, done, 'nowhere', 1), 'FINAL_PHASE');
      await refusedUnchanged(() => api.assignRole(tok.admin, done, 'x', 'mayor'), 'FINAL_PHASE');
    });
  });

  // --- the cells that say yes, so that the no's above are not vacuous ------------------------

  describe('the same calls from someone entitled are not refused for want of rights', () => {
    it('an agency_admin (decide: a programme manager), in turn, on a fresh cluster', async () => {
      const fresh = (await ok(register(tok.admin, { name: 'Fresh' }))).id;
      const outcomes: Record<string, string> = {};
      for (const name of CLUSTER_MUTATIONS) {
        const res = await calls[name](name === 'decide' ? tok.pm : tok.admin, fresh);
        outcomes[name] = res.body.errors ? res.body.errors[0].extensions.code : 'ok';
      }
      expect(outcomes).toEqual({
        assignCda: 'ok',
        unassignCda: 'ok', // chidi is not on this team: nothing to do
        assignRole: 'ok',
        unassignRole: 'ok',
        scoreCluster: 'ok',
        submitArtefact: 'ok',
        decide: 'ok',
        recordIndicator: 'ok',
        setIndicatorPlan: 'ok',
        reachMilestone: 'GATE_NOT_READY',
        advance: 'GATE_NOT_READY',
        suspend: 'ok',
        resume: 'ok',
      });
    });
    it('an assigned CDA does the work on its cluster', async () => {
      const outcomes: Record<string, string> = {};
      for (const name of CLUSTER_MUTATIONS.filter((m) => !ADMIN_ONLY.includes(m) && m !== 'decide')) {
        const res = await calls[name](tok.cda, X);
        outcomes[name] = res.body.errors ? res.body.errors[0].extensions.code : 'ok';
      }
      expect(outcomes).toEqual({ scoreCluster: 'ok', submitArtefact: 'ok', recordIndicator: 'ok', setIndicatorPlan: 'ok', reachMilestone: 'GATE_NOT_READY', advance: 'GATE_NOT_READY' });
    });
  });
});
