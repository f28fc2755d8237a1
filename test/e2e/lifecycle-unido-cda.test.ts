import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { addMonthsUtc, atServerTime, DAY_MS } from '../support/clock';
import { pdfFiles } from '../support/files';
import { allPages, expected, expectFilters, gateOf, names, notReady, ok, refused, tokensFor, unmetOf, unmet, type ClusterApi, type Person } from '../support/cluster-api';
import { clusterSuite } from '../support/cluster-suite';
import { shippedTemplate } from '../support/shipped-templates';

const UNIDO = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
/** The shipped India template's versions in publishing order (version 2 migrates from version 1). */
const INDIA = shippedTemplate('india-mse-cdp');

/**
 * One cluster of the UNIDO Cluster Development Approach, driven over GraphQL as the people
 * of an agency would, from registration through a loop back to a revised action plan to
 * graduation. The steps build on each other and run in order. This is version 1 of the
 * template (kept in templates/previous/ and still meaning the same); the shipped version 2
 * and the migration to it are in lifecycle-unido-v2.test.ts.
 */
describe('unido-cda over GraphQL', () => {
  const people: Record<string, Person> = {
    admin: ['ada', ['agency_admin']],
    cda: ['chidi', ['cda']],
    cda2: ['ngozi', ['cda']],
    cdaPm: ['kemi', ['cda', 'programme_manager']],
    pm: ['priya', ['programme_manager']],
    pm2: ['paul', ['programme_manager']],
    cm1: ['amaka', ['cluster_commission']],
    cm2: ['bayo', ['cluster_commission']],
    cm3: ['chioma', ['cluster_commission']],
    dual: ['dora', ['programme_manager', 'cluster_commission']],
    auditor: ['audrey', ['auditor']],
  };
  const suite = clusterSuite('lifecycle-unido', 'unido-ng', people, [UNIDO]);
  const { api, tok, uid, read, expectVersion, decisionsBy, expectEachRefused, resumeAfterPause, approveInBothRoles } = suite;

  describe("one cluster's life", () => {
    let id: string;
    let version: number;
    const v = async () => (version = (await read(id)).version);

    it('a CDA registers the cluster and is then on its team', async () => {
      const c = await ok(
        api.register(tok.cda, {
          name: 'Aba leather',
          templateKey: 'unido-cda',
          sector: 'Leather',
          region: 'Abia',
          country: 'Nigeria',
          attributes: { enterprise_count: 150, employment: 3000, women_led_share: 0.3 },
        }),
      );
      id = c.id;
      expect(c).toMatchObject({
        name: 'Aba leather',
        sector: 'Leather',
        templateKey: 'unido-cda',
        templateVersion: 1,
        phase: 'selection',
        status: 'ACTIVE',
        version: 1,
        cdaIds: ['chidi'],
        roleAssignments: [],
        eligible: true,
        score: null,
        overdue: false,
        artefacts: [],
        decisions: [],
      });
      expect(c.attributes).toEqual({ enterprise_count: 150, employment: 3000, women_led_share: 0.3 });
      expect(c.milestones).toEqual([{ milestone: 'cda_appointed', reached: false, reachedAt: null }]);
      expect(c.history).toEqual([{ phase: 'selection', enteredAt: c.enteredPhaseAt, leftAt: null, viaGate: null, suspendedDays: 0 }]);
      expect(Date.parse(c.due)).toBe(addMonthsUtc(Date.parse(c.enteredPhaseAt), 3));
      expect(c.gates.map((g: { gate: string; to: string }) => [g.gate, g.to])).toEqual([
        ['select_cluster', 'diagnostic'],
        ['drop', 'dropped'],
      ]);
      expect(c.indicators.map((i: { indicator: string }) => i.indicator)).toEqual([
        'joint_actions', 'networks_formed', 'certifications', 'exports_usd', 'turnover_usd', 'employment', 'trust_stage',
      ]);
      expect(c.indicators.every((i: { aggregate: number | null; values: unknown[] }) => i.aggregate === null && i.values.length === 0)).toBe(true);
      expect(await read(id)).toEqual(c);
    });

    it('refuses to advance before anything is done, naming every missing requirement', async () => {
      const missing = expected([
        unmet('ARTEFACT', { artefactType: 'cluster_map', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', have: 0, need: 1 }),
        unmet('SCORE', { need: 3 }),
        unmet('MILESTONE', { milestone: 'cda_appointed' }),
      ]);
      expect(await notReady(api.advance(tok.cda, id, 'select_cluster'))).toEqual(missing);
      const c = await read(id);
      expect(gateOf(c, 'select_cluster').ready).toBe(false);
      expect(unmetOf(c, 'select_cluster')).toEqual(missing);
      expect(c.version).toBe(1);
      expect(c.phase).toBe('selection');
    });

    it('the agency_admin builds the team: CDAs and cluster commission members', async () => {
      expect((await ok(api.assignCda(tok.admin, id, uid('cda2')))).cdaIds).toEqual(['chidi', 'ngozi']);
      expect((await ok(api.assignCda(tok.admin, id, uid('cdaPm')))).cdaIds).toEqual(['chidi', 'ngozi', 'kemi']);
      for (const who of ['cm1', 'cm2', 'cm3', 'dual']) await ok(api.assignRole(tok.admin, id, uid(who), 'cluster_commission'));
      const c = await read(id);
      expect(c.roleAssignments).toEqual(['amaka', 'bayo', 'chioma', 'dora'].map((userId) => ({ userId, role: 'cluster_commission' })));
      expect(c.version).toBe(7);
      // Assigning again changes nothing.
      expect((await ok(api.assignCda(tok.admin, id, uid('cda2')))).version).toBe(7);
      expect((await ok(api.assignRole(tok.admin, id, uid('cm1'), 'cluster_commission'))).version).toBe(7);
    });

    it('scores merge per criterion; the score is null until every criterion is scored', async () => {
      const partial = await ok(api.score(tok.cda, id, [{ criterion: 'importance', score: 4 }]));
      expect(partial.score).toBeNull();
      expect((await notReady(api.advance(tok.cda, id, 'select_cluster'))).find((u) => u.kind === 'SCORE')).toEqual(unmet('SCORE', { need: 3 }));
      const full = await ok(api.score(tok.cda, id, [
        { criterion: 'potential', score: 4 },
        { criterion: 'viability', score: 3 },
        { criterion: 'sustainability', score: 3 },
      ]));
      expect(full.score).toBeCloseTo(3.55);
      const lower = await ok(api.score(tok.admin, id, [{ criterion: 'importance', score: 2 }]));
      expect(lower.score).toBeCloseTo(2.95);
      const score = (await notReady(api.advance(tok.cda, id, 'select_cluster'))).find((u) => u.kind === 'SCORE')!;
      expect(score.have).toBeCloseTo(2.95);
      expect(score.need).toBe(3);
      expect((await ok(api.score(tok.cda, id, [{ criterion: 'importance', score: 4 }]))).score).toBeCloseTo(3.55);
      expect((await read(id)).score).toBeCloseTo(3.55);
    });

    it('selection: the CDA appointment milestone, then the programme manager, then the gate', async () => {
      const map = await ok(api.submit(tok.cda, { clusterId: id, type: 'cluster_map', title: 'Aba cluster map', fields: { enterprises_mapped: 150, mapped_on: '2025-01-15' } }));
      expect(map).toMatchObject({ number: 1, type: 'cluster_map', submittedBy: 'chidi', fields: { enterprises_mapped: 150, mapped_on: '2025-01-15' } });
      // A milestone whose requirements do not hold is GATE_NOT_READY too.
      expect(await notReady(api.reach(tok.cda, id, 'cda_appointed'))).toEqual([unmet('APPROVAL', { role: 'cda', have: 0, need: 1 })]);
      const appointed = await ok(api.decide(tok.cda, { clusterId: id, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE', comment: 'I take up the assignment' }));
      expect(appointed).toMatchObject({ gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE', decidedBy: 'chidi', counts: true, clusterName: 'Aba leather', artefactVersion: null });
      const reached = await ok(api.reach(tok.cda, id, 'cda_appointed'));
      expect(reached.milestones).toEqual([{ milestone: 'cda_appointed', reached: true, reachedAt: expect.any(String) }]);
      // Reaching it twice in one visit is bad input.
      await refused(api.reach(tok.cda, id, 'cda_appointed'), 'BAD_USER_INPUT');

      const approval = await ok(api.decide(tok.pm, { clusterId: id, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
      expect(approval.counts).toBe(true);
      const before = await read(id);
      expect(gateOf(before, 'select_cluster')).toMatchObject({ ready: true, unmet: [] });
      // A stale expectedVersion is a conflict, and changes nothing.
      await refused(api.advance(tok.cda, id, 'select_cluster', before.version - 1), 'CONFLICT');
      await expectVersion(id, before.version);

      const c = await ok(api.advance(tok.cda, id, 'select_cluster', before.version));
      expect(c).toMatchObject({ phase: 'diagnostic', status: 'ACTIVE', version: before.version + 1, milestones: [] });
      expect(c.history.map((h: { phase: string; viaGate: string | null }) => [h.phase, h.viaGate])).toEqual([['selection', null], ['diagnostic', 'select_cluster']]);
      expect(c.history[0].leftAt).toBe(c.history[1].enteredAt);
      expect(c.history[1].leftAt).toBeNull();
      expect(c.enteredPhaseAt).toBe(c.history[1].enteredAt);
      expect(Date.parse(c.due)).toBe(addMonthsUtc(Date.parse(c.enteredPhaseAt), 6));
      // The decisions used to pass are frozen as counting.
      expect(c.decisions.map((d: { counts: boolean }) => d.counts)).toEqual([true, true]);
    });

    let dsr: { artefactId: string; v1: string; v2: string; v3: string };

    it('diagnostic: a rejected report is resubmitted as version 2 and approved; version 3 voids those approvals', async () => {
      expect(await notReady(api.advance(tok.cda, id, 'endorse_diagnostic'))).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'diagnostic_report', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'cluster_commission', artefactType: 'diagnostic_report', have: 0, need: 2 }),
      ]));
      const fields = { firms_surveyed: 120, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: false, has_swot: true };
      const v1 = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(suite.t, tok.cda), type: 'diagnostic_report', title: 'DSR Aba', fields }));
      // The report lacks the BDS analysis, so it does not satisfy the gate's `where`.
      expect((await notReady(api.advance(tok.cda, id, 'endorse_diagnostic'))).find((u) => u.kind === 'ARTEFACT')).toEqual(unmet('ARTEFACT', { artefactType: 'diagnostic_report', have: 0, need: 1 }));
      const rejection = await ok(api.decide(tok.cm1, { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'REJECT', artefactVersionId: v1.id, comment: 'no BDS analysis' }));
      expect(rejection).toMatchObject({ outcome: 'REJECT', counts: true, comment: 'no BDS analysis', artefactVersion: { id: v1.id, number: 1 } });
      const early = await ok(api.decide(tok.cm2, { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: v1.id }));
      expect(early.counts).toBe(false); // the rejection in force blocks the requirement
      let c = await read(id);
      const blocked = gateOf(c, 'endorse_diagnostic').unmet.find((u: { kind: string }) => u.kind === 'APPROVAL');
      expect(blocked).toMatchObject({ have: 0, need: 2 });
      expect(blocked.detail).toMatch(/rejected by amaka/);

      const v2 = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(suite.t, tok.cda), type: 'diagnostic_report', title: 'DSR Aba (with BDS analysis)', artefactId: v1.artefactId, fields: { ...fields, has_bds_analysis: true } }));
      expect(v2).toMatchObject({ artefactId: v1.artefactId, number: 2, title: 'DSR Aba (with BDS analysis)' });
      c = await read(id);
      const reports = c.artefacts.filter((a: { type: string }) => a.type === 'diagnostic_report');
      expect(reports).toHaveLength(1);
      expect(reports[0].versions.map((x: { number: number }) => x.number)).toEqual([1, 2]);
      expect(reports[0].latest).toEqual({ id: v2.id, number: 2 });
      // The rejection and the early approval were bound to version 1: on record, no longer counting.
      expect(c.decisions.filter((d: { artefactVersion: { id: string } | null }) => d.artefactVersion?.id === v1.id).map((d: { counts: boolean }) => d.counts)).toEqual([false, false]);
      // Deciding on the old version now is a conflict, and records nothing.
      await refused(api.decide(tok.cm1, { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: v1.id }), 'CONFLICT');
      await expectVersion(id, c.version);

      expect((await ok(api.decide(tok.cm1, { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: v2.id }))).counts).toBe(true);
      expect(unmetOf(await read(id), 'endorse_diagnostic')).toEqual([unmet('APPROVAL', { role: 'cluster_commission', artefactType: 'diagnostic_report', have: 1, need: 2 })]);
      expect((await ok(api.decide(tok.cm2, { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: v2.id }))).counts).toBe(true);
      expect(gateOf(await read(id), 'endorse_diagnostic')).toMatchObject({ ready: true, unmet: [] });

      // A third version (the validation workshop date added) voids the approvals of version 2.
      const v3 = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(suite.t, tok.cda), type: 'diagnostic_report', title: 'DSR Aba (validated)', artefactId: v1.artefactId, fields: { ...fields, has_bds_analysis: true, validation_workshop_on: '2025-04-02' } }));
      expect(v3.number).toBe(3);
      c = await read(id);
      const onV2 = c.decisions.filter((d: { artefactVersion: { id: string } | null }) => d.artefactVersion?.id === v2.id);
      expect(onV2.map((d: { decidedBy: string; counts: boolean }) => [d.decidedBy, d.counts])).toEqual([['amaka', false], ['bayo', false]]);
      const voided = [unmet('APPROVAL', { role: 'cluster_commission', artefactType: 'diagnostic_report', have: 0, need: 2 })];
      expect(unmetOf(c, 'endorse_diagnostic')).toEqual(voided);
      expect(await notReady(api.advance(tok.cda, id, 'endorse_diagnostic'))).toEqual(voided);
      dsr = { artefactId: v1.artefactId, v1: v1.id, v2: v2.id, v3: v3.id };

      await ok(api.decide(tok.cm1, { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: v3.id }));
      await ok(api.decide(tok.cm3, { clusterId: id, gate: 'endorse_diagnostic', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: v3.id }));
      const advanced = await ok(api.advance(tok.cda2, id, 'endorse_diagnostic'));
      expect(advanced.phase).toBe('trust_building');
      expect(advanced.decisions.filter((d: { gate: string }) => d.gate === 'endorse_diagnostic')).toHaveLength(6); // every decision stays on record
    });

    it('trust building: nobody approves a version they submitted, and nothing is recorded', async () => {
      expect(await notReady(api.advance(tok.cda, id, 'confirm_trust'))).toEqual(expected([
        unmet('INDICATOR', { indicator: 'joint_actions', need: 1 }),
        unmet('MILESTONE', { milestone: 'governance_body_constituted' }),
        unmet('APPROVAL', { role: 'cluster_commission', have: 0, need: 1 }),
      ]));
      // kemi is both an assigned CDA and a programme manager.
      const charter = await ok(api.submit(tok.cdaPm, { clusterId: id, type: 'governance_charter', title: 'Aba cluster commission charter', fields: { members: 9, constituted_on: '2025-05-20' } }));
      expect(charter.submittedBy).toBe('kemi');
      const before = await read(id);
      for (const outcome of ['APPROVE', 'REJECT']) {
        const error = await refused(api.decide(tok.cdaPm, { clusterId: id, gate: 'governance_body_constituted', role: 'programme_manager', outcome, artefactVersionId: charter.id }), 'FORBIDDEN');
        expect(error.message).toMatch(/you submitted/);
      }
      const after = await read(id);
      expect(after.version).toBe(before.version);
      expect(after.decisions).toEqual(before.decisions);
      expect(await notReady(api.reach(tok.cda, id, 'governance_body_constituted'))).toEqual([
        unmet('APPROVAL', { role: 'programme_manager', artefactType: 'governance_charter', have: 0, need: 1 }),
      ]);
      // Someone else may.
      expect((await ok(api.decide(tok.pm, { clusterId: id, gate: 'governance_body_constituted', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: charter.id }))).counts).toBe(true);
      const reached = await ok(api.reach(tok.cdaPm, id, 'governance_body_constituted'));
      expect(reached.milestones).toEqual([{ milestone: 'governance_body_constituted', reached: true, reachedAt: expect.any(String) }]);
    });

    it('trust building: indicators, recorded per period (again supersedes) and planned (baseline, target, progress)', async () => {
      expect(await ok(api.record(tok.cda, { clusterId: id, indicator: 'joint_actions', period: '2025-Q1', value: 0, note: 'none yet' }))).toMatchObject({
        indicator: 'joint_actions', period: '2025-Q1', value: 0, recordedBy: 'chidi', recordedAt: expect.any(String),
      });
      expect((await notReady(api.advance(tok.cda, id, 'confirm_trust'))).find((u) => u.kind === 'INDICATOR')).toEqual(unmet('INDICATOR', { indicator: 'joint_actions', have: 0, need: 1 }));
      await ok(api.record(tok.cda, { clusterId: id, indicator: 'joint_actions', period: '2025-Q1', value: 3 }));
      await ok(api.record(tok.cda2, { clusterId: id, indicator: 'joint_actions', period: '2025-Q2', value: 1 }));
      await ok(api.record(tok.admin, { clusterId: id, indicator: 'joint_actions', period: '2025-Q1', value: 2 }));
      let c = await read(id);
      const joint = c.indicators.find((i: { indicator: string }) => i.indicator === 'joint_actions');
      expect(joint.aggregate).toBe(3); // Q1 = 2 (the last recording) + Q2 = 1
      expect(joint.values).toEqual([
        { indicator: 'joint_actions', period: '2025-Q1', value: 2, recordedBy: 'ada' },
        { indicator: 'joint_actions', period: '2025-Q2', value: 1, recordedBy: 'ngozi' },
      ]);
      expect(joint).toMatchObject({ baseline: null, target: null, progress: null, targets: [] });

      const plan = await ok(api.plan(tok.cda, { clusterId: id, indicator: 'joint_actions', baseline: 0, targets: [{ period: '2025-Q3', value: 2 }, { period: '2025-Q1', value: 2 }, { period: '2025-Q2', value: 2 }] }));
      expect(plan).toEqual({
        indicator: 'joint_actions', aggregate: 3, baseline: 0, target: 6, progress: 0.5,
        values: [{ period: '2025-Q1', value: 2 }, { period: '2025-Q2', value: 1 }],
        targets: [{ period: '2025-Q1', value: 2 }, { period: '2025-Q2', value: 2 }, { period: '2025-Q3', value: 2 }],
      });
      // A new plan without a baseline keeps the baseline and replaces the targets.
      const replan = await ok(api.plan(tok.cda, { clusterId: id, indicator: 'joint_actions', targets: [{ period: '2025-Q4', value: 4 }] }));
      expect(replan).toMatchObject({ baseline: 0, target: 4, progress: 0.75, targets: [{ period: '2025-Q4', value: 4 }] });
      // `last` indicators take the target of the latest period.
      await ok(api.plan(tok.cda, { clusterId: id, indicator: 'trust_stage', baseline: 1, targets: [{ period: '2025', value: 2 }, { period: '2026', value: 3 }] }));
      await ok(api.record(tok.cda, { clusterId: id, indicator: 'trust_stage', period: '2025', value: 2 }));
      c = await read(id);
      expect(c.indicators.find((i: { indicator: string }) => i.indicator === 'trust_stage')).toMatchObject({ aggregate: 2, baseline: 1, target: 3, progress: 0.5 });
      expect(c.indicators.find((i: { indicator: string }) => i.indicator === 'joint_actions')).toMatchObject({ aggregate: 3, baseline: 0, target: 4, progress: 0.75 });
      // One indicator uses one kind of period.
      await refused(api.record(tok.cda, { clusterId: id, indicator: 'joint_actions', period: '2025-07', value: 1 }), 'BAD_USER_INPUT');
      await expectVersion(id, c.version);

      await ok(api.decide(tok.cm2, { clusterId: id, gate: 'confirm_trust', role: 'cluster_commission', outcome: 'APPROVE' }));
      expect(gateOf(await read(id), 'confirm_trust')).toMatchObject({ ready: true, unmet: [] });
    });

    it('suspension: the phase stays, work is refused with SUSPENDED, administration goes on, time is counted', async () => {
      const before = await read(id);
      const suspended = await ok(api.suspend(tok.admin, id, 'Elections: field work paused'));
      expect(suspended).toMatchObject({ phase: 'trust_building', status: 'SUSPENDED', version: before.version + 1, overdue: false });
      expect(gateOf(suspended, 'confirm_trust').ready).toBe(true); // readiness reflects the requirements only
      const listed = await ok(api.clusters(tok.auditor, { filter: { status: 'SUSPENDED' } }));
      expect(listed.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
      await v();

      const blocked: [string, () => ReturnType<ClusterApi['advance']>][] = [
        ['submitArtefact', () => api.submit(tok.cda, { clusterId: id, type: 'progress_report', title: 'P', fields: { reporting_period: '2025-Q2' } })],
        ['decide', () => api.decide(tok.cm3, { clusterId: id, gate: 'confirm_trust', role: 'cluster_commission', outcome: 'APPROVE' })],
        ['advance', () => api.advance(tok.cda, id, 'confirm_trust')],
        ['recordIndicator', () => api.record(tok.cda, { clusterId: id, indicator: 'joint_actions', period: '2025-Q3', value: 1 })],
        ['reachMilestone', () => api.reach(tok.cda, id, 'governance_body_constituted')],
        ['scoreCluster', () => api.score(tok.cda, id, [{ criterion: 'importance', score: 5 }])],
        ['setIndicatorPlan', () => api.plan(tok.cda, { clusterId: id, indicator: 'exports_usd', targets: [{ period: '2025', value: 1000 }] })],
        ['suspend again', () => api.suspend(tok.admin, id, 'again')],
      ];
      await expectEachRefused(id, version, 'SUSPENDED', blocked.map(([, change]) => change));
      // Administrative changes remain possible.
      expect((await ok(api.assignCda(tok.admin, id, 'obi'))).cdaIds).toContain('obi');
      expect((await ok(api.unassignCda(tok.admin, id, 'obi'))).cdaIds).not.toContain('obi');
      expect((await ok(api.assignRole(tok.admin, id, 'emeka', 'cluster_commission'))).roleAssignments).toContainEqual({ userId: 'emeka', role: 'cluster_commission' });
      expect((await ok(api.unassignRole(tok.admin, id, 'emeka', 'cluster_commission'))).roleAssignments).not.toContainEqual({ userId: 'emeka', role: 'cluster_commission' });
      await expectVersion(id, version + 4);

      // The time suspended is counted, and `due` moves by it.
      const resumed = await resumeAfterPause(id, before, { phase: 'trust_building', version: version + 5, viaGate: 'endorse_diagnostic' });
      expect(resumed.history.slice(0, -1).every((h: { suspendedDays: number }) => h.suspendedDays === 0)).toBe(true);
      // Resuming what is not suspended is bad input.
      await refused(api.resume(tok.admin, id), 'BAD_USER_INPUT');

      const advanced = await ok(api.advance(tok.cda, id, 'confirm_trust'));
      expect(advanced).toMatchObject({ phase: 'action_plan', status: 'ACTIVE' });
    });

    let plan: { artefactId: string; id: string };

    it('action plan: one person holding two roles counts once across the two approval requirements', async () => {
      await ok(api.decide(tok.cda2, { clusterId: id, gate: 'planning_workshop_held', role: 'cda', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda2, id, 'planning_workshop_held'));
      const fields = { has_vision_statement: true, has_budget: true, has_logframe: true, has_kpis: true, total_budget_usd: 250000, horizon_months: 24 };
      const v1 = await ok(api.submit(tok.cda, { clusterId: id, files: await pdfFiles(suite.t, tok.cda), type: 'action_plan', title: 'Aba vision 2030 and action plan', fields }));
      plan = { artefactId: v1.artefactId, id: v1.id };
      // dora sits on the commission and is a programme manager; she approves in both roles.
      await approveInBothRoles(id, 'dual', 'endorse_plan', ['cluster_commission', 'programme_manager'], { artefactVersionId: v1.id, artefactType: 'action_plan' });

      await ok(api.decide(tok.pm, { clusterId: id, gate: 'endorse_plan', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: v1.id }));
      let c = await read(id);
      expect(gateOf(c, 'endorse_plan')).toMatchObject({ ready: true, unmet: [] });
      const counted = (who: string) => decisionsBy(c, who, 'endorse_plan').map((d: { role: string; counts: boolean }) => [d.role, d.counts]);
      expect(counted('dual')).toEqual([['cluster_commission', true], ['programme_manager', false]]);
      expect(counted('pm')).toEqual([['programme_manager', true]]);
      c = await ok(api.advance(tok.cda, id, 'endorse_plan'));
      expect(c.phase).toBe('implementation');
      expect(decisionsBy(c, 'dual', 'endorse_plan').map((d: { role: string; counts: boolean }) => [d.role, d.counts])).toEqual([['cluster_commission', true], ['programme_manager', false]]);
    });

    let reports: string[] = [];

    it('implementation: three tranches, then hand-over', async () => {
      expect(await notReady(api.reach(tok.cda, id, 'tranche_2'))).toEqual(expected([
        unmet('MILESTONE', { milestone: 'tranche_1' }),
        unmet('ARTEFACT', { artefactType: 'progress_report', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'cluster_commission', artefactType: 'progress_report', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', have: 0, need: 1 }),
      ]));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'tranche_1', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, id, 'tranche_1'));
      // A decision on a milestone already reached in this visit is bad input.
      await refused(api.decide(tok.pm2, { clusterId: id, gate: 'tranche_1', role: 'programme_manager', outcome: 'APPROVE' }), 'BAD_USER_INPUT');

      const r1 = await ok(api.submit(tok.cda, { clusterId: id, type: 'progress_report', title: 'Progress 2025-Q3', fields: { reporting_period: '2025-Q3' } }));
      await ok(api.decide(tok.cm1, { clusterId: id, gate: 'tranche_2', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: r1.id }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'tranche_2', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, id, 'tranche_2'));
      const r2 = await ok(api.submit(tok.cda, { clusterId: id, type: 'progress_report', title: 'Progress 2025-Q4', fields: { reporting_period: '2025-Q4' } }));
      reports = [r1.id, r2.id];
      await ok(api.decide(tok.cm2, { clusterId: id, gate: 'tranche_3', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: r2.id }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'tranche_3', role: 'programme_manager', outcome: 'APPROVE' }));
      const c = await ok(api.reach(tok.cda, id, 'tranche_3'));
      expect(c.milestones.map((m: { milestone: string; reached: boolean }) => [m.milestone, m.reached])).toEqual([['tranche_1', true], ['tranche_2', true], ['tranche_3', true]]);

      const report = await ok(api.submit(tok.cda, { clusterId: id, type: 'implementation_report', title: 'Hand-over report', fields: { governance_operating: true, handed_over_to: 'Abia SME Agency' } }));
      await ok(api.decide(tok.cm1, { clusterId: id, gate: 'complete_implementation', role: 'cluster_commission', outcome: 'APPROVE', artefactVersionId: report.id }));
      await ok(api.decide(tok.pm2, { clusterId: id, gate: 'complete_implementation', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: report.id }));
      expect((await ok(api.advance(tok.cda, id, 'complete_implementation'))).phase).toBe('monitoring');
    });

    let assessment: string;

    it('monitoring: the assessment recommends a revised plan, and the cluster loops back to action_plan', async () => {
      let c = await read(id);
      expect(unmetOf(c, 'graduate')).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'impact_assessment', have: 0, need: 1 }),
        unmet('INDICATOR', { indicator: 'trust_stage', have: 2, need: 3 }),
        unmet('APPROVAL', { role: 'programme_manager', artefactType: 'impact_assessment', have: 0, need: 1 }),
      ]));
      expect(await notReady(api.advance(tok.cda, id, 'revise_plan'))).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'impact_assessment', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', have: 0, need: 1 }),
      ]));
      const ia = await ok(api.submit(tok.cda, { clusterId: id, type: 'impact_assessment', title: 'Mid-term assessment', fields: { assessment_type: 'mid_term', evaluator: 'FMC', recommendation: 'revise_plan' } }));
      assessment = ia.artefactId;
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'revise_plan', role: 'programme_manager', outcome: 'APPROVE' }));
      c = await ok(api.advance(tok.cda, id, 'revise_plan'));
      expect(c.phase).toBe('action_plan');
      expect(c.history.map((h: { phase: string }) => h.phase)).toEqual(['selection', 'diagnostic', 'trust_building', 'action_plan', 'implementation', 'monitoring', 'action_plan']);
      expect(c.history[6].viaGate).toBe('revise_plan');
    });

    it("action plan again: the last visit's milestone and its approval no longer count; approvals of the unchanged plan still do", async () => {
      const c = await read(id);
      expect(c.milestones).toEqual([{ milestone: 'planning_workshop_held', reached: false, reachedAt: null }]);
      // Only the milestone is missing: the endorsements of plan version 1 follow the document.
      expect(unmetOf(c, 'endorse_plan')).toEqual([unmet('MILESTONE', { milestone: 'planning_workshop_held' })]);
      expect(c.artefacts.find((a: { id: string }) => a.id === plan.artefactId).latest).toEqual({ id: plan.id, number: 1 });
      // ngozi's approval of the workshop belonged to the earlier visit.
      expect(await notReady(api.reach(tok.cda, id, 'planning_workshop_held'))).toEqual([unmet('APPROVAL', { role: 'cda', have: 0, need: 1 })]);
      await ok(api.decide(tok.cda2, { clusterId: id, gate: 'planning_workshop_held', role: 'cda', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, id, 'planning_workshop_held'));
      const advanced = await ok(api.advance(tok.cda, id, 'endorse_plan'));
      expect(advanced.phase).toBe('implementation');
      expect(advanced.decisions.filter((d: { gate: string }) => d.gate === 'endorse_plan')).toHaveLength(3); // no new endorsement was needed
    });

    it("implementation again: milestones start afresh; gate-level approvals reset, `of:` approvals of unchanged reports stay", async () => {
      const c = await read(id);
      expect(c.milestones.every((m: { reached: boolean }) => !m.reached)).toBe(true);
      // The hand-over report's endorsements still count; the tranches must be released again.
      expect(unmetOf(c, 'complete_implementation')).toEqual(expected(['tranche_1', 'tranche_2', 'tranche_3'].map((milestone) => unmet('MILESTONE', { milestone }))));
      expect(await notReady(api.reach(tok.cda, id, 'tranche_1'))).toEqual([unmet('APPROVAL', { role: 'programme_manager', have: 0, need: 1 })]);
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'tranche_1', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, id, 'tranche_1'));
      // The commission's approval of progress report 1 follows the document; the manager's does not.
      expect(await notReady(api.reach(tok.cda, id, 'tranche_2'))).toEqual([unmet('APPROVAL', { role: 'programme_manager', have: 0, need: 1 })]);
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'tranche_2', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, id, 'tranche_2'));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'tranche_3', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.reach(tok.cda, id, 'tranche_3'));
      expect(reports).toHaveLength(2);
      expect((await ok(api.advance(tok.cda, id, 'complete_implementation'))).phase).toBe('monitoring');
    });

    it('monitoring again: the earlier approval of the loop no longer counts; the cluster graduates', async () => {
      let c = await read(id);
      expect(unmetOf(c, 'revise_plan')).toEqual([unmet('APPROVAL', { role: 'programme_manager', have: 0, need: 1 })]);
      const final = await ok(api.submit(tok.cda, { clusterId: id, type: 'impact_assessment', title: 'Final assessment', artefactId: assessment, fields: { assessment_type: 'final', evaluator: 'FMC', recommendation: 'graduate' } }));
      expect(final.number).toBe(2);
      expect(unmetOf(await read(id), 'graduate')).toEqual(expected([
        unmet('INDICATOR', { indicator: 'trust_stage', have: 2, need: 3 }),
        unmet('APPROVAL', { role: 'programme_manager', artefactType: 'impact_assessment', have: 0, need: 1 }),
      ]));
      await ok(api.record(tok.cda, { clusterId: id, indicator: 'trust_stage', period: '2026', value: 3 }));
      await ok(api.decide(tok.pm, { clusterId: id, gate: 'graduate', role: 'programme_manager', outcome: 'APPROVE', artefactVersionId: final.id }));
      c = await read(id);
      expect(gateOf(c, 'graduate')).toMatchObject({ ready: true, unmet: [] });
      await refused(api.advance(tok.cda, id, 'graduate', c.version - 1), 'CONFLICT');
      const done = await ok(api.advance(tok.cda, id, 'graduate', c.version));
      expect(done).toMatchObject({ phase: 'graduated', status: 'FINISHED', gates: [], due: null, overdue: false, milestones: [], version: c.version + 1 });
      expect(done.history.map((h: { phase: string; viaGate: string | null }) => [h.phase, h.viaGate])).toEqual([
        ['selection', null],
        ['diagnostic', 'select_cluster'],
        ['trust_building', 'endorse_diagnostic'],
        ['action_plan', 'confirm_trust'],
        ['implementation', 'endorse_plan'],
        ['monitoring', 'complete_implementation'],
        ['action_plan', 'revise_plan'],
        ['implementation', 'endorse_plan'],
        ['monitoring', 'complete_implementation'],
        ['graduated', 'graduate'],
      ]);
      expect(done.history.slice(0, -1).every((h: { leftAt: string | null }) => h.leftAt !== null)).toBe(true);
      expect(done.history[9].leftAt).toBeNull();
      expect(done.indicators.find((i: { indicator: string }) => i.indicator === 'trust_stage')).toMatchObject({ aggregate: 3, progress: 1 });
      await v();
    });

    it('after the final phase, any change is refused with FINAL_PHASE and nothing changes', async () => {
      const before = await read(id);
      const changes: [string, () => ReturnType<ClusterApi['advance']>][] = [
        ['submitArtefact', () => api.submit(tok.cda, { clusterId: id, type: 'progress_report', title: 'Late', fields: { reporting_period: '2026-Q1' } })],
        ['submitArtefact (new version)', () => api.submit(tok.cda, { clusterId: id, type: 'diagnostic_report', title: 'Late', artefactId: dsr.artefactId, fields: { firms_surveyed: 1, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: true, has_swot: true } })],
        ['decide', () => api.decide(tok.pm, { clusterId: id, gate: 'graduate', role: 'programme_manager', outcome: 'REJECT' })],
        ['recordIndicator', () => api.record(tok.cda, { clusterId: id, indicator: 'trust_stage', period: '2027', value: 3 })],
        ['setIndicatorPlan', () => api.plan(tok.cda, { clusterId: id, indicator: 'exports_usd', targets: [] })],
        ['scoreCluster', () => api.score(tok.cda, id, [{ criterion: 'importance', score: 5 }])],
        ['reachMilestone', () => api.reach(tok.cda, id, 'tranche_1')],
        ['advance', () => api.advance(tok.cda, id, 'revise_plan')],
        ['suspend', () => api.suspend(tok.admin, id, 'why not')],
        ['resume', () => api.resume(tok.admin, id)],
        ['assignCda', () => api.assignCda(tok.admin, id, 'obi')],
        ['unassignCda', () => api.unassignCda(tok.admin, id, 'chidi')],
        ['assignRole', () => api.assignRole(tok.admin, id, 'emeka', 'cluster_commission')],
        ['unassignRole', () => api.unassignRole(tok.admin, id, 'amaka', 'cluster_commission')],
      ];
      await expectEachRefused(id, version, 'FINAL_PHASE', changes.map(([, change]) => change));
      const after = await read(id);
      expect(after.version).toBe(version);
      expect(after).toEqual(before);
    });

    it('a cluster below the eligibility threshold names it among the unmet, and can be dropped', async () => {
      const c = await ok(api.register(tok.admin, { name: 'Onitsha footwear', templateKey: 'unido-cda', attributes: { enterprise_count: 90 } }));
      expect(c).toMatchObject({ eligible: false, cdaIds: [], score: null });
      const select = await notReady(api.advance(tok.admin, c.id, 'select_cluster'));
      expect(select).toEqual(expected([
        unmet('ARTEFACT', { artefactType: 'cluster_map', have: 0, need: 1 }),
        unmet('APPROVAL', { role: 'programme_manager', have: 0, need: 1 }),
        unmet('SCORE', { need: 3 }),
        unmet('ELIGIBILITY', { attribute: 'enterprise_count', have: 90, need: 100 }),
        unmet('MILESTONE', { milestone: 'cda_appointed' }),
      ]));
      await ok(api.decide(tok.pm2, { clusterId: c.id, gate: 'drop', role: 'programme_manager', outcome: 'APPROVE', comment: 'below threshold' }));
      const dropped = await ok(api.advance(tok.admin, c.id, 'drop'));
      expect(dropped).toMatchObject({ phase: 'dropped', status: 'FINISHED', gates: [] });
      await refused(api.submit(tok.admin, { clusterId: c.id, type: 'cluster_map', title: 'x', fields: { enterprises_mapped: 1 } }), 'FINAL_PHASE');
    });
  });

  describe('the clusters list and cluster(id)', () => {
    const ke: Record<string, string> = {};
    const ids: Record<string, string> = {};
    const list = async (args: Parameters<ClusterApi['clusters']>[1], token = ke.auditor) => ok(api.clusters(token, args));
    const everything = ['Nairobi Leather Works', 'Mombasa fish processors', 'Kisumu textiles', 'Eldoret dairy', 'Machakos leather tanners', 'Thika hosiery'];

    beforeAll(async () => {
      // Another agency, so that the clusters above do not show here.
      Object.assign(
        ke,
        await tokensFor(suite.t, 'unido-ke', { admin: ['wafula', ['agency_admin']], cda: ['wanjiru', ['cda']], pm: ['otieno', ['programme_manager']], auditor: ['akinyi', ['auditor']] }),
      );
      await ok(api.publish(ke.admin, UNIDO));
      for (const source of INDIA) await ok(api.publish(ke.admin, source));
      const register = async (key: string, input: Record<string, unknown>, scores: number[] | null) => {
        const c = await ok(api.register(ke.admin, { templateKey: 'unido-cda', ...input }, 'id'));
        ids[key] = c.id;
        const criteria = ['importance', 'potential', 'viability', 'sustainability'];
        if (scores) await ok(api.score(ke.admin, c.id, scores.map((score, i) => ({ criterion: criteria[i], score }))));
      };
      await register('A', { name: 'Nairobi Leather Works', sector: 'Leather', region: 'Nairobi', country: 'Kenya', attributes: { enterprise_count: 150 } }, [4, 4, 4, 4]);
      await register('B', { name: 'Mombasa fish processors', sector: 'Fisheries', region: 'Coast', attributes: { enterprise_count: 200 } }, [3, 3, 3, 3]);
      await register('C', { name: 'Kisumu textiles', sector: 'Textiles', region: 'Nyanza', attributes: { enterprise_count: 300 } }, [5, 5, 5, 5]);
      await register('D', { name: 'Eldoret dairy', sector: 'Dairy', region: 'Rift Valley', attributes: { enterprise_count: 90 } }, null);
      await register('E', { name: 'Machakos leather tanners', sector: 'Tanning', region: 'Eastern', attributes: { enterprise_count: 120 } }, [5]);
      const f = await ok(api.register(ke.cda, { name: 'Thika hosiery', templateKey: 'india-mse-cdp', attributes: { state: 'Kiambu', product: 'Hosiery', enterprise_count: 100 } }, 'id cdaIds'));
      expect(f.cdaIds).toEqual(['wanjiru']);
      ids.F = f.id;
      // C moves on to the diagnostic; B is suspended.
      await ok(api.assignCda(ke.admin, ids.C, 'wanjiru'));
      await ok(api.submit(ke.cda, { clusterId: ids.C, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 300 } }));
      await ok(api.decide(ke.cda, { clusterId: ids.C, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
      await ok(api.reach(ke.cda, ids.C, 'cda_appointed'));
      await ok(api.decide(ke.pm, { clusterId: ids.C, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
      await ok(api.advance(ke.cda, ids.C, 'select_cluster'));
      await ok(api.suspend(ke.admin, ids.B, 'flooding'));
    });

    it('lists the agency\'s clusters in registration order, with totalCount', async () => {
      const all = await list({});
      expect(names(all)).toEqual(everything);
      expect(all.totalCount).toBe(6);
      expect(all.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false, startCursor: all.edges[0].cursor, endCursor: all.edges[5].cursor });
      // The other agency's clusters are not here, and this agency's are not there.
      const ng = await ok(api.clusters(tok.auditor, {}, 'id name'));
      expect(ng.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(ids.A);
      expect(ng.totalCount).toBe(ng.edges.length);
      expect(names(ng)).not.toContain('Nairobi Leather Works');
    });

    it('filters by phase, status, templateKey, search and overdue, alone and together', async () => {
      const cases: [Record<string, unknown>, string[]][] = [
        [{ phase: 'selection' }, ['Nairobi Leather Works', 'Mombasa fish processors', 'Eldoret dairy', 'Machakos leather tanners']],
        [{ phase: 'diagnostic' }, ['Kisumu textiles']],
        [{ phase: 'proposal' }, ['Thika hosiery']],
        [{ phase: 'graduated' }, []],
        [{ status: 'SUSPENDED' }, ['Mombasa fish processors']],
        [{ status: 'ACTIVE' }, ['Nairobi Leather Works', 'Kisumu textiles', 'Eldoret dairy', 'Machakos leather tanners', 'Thika hosiery']],
        [{ status: 'FINISHED' }, []],
        [{ templateKey: 'unido-cda' }, everything.slice(0, 5)],
        [{ templateKey: 'india-mse-cdp' }, ['Thika hosiery']],
        [{ templateKey: 'eu-gold' }, []],
        [{ search: 'leather' }, ['Nairobi Leather Works', 'Machakos leather tanners']],
        [{ search: 'RIFT' }, ['Eldoret dairy']],
        [{ search: 'kenya' }, ['Nairobi Leather Works']],
        [{ search: 'fisheries' }, ['Mombasa fish processors']],
        [{ search: '%' }, []],
        [{ search: '_' }, []],
        [{ overdue: true }, []],
        [{ overdue: false }, everything],
        [{ phase: 'selection', search: 'leather' }, ['Nairobi Leather Works', 'Machakos leather tanners']],
        [{ phase: 'selection', status: 'ACTIVE', templateKey: 'unido-cda' }, ['Nairobi Leather Works', 'Eldoret dairy', 'Machakos leather tanners']],
      ];
      await expectFilters(list, cases);
    });

    it('four months on, clusters past their phase\'s due date are overdue (a suspended one never is)', async () => {
      await atServerTime(Date.now() + 122 * DAY_MS, async () => {
        const later = await suite.t.token({ userId: 'akinyi', agency: 'unido-ke', roles: ['auditor'] });
        const overdue = await list({ filter: { overdue: true } }, later);
        // Selection and proposal are due after 3 months, the diagnostic after 6.
        expect(names(overdue)).toEqual(['Nairobi Leather Works', 'Eldoret dairy', 'Machakos leather tanners', 'Thika hosiery']);
        expect(overdue.totalCount).toBe(4);
        expect(overdue.edges.every((e: { node: { overdue: boolean } }) => e.node.overdue)).toBe(true);
        const onTime = await list({ filter: { overdue: false } }, later);
        expect(names(onTime)).toEqual(['Mombasa fish processors', 'Kisumu textiles']);
        expect(onTime.edges.map((e: { node: { overdue: boolean } }) => e.node.overdue)).toEqual([false, false]);
        expect(names(await list({ filter: { overdue: true, search: 'leather' } }, later))).toEqual(['Nairobi Leather Works', 'Machakos leather tanners']);
        expect((await ok(api.cluster(later, ids.A, 'overdue'))).overdue).toBe(true);
      });
    });

    it('ranks by score, highest first and unscored last, page by page with cursors', async () => {
      const pages = await allPages((args) => list({ sort: 'SCORE', first: 2, ...args }), 10);
      pages.forEach((page, i) => {
        expect(page.totalCount).toBe(6);
        expect(page.pageInfo.hasPreviousPage).toBe(i > 0);
        if (page.pageInfo.hasNextPage) expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      });
      const seen: { name: string; score: number | null }[] = pages.flatMap((page) => page.edges.map((e: { node: { name: string; score: number | null } }) => ({ name: e.node.name, score: e.node.score })));
      expect(pages.map((page) => page.edges.length)).toEqual([2, 2, 2]);
      expect(seen.slice(0, 3)).toEqual([
        { name: 'Kisumu textiles', score: 5 },
        { name: 'Nairobi Leather Works', score: 4 },
        { name: 'Mombasa fish processors', score: 3 },
      ]);
      expect(seen.slice(3).map((s) => s.score)).toEqual([null, null, null]);
      expect(seen.slice(3).map((s) => s.name).sort()).toEqual(['Eldoret dairy', 'Machakos leather tanners', 'Thika hosiery']);
      // Ranking a filtered list.
      const selection = await list({ sort: 'SCORE', filter: { phase: 'selection' }, first: 1 });
      expect(names(selection)).toEqual(['Nairobi Leather Works']);
      expect(selection.totalCount).toBe(4);
      const next = await list({ sort: 'SCORE', filter: { phase: 'selection' }, first: 1, after: selection.pageInfo.endCursor });
      expect(names(next)).toEqual(['Mombasa fish processors']);
    });

    it('pages in registration order and by name', async () => {
      const first = await list({ first: 4 });
      expect(names(first)).toEqual(everything.slice(0, 4));
      expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(first.totalCount).toBe(6);
      const second = await list({ first: 4, after: first.pageInfo.endCursor });
      expect(names(second)).toEqual(everything.slice(4));
      expect(second.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
      expect(second.totalCount).toBe(6);
      const byName = await list({ sort: 'NAME', first: 3 });
      expect(names(byName)).toEqual(['Eldoret dairy', 'Kisumu textiles', 'Machakos leather tanners']);
      expect(names(await list({ sort: 'NAME', first: 3, after: byName.pageInfo.endCursor }))).toEqual(['Mombasa fish processors', 'Nairobi Leather Works', 'Thika hosiery']);
      // A cursor that is not one, or of another order, is bad input.
      await refused(api.clusters(ke.auditor, { after: 'not-a-cursor!' }), 'BAD_USER_INPUT');
      await refused(api.clusters(ke.auditor, { first: 0 }), 'BAD_USER_INPUT');
    });

    it('cluster(id) answers one of the agency\'s clusters, and null for any other id', async () => {
      const a = await ok(api.cluster(ke.pm, ids.A));
      expect(a).toMatchObject({ id: ids.A, name: 'Nairobi Leather Works', country: 'Kenya', score: 4, eligible: true, phase: 'selection', templateKey: 'unido-cda' });
      const d = await ok(api.cluster(ke.cda, ids.D, 'score eligible'));
      expect(d).toEqual({ score: null, eligible: false });
      const f = await ok(api.cluster(ke.auditor, ids.F, 'score eligible phase templateKey'));
      expect(f).toEqual({ score: null, eligible: null, phase: 'proposal', templateKey: 'india-mse-cdp' });
      expect(await ok(api.cluster(ke.auditor, randomUUID()))).toBeNull();
      expect(await ok(api.cluster(ke.auditor, 'not-a-uuid'))).toBeNull();
      expect(await ok(api.cluster(tok.auditor, ids.A))).toBeNull(); // another agency's
    });
  });
});
