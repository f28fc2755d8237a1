#!/usr/bin/env node
// `npm start`: build when the sources changed (the server with swc, about a second; the
// console with Vite, a few seconds, only when its files changed), then run the server in this
// process so that Ctrl-C reaches it directly and it can stop its embedded PostgreSQL.
const { build, buildConsole } = require('./build');
build();
buildConsole();
process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} --enable-source-maps`.trim();
process.setSourceMapsEnabled?.(true);
require('../dist/apps/api/src/main.js');
