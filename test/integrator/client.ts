import { ApolloClient, ApolloLink, HttpLink, InMemoryCache } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, type Client } from 'graphql-ws';
import { Kind, OperationTypeNode } from 'graphql';
import WebSocket from 'ws';

export interface IntegratorClient {
  apollo: ApolloClient;
  ws: Client;
  dispose(): Promise<void>;
}

/**
 * What an integrator writes: Apollo Client 4 with its default InMemoryCache (objects keyed by
 * __typename and id), queries and mutations over HTTP, subscriptions over graphql-ws on the
 * same path with the token in connectionParams.
 */
export function integratorClient(baseUrl: string, token: string): IntegratorClient {
  // Apollo's GraphQLWsLink reads the global WebSocket (WebSocket.CLOSED) when a subscription
  // fails; Node 20 has none (Node 22 has), so a Node 20 client provides ws's.
  (globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;
  const authorization = `Bearer ${token}`;
  const http = new HttpLink({ uri: `${baseUrl}/graphql`, headers: { authorization } });
  const ws = createClient({ url: `${baseUrl.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization }, retryAttempts: 0 });
  const link = ApolloLink.split(
    ({ query }) => {
      const definition = getMainDefinition(query);
      return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
    },
    new GraphQLWsLink(ws),
    http,
  );
  const apollo = new ApolloClient({ link, cache: new InMemoryCache() });
  return {
    apollo,
    ws,
    async dispose() {
      apollo.stop();
      await ws.dispose();
    },
  };
}

/** A client that sends everything over HTTP, subscriptions included (the mistake the server must answer clearly). */
export function httpOnlyClient(baseUrl: string, token: string): ApolloClient {
  return new ApolloClient({ link: new HttpLink({ uri: `${baseUrl}/graphql`, headers: { authorization: `Bearer ${token}` } }), cache: new InMemoryCache() });
}
