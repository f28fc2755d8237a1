import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition, relayStylePagination } from '@apollo/client/utilities';
import { createClient, type Client } from 'graphql-ws';
import { Kind, OperationTypeNode } from 'graphql';
import { session } from './session';

export type Reconnected = () => void;
const reconnectListeners = new Set<Reconnected>();

/** Called after the live connection comes back, so pages can catch up from auditTrail. */
export function onReconnected(listener: Reconnected): () => void {
  reconnectListeners.add(listener);
  return () => reconnectListeners.delete(listener);
}

let wsClient: Client | undefined;

function liveClient(): Client {
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let connectedBefore = false;
  return createClient({
    url: url.toString(),
    lazy: true,
    connectionParams: () => {
      const token = session.token();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    retryAttempts: Infinity,
    shouldRetry: () => true,
    on: {
      connected: () => {
        if (connectedBefore) for (const l of reconnectListeners) l();
        connectedBefore = true;
      },
    },
  });
}

/** One client for the app: queries and mutations over HTTP, subscriptions over graphql-ws. */
export function createApolloClient(): ApolloClient {
  const http = new HttpLink({ uri: '/graphql' });
  const auth = new SetContextLink((prev) => {
    const token = session.token();
    return { headers: { ...prev.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
  });
  wsClient = liveClient();
  // A new person signs in: the live connection must carry their token.
  session.subscribe(() => wsClient?.terminate());
  const ws = new GraphQLWsLink(wsClient);
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
