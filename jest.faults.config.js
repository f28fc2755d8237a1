const base = require('./jest.config');

/**
 * The fault tests (`npm run test:faults`): each file starts its own embedded PostgreSQL and its
 * own server processes (the build in dist/), then kills or restarts them. Kept out of `npm test`
 * (jest.config.js ignores test/faults/).
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: base.transform,
  transformIgnorePatterns: base.transformIgnorePatterns,
  moduleNameMapper: base.moduleNameMapper,
  testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.data/'],
  globalSetup: '<rootDir>/test/faults/support/global-setup.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
