import { readFileSync } from 'fs';
import { join } from 'path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { analyseTemplate } from './analysis';
import { compileMachine, initialPhase } from './compiler';
import { expectWellFormed } from '../../../../test/support/template-contract';
import { loadTemplate } from './loader';
import type { LoadResult } from './types';
import { TEMPLATE_LIMITS } from './template-schema';
import { MAX_COLLECTION_ENTRIES, MAX_LISTED_PROBLEMS, MAX_NESTING_DEPTH } from './yaml-source';

const SPEC_EXAMPLE = readFileSync(join(__dirname, '../../../../test/fixtures/templates/ok/spec-example.yaml'), 'utf8');

const MINIMAL = `key: demo
version: 1
phases:
  start: {}
  done: { final: true }
gates:
  - { id: finish, from: start, to: done, requires: { approvals: [ { role: cda } ] } }
`;

function timed(run: () => LoadResult): { result: LoadResult; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: performance.now() - started };
}

describe('loadTemplate on hostile input', () => {
  const cases: Array<[string, () => string | Uint8Array, RegExp]> = [
    ['a 5 MB string', () => `key: demo\n# ${'x'.repeat(5 * 1024 * 1024)}\n`, /larger than 1 MiB/],
    ['5 MB of bytes', () => new Uint8Array(5 * 1024 * 1024).fill(0x20), /larger than 1 MiB/],
    ['a string of 1 MiB in characters but 3 MiB in UTF-8', () => `# ${'€'.repeat(1024 * 1024 - 10)}`, /larger than 1 MiB/],
    [
      'a billion-laughs YAML bomb',
      () =>
        ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
          .concat('bcdefghi'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`))
          .join('\n'),
      /aliases excessively/,
    ],
    ['10,000 nested flow sequences', () => '['.repeat(10000), /nests collections more than 64 levels/],
    ['10,000 nested flow mappings', () => '{a: '.repeat(10000), /nests collections more than 64 levels/],
    ['10,000 nested block sequences on one line', () => `${'- '.repeat(10000)}a\n`, /nests collections more than 64 levels/],
    ['1,000 nested block mappings (under 1 MiB)', () => Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), /nests collections more than 64 levels/],
    ['10,000 nested block mappings (`a:\\n  a:\\n ...`)', () => Array.from({ length: 10000 }, (_, i) => `${'  '.repeat(i)}a:`).join('\n'), /larger than 1 MiB/],
    ['invalid UTF-8 bytes', () => new Uint8Array([0x6b, 0x65, 0x79, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), /not valid UTF-8/],
    ['a lone UTF-8 continuation byte', () => new Uint8Array([...Buffer.from('key: demo\n'), 0x80]), /not valid UTF-8/],
    ['a truncated multi-byte sequence', () => new Uint8Array([...Buffer.from('title: caf'), 0xc3]), /not valid UTF-8/],
  ];

  it.each(cases)('%s gives one clear error, fast', (_name, make, message) => {
    const input = make();
    const { result, ms } = timed(() => loadTemplate(input));
    expect(result.template).toBeNull();
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0].message).toMatch(message);
    expect(ms).toBeLessThan(1000);
  });

  it(`accepts ${MAX_NESTING_DEPTH} levels and rejects ${MAX_NESTING_DEPTH + 1}`, () => {
    const nest = (levels: number) => `x: ${'['.repeat(levels - 1)}${']'.repeat(levels - 1)}\n`;
    expect(loadTemplate(nest(MAX_NESTING_DEPTH)).errors.some((e) => /nests/.test(e.message))).toBe(false);
    expect(loadTemplate(nest(MAX_NESTING_DEPTH + 1)).errors.map((e) => e.message)).toEqual([
      `the template nests collections more than ${MAX_NESTING_DEPTH} levels deep`,
    ]);
  });

  it('never throws on a value that is not text', () => {
    const result = loadTemplate(42 as unknown as string);
    expect(result.template).toBeNull();
    expect(result.errors).toHaveLength(1);
  });

  it('reads UTF-8 bytes with a byte-order mark', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(MINIMAL)]);
    expect(loadTemplate(bytes).errors).toEqual([]);
  });

  it('ignores prototype-like keys safely', () => {
    const result = loadTemplate(`${MINIMAL}__proto__: { polluted: true }\nconstructor: 1\n`);
    expect(result.errors.map((e) => e.path).sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

/** One phase of `n` milestones, each requiring the `k` before it (issue 13's 140 KB template took 28 s at n = 1,000). */
function chainedMilestones(phases: number, n: number, k: number): string {
  const lines = ['key: chain', 'version: 1', 'phases:'];
  for (let p = 0; p < phases; p++) {
    lines.push(`  p${p}:`, '    milestones:');
    for (let i = 0; i < n; i++) {
      const deps = Array.from({ length: Math.min(i, k) }, (_, j) => `m${i - 1 - j}`);
      lines.push(deps.length ? `      m${i}: { requires: { milestones: [${deps.join(', ')}] } }` : `      m${i}: {}`);
    }
  }
  lines.push('  done: { final: true }', 'gates:');
  for (let p = 0; p < phases; p++) lines.push(`  - { id: g${p}, from: p${p}, to: ${p + 1 < phases ? `p${p + 1}` : 'done'}, requires: { milestones: [m0] } }`);
  return `${lines.join('\n')}\n`;
}

describe('loadTemplate takes time linear in the template (issue 13)', () => {
  it('checks 100 milestones each requiring the previous 50 (the most the limits allow), in 20 phases, quickly', () => {
    const { result, ms } = timed(() => loadTemplate(chainedMilestones(20, TEMPLATE_LIMITS.milestonesPerPhase, TEMPLATE_LIMITS.itemsPerRequirement)));
    expect(result.errors).toEqual([]);
    expect(ms).toBeLessThan(30_000); // about 2 s on a quiet machine (440 KB of YAML to parse)
  });

  it('refuses 1,000 milestones in a phase each requiring the previous 20 with one error at the phase\'s milestones, quickly', () => {
    const source = chainedMilestones(1, 1000, 20);
    expect(source.length).toBeGreaterThan(100_000);
    const { result, ms } = timed(() => loadTemplate(source));
    expect(result.template).toBeNull();
    expect(result.errors).toEqual([
      { path: 'phases.p0.milestones', line: 6, column: 7, message: `has 1000 entries; at most ${TEMPLATE_LIMITS.milestonesPerPhase} are allowed here` },
    ]);
    expect(ms).toBeLessThan(10_000); // 28 s before the cycle check was linear; about 1 s on a quiet machine
  });

  it('finds a cycle through 100 milestones and names each, with the dependency that closes it', () => {
    const lines = ['key: ring', 'version: 1', 'phases:', '  start:', '    milestones:'];
    for (let i = 0; i < 100; i++) lines.push(`      m${i}: { requires: { milestones: [m${(i + 99) % 100}] } }`);
    lines.push('  done: { final: true }', 'gates:', '  - { id: finish, from: start, to: done, requires: { milestones: [m0] } }');
    const result = loadTemplate(lines.join('\n'));
    expect(result.errors).toHaveLength(100);
    expect(result.errors[0]).toMatchObject({ path: 'phases.start.milestones.m0.requires.milestones[0]', line: 6, message: expect.stringMatching(/depends on itself/) });
  });

  it.each([
    ['phases', () => `key: aa\nversion: 1\nphases:\n${Array.from({ length: 201 }, (_, i) => `  p${i}: {}`).join('\n')}\n`, 'phases', 4, 3, 'has 201 entries; at most 200'],
    [
      'gates',
      () => `key: aa\nversion: 1\nphases:\n  s: {}\n  d: { final: true }\ngates:\n${Array.from({ length: 501 }, (_, i) => `  - { id: g${i}, from: s, to: d }`).join('\n')}\n`,
      'gates',
      7,
      3,
      'lists 501 entries; at most 500',
    ],
    [
      'a gate\'s approvals',
      () => `key: aa\nversion: 1\nphases:\n  s: {}\n  d: { final: true }\ngates:\n  - id: g\n    from: s\n    to: d\n    requires:\n      approvals: [${Array.from({ length: 51 }, () => '{ role: cda }').join(', ')}]\n`,
      'gates[0].requires.approvals',
      11,
      18,
      'lists 51 entries; at most 50',
    ],
    ['roles', () => `key: aa\nversion: 1\nphases: { s: { final: true } }\nroles:\n${Array.from({ length: 201 }, (_, i) => `  r${i}: {}`).join('\n')}\n`, 'roles', 5, 3, 'has 201 entries; at most 200'],
  ])('refuses more %s than the limit, at its path with line and column', (_name, make, path, line, column, message) => {
    const result = loadTemplate(make());
    expect(result.template).toBeNull();
    expect(result.errors).toContainEqual({ path, line, column, message: expect.stringContaining(message) });
  });

  it(`refuses a mapping of 60,000 keys before composing it (over ${MAX_COLLECTION_ENTRIES} entries), quickly`, () => {
    const source = `key: aa\nversion: 1\nphases: { s: { final: true } }\nroles:\n${Array.from({ length: 60_000 }, (_, i) => `  r${i}: {}`).join('\n')}\n`;
    const { result, ms } = timed(() => loadTemplate(source));
    expect(result.errors).toEqual([{ path: 'roles', line: 5, column: 3, message: `has more than ${MAX_COLLECTION_ENTRIES} entries, more than any part of a template may have` }]);
    expect(ms).toBeLessThan(10_000); // minutes while the yaml package checked duplicate keys pairwise; about 1 s on a quiet machine
  });

  it(`lists at most ${MAX_LISTED_PROBLEMS} problems and says how many more there are`, () => {
    const dupes = `key: aa\nversion: 1\nphases:\n  s: {}\n  d: { final: true }\nroles:\n${Array.from({ length: 900 }, () => '  r: {}').join('\n')}\n`;
    const duplicates = loadTemplate(dupes);
    expect(duplicates.errors).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(duplicates.errors[0]).toEqual({ path: 'roles.r', line: 8, column: 3, message: 'duplicate key `r`: each key may appear only once in a mapping' });
    expect(duplicates.errors[MAX_LISTED_PROBLEMS].message).toBe(`and ${899 - MAX_LISTED_PROBLEMS} more YAML errors (only the first ${MAX_LISTED_PROBLEMS} are listed)`);
    const undeclared = `key: aa\nversion: 1\nphases:\n  s: {}\n  d: { final: true }\ngates:\n${Array.from({ length: 300 }, (_, i) => `  - { id: g${i}, from: s, to: d, requires: { approvals: [ { role: nobody } ] } }`).join('\n')}\n`;
    const result = loadTemplate(undeclared);
    expect(result.errors).toHaveLength(MAX_LISTED_PROBLEMS + 1);
    expect(result.errors[MAX_LISTED_PROBLEMS].message).toBe(`and ${300 - MAX_LISTED_PROBLEMS} more problems (only the first ${MAX_LISTED_PROBLEMS} are listed)`);
  });
});

describe('loadTemplate results', () => {
  it('normalizes defaults', () => {
    const { template } = loadTemplate(MINIMAL);
    expect(template).toEqual({
      key: 'demo',
      version: 1,
      title: 'demo',
      roles: { cda: { id: 'cda', title: 'Cluster Development Agent', scope: 'cluster' } },
      attributes: {},
      selection: null,
      artefacts: {},
      indicators: {},
      phases: [
        { id: 'start', title: 'start', initial: true, final: false, milestones: [] },
        { id: 'done', title: 'done', initial: false, final: true, milestones: [] },
      ],
      gates: [
        {
          id: 'finish',
          title: 'finish',
          from: ['start'],
          to: 'done',
          requires: { artefacts: [], approvals: [{ role: 'cda', count: 1 }], indicators: [], milestones: [] },
        },
      ],
    });
  });

  it('gives the spec example its selection, fields and milestones', () => {
    const { template } = loadTemplate(SPEC_EXAMPLE);
    expect(template!.selection!.criteria.viability).toEqual({ id: 'viability', title: 'viability', weight: 25 });
    expect(template!.artefacts.diagnostic_report.fields.has_swot).toEqual({ id: 'has_swot', type: 'boolean', title: 'has_swot', required: true });
    expect(template!.gates.find((g) => g.id === 'drop')!.from).toEqual(['selection', 'diagnostic']);
    expect(template!.gates.find((g) => g.id === 'select')!.requires).toMatchObject({ score: { min: 3 }, eligible: true });
    expect(template!.phases.find((p) => p.id === 'implementation')!.milestones[0].id).toBe('tranche_1');
  });

  it('reports line and column of the offending node (1-based)', () => {
    const { errors } = loadTemplate(MINIMAL.replace('role: cda', 'role: nobody'));
    expect(errors).toEqual([
      { path: 'gates[0].requires.approvals[0].role', line: 7, column: 75, message: 'role `nobody` is not declared under `roles`' },
    ]);
  });

  it('points at the key for unknown keys', () => {
    const { errors } = loadTemplate(MINIMAL.replace('  start: {}', '  start:\n    colour: red'));
    expect(errors).toEqual([expect.objectContaining({ path: 'phases.start.colour', line: 5, column: 5 })]);
  });
});

/** Template-shaped data mixing valid and invalid pieces, to reach the semantic checks. */
const id = fc.constantFrom('start', 'middle', 'review', 'done', 'dropped', 'Bad', 'cda', 'x');
const templateish = fc.record(
  {
    key: fc.oneof(fc.constant('demo'), fc.string()),
    version: fc.oneof(fc.constant(1), fc.integer(), fc.string()),
    roles: fc.dictionary(id, fc.record({ scope: fc.constantFrom('agency', 'cluster', 'x') }, { requiredKeys: [] })),
    artefacts: fc.dictionary(id, fc.record({ fields: fc.dictionary(id, fc.record({ type: fc.constantFrom('string', 'boolean', 'integer', 'bad') })) }, { requiredKeys: [] })),
    selection: fc.record({ scale: fc.record({ min: fc.integer(), max: fc.integer() }), criteria: fc.dictionary(id, fc.record({ weight: fc.integer() })) }, { requiredKeys: [] }),
    phases: fc.dictionary(
      id,
      fc.record(
        {
          final: fc.boolean(),
          initial: fc.boolean(),
          due: fc.constantFrom('P3M', 'P1Y', 'soon'),
          milestones: fc.dictionary(id, fc.record({ requires: fc.record({ milestones: fc.array(id) }, { requiredKeys: [] }) }, { requiredKeys: [] })),
        },
        { requiredKeys: [] },
      ),
      { minKeys: 1 },
    ),
    gates: fc.array(
      fc.record(
        {
          id,
          from: fc.oneof(id, fc.array(id), fc.integer()),
          to: id,
          requires: fc.record(
            {
              approvals: fc.array(fc.record({ role: id, count: fc.integer({ min: -1, max: 3 }), of: id }, { requiredKeys: ['role'] })),
              artefacts: fc.array(fc.record({ type: id, where: fc.dictionary(id, fc.oneof(fc.boolean(), fc.string())) }, { requiredKeys: ['type'] })),
              milestones: fc.array(id),
              score: fc.record({ min: fc.double({ noNaN: true }) }),
              eligible: fc.boolean(),
              after: fc.constantFrom('P1M', 'P2Y', 'later'),
            },
            { requiredKeys: [] },
          ),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 6 },
    ),
  },
  { requiredKeys: ['key', 'version', 'phases'] },
);

describe('loadTemplate never throws (property)', () => {
  it('on arbitrary strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => expectWellFormed(loadTemplate(s))), { numRuns: 500 });
  });

  it('on YAML-ish strings', () => {
    const token = fc.constantFrom('a', ':', ' ', '\n', '- ', '[', ']', '{', '}', ',', '&x ', '*x', '? ', '"', "'", '#', '|', '>', '\t', '---\n', 'key: demo\n', '!!str ');
    fc.assert(fc.property(fc.array(token, { maxLength: 60 }), (parts) => expectWellFormed(loadTemplate(parts.join('')))), { numRuns: 1000 });
  });

  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => expectWellFormed(loadTemplate(bytes))), { numRuns: 500 });
  });

  it('on arbitrary JSON values serialized to YAML', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => expectWellFormed(loadTemplate(stringify(value)))), { numRuns: 300 });
  });

  it('on template-shaped data; whatever it accepts compiles and has no unreachable phase or trap', () => {
    fc.assert(
      fc.property(templateish, (value) => {
        const result = loadTemplate(stringify(value));
        expectWellFormed(result);
        if (result.template) {
          const findings = analyseTemplate(result.template);
          expect(findings.unreachable).toEqual([]);
          expect(findings.traps).toEqual([]);
          expect(initialPhase(compileMachine(result.template))).toBe(result.template.phases.find((p) => p.initial)!.id);
        }
      }),
      { numRuns: 250 },
    );
  });
});
