import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { createClient } from 'graphql-ws';
import { session } from './session';

/**
 * The graphql-ws connection for subscriptions, loaded the first time a page subscribes (it is
 * not part of the first page's JavaScript). The token goes in the connection parameters; a
 * new sign-in closes the connection so the next one carries the new token.
 */
export function createLiveLink(onReconnected: () => void): GraphQLWsLink {
  const url = new URL('/graphql', window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let connectedBefore = false;
  const client = createClient({
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
        if (connectedBefore) onReconnected();
        connectedBefore = true;
      },
    },
  });
  session.subscribe(() => client.terminate());
  return new GraphQLWsLink(client);
}
