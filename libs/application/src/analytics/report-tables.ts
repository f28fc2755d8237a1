import { badInput } from '@clusterflow/engine';
import type { IndicatorGroupBy } from '@clusterflow/persistence';
import { AnalyticsService, GROUPINGS } from './analytics.service';

/**
 * The four analytics reports as tables, for the `/reports/<name>.<csv|xlsx>` downloads: the
 * same figures the GraphQL queries answer (the same service computes them), one row per
 * group, with a header and typed columns (numbers stay numbers in XLSX).
 */

export const REPORTS = ['portfolio', 'phase-durations', 'gate-bottlenecks', 'indicator'] as const;
export type ReportName = (typeof REPORTS)[number];
export const isReportName = (value: string): value is ReportName => (REPORTS as readonly string[]).includes(value);

export interface ReportColumn {
  header: string;
  type: 'string' | 'number';
}

export interface ReportTable {
  /** A worksheet name and the file name's stem. */
  title: string;
  columns: ReportColumn[];
  rows: (string | number | null)[][];
}

/** The query string as Express parsed it: only single string values count. */
export type ReportQuery = Record<string, unknown>;

const text = (q: ReportQuery, name: string): string | null => {
  const v = q[name];
  if (v === undefined) return null;
  if (typeof v !== 'string') throw badInput(`${name} must be given once, as text`);
  return v;
};

const needed = (q: ReportQuery, name: string): string => {
  const v = text(q, name);
  if (v === null || v === '') throw badInput(`${name} is required`);
  return v;
};

function intOf(q: ReportQuery, name: string): number | null {
  const v = text(q, name);
  if (v === null || v === '') return null;
  if (!/^\d{1,9}$/.test(v)) throw badInput(`${name} must be a positive integer (got "${v.slice(0, 40)}")`);
  return Number(v);
}

const s = (name: string): ReportColumn => ({ header: name, type: 'string' });
const n = (name: string): ReportColumn => ({ header: name, type: 'number' });

/** Computes one report for the caller's agency, with the same arguments as its GraphQL query. */
export async function reportTable(service: AnalyticsService, agency: string, name: ReportName, q: ReportQuery): Promise<ReportTable> {
  switch (name) {
    case 'portfolio': {
      const templateKey = text(q, 'templateKey') || null;
      const p = await service.portfolio(agency, templateKey);
      return {
        title: templateKey ? `portfolio-${templateKey}` : 'portfolio',
        columns: [s('section'), s('templateKey'), s('key'), s('title'), n('clusters'), n('overdue')],
        rows: [
          ['total', templateKey, null, null, p.clusters, p.overdue],
          ...p.byStatus.map((b) => ['status', templateKey, b.key, null, b.count, null]),
          ...p.byPhase.map((b) => ['phase', b.templateKey, b.phase, b.title, b.count, b.overdue]),
        ],
      };
    }
    case 'phase-durations': {
      const templateKey = needed(q, 'templateKey');
      const version = intOf(q, 'version');
      const rows = await service.phaseDurations(agency, templateKey, version);
      return {
        title: `phase-durations-${templateKey}${version != null ? `-v${version}` : ''}`,
        columns: [s('phase'), s('title'), n('visits'), n('completed'), n('current'), n('p50Days'), n('p90Days'), n('maxDays')],
        rows: rows.map((r) => [r.phase, r.title, r.visits, r.completed, r.current, r.p50Days, r.p90Days, r.maxDays]),
      };
    }
    case 'gate-bottlenecks': {
      const templateKey = needed(q, 'templateKey');
      const rows = await service.gateBottlenecks(agency, templateKey);
      return {
        title: `gate-bottlenecks-${templateKey}`,
        columns: [s('gate'), s('title'), n('waiting'), n('medianWaitDays'), s('unmetKinds')],
        rows: rows.map((r) => [r.gate, r.title, r.waiting, r.medianWaitDays, r.unmetKinds.map((k) => `${k.key}: ${k.count}`).join('; ')]),
      };
    }
    case 'indicator': {
      const templateKey = needed(q, 'templateKey');
      const indicator = needed(q, 'indicator');
      const groupBy = needed(q, 'groupBy');
      if (!(GROUPINGS as readonly string[]).includes(groupBy)) throw badInput(`groupBy must be one of ${GROUPINGS.join(', ')}`);
      const attribute = text(q, 'attribute') || null;
      const rows = await service.indicatorReport(agency, { templateKey, indicator, groupBy: groupBy as IndicatorGroupBy, attribute });
      return {
        title: `indicator-${templateKey}-${indicator}-${groupBy.toLowerCase()}${attribute ? `-${attribute}` : ''}`,
        columns: [s('key'), s('label'), n('clusters'), n('value'), n('baseline'), n('target'), n('progress')],
        rows: rows.map((r) => [r.key, r.label, r.clusters, r.value, r.baseline, r.target, r.progress]),
      };
    }
  }
}
