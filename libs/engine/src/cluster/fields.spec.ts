/**
 * Typed facts and scores: registration attributes, artefact fields (BAD_USER_INPUT with
 * `details.problems` paths), selection scores, eligibility, and artefact submission.
 */
import { DomainError, ErrorCode } from '../errors';
import { decideRegister } from './decide';
import { checkFields } from './fields';
import { eligibleOf, scoreOf } from './selection';
import { ADMIN, CDA_USER, expectCode, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';

const DEF = templateOf(`
key: typed
version: 1
attributes:
  size: { type: integer, min: 0, max: 1000, required: true }
  share: { type: number, min: 0, max: 1 }
  kind: { type: string, values: [craft, industry] }
  label: { type: string }
  founded: { type: date }
  exporting: { type: boolean }
selection:
  scale: { min: 1, max: 5 }
  criteria:
    importance: { weight: 30 }
    potential: { weight: 25 }
    viability: { weight: 25 }
    sustainability: { weight: 20 }
  eligibility:
    - { attribute: size, min: 100 }
    - { attribute: share, max: 0.5 }
    - { attribute: kind, equals: craft }
artefacts:
  report:
    fields:
      pages: { type: integer, min: 1, required: true }
      ready: { type: boolean, required: true }
      summary: { type: string }
  memo: {}
phases:
  a: {}
  z: { final: true }
gates:
  - { id: go, from: a, to: z, requires: { score: { min: 3 }, eligible: true } }
`);

const PLAIN = templateOf(`
key: plain
version: 1
phases:
  a: {}
  z: { final: true }
gates:
  - { id: go, from: a, to: z }
`);

function problemsOf(fn: () => unknown): { path: string; message: string }[] {
  const error = expectCode(fn, ErrorCode.BAD_USER_INPUT);
  return error.details.problems as { path: string; message: string }[];
}

const register = (attributes: unknown) => () => decideRegister(DEF, CDA_USER, { type: 'REGISTER', clusterId: 'c', name: 'X', attributes });

describe('attributes at registration', () => {
  it('accepts declared attributes of the right types and drops nulls', () => {
    const c = new TestCluster(DEF, {
      attributes: { size: 150, share: 0.25, kind: 'craft', label: 'Leather', founded: '2024-02-29', exporting: false },
    });
    expect(c.state.attributes).toEqual({ size: 150, share: 0.25, kind: 'craft', label: 'Leather', founded: '2024-02-29', exporting: false });
    const d = new TestCluster(DEF, { attributes: { size: 0, share: null, label: null } });
    expect(d.state.attributes).toEqual({ size: 0 });
  });

  it('names every problem with its path', () => {
    expect(problemsOf(register({ size: 'many', share: 2, kind: 'farm', founded: '2025-02-30', exporting: 'yes', colour: 'red' }))).toEqual([
      { path: 'attributes.size', message: 'must be a whole number' },
      { path: 'attributes.share', message: 'must be at most 1' },
      { path: 'attributes.kind', message: expect.stringContaining('craft') },
      { path: 'attributes.founded', message: expect.stringContaining('calendar date') },
      { path: 'attributes.exporting', message: expect.stringContaining('true') },
      { path: 'attributes.colour', message: expect.stringContaining('not declared') },
    ]);
  });

  it.each([
    [{}, 'attributes.size', 'is required'],
    [{ size: null }, 'attributes.size', 'is required'],
    [{ size: 1.5 }, 'attributes.size', 'must be a whole number'],
    [{ size: -1 }, 'attributes.size', 'must be at least 0'],
    [{ size: 1001 }, 'attributes.size', 'must be at most 1000'],
    [{ size: 1, share: -0.1 }, 'attributes.share', 'must be at least 0'],
    [{ size: 1, share: '0.5' }, 'attributes.share', 'must be a number'],
    [{ size: 1, label: 5 }, 'attributes.label', 'must be a string'],
    [{ size: 1, founded: '2025-7-1' }, 'attributes.founded', 'must be a calendar date such as 2025-07-01'],
    [{ size: 1, unknown: 1 }, 'attributes.unknown', expect.stringContaining('declared: size, share, kind, label, founded, exporting')],
  ])('%j: %s %s', (attributes, path, message) => {
    expect(problemsOf(register(attributes))).toEqual([{ path, message }]);
  });

  it('refuses attributes that are not an object', () => {
    expect(problemsOf(register([1, 2]))).toEqual([{ path: 'attributes', message: 'must be an object' }]);
    expect(problemsOf(register('size=1'))).toEqual([{ path: 'attributes', message: 'must be an object' }]);
  });

  it('accepts no attributes when the template declares none, and refuses any', () => {
    expect(new TestCluster(PLAIN).state.attributes).toEqual({});
    expect(() => decideRegister(PLAIN, ADMIN, { type: 'REGISTER', clusterId: 'c', name: 'X', attributes: { size: 1 } })).toThrow('it declares none');
  });
});

describe('registration', () => {
  it('assigns a registering CDA at once; an agency_admin registers without a CDA', () => {
    const byCda = new TestCluster(PLAIN, { by: CDA_USER });
    expect(byCda.state).toMatchObject({ cdaIds: ['cda1'], registeredBy: 'cda1', phase: 'a', status: 'ACTIVE', version: 1, machine: { a: 'running' } });
    expect(byCda.events[0].role).toBe('cda');
    const byAdmin = new TestCluster(PLAIN, { by: ADMIN });
    expect(byAdmin.state.cdaIds).toEqual([]);
    expect(byAdmin.events[0].role).toBe('agency_admin');
  });

  it('only an agency_admin or a cda registers; the name is required and trimmed', () => {
    expectCode(() => decideRegister(PLAIN, person('pat', 'pm'), { type: 'REGISTER', clusterId: 'c', name: 'X' }), ErrorCode.FORBIDDEN);
    expectCode(() => decideRegister(PLAIN, CDA_USER, { type: 'REGISTER', clusterId: 'c', name: '  ' }), ErrorCode.BAD_USER_INPUT);
    expectCode(() => decideRegister(PLAIN, CDA_USER, { type: 'REGISTER', clusterId: 'c', name: 'x'.repeat(501) }), ErrorCode.BAD_USER_INPUT);
    const c = new TestCluster(PLAIN, { name: '  Tiruppur knitwear  ' });
    expect(c.state).toMatchObject({ name: 'Tiruppur knitwear', sector: null, region: null, country: null, templateKey: 'plain', templateVersion: 1 });
  });

  it('without a selection section, score and eligibility are null', () => {
    const c = new TestCluster(PLAIN);
    expect(scoreOf(c.def, c.state.scores)).toBeNull();
    expect(eligibleOf(c.def, c.state.attributes)).toBeNull();
    c.refuse(CDA_USER, { type: 'SCORE', scores: [{ criterion: 'importance', score: 3 }] }, ErrorCode.BAD_USER_INPUT);
  });
});

describe('eligibility', () => {
  it.each([
    [{ size: 100, share: 0.5, kind: 'craft' }, true],
    [{ size: 99, share: 0.5, kind: 'craft' }, false],
    [{ size: 100, share: 0.51, kind: 'craft' }, false],
    [{ size: 100, share: 0.5, kind: 'industry' }, false],
    [{ size: 100, kind: 'craft' }, false], // a missing attribute fails its threshold
    [{ size: 100, share: 0.5 }, false],
  ])('%j is eligible: %s', (attributes, eligible) => {
    const c = new TestCluster(DEF, { attributes });
    expect(eligibleOf(c.def, c.state.attributes)).toBe(eligible);
  });
});

describe('scores', () => {
  const score = (c: TestCluster, scores: { criterion: string; score: number }[]) => c.run(CDA_USER, { type: 'SCORE', scores });

  it('is null until every criterion is scored, then the weighted mean', () => {
    const c = new TestCluster(DEF, { attributes: { size: 1 } });
    score(c, [{ criterion: 'importance', score: 5 }]);
    expect(scoreOf(c.def, c.state.scores)).toBeNull();
    score(c, [
      { criterion: 'potential', score: 3 },
      { criterion: 'viability', score: 1 },
    ]);
    expect(scoreOf(c.def, c.state.scores)).toBeNull();
    score(c, [{ criterion: 'sustainability', score: 2 }]);
    // (30*5 + 25*3 + 25*1 + 20*2) / 100
    expect(scoreOf(c.def, c.state.scores)).toBeCloseTo(2.9, 10);
  });

  it('merges per criterion when scored again', () => {
    const c = new TestCluster(DEF, { attributes: { size: 1 } });
    score(c, [
      { criterion: 'importance', score: 1 },
      { criterion: 'potential', score: 1 },
      { criterion: 'viability', score: 1 },
      { criterion: 'sustainability', score: 1 },
    ]);
    const event = score(c, [{ criterion: 'importance', score: 5 }]);
    expect(event?.payload).toEqual({ scores: { importance: 5 } });
    expect(c.state.scores).toEqual({ importance: 5, potential: 1, viability: 1, sustainability: 1 });
    expect(scoreOf(c.def, c.state.scores)).toBeCloseTo(2.2, 10);
  });

  it('accepts the ends of the scale and refuses anything outside it', () => {
    const c = new TestCluster(DEF, { attributes: { size: 1 } });
    score(c, [
      { criterion: 'importance', score: 1 },
      { criterion: 'potential', score: 5 },
    ]);
    for (const bad of [0.99, 5.01, -1, Number.NaN, Infinity]) {
      c.refuse(CDA_USER, { type: 'SCORE', scores: [{ criterion: 'importance', score: bad }] }, ErrorCode.BAD_USER_INPUT);
    }
  });

  it('refuses an unknown criterion, a criterion scored twice in one command, and an empty list', () => {
    const c = new TestCluster(DEF, { attributes: { size: 1 } });
    const unknown = c.refuse(CDA_USER, { type: 'SCORE', scores: [{ criterion: 'beauty', score: 3 }] }, ErrorCode.BAD_USER_INPUT);
    expect(unknown.message).toContain('scores[0].criterion');
    const twice = c.refuse(
      CDA_USER,
      { type: 'SCORE', scores: [{ criterion: 'importance', score: 3 }, { criterion: 'importance', score: 4 }] },
      ErrorCode.BAD_USER_INPUT,
    );
    expect(twice.message).toContain('scores[1]');
    c.refuse(CDA_USER, { type: 'SCORE', scores: [] }, ErrorCode.BAD_USER_INPUT);
    expect(c.state.scores).toEqual({});
  });

  it('only an agency_admin or an assigned CDA scores', () => {
    const c = new TestCluster(DEF, { attributes: { size: 1 } });
    c.refuse(person('cda2', 'cda'), { type: 'SCORE', scores: [{ criterion: 'importance', score: 3 }] }, ErrorCode.FORBIDDEN);
    c.refuse(person('pat', 'pm'), { type: 'SCORE', scores: [{ criterion: 'importance', score: 3 }] }, ErrorCode.FORBIDDEN);
    expect(c.run(ADMIN, { type: 'SCORE', scores: [{ criterion: 'importance', score: 3 }] })?.role).toBe('agency_admin');
  });
});

describe('artefact submission', () => {
  it('checks the fields of the artefact type with paths', () => {
    const c = new TestCluster(DEF, { attributes: { size: 1 } });
    const error = c.refuse(
      CDA_USER,
      { type: 'SUBMIT_ARTEFACT', newArtefactId: 'a', newVersionId: 'v', artefactType: 'report', title: 'R', fields: { pages: 0, summary: 3, extra: true } },
      ErrorCode.BAD_USER_INPUT,
    );
    expect(error.details.problems).toEqual([
      { path: 'fields.pages', message: 'must be at least 1' },
      { path: 'fields.summary', message: 'must be a string' },
      { path: 'fields.extra', message: expect.stringContaining('not declared') },
      { path: 'fields.ready', message: 'is required' },
    ]);
    c.refuse(CDA_USER, { type: 'SUBMIT_ARTEFACT', newArtefactId: 'a', newVersionId: 'v', artefactType: 'memo', title: 'M', fields: { x: 1 } }, ErrorCode.BAD_USER_INPUT);
  });

  it('numbers versions, keeps the artefact type and stores the cleaned metadata', () => {
    const c = new TestCluster(DEF, { attributes: { size: 1 } });
    const sha = 'A'.repeat(64);
    const first = c.submit(CDA_USER, 'report', { pages: 3, ready: false, summary: null }, undefined, { title: ' Study ', uri: 'https://x.test/r.pdf', sha256: sha });
    c.wait(1);
    c.submit(ADMIN, 'report', { pages: 4, ready: true }, first.artefactId);
    expect(c.state.artefacts).toEqual([
      {
        id: first.artefactId,
        type: 'report',
        versions: [
          { id: first.versionId, number: 1, title: 'Study', uri: 'https://x.test/r.pdf', sha256: 'a'.repeat(64), fields: { pages: 3, ready: false }, submittedBy: 'cda1', submittedAt: '2025-01-01T00:00:00.000Z' },
          { id: expect.any(String), number: 2, title: 'A report', uri: null, sha256: null, fields: { pages: 4, ready: true }, submittedBy: 'admin', submittedAt: '2025-01-02T00:00:00.000Z' },
        ],
      },
    ]);
  });

  it('refuses an unknown type, a type change, an unknown artefact, a bad hash and an empty title', () => {
    const c = new TestCluster(DEF, { attributes: { size: 1 } });
    const { artefactId } = c.submit(CDA_USER, 'memo');
    const base = { type: 'SUBMIT_ARTEFACT' as const, newArtefactId: 'n', newVersionId: 'nv', title: 'T' };
    c.refuse(CDA_USER, { ...base, artefactType: 'poster' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { ...base, artefactType: 'report', artefactId, fields: { pages: 1, ready: true } }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { ...base, artefactType: 'memo', artefactId: 'missing' }, ErrorCode.NOT_FOUND);
    c.refuse(person('cda2', 'cda'), { ...base, artefactType: 'memo', artefactId: 'missing' }, ErrorCode.NOT_FOUND);
    c.refuse(person('cda2', 'cda'), { ...base, artefactType: 'memo' }, ErrorCode.FORBIDDEN);
    c.refuse(CDA_USER, { ...base, artefactType: 'memo', sha256: 'abc' }, ErrorCode.BAD_USER_INPUT);
    c.refuse(CDA_USER, { ...base, artefactType: 'memo', title: ' ' }, ErrorCode.BAD_USER_INPUT);
  });
});

describe('checkFields', () => {
  it('throws a DomainError whose message names the first problem and how many more', () => {
    const defs = DEF.artefacts.report.fields;
    let error: unknown;
    try {
      checkFields(defs, { pages: 'x' }, 'fields');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).message).toBe('fields.pages must be a whole number (and 1 more)');
  });
});
