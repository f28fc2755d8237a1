import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { programmeTemplateSchema, SCHEMA_ID } from './template-schema';
import { EDITOR_KEYWORDS } from './schema-validation';

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
    expect(() => new Ajv2020({ strict: true, allowUnionTypes: true, keywords: EDITOR_KEYWORDS }).compile(schema)).not.toThrow();
  });

  it('says in words what every pattern allows: a patternErrorMessage (for yaml-language-server) and a description', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    const found: { path: string; pattern: string; patternErrorMessage: unknown; description: unknown }[] = [];
    const walk = (node: unknown, path: string) => {
      if (!node || typeof node !== 'object') return;
      const o = node as Record<string, unknown>;
      if (typeof o.pattern === 'string') found.push({ path, pattern: o.pattern, patternErrorMessage: o.patternErrorMessage, description: o.description });
      for (const [k, v] of Object.entries(o)) walk(v, `${path}/${k}`);
    };
    walk(schema, '#');
    expect(found.map((f) => f.path).sort()).toEqual([
      '#/$defs/duration',
      '#/$defs/field/properties/currency',
      '#/$defs/gate/properties/from',
      '#/$defs/id',
      '#/$defs/language',
      '#/properties/key',
    ]);
    for (const f of found) {
      expect({ path: f.path, patternErrorMessage: f.patternErrorMessage }).toEqual({ path: f.path, patternErrorMessage: expect.stringMatching(/^Must be (an ISO 8601 duration|an id|a template key|an ISO 4217 currency code|an ISO 639-1 language code)[^$^\\]+\.$/) });
      expect({ path: f.path, description: f.description }).toEqual({ path: f.path, description: expect.stringMatching(/^[A-Z].{30,}\.$/) });
    }
    expect(found.find((f) => f.path === '#/$defs/duration')!.patternErrorMessage).toBe('Must be an ISO 8601 duration in whole numbers, such as P30D (30 days), P2W, P6M, P18M, P1Y6M or PT12H.');
  });

  it('accepts the shipped templates on its own (as an editor would check them)', () => {
    const validate = new Ajv2020({ allowUnionTypes: true, keywords: EDITOR_KEYWORDS }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const files = require('fs').readdirSync(join(ROOT, 'templates')).filter((f: string) => f.endsWith('.yaml'));
    for (const file of files) {
      const ok = validate(parse(readFileSync(join(ROOT, 'templates', file), 'utf8')));
      expect({ file, errors: validate.errors ?? null, ok }).toEqual({ file, errors: null, ok: true });
    }
  });
});
