import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { getMainDefinition, relayStylePagination } from '@apollo/client/utilities';
import { Observable } from 'rxjs';
import { Kind, OperationTypeNode } from 'graphql';
import { session } from './session';

export type Reconnected = () => void;
const reconnectListeners = new Set<Reconnected>();

/** Called after the live connection comes back, so pages can catch up from auditTrail. */
export function onReconnected(listener: Reconnected): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

/** Subscriptions go through graphql-ws, loaded when the first one starts. */
class LazyLiveLink extends ApolloLink {
  private link: Promise<ApolloLink> | undefined;

  override request(operation: ApolloLink.Operation): Observable<ApolloLink.Result> {
    this.link ??= import('./live').then(({ createLiveLink }) => createLiveLink(() => reconnectListeners.forEach((l) => l())));
    return new Observable((observer) => {
      let sub: { unsubscribe(): void } | undefined;
      let closed = false;
      this.link!.then((link) => {
        if (closed) return;
        sub = link.request(operation, () => new Observable()).subscribe(observer);
      }, (e) => observer.error(e));
      return () => {
        closed = true;
        sub?.unsubscribe();
      };
    });
  }
}

/** One client for the app: queries and mutations over HTTP, subscriptions over graphql-ws. */
export function createApolloClient(): ApolloClient {
  const http = new HttpLink({ uri: '/graphql' });
  const auth = new SetContextLink((prev) => {
    const token = session.token();
    return { headers: { ...prev.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
  });
  const ws = new LazyLiveLink();
  const link = ApolloLink.split(
    ({ query }) => {
      const def = getMainDefinition(query);
      return def.kind === Kind.OPERATION_DEFINITION && def.operation === OperationTypeNode.SUBSCRIPTION;
    },
    ws,
    ApolloLink.from([auth, http]),
  );
  return new ApolloClient({
    link,
    cache: new InMemoryCache({
      typePolicies: {
        Query: {
          fields: {
            clusters: relayStylePagination(['filter', 'sort']),
            approvalHistory: relayStylePagination(['filter']),
            auditTrail: relayStylePagination(['clusterId']),
            myWork: relayStylePagination(false),
            // Keyed by `first` too: the bell's few and the notifications page's pages are separate lists.
            notifications: relayStylePagination(['unreadOnly', 'first']),
            webhookDeliveries: relayStylePagination(['webhookId']),
          },
        },
        Viewer: { keyFields: ['userId'] },
        GateReadiness: { keyFields: false },
        UnmetRequirement: { keyFields: false },
        PhaseVisit: { keyFields: false },
        MilestoneStatus: { keyFields: false },
        IndicatorSummary: { keyFields: false },
      },
    }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network' } },
  });
}
