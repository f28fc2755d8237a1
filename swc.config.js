// One swc configuration for the build (scripts/build.js) and for jest (@swc/jest),
// so that what the tests run is compiled exactly as what the server runs.
const path = require('node:path');

function swcOptions({ sourceMaps = true } = {}) {
  return {
    sourceMaps,
    module: { type: 'commonjs', ignoreDynamic: true },
    jsc: {
      target: 'es2022',
      parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      baseUrl: path.resolve(__dirname),
      paths: {
        '@clusterflow/engine': ['libs/engine/src'],
        '@clusterflow/engine/*': ['libs/engine/src/*'],
        '@clusterflow/persistence': ['libs/persistence/src'],
        '@clusterflow/persistence/*': ['libs/persistence/src/*'],
        '@clusterflow/application': ['libs/application/src'],
        '@clusterflow/application/*': ['libs/application/src/*'],
      },
    },
  };
}

module.exports = { swcOptions };
