import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext } from 'graphql';
import { ErrorCode } from '@clusterflow/engine';

/** The contract's limits; a request beyond them is answered with QUERY_TOO_COMPLEX. */
export const MAX_ALIASES = 100;
export const MAX_DEPTH = 15;

const tooComplex = (message: string) => new GraphQLError(message, { extensions: { code: ErrorCode.QUERY_TOO_COMPLEX } });

/** At most MAX_ALIASES aliased fields in the whole document. */
export function maxAliasesRule(context: ValidationContext): ASTVisitor {
  let aliases = 0;
  let reported = false;
  return {
    Field(node) {
      if (!node.alias || reported) return;
      if (++aliases > MAX_ALIASES) {
        reported = true;
        context.reportError(tooComplex(`The query uses more than ${MAX_ALIASES} aliases`));
      }
    },
  };
}

/** Selection sets nested at most MAX_DEPTH deep, following fragment spreads (cycles stop). */
export function maxDepthRule(context: ValidationContext): ASTVisitor {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of context.getDocument().definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);

  const depthOf = (set: SelectionSetNode | undefined, depth: number, seen: Set<string>): number => {
    if (!set || depth > MAX_DEPTH) return depth;
    let deepest = depth;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) deepest = Math.max(deepest, sel.selectionSet ? depthOf(sel.selectionSet, depth + 1, seen) : depth);
      else if (sel.kind === Kind.INLINE_FRAGMENT) deepest = Math.max(deepest, depthOf(sel.selectionSet, depth, seen));
      else if (!seen.has(sel.name.value)) {
        const frag = fragments.get(sel.name.value);
        if (frag) deepest = Math.max(deepest, depthOf(frag.selectionSet, depth, new Set([...seen, sel.name.value])));
      }
      if (deepest > MAX_DEPTH) break;
    }
    return deepest;
  };

  return {
    OperationDefinition(node) {
      if (depthOf(node.selectionSet, 1, new Set()) > MAX_DEPTH) {
        context.reportError(tooComplex(`The query is nested deeper than ${MAX_DEPTH} levels`));
      }
    },
  };
}
