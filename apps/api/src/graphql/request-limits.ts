import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  getNamedType,
  isInterfaceType,
  isObjectType,
  valueFromASTUntyped,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { ErrorCode } from '@clusterflow/engine';
import { MAX_FIRST } from './connection';
import { MAX_COST } from './limits';

/**
 * The limits that need the request's variables, checked once the operation is known and
 * before anything runs (an Apollo plugin's didResolveOperation; the validation rules in
 * limits.ts see only the document):
 * - the cost, counted as GraphQL Armor counts it but with `first` as the request gives it
 *   (a literal or a variable), so `clusters(first: $f)` weighs what it will return;
 * - the list items one request may return (MAX_NODES), with `first` left at its default counted too;
 * - the fields that run heavy work (HEAVY_FIELDS), at most once per request;
 * - text with a NUL character (PostgreSQL cannot store it), BAD_USER_INPUT.
 */

/** List items (the sum of `first` over every paged field, as the request gives it) one request may ask for: four full pages of 500. */
export const MAX_NODES = 2000;
/** Fields that read or replay a whole agency's history (or sign a head): at most once per request, however aliased. */
export const HEAVY_FIELDS: readonly string[] = ['verifyReplay', 'verifyAuditTrail', 'auditHead'];

const refusal = (message: string, code: ErrorCode) => new GraphQLError(message, { extensions: { code, http: { status: 400 } } });

export interface OperationMeasure {
  /** GraphQL Armor's cost (scalar 1, object 2 + 1.5 × its selection, × `first`), with `first` as given (a literal or a variable). */
  cost: number;
  /** List items the paged fields may return. */
  nodes: number;
  /** How often each heavy field is asked for. */
  heavy: Map<string, number>;
}

/** The cost, the list items and the heavy fields of one operation with its variables. Fragments are counted where they are spread (once per cycle). */
export function measureOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> = {}): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const defaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) if (v.defaultValue) defaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));
  const measure: OperationMeasure = { cost: 0, nodes: 0, heavy: new Map() };

  /** `first` as the request gives it (`given`: a literal or a variable) and as the field will use it (`used`: also its default); null without one. */
  const firstOf = (field: FieldNode, type: GraphQLNamedType | undefined): { given: number; used: number } | null => {
    const def = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[field.name.value] : undefined;
    const argDef = def?.args.find((a) => a.name === 'first');
    const arg = field.arguments?.find((a) => a.name.value === 'first');
    if (!argDef && !arg) return null;
    let given: unknown;
    if (arg?.value.kind === Kind.INT) given = Number(arg.value.value);
    else if (arg?.value.kind === Kind.VARIABLE) {
      const name = arg.value.name.value;
      given = Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : defaults.get(name);
    }
    // More than MAX_FIRST is BAD_USER_INPUT when the field runs, and never returns more.
    const count = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? Math.min(v, MAX_FIRST) : 1);
    return { given: count(given), used: count(given ?? argDef?.defaultValue) };
  };

  const fieldCost = (field: FieldNode, parent: GraphQLNamedType | undefined, above: number, root: boolean, open: ReadonlySet<string>): number => {
    if (field.name.value === '__schema') return 0;
    if (root && HEAVY_FIELDS.includes(field.name.value)) measure.heavy.set(field.name.value, (measure.heavy.get(field.name.value) ?? 0) + 1);
    if (!field.selectionSet) return 1;
    const def = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[field.name.value] : undefined;
    const first = firstOf(field, parent);
    if (first !== null) measure.nodes += above * first.used;
    // The cost multiplies by `first` as given, as GraphQL Armor does with literals (a page left at its default counts once).
    const multiplier = first?.given ?? 1;
    return (2 + selectionCost(field.selectionSet, def ? getNamedType(def.type) : undefined, above * multiplier, false, open)) * multiplier;
  };

  const selectionCost = (set: SelectionSetNode, type: GraphQLNamedType | undefined, above: number, root: boolean, open: ReadonlySet<string>): number => {
    let cost = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) cost += (root ? 1 : 1.5) * fieldCost(s, type, above, root, open);
      else if (s.kind === Kind.INLINE_FRAGMENT) cost += selectionCost(s.selectionSet, s.typeCondition ? schema.getType(s.typeCondition.name.value) ?? type : type, above, root, open);
      else {
        const fragment = fragments.get(s.name.value);
        if (!fragment || open.has(s.name.value)) continue;
        cost += selectionCost(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? type, above, root, new Set([...open, s.name.value]));
      }
    }
    return cost;
  };

  measure.cost = selectionCost(operation.selectionSet, schema.getRootType(operation.operation) ?? undefined, 1, true, new Set());
  return measure;
}

/** Whether a document's string literals hold U+0000, per document: Apollo keeps one parsed document per query text, so a repeated query is looked at once. */
const documentNul = new WeakMap<DocumentNode, boolean>();

function documentHoldsNul(document: DocumentNode): boolean {
  let found = documentNul.get(document);
  if (found === undefined) {
    found = false;
    visit(document, {
      StringValue(node) {
        if (node.value.includes('\u0000')) found = true;
      },
    });
    documentNul.set(document, found);
  }
  return found;
}

/** Whether any string in the variables or the document holds U+0000. Iterative. */
export function holdsNul(document: DocumentNode, variables: unknown): boolean {
  let found = documentHoldsNul(document);
  const stack: unknown[] = [variables];
  while (!found && stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') found = v.includes('\u0000');
    else if (v !== null && typeof v === 'object') for (const [k, child] of Object.entries(v)) {
      if (k.includes('\u0000')) found = true;
      stack.push(child);
    }
  }
  return found;
}

/** Throws the refusal an operation earns with these variables, if any (see the module comment). */
export function checkOperation(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, variables: Record<string, unknown> | undefined): void {
  if (holdsNul(document, variables)) {
    throw refusal('Text may not contain the NUL character (U+0000)', ErrorCode.BAD_USER_INPUT);
  }
  const { cost, nodes, heavy } = measureOperation(schema, document, operation, variables);
  if (cost > MAX_COST) throw refusal(`Query Cost limit of ${MAX_COST} exceeded, found ${Math.round(cost)} (counting \`first\` as the variables give it).`, ErrorCode.QUERY_TOO_COMPLEX);
  if (nodes > MAX_NODES) throw refusal(`The query asks for up to ${nodes} list items (the sum of \`first\` over its paged fields); at most ${MAX_NODES} per request`, ErrorCode.QUERY_TOO_COMPLEX);
  for (const [field, count] of heavy) {
    if (count > 1) throw refusal(`\`${field}\` may be asked for once per request, not ${count} times`, ErrorCode.QUERY_TOO_COMPLEX);
  }
}

/** checkOperation on every HTTP request, before execution. */
export const requestLimitsPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operation, request, schema }) {
        if (operation) checkOperation(schema, document, operation, request.variables);
      },
    };
  },
};
