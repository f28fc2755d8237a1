// GraphQL Code Generator's client preset, as an integrator would run it against schema.gql.
// `npm run codegen:integrator` writes ./gql; test/integrator/codegen.test.ts checks it is current.
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

/** @type {import('@graphql-codegen/cli').CodegenConfig} */
module.exports = {
  schema: path.join(root, 'schema.gql'),
  documents: [path.join(__dirname, 'operations.ts')],
  generates: {
    [path.join(__dirname, 'gql') + '/']: {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', JSON: 'unknown' } },
    },
  },
  silent: true,
  ignoreNoDocuments: false,
};
