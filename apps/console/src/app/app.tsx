import { ApolloProvider } from '@apollo/client/react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { useMediaQuery } from '@mantine/hooks';
import { useMemo } from 'react';
import { RouterProvider } from 'react-router';
import { createApolloClient } from './apollo';
import { NARROW_MESSAGES } from './notify';
import { router } from './routes';
import { SessionProvider } from './session-context';
import { cssVariablesResolver, theme } from './theme';

export function App() {
  const client = useMemo(() => createApolloClient(), []);
  // Under Mantine's `sm` (768 px), where a message at the top would cover the page's title: one at a time, at the bottom.
  const phone = useMediaQuery(NARROW_MESSAGES) ?? false;
  return (
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position={phone ? 'bottom-center' : 'top-right'} limit={phone ? 1 : 3} />
      <ApolloProvider client={client}>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </ApolloProvider>
    </MantineProvider>
  );
}
