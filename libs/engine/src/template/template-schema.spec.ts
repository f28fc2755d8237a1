import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { programmeTemplateSchema, SCHEMA_ID } from './template-schema';

const ROOT = join(__dirname, '../../../..');
const SCHEMA_FILE = join(ROOT, 'templates/schema/programme-template.schema.json');
const generated = `${JSON.stringify(programmeTemplateSchema, null, 2)}\n`;

describe('templates/schema/programme-template.schema.json', () => {
  it('is generated from template-schema.ts (run with UPDATE_SCHEMA=1 to regenerate)', () => {
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(SCHEMA_FILE, generated);
    expect(existsSync(SCHEMA_FILE)).toBe(true);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  it('is a strict draft 2020-12 schema with an $id, titles and descriptions for editors', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(SCHEMA_ID);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.values(schema.properties).every((p) => typeof p === 'object')).toBe(true);
    expect(() => new Ajv2020({ strict: true, allowUnionTypes: true }).compile(schema)).not.toThrow();
  });

  it('accepts the shipped templates on its own (as an editor would check them)', () => {
    const validate = new Ajv2020({ allowUnionTypes: true }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const files = require('fs').readdirSync(join(ROOT, 'templates')).filter((f: string) => f.endsWith('.yaml'));
    for (const file of files) {
      const ok = validate(parse(readFileSync(join(ROOT, 'templates', file), 'utf8')));
      expect({ file, errors: validate.errors ?? null, ok }).toEqual({ file, errors: null, ok: true });
    }
  });
});
