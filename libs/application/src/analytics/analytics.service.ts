import { Injectable, Logger } from '@nestjs/common';
import { badInput, gateWaits, ID_PATTERN, isForwardGate, KEY_PATTERN, notFound, type TemplateDefinition } from '@clusterflow/engine';
import {
  AnalyticsRepository,
  TemplateRepository,
  type AttributeSource,
  type IndicatorAggregation,
  type IndicatorGroupBy,
} from '@clusterflow/persistence';
import { TemplateDefinitions } from '../templates/template-definitions';

export interface KeyCount {
  key: string;
  count: number;
}

export interface Portfolio {
  clusters: number;
  overdue: number;
  byStatus: KeyCount[];
  byPhase: { templateKey: string; phase: string; title: string; count: number; overdue: number }[];
}

export interface PhaseDuration {
  phase: string;
  title: string;
  visits: number;
  completed: number;
  current: number;
  p50Days: number | null;
  p90Days: number | null;
  maxDays: number | null;
}

export interface GateBottleneck {
  gate: string;
  title: string;
  waiting: number;
  medianWaitDays: number | null;
  unmetKinds: KeyCount[];
}

export interface IndicatorGroup {
  key: string;
  /** A readable name for the key: the cluster's name (CLUSTER), the phase's title (PHASE); else the key. */
  label: string;
  clusters: number;
  value: number | null;
  baseline: number | null;
  target: number | null;
  progress: number | null;
}

export interface IndicatorReportInput {
  templateKey: string;
  indicator: string;
  groupBy: IndicatorGroupBy;
  attribute?: string | null;
}

export const STATUSES = ['ACTIVE', 'SUSPENDED', 'FINISHED'] as const;
export const GROUPINGS: readonly IndicatorGroupBy[] = ['PERIOD', 'CLUSTER', 'PHASE', 'ATTRIBUTE'];
/** Cluster row columns an ATTRIBUTE report may group by when the template declares no attribute of that name. */
const COLUMNS = ['sector', 'region', 'country'] as const;

const KEY = new RegExp(KEY_PATTERN);
const ID = new RegExp(ID_PATTERN);

/**
 * Portfolio analytics (contract v2): the four reports, computed in PostgreSQL by
 * AnalyticsRepository, with the titles of the template definitions. Every member of the
 * agency may read them (like every query); the agency scopes every statement. Inputs are
 * checked here, so GraphQL and the `/reports` downloads refuse alike.
 *
 * Money: indicator values are numbers in the API; `indicatorReport` sums them as `numeric`
 * from the `indicator_period` projection, so amounts add up exactly (see docs/decisions.md).
 */
@Injectable()
export class AnalyticsService {
  private readonly log = new Logger(AnalyticsService.name);

  constructor(
    private readonly analytics: AnalyticsRepository,
    private readonly templates: TemplateRepository,
    private readonly definitions: TemplateDefinitions,
  ) {}

  async portfolio(agency: string, templateKey: string | null, now = new Date()): Promise<Portfolio> {
    if (templateKey != null) checkKey(templateKey);
    const byKey = templateKey != null ? new Map([[templateKey, await this.versionsOf(agency, templateKey)]]) : await this.allTemplates(agency);
    const rows = await this.analytics.portfolio(agency, templateKey, now);
    const byStatus = new Map<string, number>(STATUSES.map((s) => [s, 0]));
    const phases = new Map<string, { templateKey: string; phase: string; title: string; count: number; overdue: number }>();
    const phaseOf = (key: string, phase: string) => phases.get(`${key}\u0000${phase}`);
    // Every phase of each template's latest version, in template order, counted or not; then phases only older versions have.
    for (const [key, versions] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      const latest = versions[0];
      for (const p of latest?.phases ?? []) phases.set(`${key}\u0000${p.id}`, { templateKey: key, phase: p.id, title: p.title, count: 0, overdue: 0 });
    }
    let clusters = 0;
    let overdue = 0;
    for (const r of [...rows].sort((a, b) => a.templateKey.localeCompare(b.templateKey) || a.phase.localeCompare(b.phase))) {
      clusters += r.clusters;
      overdue += r.overdue;
      byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + r.clusters);
      let entry = phaseOf(r.templateKey, r.phase);
      if (!entry) {
        const title = phaseTitle(byKey.get(r.templateKey) ?? [], r.phase);
        entry = { templateKey: r.templateKey, phase: r.phase, title, count: 0, overdue: 0 };
        phases.set(`${r.templateKey}\u0000${r.phase}`, entry);
      }
      entry.count += r.clusters;
      entry.overdue += r.overdue;
    }
    return { clusters, overdue, byStatus: [...byStatus].map(([key, count]) => ({ key, count })), byPhase: [...phases.values()] };
  }

  async phaseDurations(agency: string, templateKey: string, version: number | null): Promise<PhaseDuration[]> {
    checkKey(templateKey);
    if (version != null && (!Number.isInteger(version) || version < 1)) throw badInput(`version must be a positive integer (got ${version})`);
    const versions = await this.versionsOf(agency, templateKey);
    const def = version != null ? versions.find((d) => d.version === version) : versions[0];
    if (!def) throw notFound(`template ${templateKey} version ${version}`);
    const rows = new Map((await this.analytics.phaseDurations(agency, templateKey, version)).map((r) => [r.phase, r]));
    const empty = { visits: 0, completed: 0, current: 0, p50Days: null, p90Days: null, maxDays: null };
    const out: PhaseDuration[] = def.phases.map((p) => ({ phase: p.id, title: p.title, ...empty, ...rows.get(p.id) }));
    for (const [phase, r] of rows) if (!def.phases.some((p) => p.id === phase)) out.push({ ...r, title: phaseTitle(versions, phase) });
    return out;
  }

  async gateBottlenecks(agency: string, templateKey: string, now = new Date()): Promise<GateBottleneck[]> {
    checkKey(templateKey);
    const versions = await this.versionsOf(agency, templateKey);
    // Only gates on the way forward are bottlenecks: a loop back or an exit ("drop") is not what a cluster waits on.
    const forward = new Set<string>();
    for (const def of versions) for (const g of def.gates) for (const from of g.from) if (isForwardGate(def, g, from)) forward.add(`${from}/${g.id}`);
    const rows = new Map((await this.analytics.gateBottlenecks(agency, templateKey, now, [...forward])).map((r) => [r.gate, r]));
    const out: GateBottleneck[] = versions[0].gates
      .filter((g) => g.from.some((from) => isForwardGate(versions[0], g, from)))
      .map((g) => ({ gate: g.id, title: g.title, waiting: 0, medianWaitDays: null, unmetKinds: [], ...rows.get(g.id) }));
    for (const [gate, r] of rows) {
      if (out.some((g) => g.gate === gate)) continue;
      const title = versions.map((d) => d.gates.find((g) => g.id === gate)?.title).find((t) => t) ?? gate;
      out.push({ ...r, title });
    }
    return out;
  }

  async indicatorReport(agency: string, input: IndicatorReportInput): Promise<IndicatorGroup[]> {
    const { templateKey, indicator, groupBy } = input;
    checkKey(templateKey);
    if (!ID.test(indicator)) throw badInput(`indicator must be an indicator id: a lowercase letter, then up to 62 lowercase letters, digits or underscores (got "${clip(indicator)}")`);
    if (!GROUPINGS.includes(groupBy)) throw badInput(`groupBy must be one of ${GROUPINGS.join(', ')}`);
    const attribute = input.attribute ?? null;
    if (groupBy !== 'ATTRIBUTE' && attribute !== null) throw badInput('attribute is only for groupBy: ATTRIBUTE');
    if (groupBy === 'ATTRIBUTE' && attribute === null) throw badInput('groupBy: ATTRIBUTE needs `attribute`: the attribute to group by');
    if (attribute !== null && !ID.test(attribute)) throw badInput(`attribute must be an attribute id: a lowercase letter, then up to 62 lowercase letters, digits or underscores (got "${clip(attribute)}")`);
    const versions = await this.versionsOf(agency, templateKey);
    const declared = versions.map((d) => (Object.prototype.hasOwnProperty.call(d.indicators, indicator) ? d.indicators[indicator] : null)).find((i) => i);
    if (!declared) throw badInput(`template ${templateKey} declares no indicator "${indicator}" (it declares: ${[...new Set(versions.flatMap((d) => Object.keys(d.indicators)))].join(', ') || 'none'})`);
    let source: AttributeSource | null = null;
    if (attribute !== null) {
      const typed = versions.some((d) => Object.prototype.hasOwnProperty.call(d.attributes, attribute));
      const column = (COLUMNS as readonly string[]).includes(attribute) ? (attribute as (typeof COLUMNS)[number]) : null;
      if (typed) source = { attribute };
      else if (column) source = { column };
      else {
        const known = [...new Set([...versions.flatMap((d) => Object.keys(d.attributes)), ...COLUMNS])];
        throw badInput(`template ${templateKey} declares no attribute "${attribute}" (one of: ${known.join(', ')})`);
      }
    }
    const rows = await this.analytics.indicatorReport(agency, { templateKey, indicator, aggregation: declared.aggregation as IndicatorAggregation, groupBy, attribute: source });
    return rows.map((r) => ({
      key: r.key,
      label: groupBy === 'CLUSTER' ? (r.label ?? r.key) : groupBy === 'PHASE' ? phaseTitle(versions, r.key) : r.key,
      clusters: r.clusters,
      value: r.value,
      baseline: r.baseline,
      target: r.target,
      progress: r.value === null || r.baseline === null || r.target === null || r.target === r.baseline ? null : (r.value - r.baseline) / (r.target - r.baseline),
    }));
  }

  /**
   * Projects the gates of clusters recorded before `gate_unmet` existed (once; commands keep
   * it up to date from then on). Returns how many clusters it projected.
   */
  async backfillGates(force = false): Promise<number> {
    const projected = await this.analytics.backfillGatesOnce(force, async (rows) => {
      const out: { id: string; gates: unknown }[] = [];
      for (const r of rows) out.push({ id: r.id, gates: gateWaits(await this.definitions.byId(r.agency, r.templateId), r.snapshot) });
      return out;
    });
    if (projected) this.log.log(`projected the gates of ${projected} clusters recorded before portfolio analytics existed`);
    return projected;
  }

  /** Every published version's definition, newest first; NOT_FOUND when the agency has no such template. */
  private async versionsOf(agency: string, key: string): Promise<TemplateDefinition[]> {
    const versions = [...(await this.definitions.versions(agency, key))].sort(([a], [b]) => b - a).map(([, d]) => d);
    if (!versions.length) throw notFound(`template ${key}`);
    return versions;
  }

  private async allTemplates(agency: string): Promise<Map<string, TemplateDefinition[]>> {
    const keys = [...new Set(await this.templates.keys(agency))];
    const out = new Map<string, TemplateDefinition[]>();
    for (const key of keys) out.set(key, await this.versionsOf(agency, key));
    return out;
  }
}

function checkKey(templateKey: string): void {
  if (!KEY.test(templateKey)) throw badInput(`templateKey must be a template key: a lowercase letter, then 1 to 62 lowercase letters, digits or hyphens (got "${clip(templateKey)}")`);
}

const clip = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** A phase's title in the newest version that has it; its id when none does. */
function phaseTitle(versions: readonly TemplateDefinition[], phase: string): string {
  return versions.map((d) => d.phases.find((p) => p.id === phase)?.title).find((t) => t) ?? phase;
}
