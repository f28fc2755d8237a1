export * from './types';
export { loadTemplate, checkMigrationSource } from './loader';
export { formatPath, type PathSegment, type TemplatePath } from './template-path';
export { programmeTemplateSchema, TEMPLATE_LIMITS, SCHEMA_ID, ID_PATTERN, KEY_PATTERN, DURATION_PATTERN } from './template-schema';
export { MAX_SOURCE_BYTES, MAX_NESTING_DEPTH, MAX_ALIAS_COUNT, MAX_COLLECTION_ENTRIES, MAX_LISTED_PROBLEMS } from './yaml-source';
export { parseDuration, approximateDays, isDuration, type Duration } from './duration';
export {
  analyseTemplate,
  analysePhaseGraph,
  approvalConcerns,
  phaseGraphOf,
  reachableFrom,
  phasesThatCanFinish,
  type PhaseGraph,
  type PhaseEdge,
  type PhaseGraphFindings,
  type ApprovalConcern,
} from './analysis';
export {
  compileMachine,
  initialPhase,
  isSuspended,
  phaseOf,
  restoreSnapshot,
  RUNNING,
  SUSPENDED,
  type AdvanceEvent,
  type GateCheck,
  type PhaseContext,
  type PhaseEvent,
  type PhaseMachine,
} from './compiler';
export { EXPIRY_LABEL_PREFIX, toMermaid } from './mermaid';
