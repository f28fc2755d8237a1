import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, Kind, type DocumentNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { DomainError, ErrorCode } from '@clusterflow/engine';
import { authenticate } from '../auth/auth.guard';
import type { Principal } from '@clusterflow/application/auth/principal';
import type { TokenService } from '@clusterflow/application/auth/token.service';

interface RequestContext extends BaseContext {
  req?: { headers: Record<string, string | string[] | undefined>; user?: Principal };
}

/** Whether the operation asks for `__schema` or `__type` at its root (fragments included). */
export function asksIntrospection(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const fragments = new Map(document.definitions.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d.selectionSet] as const] : [])));
  const seen = new Set<string>();
  const walk = (set: SelectionSetNode): boolean =>
    set.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === '__schema' || s.name.value === '__type';
      if (s.kind === Kind.INLINE_FRAGMENT) return walk(s.selectionSet);
      if (seen.has(s.name.value)) return false;
      seen.add(s.name.value);
      const fragment = fragments.get(s.name.value);
      return !!fragment && walk(fragment);
    });
  return walk(operation.selectionSet);
}

/**
 * With INTROSPECTION=token (the default in production), introspection needs a valid token
 * like every query (GraphiQL and code generators send one); without, it answers
 * UNAUTHENTICATED (HTTP 401) and nothing runs. `__typename` is not introspection.
 */
export function introspectionGate(tokens: TokenService): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operation, contextValue }) {
          if (!operation || !asksIntrospection(document, operation)) return;
          try {
            await authenticate(tokens, contextValue.req ?? { headers: {} });
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            const status = e.code === ErrorCode.SERVICE_UNAVAILABLE ? 503 : 401;
            throw new GraphQLError(e.message, { originalError: e, extensions: { code: e.code, http: { status } } });
          }
        },
      };
    },
  };
}
