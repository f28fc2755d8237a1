// The in-memory limit: the pure engine (`decide` then `apply`, from the build) taking a
// cluster through a whole life on version 1 of the shipped UNIDO template (templates/previous/unido-cda.v1.yaml):
// registration, every phase, the loop back from monitoring to a revised action plan, and
// graduation — 63 events, of which 9 are phase changes, each checked by `decide` against the
// template's rules and folded by `apply` (a copy of the snapshot, and an XState step for a
// phase change). No database, no hashing, no JSON: what a command costs the engine alone.
//
// Baseline in the same run: bare XState `transition()` on a hand-written machine with the
// same phases and gates (one event type per gate, no guards, no context), stepping the same
// 9 phase changes from the same start, snapshot to snapshot. Both figures are events per
// second on one core (median of 5 one-second rounds, after a warm-up); the ratio is the
// engine's rate over XState's, though most of the engine's events are no phase change.
//
//   node bench/run.js engine
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { createMachine, initialTransition, transition } = require('xstate');
const { now } = require('./lib');

const engine = () => require('../dist/libs/engine/src');
const TEMPLATE_FILE = join(__dirname, '../templates/previous/unido-cda.v1.yaml');

const person = (userId, ...roles) => ({ userId, name: `Name of ${userId}`, roles });
const ADMIN = person('admin', 'agency_admin');
const CDA = person('cda1', 'cda');
const pm1 = person('pm1', 'programme_manager');
const pm2 = person('pm2', 'programme_manager');
const cc1 = person('cc1', 'cluster_commission');
const cc2 = person('cc2', 'cluster_commission');
const cc3 = person('cc3', 'cluster_commission');
const DAY_MS = 86_400_000;

const PLAN = { has_vision_statement: true, has_budget: true, has_logframe: true, has_kpis: true, total_budget_usd: 250000, horizon_months: 24 };
const DSR = { firms_surveyed: 80, has_cluster_map: true, has_vital_statistics: true, has_value_chain_analysis: true, has_bds_analysis: false, has_swot: true };

/** One cluster driven through decide → stamp → apply, as ClustersService does, minus the database. */
class Cluster {
  constructor(def, id) {
    const { decideRegister, apply } = engine();
    this.def = def;
    this.n = 0;
    this.events = 0;
    this.phaseChanges = 0;
    this.now = Date.parse('2025-01-31T08:00:00.000Z');
    const decided = decideRegister(def, CDA, { type: 'REGISTER', clusterId: id, name: 'Bench cluster', attributes: { enterprise_count: 150, sector: 'Leather', women_led_share: 0.3 } });
    this.state = apply(def, null, this.stamp(CDA, decided, null));
  }

  stamp(actor, decided, state) {
    this.events++;
    if (decided.type === 'ADVANCED') this.phaseChanges++;
    return { ...decided, clusterId: state?.id ?? 'bench-cluster', seq: (state?.version ?? 0) + 1, actor: actor.userId, actorName: actor.name, at: new Date(this.now).toISOString() };
  }

  run(actor, command) {
    const { decide, apply } = engine();
    const decided = decide(this.def, this.state, actor, command, new Date(this.now).toISOString());
    if (decided === null) throw new Error(`${command.type} recorded nothing`);
    const event = this.stamp(actor, decided, this.state);
    this.state = apply(this.def, this.state, event);
    return event;
  }

  id(prefix) {
    return `${prefix}-${++this.n}`;
  }

  wait(days) {
    this.now += days * DAY_MS;
    return this;
  }

  submit(actor, artefactType, fields, artefactId = null) {
    const e = this.run(actor, { type: 'SUBMIT_ARTEFACT', newArtefactId: this.id('art'), newVersionId: this.id('ver'), artefactType, title: `A ${artefactType}`, artefactId, fields });
    return { artefactId: e.payload.artefactId, versionId: e.payload.versionId };
  }

  decision(actor, gate, role, outcome, artefactVersionId = null) {
    return this.run(actor, { type: 'DECIDE', decisionId: this.id('dec'), gate, role, outcome, artefactVersionId, comment: null }).payload.decisionId;
  }

  approve(actor, gate, role, versionId) {
    return this.decision(actor, gate, role, 'APPROVE', versionId);
  }

  reach(actor, milestone) {
    this.run(actor, { type: 'REACH_MILESTONE', milestone });
  }

  advance(actor, gate) {
    const e = this.run(actor, { type: 'ADVANCE', gate });
    if (e.type !== 'ADVANCED') throw new Error(`${gate}: no ADVANCED event`);
  }
}

function passTranches(c, reports, fresh) {
  c.approve(pm1, 'tranche_1', 'programme_manager');
  c.reach(CDA, 'tranche_1');
  if (fresh) c.approve(cc1, 'tranche_2', 'cluster_commission', reports.t2);
  c.approve(pm1, 'tranche_2', 'programme_manager');
  c.reach(CDA, 'tranche_2');
  if (fresh) c.approve(cc2, 'tranche_3', 'cluster_commission', reports.t3);
  c.approve(pm2, 'tranche_3', 'programme_manager');
  c.reach(CDA, 'tranche_3');
}

/** The life of unido.spec.ts ("selects, studies, builds trust, plans, implements, loops back once and graduates"). */
function life(def, id) {
  const c = new Cluster(def, id);
  for (const cc of ['cc1', 'cc2', 'cc3']) c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: cc, role: 'cluster_commission' });
  c.submit(CDA, 'cluster_map', { enterprises_mapped: 150, mapped_on: '2025-01-20' });
  c.run(CDA, { type: 'SCORE', scores: [ { criterion: 'importance', score: 4 }, { criterion: 'potential', score: 3 }, { criterion: 'viability', score: 3 }, { criterion: 'sustainability', score: 2 } ] });
  c.approve(CDA, 'cda_appointed', 'cda');
  c.reach(CDA, 'cda_appointed');
  c.approve(pm1, 'select_cluster', 'programme_manager');
  c.wait(10).advance(CDA, 'select_cluster');

  const v1 = c.submit(CDA, 'diagnostic_report', DSR);
  c.decision(cc1, 'endorse_diagnostic', 'cluster_commission', 'REJECT', v1.versionId);
  c.approve(cc2, 'endorse_diagnostic', 'cluster_commission', v1.versionId);
  const v2 = c.submit(CDA, 'diagnostic_report', { ...DSR, has_bds_analysis: true }, v1.artefactId);
  c.approve(cc1, 'endorse_diagnostic', 'cluster_commission', v2.versionId);
  c.approve(cc2, 'endorse_diagnostic', 'cluster_commission', v2.versionId);
  c.wait(30).advance(CDA, 'endorse_diagnostic');

  c.run(CDA, { type: 'RECORD_INDICATOR', indicator: 'joint_actions', period: '2025-Q2', value: 1 });
  const charter = c.submit(CDA, 'governance_charter', { members: 9, constituted_on: '2025-04-01' });
  c.approve(pm1, 'governance_body_constituted', 'programme_manager', charter.versionId);
  c.reach(CDA, 'governance_body_constituted');
  c.approve(cc3, 'confirm_trust', 'cluster_commission');
  c.wait(30).advance(CDA, 'confirm_trust');

  c.approve(CDA, 'planning_workshop_held', 'cda');
  c.reach(CDA, 'planning_workshop_held');
  const plan = c.submit(CDA, 'action_plan', PLAN);
  c.approve(cc1, 'endorse_plan', 'cluster_commission', plan.versionId);
  c.approve(pm1, 'endorse_plan', 'programme_manager', plan.versionId);
  c.wait(20).advance(CDA, 'endorse_plan');

  const r1 = c.submit(CDA, 'progress_report', { reporting_period: '2025-Q3' });
  const r2 = c.submit(CDA, 'progress_report', { reporting_period: '2025-Q4' });
  passTranches(c, { t2: r1.versionId, t3: r2.versionId }, true);
  const report = c.submit(CDA, 'implementation_report', { governance_operating: true, handed_over_to: 'Chamber of commerce' });
  c.approve(cc3, 'complete_implementation', 'cluster_commission', report.versionId);
  c.approve(pm2, 'complete_implementation', 'programme_manager', report.versionId);
  c.wait(300).advance(CDA, 'complete_implementation');

  c.submit(CDA, 'impact_assessment', { assessment_type: 'mid_term', recommendation: 'revise_plan' });
  c.approve(pm1, 'revise_plan', 'programme_manager');
  c.wait(10).advance(CDA, 'revise_plan');

  const revised = c.submit(CDA, 'action_plan', { ...PLAN, horizon_months: 12 }, plan.artefactId);
  c.approve(cc2, 'endorse_plan', 'cluster_commission', revised.versionId);
  c.approve(pm2, 'endorse_plan', 'programme_manager', revised.versionId);
  c.approve(CDA, 'planning_workshop_held', 'cda');
  c.reach(CDA, 'planning_workshop_held');
  c.advance(CDA, 'endorse_plan');

  passTranches(c, { t2: r1.versionId, t3: r2.versionId }, false);
  c.advance(CDA, 'complete_implementation');

  const final = c.submit(CDA, 'impact_assessment', { assessment_type: 'final', recommendation: 'graduate', evaluator: 'Independent' });
  c.run(CDA, { type: 'RECORD_INDICATOR', indicator: 'trust_stage', period: '2026', value: 3 });
  c.approve(pm2, 'graduate', 'programme_manager', final.versionId);
  c.advance(CDA, 'graduate');
  if (c.state.phase !== 'graduated' || c.state.status !== 'FINISHED') throw new Error(`engine bench: the life ended in ${c.state.phase} (${c.state.status})`);
  return c;
}

// The same phases and gates, written by hand: a phase has `running` and `suspended` substates as
// the compiled machine does, and a gate is its own event type, so no guard is needed.
const running = (on) => ({ initial: 'running', states: { running: { on: { ...on, SUSPEND: 'suspended' } }, suspended: { on: { RESUME: 'running' } } } });
const HAND_WRITTEN = createMachine({
  id: 'unido-cda-by-hand',
  initial: 'selection',
  states: {
    selection: running({ select_cluster: '#diagnostic', drop: '#dropped' }),
    diagnostic: { id: 'diagnostic', ...running({ endorse_diagnostic: '#trust_building', drop: '#dropped' }) },
    trust_building: { id: 'trust_building', ...running({ confirm_trust: '#action_plan', drop: '#dropped' }) },
    action_plan: { id: 'action_plan', ...running({ endorse_plan: '#implementation' }) },
    implementation: { id: 'implementation', ...running({ complete_implementation: '#monitoring' }) },
    monitoring: { id: 'monitoring', ...running({ graduate: '#graduated', revise_plan: '#action_plan' }) },
    graduated: { id: 'graduated', type: 'final' },
    dropped: { id: 'dropped', type: 'final' },
  },
});
const GATES_OF_THE_LIFE = ['select_cluster', 'endorse_diagnostic', 'confirm_trust', 'endorse_plan', 'complete_implementation', 'revise_plan', 'endorse_plan', 'complete_implementation', 'graduate'];

function bareLife() {
  let [snapshot] = initialTransition(HAND_WRITTEN);
  for (const gate of GATES_OF_THE_LIFE) [snapshot] = transition(HAND_WRITTEN, snapshot, { type: gate });
  if (snapshot.value !== 'graduated') throw new Error(`hand-written machine ended in ${JSON.stringify(snapshot.value)}`);
  return GATES_OF_THE_LIFE.length;
}

/** Runs `fn` (which returns the events it stepped) repeatedly for about `ms`; events per second, median of `rounds`. */
function rate(fn, { ms, rounds }) {
  const rates = [];
  for (let r = 0; r < rounds; r++) {
    let events = 0;
    const t0 = now();
    let t = t0;
    while (t - t0 < ms) {
      events += fn();
      t = now();
    }
    rates.push((events * 1000) / (t - t0));
  }
  rates.sort((a, b) => a - b);
  return { rate: rates[Math.floor(rates.length / 2)], min: rates[0], max: rates[rates.length - 1] };
}

module.exports = async function engineBench({ ms = 1000 * Number(process.env.BENCH_ENGINE_SECONDS || 1), rounds = 5 } = {}) {
  const { template, errors } = engine().loadTemplate(readFileSync(TEMPLATE_FILE, 'utf8'));
  if (!template) throw new Error(`unido-cda.yaml is invalid: ${JSON.stringify(errors.slice(0, 3))}`);
  const sample = life(template, 'bench-cluster');
  const { events, phaseChanges } = sample;
  if (phaseChanges !== GATES_OF_THE_LIFE.length) throw new Error(`engine bench: ${phaseChanges} phase changes, the hand-written life has ${GATES_OF_THE_LIFE.length}`);
  const snapshotBytes = Buffer.byteLength(JSON.stringify(sample.state));
  // Warm-up (JIT), then the measured rounds, alternating so both see the same machine load.
  rate(() => life(template, 'bench-cluster').events, { ms: 300, rounds: 1 });
  rate(bareLife, { ms: 300, rounds: 1 });
  const eng = rate(() => life(template, 'bench-cluster').events, { ms, rounds });
  const bare = rate(bareLife, { ms, rounds });
  const data = { template: 'unido-cda', eventsPerLife: events, phaseChangesPerLife: phaseChanges, finalSnapshotBytes: snapshotBytes, rounds, secondsPerRound: ms / 1000 };
  const ratio = eng.rate / bare.rate;
  process.stderr.write(
    `  engine: ${eng.rate.toFixed(0)} events/s (${(eng.rate / events).toFixed(0)} lives of ${events} events); bare XState: ${bare.rate.toFixed(0)} transitions/s; ratio ${ratio.toFixed(2)}\n`,
  );
  return [
    { name: `engine: bare XState transition(), hand-written machine, ${phaseChanges} phase changes (baseline)`, unit: 'ev/s', rate: bare.rate, range: [bare.min, bare.max], ...data },
    {
      name: `engine: decide + apply, unido-cda, a whole life of ${events} events (${phaseChanges} phase changes)`,
      unit: 'ev/s',
      rate: eng.rate,
      range: [eng.min, eng.max],
      ratio,
      goal: 'none set (reported)',
      ...data,
      usPerEvent: 1e6 / eng.rate,
    },
  ];
};
