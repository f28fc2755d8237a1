#!/usr/bin/env node
// `npm start`: build when the sources changed (fast, swc), then run the server in this
// process so that Ctrl-C reaches it directly and it can stop its embedded PostgreSQL.
require('./build').build();
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --enable-source-maps`.trim();
process.setSourceMapsEnabled?.(true);
require('../dist/apps/api/src/main.js');
