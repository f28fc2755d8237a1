const { swcOptions } = require('./swc.config');

const transform = { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcOptions(), swcrc: false }] };
const moduleNameMapper = {
  '^@clusterflow/engine$': '<rootDir>/libs/engine/src',
  '^@clusterflow/engine/(.*)$': '<rootDir>/libs/engine/src/$1',
  '^@clusterflow/persistence$': '<rootDir>/libs/persistence/src',
  '^@clusterflow/persistence/(.*)$': '<rootDir>/libs/persistence/src/$1',
  '^@clusterflow/application$': '<rootDir>/libs/application/src',
  '^@clusterflow/application/(.*)$': '<rootDir>/libs/application/src/$1',
};

/** @type {import('jest').Config} */
module.exports = {
  // Unit tests live beside the code; integration and e2e tests under test/.
  // The global setup provides one PostgreSQL server for the run (TEST_DATABASE_URL or
  // an embedded one); each test file creates its own database on it.
  rootDir: __dirname,
  testEnvironment: 'node',
  transform,
  // @marcbachmann/cel-js ships ES modules only: swc turns it into CommonJS like our own code.
  transformIgnorePatterns: ['/node_modules/(?!(@marcbachmann/cel-js)/)'],
  moduleNameMapper,
  testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/**/*.test.ts'],
  // test/faults/ runs on its own (`npm run test:faults`, jest.faults.config.js).
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/', '<rootDir>/test/faults/'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  maxWorkers: 2,
  // A worker's heap fills with the module graphs of the files it ran (each file loads its own
  // Nest app, MikroORM and graphql); the garbage is not collected before the worker exits, and
  // tearing down a heap of ~900 MB took Node ~700 ms, past jest's 500 ms grace: "A worker
  // process has failed to exit gracefully" with no handle open. A worker past 400 MB of heap
  // after a file is replaced, so each exits small and in time.
  workerIdleMemoryLimit: '400MB',
  testTimeout: 30000,
};
