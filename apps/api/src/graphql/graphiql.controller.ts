import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { dirname, join } from 'node:path';
import { Public } from '../auth/auth.decorators';

const pkgDir = (name: string) => dirname(require.resolve(`${name}/package.json`));

/** The IDE's files, served from this app's own node_modules so it works with no network. */
const ASSETS: Record<string, { file: string; type: string }> = {
  'react.js': { file: join(pkgDir('react'), 'umd/react.production.min.js'), type: 'application/javascript' },
  'react-dom.js': { file: join(pkgDir('react-dom'), 'umd/react-dom.production.min.js'), type: 'application/javascript' },
  'graphiql.js': { file: join(pkgDir('graphiql'), 'graphiql.min.js'), type: 'application/javascript' },
  'graphiql.css': { file: join(pkgDir('graphiql'), 'graphiql.min.css'), type: 'text/css' },
  'graphql-ws.js': { file: join(pkgDir('graphql-ws'), 'umd/graphql-ws.min.js'), type: 'application/javascript' },
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Clusterflow GraphiQL</title>
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="/graphiql/assets/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="/graphiql/assets/react.js"></script>
  <script src="/graphiql/assets/react-dom.js"></script>
  <script src="/graphiql/assets/graphiql.js"></script>
  <script src="/graphiql/assets/graphql-ws.js"></script>
  <script>
    const url = new URL('/graphql', location.href).toString();
    // Subscriptions go over graphql-ws on the same path, with the Authorization header of the
    // Headers tab as connectionParams (the server reads the token there); a changed token opens
    // a new connection.
    let ws = null;
    let wsAuthorization = null;
    const wsClientFor = (authorization) => {
      if (ws && wsAuthorization === authorization) return ws;
      if (ws) ws.dispose();
      wsAuthorization = authorization;
      ws = graphqlWs.createClient({ url: url.replace(/^http/, 'ws'), lazy: true, retryAttempts: 0, connectionParams: authorization ? { authorization } : {} });
      return ws;
    };
    const fetcher = (params, options) => {
      const headers = (options && options.headers) || {};
      const key = Object.keys(headers).find((k) => k.toLowerCase() === 'authorization');
      return GraphiQL.createFetcher({ url, wsClient: wsClientFor(key ? String(headers[key]) : '') })(params, options);
    };
    const headers = JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2);
    const query = '# Welcome to Clusterflow.\\n# Put a token in the Headers tab below (printed at the first start,\\n# or: npm run cli -- demo tokens), then run:\\n{\\n  health\\n  me { userId agency roles }\\n}\\n# Subscriptions run here too, e.g.\\n# subscription { clusterEvents { clusterId seq type actorName at } }\\n';
    ReactDOM.createRoot(document.getElementById('graphiql')).render(
      React.createElement(GraphiQL, { fetcher, defaultQuery: query, headers, shouldPersistHeaders: true, defaultEditorToolsVisibility: 'headers' }),
    );
  </script>
</body>
</html>
`;

@Controller('graphiql')
export class GraphiqlController {
  @Public()
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-cache')
  page(): string {
    return PAGE;
  }

  @Public()
  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw new NotFoundException(`no asset ${name}`);
    res.type(asset.type).setHeader('Cache-Control', 'public, max-age=86400');
    res.sendFile(asset.file);
  }
}
