#!/usr/bin/env node
// `npm run cli -- <command>`: the command line, on the same build as the server.
require('./build').build({ quiet: true });
process.setSourceMapsEnabled?.(true);
require('../dist/apps/cli/src/main.js');
