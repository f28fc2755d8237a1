/** Bounds of template expressions (CEL), stated in the JSON Schema and enforced when checking and parsing. */
export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_DERIVED = 50;
export const MAX_CHECKS_PER_REQUIREMENT = 50;
/** Parse-time limits of @marcbachmann/cel-js: nodes of one expression, nesting, literal sizes, call arguments. */
export const CEL_LIMITS = { maxAstNodes: 400, maxDepth: 32, maxListElements: 100, maxMapEntries: 100, maxCallArguments: 8 };
