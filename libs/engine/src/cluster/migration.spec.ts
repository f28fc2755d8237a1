/**
 * Template versions in flight (domain scenario 5): v2 adds an artefact at a gate and drops
 * a phase while clusters run on v1. The plan says what becomes unmet; applying it records
 * MIGRATED, and replay folds the events before it under v1 and after it under v2.
 */
import { checkMigrationSource, loadTemplate } from '../template/loader';
import { decide } from './decide';
import { mapPhase, planMigration } from './migration';
import { countingDecisionIds, gateReadiness } from './readiness';
import { ADMIN, CDA_USER, expectCode, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';

const body = (version: number, extra: { stakeholderMap?: boolean; detour?: boolean; migration?: string; diagnostic?: string; endorse?: string } = {}) => `
key: cda
version: ${version}
roles:
  pm: {}
  commission: { scope: cluster }
artefacts:
  diagnostic_report: {}
  action_plan: {}
${extra.stakeholderMap ? '  stakeholder_map: {}' : ''}
indicators:
  jobs: { aggregation: sum }
phases:
  selection: {}
  ${extra.diagnostic ?? 'diagnostic'}: { due: P6M }
  action_plan: {}
${extra.detour ? '  detour: {}' : ''}
  done: { final: true }
gates:
  - { id: select, from: selection, to: ${extra.diagnostic ?? 'diagnostic'} }
  - id: ${extra.endorse ?? 'endorse'}
    from: ${extra.diagnostic ?? 'diagnostic'}
    to: action_plan
    requires:
      artefacts: [ { type: diagnostic_report }${extra.stakeholderMap ? ', { type: stakeholder_map }' : ''} ]
      approvals: [ { role: pm, of: diagnostic_report } ]
  - { id: finish, from: action_plan, to: done, requires: { approvals: [ { role: pm } ] } }
${extra.detour ? '  - { id: wander, from: selection, to: detour }\n  - { id: rejoin, from: detour, to: action_plan }' : ''}
${extra.migration ?? ''}
`;

const V1 = templateOf(body(1, { detour: true }));
const V2 = templateOf(body(2, { stakeholderMap: true }));
const V3 = templateOf(body(3, { stakeholderMap: true, diagnostic: 'diagnostic_study', migration: 'migration: { from: 2, phases: { diagnostic: diagnostic_study } }' }));

const pm = person('pat', 'pm');

/** A cluster on v1 in diagnostic, with its report submitted and approved: ready to pass `endorse` under v1. */
function readyInDiagnostic(): TestCluster {
  const c = new TestCluster(V1);
  c.advance(CDA_USER, 'select');
  const { versionId } = c.submit(CDA_USER, 'diagnostic_report');
  c.approve(pm, 'endorse', 'pm', versionId);
  return c;
}

describe('planMigration and MIGRATED', () => {
  it('a cluster past the changed gate migrates with nothing newly unmet, and carries everything over', () => {
    const c = readyInDiagnostic();
    c.advance(CDA_USER, 'endorse');
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'jobs', period: '2025', value: 12 });
    const before = c.state;
    const { plan, event } = c.migrate(ADMIN, V2);
    expect(plan).toEqual({
      clusterId: 'c1',
      fromVersion: 1,
      toVersion: 2,
      fromPhase: 'action_plan',
      toPhase: 'action_plan',
      phaseMapping: 'action_plan → action_plan (same id)',
      gates: {},
      gateMapping: [],
      problems: [],
      newlyUnmet: [],
    });
    expect(event).toMatchObject({ type: 'MIGRATED', role: 'agency_admin', payload: { fromVersion: 1, toVersion: 2, from: 'action_plan', to: 'action_plan' } });
    expect(c.state).toEqual({ ...before, templateVersion: 2, version: before.version + 1 });
    // Later commands run under v2, and replay (checked by the harness) folds them under v2.
    c.approve(pm, 'finish', 'pm');
    c.advance(CDA_USER, 'finish');
    expect(c.state.status).toBe('FINISHED');
  });

  it('a cluster before the changed gate sees the new artefact as newly unmet, and only that', () => {
    const c = readyInDiagnostic();
    expect(gateReadiness(V1, c.state, c.now).find((g) => g.gate === 'endorse')?.ready).toBe(true);
    const plan = planMigration(V1, V2, c.state, c.now);
    expect(plan.problems).toEqual([]);
    expect(plan.newlyUnmet).toEqual([expect.objectContaining({ gate: 'endorse', kind: 'ARTEFACT', artefactType: 'stakeholder_map' })]);
    // Newly unmet requirements do not block the migration; they block the gate afterwards.
    c.migrate(ADMIN, V2);
    expect(c.state.templateVersion).toBe(2);
    c.refuse(CDA_USER, { type: 'ADVANCE', gate: 'endorse' }, 'GATE_NOT_READY');
    c.submit(CDA_USER, 'stakeholder_map');
    c.advance(CDA_USER, 'endorse');
    expect(c.state.phase).toBe('action_plan');
  });

  it('a requirement already unmet under v1 is not newly unmet', () => {
    const c = new TestCluster(V1);
    c.advance(CDA_USER, 'select');
    const plan = planMigration(V1, V2, c.state, c.now);
    expect(plan.newlyUnmet.map((u) => `${u.gate}:${u.kind}:${u.artefactType ?? u.role}`)).toEqual(['endorse:ARTEFACT:stakeholder_map']);
  });

  it('a cluster in a phase v2 removed without a mapping is reported and left alone', () => {
    const c = new TestCluster(V1);
    c.advance(CDA_USER, 'wander');
    const before = c.state;
    const { plan, event } = c.migrate(ADMIN, V2);
    expect(event).toBeNull();
    expect(plan.toPhase).toBeNull();
    expect(plan.phaseMapping).toBe('detour → (none)');
    expect(plan.problems).toEqual([expect.stringContaining('phase detour has no counterpart in version 2')]);
    expect(c.state).toBe(before);
    expect(c.events).toHaveLength(before.version);
  });

  it('maps a renamed phase through the newer template, and the visit goes on under the new id', () => {
    const c = readyInDiagnostic();
    c.migrate(ADMIN, V2);
    const decisionsBefore = countingDecisionIds(V2, c.state);
    const { plan } = c.migrate(ADMIN, V3);
    expect(plan.phaseMapping).toBe('diagnostic → diagnostic_study (migration.phases of version 3)');
    expect(plan.newlyUnmet).toEqual([]);
    expect(c.state.phase).toBe('diagnostic_study');
    expect(c.state.machine).toEqual({ diagnostic_study: 'running' });
    expect(c.state.visits.map((v) => v.phase)).toEqual(['selection', 'diagnostic_study']);
    // The approval given under v1 still counts under v3 (same gate, same document).
    expect(countingDecisionIds(V3, c.state)).toEqual(decisionsBefore);
    // Migrating back reads the mapping backwards.
    expect(mapPhase(V3, V2, 'diagnostic_study')).toEqual({ toPhase: 'diagnostic', how: 'migration.phases of version 3, read backwards' });
    c.migrate(ADMIN, V2);
    expect(c.state).toMatchObject({ phase: 'diagnostic', templateVersion: 2 });
  });

  it('migrating back after phases were merged returns each phase that kept its id to itself, and names the ambiguity of a merge', () => {
    const three = (version: number, phases: string[], extra = '') =>
      templateOf(`
key: merge
version: ${version}
phases:
${phases.map((p) => `  ${p}: {}`).join('\n')}
  done: { final: true }
gates:
${phases.map((p) => `  - { id: ${p}_done, from: ${p}, to: done }`).join('\n')}
${phases.slice(1).map((p, i) => `  - { id: to_${p}, from: ${phases[i]}, to: ${p} }`).join('\n')}
${extra}`);
    const m1 = three(1, ['x', 'y', 'z']);
    const m2 = three(2, ['x', 'z'], 'migration: { from: 1, phases: { y: x } }');
    expect(mapPhase(m1, m2, 'y')).toEqual({ toPhase: 'x', how: 'migration.phases of version 2' });
    expect(mapPhase(m1, m2, 'x')).toEqual({ toPhase: 'x', how: 'same id' });
    // Back: x kept its id, so it goes back to x, not to y which was merged into it.
    expect(mapPhase(m2, m1, 'x')).toEqual({ toPhase: 'x', how: 'same id' });
    expect(mapPhase(m2, m1, 'z')).toEqual({ toPhase: 'z', how: 'same id' });
    // Two old phases merged into a new one: going back, the plan names the choice it cannot make.
    const m3 = three(3, ['w', 'z'], 'migration: { from: 1, phases: { x: w, y: w } }');
    expect(mapPhase(m3, m1, 'w')).toEqual({ toPhase: null, how: 'ambiguous', ambiguous: ['x', 'y'] });
    const c = new TestCluster(m1, { id: 'm' });
    c.migrate(ADMIN, m3);
    expect(c.state.phase).toBe('w');
    const { plan, event } = c.migrate(ADMIN, m1);
    expect(event).toBeNull();
    expect(plan.problems).toEqual(['phase w comes from several phases of version 1 (x, y), so it has no single counterpart there']);
  });

  it('a phase named like an inherited property maps by its own entries only', () => {
    const named = (version: number, phase: string, extra = '') =>
      templateOf(`
key: named
version: ${version}
phases:
  ${phase}: {}
  done: { final: true }
gates:
  - { id: finish, from: ${phase}, to: done }
${extra}`);
    const n1 = named(1, 'constructor');
    const n2 = named(2, 'start', 'migration: { from: 1, phases: {} }');
    const c = new TestCluster(n1);
    expect(planMigration(n1, n2, c.state, c.now)).toMatchObject({ toPhase: null, problems: [expect.stringContaining('phase constructor has no counterpart')] });
    const n3 = named(3, 'start', 'migration: { from: 1, phases: { constructor: start } }');
    expect(c.migrate(ADMIN, n3).plan).toMatchObject({ toPhase: 'start', problems: [] });
    expect(checkMigrationSource(`key: named\nversion: 2\nmigration: { from: 1, phases: {} }`, n2, n1).warnings).toEqual([
      expect.objectContaining({ message: expect.stringContaining('clusters in constructor') }),
    ]);
  });

  it('keeps the time in phase: due and suspension carry over', () => {
    const c = readyInDiagnostic();
    c.wait(10).run(ADMIN, { type: 'SUSPEND', reason: 'elections' });
    c.wait(5).run(ADMIN, { type: 'RESUME' });
    const visit = c.state.visits[1];
    c.wait(1).migrate(ADMIN, V2);
    expect(c.state.visits[1]).toEqual(visit);
  });

  it('reports artefact types, roles and indicators in use that the new version drops', () => {
    const c = readyInDiagnostic();
    c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'kim', role: 'commission' });
    c.run(CDA_USER, { type: 'RECORD_INDICATOR', indicator: 'jobs', period: '2025', value: 3 });
    const lean = templateOf(`
key: cda
version: 4
artefacts:
  action_plan: {}
phases:
  diagnostic: {}
  done: { final: true }
gates:
  - { id: endorse, from: diagnostic, to: done }
`);
    const { plan, event } = c.migrate(ADMIN, lean);
    expect(event).toBeNull();
    expect(plan.problems).toEqual([
      'artefact type diagnostic_report (1 artefact on this cluster) is not declared in version 4',
      'role commission (assigned on this cluster) is not declared in version 4',
      'role pm (decisions on record) is not declared in version 4',
      'indicator jobs (recorded on this cluster) is not declared in version 4',
    ]);
  });

  it('refuses a finished or suspended cluster, anyone but an agency_admin, and the same version, with the right codes', () => {
    const c = readyInDiagnostic();
    expectCode(() => c.migrate(CDA_USER, V2), 'FORBIDDEN');
    expectCode(() => c.migrate(person('boss', 'pm', 'cda', 'auditor'), V2), 'FORBIDDEN');
    expectCode(() => c.migrate(ADMIN, V1), 'BAD_USER_INPUT');
    c.run(ADMIN, { type: 'SUSPEND', reason: 'audit' });
    expectCode(() => c.migrate(ADMIN, V2), 'SUSPENDED');
    // A bulk plan lists the suspension as a problem instead.
    expect(planMigration(V1, V2, c.state, c.now).problems).toEqual([expect.stringContaining('the cluster is suspended (audit)')]);
    c.run(ADMIN, { type: 'RESUME' });
    c.advance(CDA_USER, 'endorse');
    c.approve(pm, 'finish', 'pm');
    c.advance(CDA_USER, 'finish');
    expectCode(() => c.migrate(ADMIN, V2), 'FINAL_PHASE');
    expect(c.state.templateVersion).toBe(1);
  });

  it('refuses to land a cluster in a final phase', () => {
    const c = readyInDiagnostic();
    const closing = templateOf(body(5, { stakeholderMap: true, migration: 'migration: { from: 1, phases: { diagnostic: done } }' }));
    const { plan, event } = c.migrate(ADMIN, closing);
    expect(event).toBeNull();
    expect(plan.problems).toEqual([expect.stringContaining('maps onto done, a final phase of version 5')]);
  });

  it('a decision recorded after a migration is checked against the new version', () => {
    const c = new TestCluster(V1);
    c.migrate(ADMIN, V2);
    c.advance(CDA_USER, 'select');
    const map = c.submit(CDA_USER, 'stakeholder_map');
    expect(c.state.artefacts.map((a) => a.type)).toEqual(['stakeholder_map']);
    expectCode(() => decide(V1, c.state, CDA_USER, { type: 'SUBMIT_ARTEFACT', newArtefactId: 'x', newVersionId: 'y', artefactType: 'stakeholder_map', title: 't', artefactId: map.artefactId }, c.now), 'BAD_USER_INPUT');
  });
});

describe('renamed gates (migration.gates, version 2)', () => {
  const renamed = templateOf(body(5, { endorse: 'endorse_study', migration: 'migration: { from: 1, gates: { endorse: endorse_study } }' }));
  const unmapped = templateOf(body(6, { endorse: 'endorse_study' }));

  it('decisions given under the old id keep counting under the new one, previewed in the plan', () => {
    const c = readyInDiagnostic();
    const preview = planMigration(V1, renamed, c.state, c.now);
    expect(preview).toMatchObject({ gates: { endorse: 'endorse_study' }, gateMapping: ['endorse → endorse_study (1 decision)'], problems: [], newlyUnmet: [] });
    // Without the mapping the same approval would be lost: the plan says so.
    expect(planMigration(V1, unmapped, c.state, c.now)).toMatchObject({
      gateMapping: [],
      newlyUnmet: [expect.objectContaining({ gate: 'endorse_study', kind: 'APPROVAL', role: 'pm' })],
    });
    const { event } = c.migrate(ADMIN, renamed);
    expect(event?.payload).toEqual({ fromVersion: 1, toVersion: 5, from: 'diagnostic', to: 'diagnostic', gates: { endorse: 'endorse_study' } });
    expect(c.state.decisions.map((d) => d.gate)).toEqual(['endorse_study']);
    expect(countingDecisionIds(renamed, c.state)).toEqual([c.state.decisions[0].id]);
    expect(gateReadiness(renamed, c.state, c.now).find((g) => g.gate === 'endorse_study')).toMatchObject({ ready: true, unmet: [] });
    c.advance(CDA_USER, 'endorse_study');
    expect(c.state.phase).toBe('action_plan');
  });

  it('migrating back reads the mapping backwards; a plain migration records no gates', () => {
    const c = readyInDiagnostic();
    c.migrate(ADMIN, renamed);
    const back = c.migrate(ADMIN, V1);
    expect(back.plan.gateMapping).toEqual(['endorse_study → endorse (1 decision)']);
    expect(c.state.decisions.map((d) => d.gate)).toEqual(['endorse']);
    const plain = readyInDiagnostic().migrate(ADMIN, V2);
    expect(plain.event?.payload).toEqual({ fromVersion: 1, toVersion: 2, from: 'diagnostic', to: 'diagnostic' });
  });

  it('names an old gate the published version does not have, at its line and column', () => {
    const source = body(5, { endorse: 'endorse_study', migration: 'migration:\n  from: 1\n  gates:\n    endorse: endorse_study\n    ghost_gate: finish' });
    const checked = checkMigrationSource(source, templateOf(source), V1);
    expect(checked.errors).toEqual([
      {
        path: 'migration.gates.ghost_gate',
        line: source.split('\n').findIndex((l) => l.includes('ghost_gate:')) + 1,
        column: 5,
        message: 'ghost_gate is not a gate of version 1 (its gates: select, endorse, finish, wander, rejoin)',
      },
    ]);
  });
});

describe('the migration section of a template', () => {
  const problemsOf = (yaml: string) => loadTemplate(yaml).errors.map((e) => `${e.path} @${e.line}: ${e.message}`);

  it('must name an earlier version and map onto declared phases, at their lines', () => {
    expect(problemsOf(body(2, { migration: 'migration:\n  from: 2\n  phases: { diagnostic: nowhere }' }))).toEqual([
      expect.stringMatching(/^migration\.from @\d+: migration\.from must name an earlier version than this one \(2\), not 2$/),
      expect.stringMatching(/^migration\.phases\.diagnostic @\d+: phase `diagnostic` is mapped onto `nowhere`, which this version does not declare/),
    ]);
    expect(problemsOf(body(2, { migration: 'migration: { phases: {} }' }))).toEqual([expect.stringMatching(/^migration\.from @\d+: `from` is required here$/)]);
    expect(problemsOf(body(2, { migration: 'migration: { from: 1, extra: true }' }))).toEqual([expect.stringMatching(/^migration\.extra @\d+/)]);
  });

  it('is checked against the published version it names when publishing', () => {
    const source = body(3, { stakeholderMap: true, diagnostic: 'diagnostic_study', migration: 'migration:\n  from: 1\n  phases:\n    diagnostic: diagnostic_study\n    ghost: action_plan' });
    const v3 = templateOf(source);
    const checked = checkMigrationSource(source, v3, V1);
    expect(checked.errors).toEqual([
      { path: 'migration.phases.ghost', line: source.split('\n').findIndex((l) => l.includes('ghost:')) + 1, column: 5, message: 'ghost is not a phase of version 1 (its phases: selection, diagnostic, action_plan, detour, done)' },
    ]);
    expect(checked.warnings).toEqual([expect.objectContaining({ path: 'migration', message: expect.stringContaining('clusters in detour') })]);
    expect(checkMigrationSource(source, v3, null).errors).toEqual([
      expect.objectContaining({ path: 'migration.from', message: 'version 1 of template cda is not published, so there is nothing to migrate from' }),
    ]);
    expect(checkMigrationSource(body(2), V2, V1)).toEqual({ errors: [], warnings: [] });
  });
});
