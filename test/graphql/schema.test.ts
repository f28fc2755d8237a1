import { GraphQLSchemaHost } from '@nestjs/graphql';
import { printSchema } from 'graphql';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestApp } from '../support/test-app';

const SCHEMA_FILE = join(__dirname, '../../schema.gql');
const HEADER = '# Generated from the code-first resolvers by `npm run schema:generate`; a test fails when it drifts.\n\n';

describe('schema.gql', () => {
  it('is what the code generates (run `npm run schema:generate` when this fails)', async () => {
    const t = await startTestApp('schema');
    try {
      const printed = HEADER + printSchema(t.app.get(GraphQLSchemaHost).schema) + '\n';
      if (process.env.WRITE_SCHEMA === '1' && !process.env.CI) writeFileSync(SCHEMA_FILE, printed);
      expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(printed);
    } finally {
      await t.close();
    }
  });
});
