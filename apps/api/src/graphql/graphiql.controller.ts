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
  <script>
    const fetcher = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).toString() });
    const headers = JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2);
    const query = '# Welcome to Clusterflow.\\n# Put a token in the Headers tab below (printed at the first start,\\n# or: npm run cli -- demo tokens), then run:\\n{\\n  health\\n  me { userId agency roles }\\n}\\n';
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
