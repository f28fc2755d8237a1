/**
 * A cluster's life as data: the commands callers send, the events the engine records, and
 * the snapshot folded from those events. Everything here is JSON-safe (timestamps are ISO
 * 8601 UTC strings with milliseconds), so a snapshot stored in the database and a snapshot
 * rebuilt by replaying the events compare with a deep equality.
 */
import type { StateValue } from 'xstate';
import type { ScalarValue } from '../template/types';

export type ClusterStatus = 'ACTIVE' | 'SUSPENDED' | 'FINISHED';
/**
 * `APPROVE_WITH_CONDITIONS` counts as an approval and records conditions that stay open on the
 * cluster until closed; `DEFER` is recorded and counts for nothing (it replaces the person's
 * earlier decision on the requirement, like any later decision).
 */
export type Outcome = 'APPROVE' | 'REJECT' | 'APPROVE_WITH_CONDITIONS' | 'DEFER';
export type PeriodKind = 'year' | 'quarter' | 'month';

/** Who sends a command: the verified token's user and every role it holds. */
export interface Actor {
  userId: string;
  name?: string;
  roles: readonly string[];
}

// ---------------------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------------------

/** An uploaded file as a submission attaches it (POST /files): the facts the event records. */
export interface FileFacts {
  id: string;
  sha256: string;
  size: number;
  name: string;
  mediaType: string;
}

/**
 * A file id a submission names, as the caller found it under the submission's lock: the
 * agency's stored file (and whether it is attached already), or null when the agency has none
 * with that id (unknown, or another agency's).
 */
export interface SubmittedFile {
  id: string;
  stored: (FileFacts & { attached: boolean }) | null;
}

export interface ArtefactVersionState {
  id: string;
  number: number;
  title: string;
  uri: string | null;
  sha256: string | null;
  fields: Record<string, ScalarValue>;
  submittedBy: string;
  submittedAt: string;
  /** The attached files, in the order submitted; absent when the version has none. */
  files?: FileFacts[];
}

export interface ArtefactState {
  id: string;
  type: string;
  /** Oldest first; the last one is the latest. */
  versions: ArtefactVersionState[];
}

/** A condition of an `APPROVE_WITH_CONDITIONS` decision: open until `closeCondition`. */
export interface ConditionState {
  id: string;
  text: string;
  closedAt: string | null;
  closedBy: string | null;
  note: string | null;
}

export interface DecisionState {
  id: string;
  /** A gate id or a milestone id (one namespace within a template). */
  gate: string;
  role: string;
  outcome: Outcome;
  decidedBy: string;
  decidedAt: string;
  /** Set when the requirement has `of:`; such decisions follow the document, not the visit. */
  artefactVersionId: string | null;
  comment: string | null;
  /** The phase visit (`PhaseVisitState.n`) the decision was given in. */
  visit: number;
  /** Only on `APPROVE_WITH_CONDITIONS` (absent otherwise, so version 1 snapshots are unchanged). */
  conditions?: ConditionState[];
}

export interface IndicatorValueState {
  period: string;
  value: number;
  note: string | null;
  recordedBy: string;
  recordedAt: string;
  /** Set when a later recording for the same period replaced this one (kept as history). */
  supersededAt: string | null;
}

export interface IndicatorState {
  /** Every recording in order, superseded ones included. */
  values: IndicatorValueState[];
  baseline: number | null;
  /** Sorted by period. */
  targets: { period: string; value: number }[];
}

export interface PhaseVisitState {
  /** 1 for the first visit of the cluster's life, then 2, 3... across all phases. */
  n: number;
  phase: string;
  enteredAt: string;
  leftAt: string | null;
  /** The gate passed to enter; null for the initial phase. */
  viaGate: string | null;
  /** Suspended time in this visit so far, in milliseconds, not counting an ongoing suspension. */
  suspendedMs: number;
  /** Milestones reached in this visit, by id. */
  milestones: Record<string, string>;
  /** Gates escalated in this visit (ESCALATED, version 2), by id, with the time; absent until one is. */
  escalated?: Record<string, string>;
}

export interface RoleAssignmentState {
  userId: string;
  role: string;
}

/**
 * The folded state of one cluster: everything gate readiness needs, so readiness is a pure
 * function of the snapshot and `now`.
 */
export interface ClusterState {
  id: string;
  name: string;
  sector: string | null;
  region: string | null;
  country: string | null;
  attributes: Record<string, ScalarValue>;
  templateKey: string;
  templateVersion: number;
  /** The XState state value of the phase machine (`{ phase: 'running' }`, or `'final_phase'`). */
  machine: StateValue;
  phase: string;
  status: ClusterStatus;
  /** Number of events folded in; equals the last event's `seq`. */
  version: number;
  registeredAt: string;
  registeredBy: string;
  cdaIds: string[];
  roleAssignments: RoleAssignmentState[];
  /** Criterion id → score. */
  scores: Record<string, number>;
  /** In submission order. */
  artefacts: ArtefactState[];
  /** In decision order. */
  decisions: DecisionState[];
  /** Indicator id → recordings and plan; only indicators that have any. */
  indicators: Record<string, IndicatorState>;
  /** Oldest first; the last one is the current visit. */
  visits: PhaseVisitState[];
  suspension: { since: string; reason: string } | null;
  /**
   * Decision ids used to pass a gate or reach a milestone: frozen as counting for good
   * (their `counts` stays true).
   */
  frozen: string[];
}

// ---------------------------------------------------------------------------------------
// Commands (what callers ask for). Ids of new things are generated by the caller, so the
// engine stays pure.
// ---------------------------------------------------------------------------------------

export interface RegisterCommand {
  type: 'REGISTER';
  clusterId: string;
  name: string;
  sector?: string | null;
  region?: string | null;
  country?: string | null;
  attributes?: unknown;
}

export type ClusterCommand =
  | { type: 'ASSIGN_CDA'; userId: string }
  | { type: 'UNASSIGN_CDA'; userId: string }
  | { type: 'ASSIGN_ROLE'; userId: string; role: string }
  | { type: 'UNASSIGN_ROLE'; userId: string; role: string }
  | { type: 'SCORE'; scores: { criterion: string; score: number }[] }
  | {
      type: 'SUBMIT_ARTEFACT';
      /** Id for the new artefact (used only when `artefactId` is absent). */
      newArtefactId: string;
      /** Id for the new version. */
      newVersionId: string;
      artefactType: string;
      title: string;
      artefactId?: string | null;
      uri?: string | null;
      sha256?: string | null;
      fields?: unknown;
      /** Files to attach (ids from POST /files), each as the caller found it under the lock. */
      files?: readonly SubmittedFile[];
    }
  | {
      type: 'DECIDE';
      decisionId: string;
      gate: string;
      role: string;
      outcome: Outcome;
      artefactVersionId?: string | null;
      comment?: string | null;
      /** Required (non-empty) with APPROVE_WITH_CONDITIONS, refused otherwise; ids generated by the caller. */
      conditions?: readonly { id: string; text: string }[] | null;
    }
  | { type: 'CLOSE_CONDITION'; conditionId: string; note: string }
  | { type: 'RECORD_INDICATOR'; indicator: string; period: string; value: number; note?: string | null }
  | { type: 'SET_INDICATOR_PLAN'; indicator: string; baseline?: number | null; targets: { period: string; value: number }[] }
  | { type: 'REACH_MILESTONE'; milestone: string }
  | { type: 'ADVANCE'; gate: string; expectedVersion?: number | null }
  | { type: 'SUSPEND'; reason: string }
  | { type: 'RESUME' };

export type CommandType = ClusterCommand['type'] | RegisterCommand['type'];

// ---------------------------------------------------------------------------------------
// Events (what is recorded). A payload holds everything `apply` needs, never a reference
// to the command.
// ---------------------------------------------------------------------------------------

export interface EventPayloads {
  REGISTERED: {
    name: string;
    sector: string | null;
    region: string | null;
    country: string | null;
    attributes: Record<string, ScalarValue>;
    templateKey: string;
    templateVersion: number;
    /** The registering CDA, assigned at once; empty when an agency_admin registers. */
    cdaIds: string[];
  };
  CDA_ASSIGNED: { userId: string };
  CDA_UNASSIGNED: { userId: string };
  ROLE_ASSIGNED: { userId: string; role: string };
  ROLE_UNASSIGNED: { userId: string; role: string };
  /** Only the criteria scored by this command; earlier scores of other criteria stay. */
  SCORED: { scores: Record<string, number> };
  ARTEFACT_SUBMITTED: {
    artefactId: string;
    versionId: string;
    number: number;
    type: string;
    title: string;
    uri: string | null;
    sha256: string | null;
    fields: Record<string, ScalarValue>;
    /** The attached files' facts, so the hash chain covers their bytes; absent when none. */
    files?: FileFacts[];
  };
  DECIDED: {
    decisionId: string;
    gate: string;
    role: string;
    outcome: Outcome;
    artefactVersionId: string | null;
    comment: string | null;
    /** Only with APPROVE_WITH_CONDITIONS (absent otherwise, so version 1 events hash the same). */
    conditions?: { id: string; text: string }[];
  };
  /** A condition of an earlier decision closed, with the closer's note. */
  CONDITION_CLOSED: { decisionId: string; conditionId: string; note: string };
  INDICATOR_RECORDED: { indicator: string; period: string; value: number; note: string | null };
  INDICATOR_PLAN_SET: { indicator: string; baseline: number | null; targets: { period: string; value: number }[] };
  /** `decisionsUsed`: the decisions that satisfied the milestone's approvals, frozen. */
  MILESTONE_REACHED: { milestone: string; decisionsUsed: string[] };
  /** `decisionsUsed`: the decisions the matching assigned to the gate's approvals, frozen. */
  ADVANCED: { gate: string; from: string; to: string; decisionsUsed: string[] };
  SUSPENDED: { reason: string };
  RESUMED: { suspendedMs: number };
  /**
   * The cluster moves to another version of its template: from phase `from` of version
   * `fromVersion` to phase `to` of `toVersion`, in the same phase visit. Everything
   * recorded carries over; later events are folded under `toVersion`.
   */
  MIGRATED: {
    fromVersion: number;
    toVersion: number;
    from: string;
    to: string;
    /** Renamed gates (old id → new id) whose decisions on record now count under the new id; absent when none. */
    gates?: Record<string, string>;
  };
  /**
   * Version 2, recorded by the system (actor `system`): gate `gate` was still unmet when the
   * gate's `escalate.after` had passed in phase visit `visit` (suspension excluded); `role` is
   * told. Once per gate and phase visit.
   */
  ESCALATED: { gate: string; visit: number; role: string; after: string };
  /**
   * Version 2, recorded by the system (actor `system`): phase `from` expired after `after` in
   * phase visit `visit` (suspension excluded), and the cluster moved to phase `to` (a new visit).
   */
  PHASE_EXPIRED: { from: string; to: string; visit: number; after: string };
}

export type EventType = keyof EventPayloads;

/** What `decide` returns: the event to record, before the caller stamps it. */
export type DecidedEvent = { [T in EventType]: { type: T; role: string | null; payload: EventPayloads[T] } }[EventType];

/** An event as stored (the caller adds seq, actor and time; the hash chain is the caller's). */
export type ClusterEvent = DecidedEvent & {
  clusterId: string;
  seq: number;
  actor: string;
  actorName: string | null;
  /** ISO 8601 UTC with milliseconds. */
  at: string;
};

// ---------------------------------------------------------------------------------------
// Derived views
// ---------------------------------------------------------------------------------------

export type UnmetKind = 'ARTEFACT' | 'APPROVAL' | 'SCORE' | 'ELIGIBILITY' | 'INDICATOR' | 'MILESTONE' | 'AFTER' | 'CONDITIONS' | 'CHECK';

export interface UnmetRequirement {
  kind: UnmetKind;
  /** A sentence for people. */
  detail: string;
  role?: string;
  artefactType?: string;
  indicator?: string;
  milestone?: string;
  attribute?: string;
  /** CONDITIONS: the open conditions' ids. */
  conditionIds?: string[];
  have?: number;
  need?: number;
}

/** An unmet requirement of a named gate (what a migration plan lists). */
export interface GateUnmetRequirement extends UnmetRequirement {
  gate: string;
}

export interface Readiness {
  ready: boolean;
  unmet: UnmetRequirement[];
  /** The decisions a maximum matching uses for the approval requirements (may be partial). */
  decisionsUsed: string[];
}

export interface GateReadiness extends Readiness {
  gate: string;
  to: string;
}

export interface MilestoneStatus {
  milestone: string;
  reached: boolean;
  reachedAt: string | null;
}

export interface IndicatorSummary {
  indicator: string;
  aggregate: number | null;
  baseline: number | null;
  target: number | null;
  progress: number | null;
  /** Current values (one per period, superseded ones left out), by period. */
  values: IndicatorValueState[];
  targets: { period: string; value: number }[];
}
