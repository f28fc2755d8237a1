/**
 * The normalized programme template: what the loader returns once a YAML template is
 * valid. Every default is filled in (titles, counts, `from` lists, the built-in `cda`
 * role), so consumers never have to re-read the YAML rules.
 */
import { AGENCY_ADMIN, AUDITOR, CDA } from '../roles';

/** One rejection or warning: a path in the template and, for YAML text, a 1-based position. */
export interface Problem {
  /** `gates[3].requires.approvals[0].role`, `phases.diagnostic.due`; `''` for the whole document. */
  path: string;
  line: number | null;
  column: number | null;
  message: string;
}

export type RoleScope = 'agency' | 'cluster';

export interface RoleDefinition {
  id: string;
  title: string;
  scope: RoleScope;
}

/** `money` (version 2): an exact amount with at most two decimals, stored as a decimal string (`"1234.50"`), in `currency`. */
export type ValueType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'money';

/** A typed fact: a cluster attribute or an artefact metadata field. */
export interface FieldDefinition {
  id: string;
  type: ValueType;
  title: string;
  required: boolean;
  /** Only for `integer`, `number` and `money`. */
  min?: number;
  max?: number;
  /** Only for `string`: the allowed strings. */
  values?: string[];
  /** Only for `money`: the ISO 4217 code of its amounts. */
  currency?: string;
}

export type ScalarValue = string | number | boolean;

export interface CriterionDefinition {
  id: string;
  title: string;
  weight: number;
}

export interface EligibilityThreshold {
  attribute: string;
  min?: number;
  max?: number;
  equals?: ScalarValue;
}

export interface SelectionDefinition {
  scale: { min: number; max: number };
  criteria: Record<string, CriterionDefinition>;
  eligibility: EligibilityThreshold[];
}

/** `files` of an artefact type (template language v2): how many files a version carries, and of which kinds. */
export interface ArtefactFilesDefinition {
  /** Fewer is accepted, but the version does not count for the type's artefact requirements. */
  min: number;
  max: number;
  /** Extensions from the fixed list (`ACCEPT_MEDIA_TYPES`); null: any kind. */
  accept: string[] | null;
}

export interface ArtefactTypeDefinition {
  id: string;
  title: string;
  fields: Record<string, FieldDefinition>;
  /** Absent: any number of files (up to the server's limit) of any kind. */
  files?: ArtefactFilesDefinition;
  /** Roles that may submit the type (`cda`: the cluster's assigned CDAs); absent: the cluster's CDAs. Agency admins always may. */
  submitters?: string[];
}

export type Aggregation = 'sum' | 'last' | 'avg' | 'max' | 'min';

export interface IndicatorDefinition {
  id: string;
  title: string;
  unit?: string;
  aggregation: Aggregation;
}

export interface ArtefactRequirement {
  type: string;
  count: number;
  /** Equality on the latest version's metadata fields. */
  where?: Record<string, ScalarValue>;
}

export interface ApprovalRequirement {
  role: string;
  count: number;
  /** Artefact type the decisions are bound to. */
  of?: string;
}

export interface IndicatorRequirement {
  indicator: string;
  min?: number;
  max?: number;
}

/** What a gate or a milestone requires. Lists are always present (maybe empty). */
export interface CheckDefinition {
  expr: string;
  message: string;
}

export interface Requirements {
  artefacts: ArtefactRequirement[];
  approvals: ApprovalRequirement[];
  score?: { min: number };
  /** True when every `selection.eligibility` threshold must hold. */
  eligible?: true;
  indicators: IndicatorRequirement[];
  /** Milestone ids of the current phase. */
  milestones: string[];
  /** ISO 8601 duration, e.g. `P3M`. */
  after?: string;
  /** CEL rules that must hold, each with its message (version 2); absent when none. */
  checks?: CheckDefinition[];
  /** `closed`: every condition of an APPROVE_WITH_CONDITIONS on the cluster is closed (version 2). */
  conditions?: 'closed';
}

export interface MilestoneDefinition {
  id: string;
  title: string;
  requires: Requirements;
}

export interface PhaseDefinition {
  id: string;
  title: string;
  initial: boolean;
  final: boolean;
  /** ISO 8601 duration, e.g. `P6M`. */
  due?: string;
  /** Version 2: after this long in the phase (suspension excluded) the system moves the cluster to `to`; absent when none. */
  expires?: ExpiryDefinition;
  milestones: MilestoneDefinition[];
}

/** A phase's `expires` (version 2): `after` an ISO 8601 duration, `to` a declared phase. */
export interface ExpiryDefinition {
  after: string;
  to: string;
}

/** A gate's `escalate` (version 2): `after` an ISO 8601 duration, `to` a declared role (or `cda`). */
export interface EscalationDefinition {
  after: string;
  to: string;
}

export interface GateDefinition {
  id: string;
  title: string;
  from: string[];
  to: string;
  requires: Requirements;
  /** Version 2: the role told (with an ESCALATED event) when the gate stays unmet this long in a phase visit; absent when none. */
  escalate?: EscalationDefinition;
}

export interface TemplateDefinition {
  key: string;
  version: number;
  /** In the default language when the template gives titles per language. */
  title: string;
  /** Version 2: the languages the template gives titles in, the default first; absent when none. */
  languages?: string[];
  /**
   * Version 2, with `languages`: every title given, `{ "<lang>": { "<path>": "<title>" } }` with paths as in
   * problems (`title`, `phases.selection.title`, `gates[2].title`); plain titles count as the default language's.
   */
  titles?: Record<string, Record<string, string>>;
  description?: string;
  /** Declared roles plus the built-in `cda`. */
  roles: Record<string, RoleDefinition>;
  attributes: Record<string, FieldDefinition>;
  selection: SelectionDefinition | null;
  artefacts: Record<string, ArtefactTypeDefinition>;
  indicators: Record<string, IndicatorDefinition>;
  /** Computed values (CEL), in template order (version 2); absent when none. */
  derived?: { id: string; expr: string }[];
  /** In template order; exactly one has `initial: true`. */
  phases: PhaseDefinition[];
  gates: GateDefinition[];
  /** How clusters on an earlier version map onto this one; absent when the template says nothing. */
  migration?: MigrationDefinition;
}

/** The optional `migration` section: phase ids of version `from` → phase ids of this version. */
export interface MigrationDefinition {
  from: number;
  phases: Record<string, string>;
  /** Version 2: gate ids of version `from` → gate ids of this version (renamed gates); absent when none. */
  gates?: Record<string, string>;
}

export interface LoadResult {
  template: TemplateDefinition | null;
  errors: Problem[];
  warnings: Problem[];
}

/** The built-in role every template has. */
export const BUILT_IN_ROLE = CDA;
/** Roles the platform owns; a template may not declare them. */
export const RESERVED_ROLES: readonly string[] = [AGENCY_ADMIN, AUDITOR];
