/**
 * The projections as the log says they must be: what the cluster row (besides its snapshot
 * and chain head) and the projection tables `decision`, `artefact_version`,
 * `indicator_value`, `indicator_period` and `phase_visit` hold for one cluster, derived from its replayed
 * state and its events; and the first difference between that and what is stored, naming
 * the table, the row and the column. Pure: the verifications read the stored rows and
 * hand them in, so a projection changed behind the server's back (a superuser with the
 * triggers off) is caught even where the hash chain still holds.
 */
import { canonicalize } from 'json-canonicalize';
import type { TemplateDefinition } from '../template/types';
import { projectionOf } from '../cluster/record';
import { indicatorPeriodRows, indicatorSummaryRows, type IndicatorPeriodRow, type IndicatorSummaryRow } from '../cluster/indicators';
import { waitingSince, type GateWait } from '../cluster/readiness';
import type { ClusterEvent, ClusterState, ConditionState, IndicatorValueState } from '../cluster/types';

/** The cluster row's columns that are caches of the log (snapshot and chain head are checked elsewhere). */
export interface ClusterRowProjection {
  name: string;
  sector: string | null;
  region: string | null;
  country: string | null;
  /** The template version the row's `template_id` names. */
  templateKey: string;
  templateVersion: number;
  phase: string;
  status: string;
  version: number;
  score: number | null;
  eligible: boolean | null;
  enteredPhaseAt: string;
  dueAt: string | null;
  registeredAt: string;
  registeredBy: string;
  cdaIds: string[];
  /** The gates out of the current phase and what holds them (`gate_unmet`, portfolio analytics). */
  gateUnmet: GateWait[];
  /** The current visit's entry moved later by its suspended time (`waiting_since`, portfolio analytics). */
  waitingSince: string;
}

/** Rows name the event they come from by its seq in the cluster's log (null: an event that is not the cluster's). */
export interface DecisionProjection {
  id: string;
  clusterName: string;
  gate: string;
  role: string;
  outcome: string;
  comment: string | null;
  decidedBy: string;
  decidedAt: string;
  artefactVersionId: string | null;
  visit: number;
  counts: boolean;
  /** The conditions as the snapshot holds them; `[]` for outcomes without conditions. */
  conditions: ConditionState[];
  eventSeq: number | null;
}

export interface ArtefactVersionProjection {
  id: string;
  artefactId: string;
  number: number;
  type: string;
  title: string;
  uri: string | null;
  sha256: string | null;
  fields: unknown;
  submittedBy: string;
  submittedAt: string;
  eventSeq: number | null;
}

/** An indicator recording (the snapshot's fields), with its indicator and event. */
export interface IndicatorValueProjection extends IndicatorValueState {
  /** The row's id (random, not derived from the log): used only to name a stored row. */
  id?: string;
  indicator: string;
  eventSeq: number | null;
}

/** A row of `indicator_period` (the report's projection): the engine's row and the cluster's template. */
export interface IndicatorPeriodProjection extends IndicatorPeriodRow {
  templateKey: string;
}

/** A row of `indicator_summary`: the engine's row and the cluster's template. */
export interface IndicatorSummaryProjection extends IndicatorSummaryRow {
  templateKey: string;
}

export interface PhaseVisitProjection {
  n: number;
  phase: string;
  enteredAt: string;
  leftAt: string | null;
  viaGate: string | null;
  suspendedMs: number;
}

export interface ClusterProjections {
  cluster: ClusterRowProjection;
  decisions: DecisionProjection[];
  artefactVersions: ArtefactVersionProjection[];
  indicatorValues: IndicatorValueProjection[];
  indicatorPeriods: IndicatorPeriodProjection[];
  indicatorSummaries: IndicatorSummaryProjection[];
  phaseVisits: PhaseVisitProjection[];
}

/**
 * What a cluster's projections must hold after `events`, folded into `state` under `def`
 * (the definition of the version the cluster ends on).
 */
export function projectionsOf(def: TemplateDefinition, state: ClusterState, events: readonly ClusterEvent[]): ClusterProjections {
  const { score, eligible, dueAt, countingDecisionIds, gates } = projectionOf(def, state);
  const counting = new Set(countingDecisionIds);
  const current = state.visits[state.visits.length - 1];
  const seqOfDecision = new Map<string, number>();
  const seqOfVersion = new Map<string, number>();
  const indicatorValues: IndicatorValueProjection[] = [];
  /** The latest recording of each indicator and period, to be superseded by the next one. */
  const latest = new Map<string, IndicatorValueProjection>();
  for (const e of events) {
    if (e.type === 'DECIDED') seqOfDecision.set(e.payload.decisionId, e.seq);
    else if (e.type === 'ARTEFACT_SUBMITTED') seqOfVersion.set(e.payload.versionId, e.seq);
    else if (e.type === 'INDICATOR_RECORDED') {
      const p = e.payload;
      const key = JSON.stringify([p.indicator, p.period]);
      const previous = latest.get(key);
      if (previous) previous.supersededAt = e.at;
      const row: IndicatorValueProjection = {
        indicator: p.indicator, period: p.period, value: p.value, note: p.note ?? null, recordedBy: e.actor, recordedAt: e.at, supersededAt: null, eventSeq: e.seq,
      };
      latest.set(key, row);
      indicatorValues.push(row);
    }
  }
  return {
    cluster: {
      name: state.name,
      sector: state.sector,
      region: state.region,
      country: state.country,
      templateKey: state.templateKey,
      templateVersion: state.templateVersion,
      phase: state.phase,
      status: state.status,
      version: state.version,
      score,
      eligible,
      enteredPhaseAt: current.enteredAt,
      dueAt,
      registeredAt: state.registeredAt,
      registeredBy: state.registeredBy,
      cdaIds: state.cdaIds,
      gateUnmet: gates,
      waitingSince: waitingSince(current),
    },
    decisions: state.decisions.map((d) => ({
      id: d.id,
      clusterName: state.name,
      gate: d.gate,
      role: d.role,
      outcome: d.outcome,
      comment: d.comment,
      decidedBy: d.decidedBy,
      decidedAt: d.decidedAt,
      artefactVersionId: d.artefactVersionId,
      visit: d.visit,
      counts: counting.has(d.id),
      conditions: d.conditions ?? [],
      eventSeq: seqOfDecision.get(d.id) ?? null,
    })),
    artefactVersions: state.artefacts.flatMap((a) =>
      a.versions.map((v) => ({
        id: v.id,
        artefactId: a.id,
        number: v.number,
        type: a.type,
        title: v.title,
        uri: v.uri,
        sha256: v.sha256,
        fields: v.fields,
        submittedBy: v.submittedBy,
        submittedAt: v.submittedAt,
        eventSeq: seqOfVersion.get(v.id) ?? null,
      })),
    ),
    indicatorValues,
    indicatorPeriods: indicatorPeriodRows(state).map((r) => ({ ...r, templateKey: state.templateKey })),
    indicatorSummaries: indicatorSummaryRows(state).map((r) => ({ ...r, templateKey: state.templateKey })),
    phaseVisits: state.visits.map((v) => ({ n: v.n, phase: v.phase, enteredAt: v.enteredAt, leftAt: v.leftAt, viaGate: v.viaGate, suspendedMs: v.suspendedMs })),
  };
}

/** Where a stored projection differs from the log: the table, the row (its key) and the column. */
export interface ProjectionDifference {
  table: 'cluster' | 'decision' | 'artefact_version' | 'indicator_value' | 'indicator_period' | 'indicator_summary' | 'phase_visit';
  /** The row: the cluster id, a decision or artefact version id, an indicator row id, `<indicator>/<period>`, an indicator, or a phase visit's n. */
  row: string;
  /** The column (snake_case, as in the database); null when a whole row is missing or extra. */
  column: string | null;
  /** The event the row comes from, when the log has it. */
  eventSeq: number | null;
  message: string;
}

type Columns<T> = { [K in keyof T]?: string };

const CLUSTER_COLUMNS: Columns<ClusterRowProjection> = {
  name: 'name', sector: 'sector', region: 'region', country: 'country', templateKey: 'template_id', templateVersion: 'template_id',
  phase: 'phase', status: 'status', version: 'version', score: 'score', eligible: 'eligible', enteredPhaseAt: 'entered_phase_at',
  dueAt: 'due_at', registeredAt: 'registered_at', registeredBy: 'registered_by', cdaIds: 'cda_ids', gateUnmet: 'gate_unmet',
  waitingSince: 'waiting_since',
};
const DECISION_COLUMNS: Columns<DecisionProjection> = {
  id: 'id', clusterName: 'cluster_name', gate: 'gate', role: 'role', outcome: 'outcome', comment: 'comment', decidedBy: 'decided_by',
  decidedAt: 'decided_at', artefactVersionId: 'artefact_version_id', visit: 'visit', counts: 'counts', conditions: 'conditions', eventSeq: 'event_id',
};
const VERSION_COLUMNS: Columns<ArtefactVersionProjection> = {
  id: 'id', artefactId: 'artefact_id', number: 'number', type: 'type', title: 'title', uri: 'uri', sha256: 'sha256', fields: 'fields',
  submittedBy: 'submitted_by', submittedAt: 'submitted_at', eventSeq: 'event_id',
};
const INDICATOR_COLUMNS: Columns<IndicatorValueProjection> = {
  indicator: 'indicator', period: 'period', value: 'value', note: 'note', recordedBy: 'recorded_by', recordedAt: 'recorded_at',
  supersededAt: 'superseded_at', eventSeq: 'event_id',
};
const PERIOD_COLUMNS: Columns<IndicatorPeriodProjection> = {
  indicator: 'indicator', period: 'period', templateKey: 'template_key', value: 'value', recordedAt: 'recorded_at', target: 'target', baseline: 'baseline',
};
const SUMMARY_COLUMNS: Columns<IndicatorSummaryProjection> = {
  indicator: 'indicator', templateKey: 'template_key', valueSum: 'value_sum', valueCount: 'value_count', valueMin: 'value_min', valueMax: 'value_max',
  valueLast: 'value_last', baseline: 'baseline', targetSum: 'target_sum', targetLatest: 'target_latest',
};
const VISIT_COLUMNS: Columns<PhaseVisitProjection> = {
  n: 'n', phase: 'phase', enteredAt: 'entered_at', leftAt: 'left_at', viaGate: 'via_gate', suspendedMs: 'suspended_ms',
};

const same = (a: unknown, b: unknown) => a === b || canonicalize(a ?? null) === canonicalize(b ?? null);
const shown = (value: unknown) => (value === undefined ? 'null' : JSON.stringify(value));

/**
 * The first difference between the projections the log implies and the stored ones, in the
 * order cluster row, phase visits, artefact versions, decisions, indicator values, indicator
 * periods, indicator summaries; null when
 * they agree. A stored row that is not in the log (inserted) and a row of the log that is not
 * stored (deleted) are differences too.
 */
export function projectionDifference(expected: ClusterProjections, stored: ClusterProjections, clusterId: string): ProjectionDifference | null {
  const rowDiff = compareRow('cluster', clusterId, null, expected.cluster, stored.cluster, CLUSTER_COLUMNS);
  if (rowDiff) return rowDiff;
  return (
    compareTable('phase_visit', expected.phaseVisits, stored.phaseVisits, (v) => String(v.n), () => null, VISIT_COLUMNS) ??
    compareTable('artefact_version', expected.artefactVersions, stored.artefactVersions, (v) => v.id, (v) => v.eventSeq, VERSION_COLUMNS) ??
    compareTable('decision', expected.decisions, stored.decisions, (d) => d.id, (d) => d.eventSeq, DECISION_COLUMNS) ??
    compareIndicators(expected.indicatorValues, stored.indicatorValues) ??
    compareTable('indicator_period', expected.indicatorPeriods, stored.indicatorPeriods, (r) => `${r.indicator}/${r.period}`, () => null, PERIOD_COLUMNS) ??
    compareTable('indicator_summary', expected.indicatorSummaries, stored.indicatorSummaries, (r) => r.indicator, () => null, SUMMARY_COLUMNS)
  );
}

function compareRow<T extends object>(
  table: ProjectionDifference['table'],
  row: string,
  eventSeq: number | null,
  expected: T,
  stored: T,
  columns: Columns<T>,
): ProjectionDifference | null {
  for (const key of Object.keys(columns) as (keyof T)[]) {
    if (same(expected[key], stored[key])) continue;
    const column = columns[key]!;
    const what =
      key === 'eventSeq'
        ? `names ${stored[key] == null ? 'an event that is not this cluster\'s' : `the event of seq ${String(stored[key])}`}, the log records it in seq ${shown(expected[key])}`
        : column === 'template_id'
          ? `names ${(stored as ClusterRowProjection).templateKey} version ${(stored as ClusterRowProjection).templateVersion}, the log says ${(expected as ClusterRowProjection).templateKey} version ${(expected as ClusterRowProjection).templateVersion}`
          : `is ${shown(stored[key])}, the log says ${shown(expected[key])}`;
    const label = table === 'cluster' ? 'the cluster row' : `${table} ${row}`;
    return { table, row, column, eventSeq, message: `${label}: ${column} ${what}` };
  }
  return null;
}

function compareTable<T extends object>(
  table: ProjectionDifference['table'],
  expected: readonly T[],
  stored: readonly T[],
  keyOf: (row: T) => string,
  seqOf: (row: T) => number | null,
  columns: Columns<T>,
): ProjectionDifference | null {
  const storedByKey = new Map(stored.map((r) => [keyOf(r), r]));
  for (const e of expected) {
    const key = keyOf(e);
    const s = storedByKey.get(key);
    const seq = seqOf(e);
    if (!s) {
      const from = seq != null ? ` (recorded by the event of seq ${seq})` : '';
      return { table, row: key, column: null, eventSeq: seq, message: `${table} ${key}${from} is missing from the table: the row was deleted` };
    }
    const d = compareRow(table, key, seq, e, s, columns);
    if (d) return d;
  }
  const expectedKeys = new Set(expected.map(keyOf));
  const extra = stored.find((r) => !expectedKeys.has(keyOf(r)));
  if (extra) {
    const key = keyOf(extra);
    return { table, row: key, column: null, eventSeq: null, message: `${table} ${key} is not in the log: the row was inserted` };
  }
  return null;
}

/** Indicator rows have random ids: they are matched to the log by the event they name. */
function compareIndicators(expected: readonly IndicatorValueProjection[], stored: readonly IndicatorValueProjection[]): ProjectionDifference | null {
  const bySeq = new Map<number, IndicatorValueProjection[]>();
  for (const s of stored) if (s.eventSeq != null) bySeq.set(s.eventSeq, [...(bySeq.get(s.eventSeq) ?? []), s]);
  for (const e of expected) {
    const rows = bySeq.get(e.eventSeq!) ?? [];
    const label = `the value of ${e.indicator} for ${e.period} recorded by the event of seq ${e.eventSeq}`;
    if (!rows.length) return { table: 'indicator_value', row: label, column: null, eventSeq: e.eventSeq, message: `indicator_value: ${label} is missing from the table: the row was deleted` };
    const [s] = rows;
    const d = compareRow('indicator_value', s.id ?? label, e.eventSeq, e, s, INDICATOR_COLUMNS);
    if (d) return d;
  }
  const expectedSeqs = new Set(expected.map((e) => e.eventSeq));
  const extra = stored.find((s) => s.eventSeq == null || !expectedSeqs.has(s.eventSeq) || bySeq.get(s.eventSeq)!.length > 1 && bySeq.get(s.eventSeq)![0] !== s);
  if (extra) {
    const row = extra.id ?? `${extra.indicator}/${extra.period}`;
    return { table: 'indicator_value', row, column: null, eventSeq: null, message: `indicator_value ${row} is not in the log: the row was inserted` };
  }
  return null;
}
