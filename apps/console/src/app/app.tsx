import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useMemo } from 'react';
import { RouterProvider } from 'react-router';
import { createApolloClient } from './apollo';
import { router } from './routes';
import { SessionProvider } from './session-context';
import { cssVariablesResolver, theme } from './theme';

export function App() {
  const client = useMemo(() => createApolloClient(), []);
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <ApolloProvider client={client}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}
