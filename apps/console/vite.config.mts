import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Built to static files (dist/) that the API server serves at `/`. In development,
// `npx vite` proxies the API to a server started with `npm start` (PORT 3000 by default).
const api = process.env.CLUSTERFLOW_API ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // GraphiQL keeps React 18 at the repository root; every package the console bundles
    // (Apollo, Mantine, react-router… hoisted there) must use the console's React 19.
    dedupe: ['react', 'react-dom', 'react/jsx-runtime'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/graphql': { target: api, ws: true },
      '/graphiql': api,
      '/files': api,
    },
  },
});
