import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ClusterCommand } from '@clusterflow/engine';
import type { Principal } from '@clusterflow/application/auth/principal';
import type { ClustersService } from '@clusterflow/application/clusters/clusters.service';
import type { FilesService } from '@clusterflow/application/files/files.service';
import { DEMO_USERS } from '@clusterflow/application/demo/demo-users';
import { demoPdf } from './demo-pdf';

const DAY_MS = 86_400_000;

const person = (id: string): Principal => {
  const found = DEMO_USERS.find((u) => u.userId === id);
  if (!found) throw new Error(`no demo person ${id}`);
  return found;
};

/** Quarters counted from year 0 (`year * 4 + quarter - 1`), in UTC. */
const quarterIndex = (ms: number): number => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 4 + Math.floor(d.getUTCMonth() / 3);
};
/** A file name's stem for a cluster: `Nnewi auto parts` → `nnewi-auto-parts`. */
const slug = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const quarterName = (index: number): string => `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
const quarterStart = (index: number): number => Date.UTC(Math.floor(index / 4), (index % 4) * 3, 1);
/** The quarter (`2025-Q3`) a moment falls in, in UTC. */
export const quarterOf = (ms: number): string => quarterName(quarterIndex(ms));

/** One demo cluster's story: its registration and how far it gets, in days since it was registered. */
interface Story {
  name: string;
  sector: string;
  region: string;
  /** Days before the seeding that it was registered. */
  registeredDaysAgo: number;
  enterprises: number;
  employment: number;
  /**
   * Days spent in each phase it passes through, in order; it stays in the first phase whose
   * next one is not given (and in implementation while its tranches are still to come).
   */
  selection: number;
  diagnostic?: number;
  /** A suspension during the diagnostic study: [days after entering it, days suspended] (not counted as time in phase). */
  suspendDuringDiagnostic?: [number, number];
  trust?: number;
  plan?: number;
  implementation?: number;
  monitoring?: number;
  /** Dropped after the diagnostic study instead of going on. */
  dropAfterDiagnostic?: boolean;
  /**
   * Joint actions completed in each quarter from the one it entered trust building in, and
   * persons employed (a stock) growing by `employmentGrowth` each quarter. Each is recorded
   * a few days after its quarter ends; the lists are no longer than the quarters that have
   * surely ended by now (92 days a quarter), so the totals do not depend on the seeding date.
   */
  jointActionsPerQuarter: number[];
  employmentGrowth: number;
}

/**
 * The demo's history: a handful of clusters on the UNIDO template taken through several
 * phases over the past two years and several quarters of indicators, through the same
 * commands a client sends (ClustersService.command), each recorded at a moment in the past
 * (the engine judges every command at its `at`; the clock is not faked). It gives the
 * dashboard something to show: clusters in every phase, completed visits to measure, a loop
 * back from monitoring to a revised plan, a suspension, a dropped cluster, gates waiting on
 * approvals, indicators by period with baselines and targets.
 */
export const DEMO_STORIES: Story[] = [
  {
    name: 'Nnewi auto parts',
    sector: 'Automotive parts',
    region: 'Anambra',
    registeredDaysAgo: 760,
    enterprises: 420,
    employment: 6200,
    selection: 30,
    diagnostic: 120,
    suspendDuringDiagnostic: [40, 30],
    trust: 150,
    plan: 60,
    implementation: 240,
    monitoring: 60,
    jointActionsPerQuarter: [1, 2, 3, 4],
    employmentGrowth: 120,
  },
  {
    name: 'Onitsha garment makers',
    sector: 'Garments',
    region: 'Anambra',
    registeredDaysAgo: 520,
    enterprises: 650,
    employment: 8000,
    selection: 45,
    diagnostic: 90,
    trust: 120,
    plan: 75,
    implementation: 400,
    jointActionsPerQuarter: [1, 1, 2, 3],
    employmentGrowth: 80,
  },
  {
    name: 'Otigba computer village',
    sector: 'ICT hardware',
    region: 'Lagos',
    registeredDaysAgo: 330,
    enterprises: 900,
    employment: 5000,
    selection: 20,
    diagnostic: 100,
    trust: 200,
    jointActionsPerQuarter: [1, 2],
    employmentGrowth: 60,
  },
  {
    name: 'Kaduna agro-processors',
    sector: 'Agro-processing',
    region: 'Kaduna',
    registeredDaysAgo: 160,
    enterprises: 240,
    employment: 2100,
    selection: 35,
    diagnostic: 100,
    jointActionsPerQuarter: [],
    employmentGrowth: 0,
  },
  {
    name: 'Ilorin pottery',
    sector: 'Ceramics',
    region: 'Kwara',
    registeredDaysAgo: 400,
    enterprises: 130,
    employment: 900,
    selection: 60,
    diagnostic: 150,
    dropAfterDiagnostic: true,
    jointActionsPerQuarter: [],
    employmentGrowth: 0,
  },
];

/**
 * Runs every story; returns the ids of the clusters it registered. `now` is the seeding moment.
 * Documents the template wants with their file (the DSR, the action plan) get a small PDF,
 * uploaded through the file store as POST /files stores a client's upload, then attached.
 */
export async function seedDemoHistory(clusters: ClustersService, files: FilesService, now = Date.now()): Promise<string[]> {
  const ids: string[] = [];
  for (const story of DEMO_STORIES) ids.push(await tell(clusters, files, story, now));
  return ids;
}

async function tell(clusters: ClustersService, files: FilesService, s: Story, now: number): Promise<string> {
  const cda = person('chidi.cda');
  const pm = person('priya.pm');
  const admin = person('ada.admin');
  const carlos = person('carlos.commission');
  const chen = person('chen.commission');
  let clock = now - s.registeredDaysAgo * DAY_MS;
  const at = () => new Date(clock).toISOString();
  // A few hours between the steps of one day's work, so the log reads in order.
  const later = (hours = 2) => (clock += hours * 3_600_000);
  const registered = await clusters.register(
    cda,
    'unido-cda',
    1,
    {
      name: s.name,
      sector: s.sector,
      region: s.region,
      country: 'Nigeria',
      attributes: { enterprise_count: s.enterprises, employment: s.employment, sector: s.sector, region: s.region, country: 'Nigeria' },
    },
    [],
    at(),
  );
  const id = registered.state.id;
  const run = async (who: Principal, command: ClusterCommand) => {
    later();
    await clusters.command(who, id, command, [], at());
  };
  const decide = (who: Principal, gate: string, role: string, artefactVersionId?: string, comment?: string) =>
    run(who, { type: 'DECIDE', decisionId: randomUUID(), gate, role, outcome: 'APPROVE', artefactVersionId: artefactVersionId ?? null, comment: comment ?? null });
  const artefactIds = new Map<string, string>();
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  /**
   * Submits a document: a new version of the cluster's document of that type when it has one
   * (a revised plan), unless `another` (progress reports are one document each); returns the version's id.
   * With `pdf`, the CDA first uploads it (a one-page PDF of that file name) and attaches it.
   */
  const submit = async (artefactType: string, title: string, fields: Record<string, unknown>, another = false, pdf?: string): Promise<string> => {
    const versionId = randomUUID();
    const revise = artefactIds.has(artefactType) && !another;
    const artefactId = revise ? artefactIds.get(artefactType)! : randomUUID();
    const lines = [`Cluster: ${s.name} (${s.sector}, ${s.region}, Nigeria)`, `Submitted on ${day(clock)} by ${cda.name}`, ...Object.entries(fields).map(([k, v]) => `${k}: ${String(v)}`)];
    const attached = pdf ? [{ id: (await files.upload(cda, pdf, Readable.from([demoPdf(title, lines)]))).id, stored: null }] : undefined;
    await run(cda, { type: 'SUBMIT_ARTEFACT', artefactId: revise ? artefactId : null, newArtefactId: artefactId, newVersionId: versionId, artefactType, title, fields, ...(attached ? { files: attached } : {}) });
    artefactIds.set(artefactType, artefactId);
    return versionId;
  };
  /** Moves the clock to `days` after the phase was entered (minus the steps that pass the gate). */
  const phaseStart = { ms: clock };
  // Quarterly indicator values (from trust building on), each recorded once its moment comes.
  let recorded: { quarter: string; due: number; joint: number; employment: number }[] = [];
  let next = 0;
  const recordUpTo = async (ms: number) => {
    while (next < recorded.length && recorded[next].due <= ms) {
      const r = recorded[next++];
      clock = Math.max(clock, r.due);
      await run(cda, { type: 'RECORD_INDICATOR', indicator: 'joint_actions', period: r.quarter, value: r.joint });
      await run(cda, { type: 'RECORD_INDICATOR', indicator: 'employment', period: r.quarter, value: r.employment });
    }
  };
  /**
   * Moves the clock to `days` after the phase was entered (less 12 hours for the day's steps),
   * recording the quarters that ended a day before or earlier, so the steps after land at
   * the same moments whatever the date of the seeding.
   */
  const until = async (days: number) => {
    const target = Math.max(clock, phaseStart.ms + days * DAY_MS - 12 * 3_600_000);
    await recordUpTo(target - DAY_MS);
    clock = Math.max(clock, target);
  };
  const entered = () => (phaseStart.ms = clock);
  /** Whether `days` after entering the phase is still in the past. */
  const fits = (days: number) => phaseStart.ms + days * DAY_MS < now - DAY_MS;

  // Selection: mapped, scored, CDA appointed, selected by the programme manager.
  await run(cda, { type: 'SCORE', scores: [{ criterion: 'importance', score: 4 }, { criterion: 'potential', score: 4 }, { criterion: 'viability', score: 3.5 }, { criterion: 'sustainability', score: 3.5 }] });
  await submit('cluster_map', `${s.name}: map and inventory`, { enterprises_mapped: s.enterprises - 10, mapped_on: day(clock) });
  await decide(cda, 'cda_appointed', 'cda', undefined, 'Appointed as CDA');
  await run(cda, { type: 'REACH_MILESTONE', milestone: 'cda_appointed' });
  if (s.diagnostic === undefined) {
    // Still in selection: waiting for the programme manager.
    return id;
  }
  await until(s.selection);
  await decide(pm, 'select_cluster', 'programme_manager', undefined, 'Selected at the quarterly review');
  await run(cda, { type: 'ADVANCE', gate: 'select_cluster' });
  entered();

  // Diagnostic study: the commission is appointed; the DSR is submitted and endorsed twice.
  await run(admin, { type: 'ASSIGN_ROLE', userId: carlos.userId, role: 'cluster_commission' });
  await run(admin, { type: 'ASSIGN_ROLE', userId: chen.userId, role: 'cluster_commission' });
  if (s.suspendDuringDiagnostic) {
    const [after, length] = s.suspendDuringDiagnostic;
    await until(after);
    await run(admin, { type: 'SUSPEND', reason: 'Security situation: field work paused' });
    clock += length * DAY_MS;
    await run(admin, { type: 'RESUME' });
    phaseStart.ms += length * DAY_MS; // the phase's own clock did not run while suspended
  }
  const baselineEmployment = s.employment;
  await run(cda, { type: 'SET_INDICATOR_PLAN', indicator: 'employment', baseline: baselineEmployment, targets: [{ period: quarterOf(now + 365 * DAY_MS), value: Math.round(baselineEmployment * 1.15) }] });
  await until(s.diagnostic - 10);
  const dsr = await submit('diagnostic_report', `${s.name}: Diagnostic Study Report`, {
    firms_surveyed: Math.round(s.enterprises / 4),
    has_cluster_map: true,
    has_vital_statistics: true,
    has_value_chain_analysis: true,
    has_bds_analysis: true,
    has_swot: true,
    validation_workshop_on: day(clock),
  }, false, `${slug(s.name)}-diagnostic-study-report.pdf`);
  if (s.trust === undefined && !s.dropAfterDiagnostic) {
    // The DSR waits for its second endorsement.
    await decide(carlos, 'endorse_diagnostic', 'cluster_commission', dsr, 'Sound analysis');
    return id;
  }
  await until(s.diagnostic);
  if (s.dropAfterDiagnostic) {
    await decide(pm, 'drop', 'programme_manager', undefined, 'Too few firms willing to cooperate after the study');
    await run(cda, { type: 'ADVANCE', gate: 'drop' });
    return id;
  }
  await decide(carlos, 'endorse_diagnostic', 'cluster_commission', dsr);
  await decide(chen, 'endorse_diagnostic', 'cluster_commission', dsr);
  await run(cda, { type: 'ADVANCE', gate: 'endorse_diagnostic' });
  entered();

  // Trust building; from its quarter on, each quarter's joint actions and employment are
  // recorded a few days after the quarter ends, as the story reaches that moment.
  const firstQuarter = quarterIndex(clock);
  recorded = s.jointActionsPerQuarter
    .map((joint, i) => ({ quarter: quarterName(firstQuarter + i), due: quarterStart(firstQuarter + i + 1) + 5 * DAY_MS, joint, employment: baselineEmployment + (i + 1) * s.employmentGrowth }))
    .filter((r) => r.due < now - DAY_MS);
  if (recorded.length) {
    await run(cda, { type: 'SET_INDICATOR_PLAN', indicator: 'joint_actions', baseline: 0, targets: recorded.map((r) => ({ period: r.quarter, value: 2 })) });
  }
  const charter = await submit('governance_charter', `${s.name}: cluster commission charter`, { members: 9, constituted_on: day(clock) });
  await decide(pm, 'governance_body_constituted', 'programme_manager', charter);
  await run(cda, { type: 'REACH_MILESTONE', milestone: 'governance_body_constituted' });
  if (s.plan === undefined) {
    await recordUpTo(now - DAY_MS);
    return id;
  }
  await until(s.trust!);
  await decide(carlos, 'confirm_trust', 'cluster_commission');
  await run(cda, { type: 'ADVANCE', gate: 'confirm_trust' });
  entered();

  // Action plan, endorsed by the commission and the programme manager.
  const planOnce = async (revision: number) => {
    const plan = await submit('action_plan', `${s.name}: ${revision ? 'revised ' : ''}vision and action plan`, {
      has_vision_statement: true,
      has_budget: true,
      has_logframe: true,
      has_kpis: true,
      total_budget_usd: 250_000 + revision * 50_000,
      horizon_months: 24,
    }, false, `${slug(s.name)}-action-plan${revision ? `-rev${revision}` : ''}.pdf`);
    await decide(cda, 'planning_workshop_held', 'cda');
    await run(cda, { type: 'REACH_MILESTONE', milestone: 'planning_workshop_held' });
    return plan;
  };
  const plan = await planOnce(0);
  await decide(carlos, 'endorse_plan', 'cluster_commission', plan);
  if (s.implementation === undefined) {
    // The plan waits for the programme manager's endorsement.
    await recordUpTo(now - DAY_MS);
    return id;
  }
  await until(s.plan!);
  await decide(pm, 'endorse_plan', 'programme_manager', plan);
  await run(cda, { type: 'ADVANCE', gate: 'endorse_plan' });
  entered();

  // Implementation: three tranches, each later one after an endorsed progress report.
  await decide(pm, 'tranche_1', 'programme_manager');
  await run(cda, { type: 'REACH_MILESTONE', milestone: 'tranche_1' });
  for (const [n, milestone] of [[1, 'tranche_2'], [2, 'tranche_3']] as const) {
    if (!fits((s.implementation! * n) / 3)) {
      // Still implementing: the next tranche is to come.
      await recordUpTo(now - DAY_MS);
      return id;
    }
    await until((s.implementation! * n) / 3);
      const report = await submit('progress_report', `${s.name}: progress report ${n}`, { reporting_period: quarterOf(clock) }, true);
    await decide(carlos, milestone, 'cluster_commission', report);
    await decide(pm, milestone, 'programme_manager');
    await run(cda, { type: 'REACH_MILESTONE', milestone });
  }
  await until(s.implementation!);
  const handOver = await submit('implementation_report', `${s.name}: hand-over report`, { governance_operating: true, handed_over_to: `${s.region} cluster association` });
  await decide(carlos, 'complete_implementation', 'cluster_commission', handOver);
  await decide(pm, 'complete_implementation', 'programme_manager', handOver);
  await run(cda, { type: 'ADVANCE', gate: 'complete_implementation' });
  entered();

  // Monitoring: the mid-term assessment asks for a revised plan (the loop back to action_plan).
  await until(s.monitoring!);
  await submit('impact_assessment', `${s.name}: mid-term impact assessment`, { assessment_type: 'mid_term', evaluator: 'Independent evaluator', recommendation: 'revise_plan' });
  await decide(pm, 'revise_plan', 'programme_manager', undefined, 'The mid-term assessment asks for a revised plan');
  await run(cda, { type: 'ADVANCE', gate: 'revise_plan' });
  entered();
  await planOnce(1);
  await recordUpTo(now - DAY_MS);
  return id;
}
