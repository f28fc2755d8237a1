/**
 * Property tests of template language version 2 (fast-check):
 *
 * - random templates built from the grammar (phases with `due`, `expires` and milestones; gates
 *   with requirements, `checks`, `conditions`, `after`, `escalate`; roles; attributes of every
 *   type, money among them; `derived`; artefact types with `files` and `submitters`;
 *   `languages` and title maps; `migration`), mostly well-formed with the odd wrong name,
 *   duration or currency: loading either gives a template or problems, never throws; what it
 *   accepts compiles, draws and has no unreachable phase or trap;
 * - random CEL expressions over the declared variables (well-typed or not): checking never
 *   throws; evaluating on clusters with random facts (missing ones, nulls, zero divisors,
 *   overflow) gives true, false or a reason, never an exception, and a gate's readiness turns
 *   every check that is not true into a CHECK item with a detail.
 *
 * Run counts keep this file at a few seconds.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { derivedValues, evaluateChecks } from '../cluster/expressions';
import { readinessOf, targetOf } from '../cluster/readiness';
import { CDA_USER, TestCluster } from '../../../../test/support/engine-harness';
import { expectWellFormed } from '../../../../test/support/template-contract';
import { analyseTemplate } from './analysis';
import { compileMachine, initialPhase } from './compiler';
import { loadTemplate } from './loader';
import { toMermaid } from './mermaid';
import type { TemplateDefinition } from './types';

const sometimes = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { freq: 3, nil: undefined });

// --- random CEL over declared variables ------------------------------------------------------

type Typed = { t: 'int' | 'double' | 'string' | 'bool' | 'money' | 'any'; e: string };

/** The variables of the declarations below, with their CEL types; a few that are not declared. */
const VARIABLES: Typed[] = [
  { t: 'int', e: 'attributes.members' },
  { t: 'double', e: 'attributes.share' },
  { t: 'string', e: 'attributes.region' },
  { t: 'bool', e: 'attributes.listed' },
  { t: 'string', e: 'attributes.founded' },
  { t: 'money', e: 'attributes.budget' },
  { t: 'int', e: 'artefacts.report.firms' },
  { t: 'money', e: 'artefacts.report.cost' },
  { t: 'money', e: 'artefacts.report.grant' },
  { t: 'bool', e: 'artefacts.report.complete' },
  { t: 'double', e: 'indicators.jobs' },
  { t: 'double', e: 'score' },
  { t: 'string', e: 'phase' },
  { t: 'double', e: 'daysInPhase' },
  { t: 'double', e: 'derived.share' },
  { t: 'money', e: 'derived.cap' },
  { t: 'any', e: 'attributes.nope' },
  { t: 'any', e: 'artefacts.minutes.date' },
  { t: 'any', e: 'derived.later' },
  { t: 'any', e: 'nobody' },
];

const literal: fc.Arbitrary<Typed> = fc.oneof(
  fc.integer({ min: -5, max: 100 }).map((n) => ({ t: 'int' as const, e: String(n) })),
  fc.constantFrom('0', '9223372036854775807', '-9223372036854775807').map((e) => ({ t: 'int' as const, e })),
  fc.double({ min: -1000, max: 1000, noNaN: true }).map((n) => ({ t: 'double' as const, e: Number.isInteger(n) ? `${n}.0` : String(n) })),
  fc.constantFrom("'north'", "'south'", "''", "'appraisal'").map((e) => ({ t: 'string' as const, e })),
  fc.boolean().map((b) => ({ t: 'bool' as const, e: String(b) })),
  fc.constant({ t: 'any' as const, e: 'null' }),
);

const ARITH = ['+', '-', '*', '/', '%'];
const COMPARE = ['==', '!=', '<', '<=', '>', '>='];

/** Any mix of the pieces, well-typed or not (what the checker must refuse without throwing). */
const { expr: untypedExpr } = fc.letrec<{ expr: Typed }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 3, arbitrary: fc.constantFrom(...VARIABLES) },
    { weight: 2, arbitrary: literal },
    fc.tuple(tie('expr'), fc.constantFrom(...ARITH), tie('expr')).map(([a, op, b]) => ({ t: a.t, e: `(${a.e} ${op} ${b.e})` })),
    fc.tuple(tie('expr'), fc.constantFrom(...COMPARE), tie('expr')).map(([a, op, b]) => ({ t: 'bool' as const, e: `${a.e} ${op} ${b.e}` })),
    fc.tuple(tie('expr'), fc.constantFrom('&&', '||'), tie('expr')).map(([a, op, b]) => ({ t: 'bool' as const, e: `(${a.e} ${op} ${b.e})` })),
    tie('expr').map((a) => ({ t: 'bool' as const, e: `!(${a.e})` })),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => ({ t: a.t, e: `(${c.e} ? ${a.e} : ${b.e})` })),
    tie('expr').map((a) => ({ t: 'int' as const, e: `size(${a.e})` })),
    fc.constantFrom('attributes.region', 'artefacts.report.firms', 'attributes.nope').map((v) => ({ t: 'bool' as const, e: `has(${v})` })),
  ),
}));

/** Terms of one CEL type: the declared variables of that type, literals, arithmetic within the type. */
const of = (t: Typed['t']) => VARIABLES.filter((v) => v.t === t);
const intTerm = fc.letrec<{ term: string }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small' },
    { weight: 3, arbitrary: fc.constantFrom(...of('int').map((v) => v.e)) },
    { weight: 2, arbitrary: fc.constantFrom('0', '1', '7', '9223372036854775807', '-9223372036854775807') },
    fc.constantFrom('size(attributes.region)', 'size(phase)'),
    fc.tuple(tie('term'), fc.constantFrom(...ARITH), tie('term')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('term').map((a) => `-(${a})`),
  ),
})).term;
const doubleTerm = fc.letrec<{ term: string }>((tie) => ({
  term: fc.oneof(
    { depthSize: 'small' },
    { weight: 3, arbitrary: fc.constantFrom(...of('double').map((v) => v.e)) },
    { weight: 2, arbitrary: fc.constantFrom('0.0', '0.5', '80.0', '1e308') },
    intTerm.map((a) => `double(${a})`),
    fc.tuple(tie('term'), fc.constantFrom('+', '-', '*', '/'), tie('term')).map(([a, op, b]) => `(${a} ${op} ${b})`),
  ),
})).term;
const moneyTerm = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...of('money').map((v) => v.e)) },
  fc.tuple(fc.constantFrom(...of('money').map((v) => v.e)), fc.constantFrom('+', '-'), fc.constantFrom(...of('money').map((v) => v.e))).map(([a, op, b]) => `(${a} ${op} ${b})`),
  fc.tuple(fc.constantFrom(...of('money').map((v) => v.e)), doubleTerm).map(([a, b]) => `${a} * ${b}`),
);
const stringTerm = fc.oneof(fc.constantFrom(...of('string').map((v) => v.e)), fc.constantFrom("'north'", "''", "'appraisal'"));

const { expr: boolExpr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...of('bool').map((v) => v.e), 'true', 'false'),
    fc.tuple(intTerm, fc.constantFrom(...COMPARE), intTerm).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(doubleTerm, fc.constantFrom(...COMPARE), doubleTerm).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(moneyTerm, fc.constantFrom(...COMPARE), moneyTerm).map(([a, op, b]) => `${a} ${op} ${b}`),
    fc.tuple(stringTerm, fc.constantFrom('==', '!=', '<'), stringTerm).map(([a, op, b]) => `${a} ${op} ${b}`),
    stringTerm.map((a) => `${a} in ['north', 'south']`),
    fc.constantFrom('attributes.region', 'artefacts.report.firms', 'artefacts.report').map((v) => `has(${v})`),
    fc.constantFrom('artefacts.report', 'indicators.jobs', 'derived.share').map((v) => `!has(${v})`),
    fc.tuple(tie('expr'), fc.constantFrom('&&', '||'), tie('expr')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('expr').map((a) => `!(${a})`),
    fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c} ? ${a} : ${b})`),
    fc.tuple(fc.constantFrom('all', 'exists', 'exists_one'), intTerm).map(([fn, t]) => `[1, 2, 3].${fn}(x, x <= ${t})`),
  ),
}));

/** Mostly well-typed checks, and some of anything. */
const celExpr: fc.Arbitrary<Typed> = fc.oneof({ weight: 3, arbitrary: boolExpr.map((e) => ({ t: 'bool' as const, e })) }, { weight: 1, arbitrary: untypedExpr });

/** The declarations the expressions name; `derived` declares `share` and `cap` before the checks. */
const DECLARATIONS = {
  key: 'expressions',
  version: 1,
  attributes: {
    members: { type: 'integer', min: 0 },
    share: { type: 'number', min: 0, max: 1 },
    region: { type: 'string', values: ['north', 'south', 'east'] },
    listed: { type: 'boolean' },
    founded: { type: 'date' },
    budget: { type: 'money', currency: 'EUR', min: 0 },
  },
  artefacts: {
    report: {
      fields: {
        firms: { type: 'integer', min: 0 },
        cost: { type: 'money', currency: 'EUR' },
        grant: { type: 'money', currency: 'EUR' },
        complete: { type: 'boolean' },
      },
    },
    minutes: {},
  },
  indicators: { jobs: { aggregation: 'sum' } },
  derived: { share: "attributes.region == 'north' ? 0.8 : 0.7", cap: 'attributes.budget * derived.share' },
  roles: { reviewer: {} },
  phases: { appraisal: {}, done: { final: true } },
};

const withChecks = (exprs: string[], derived: Record<string, string> = {}) => ({
  ...DECLARATIONS,
  derived: { ...DECLARATIONS.derived, ...derived },
  gates: [{ id: 'approve', from: 'appraisal', to: 'done', requires: { approvals: [{ role: 'reviewer' }], checks: exprs.map((expr, i) => ({ expr, message: `Check ${i}` })) } }],
});

/** Facts of one cluster: each attribute given or not; maybe a report with some of its fields. */
const money = fc.integer({ min: 0, max: 10_000_000_00 }).map((cents) => cents / 100);
const facts = fc.record({
  attributes: fc.record(
    {
      members: fc.integer({ min: 0, max: 2 ** 40 }),
      share: fc.double({ min: 0, max: 1, noNaN: true }),
      region: fc.constantFrom('north', 'south', 'east'),
      listed: fc.boolean(),
      founded: fc.constantFrom('2001-02-03', '2024-02-29'),
      budget: money,
    },
    { requiredKeys: [] },
  ),
  report: sometimes(fc.record({ firms: fc.integer({ min: 0, max: 500 }), cost: money, grant: money, complete: fc.boolean() }, { requiredKeys: [] })),
  days: fc.integer({ min: 0, max: 800 }),
});

describe('random CEL expressions over the declared variables (property)', () => {
  const base = loadTemplate(stringify(withChecks(['true']))).template!;

  it('check or fail with a problem at the expression; what checks evaluates on any cluster to true, false or a reason', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(celExpr, { minLength: 1, maxLength: 3 }), facts, (exprs, f) => {
        const result = loadTemplate(stringify(withChecks(exprs.map((x) => x.e))));
        expectWellFormed(result);
        for (const p of result.errors) expect(p.path).toMatch(/^gates\[0\]\.requires\.checks\[\d\]\.expr$/);
        const def: TemplateDefinition = result.template ?? base;
        if (result.template) accepted += 1;
        const cluster = new TestCluster(def, { attributes: f.attributes });
        if (f.report) cluster.submit(CDA_USER, 'report', f.report);
        cluster.wait(f.days);
        // Evaluated whether or not they checked (a stored template is always checked; this is the run time's own guard).
        const outcomes = evaluateChecks(def, cluster.state, exprs.map((x) => x.e), cluster.now);
        for (const o of outcomes) expect(o === true || o === false || (typeof o === 'object' && typeof o.error === 'string' && o.error.length > 0)).toBe(true);
        if (result.template) {
          const readiness = readinessOf(def, cluster.state, targetOf(def, 'approve')!, cluster.now);
          const checkItems = readiness.unmet.filter((u) => u.kind === 'CHECK');
          expect(checkItems).toHaveLength(outcomes.filter((o) => o !== true).length);
          for (const item of checkItems) expect(item.detail).toEqual(expect.any(String));
        }
      }),
      { numRuns: 150 },
    );
    // The generator reaches evaluation, not only the checker's refusals.
    expect(accepted).toBeGreaterThan(60);
  });

  it('derived values: computed or null with a reason, never an exception', () => {
    fc.assert(
      fc.property(fc.oneof(untypedExpr.map((x) => x.e), doubleTerm, moneyTerm, intTerm, boolExpr), facts, (e, f) => {
        const result = loadTemplate(stringify(withChecks(['true'], { extra: e })));
        expectWellFormed(result);
        if (!result.template) return;
        const cluster = new TestCluster(result.template, { attributes: f.attributes });
        if (f.report) cluster.submit(CDA_USER, 'report', f.report);
        const { values, errors } = derivedValues(result.template, cluster.state, cluster.wait(f.days).now);
        for (const id of ['share', 'cap', 'extra']) {
          expect(id in values).toBe(true);
          if (values[id] === null) expect(errors[id]).toEqual(expect.any(String));
        }
      }),
      { numRuns: 100 },
    );
  });
});

// --- random templates from the grammar -------------------------------------------------------

const PHASES = ['p0', 'p1', 'p2', 'p3'];
const ROLES = ['reviewer', 'board', 'cda'];
const DURATIONS = ['P3M', 'P1Y', 'P10D', 'PT5S', 'P18M'];
const ACCEPT = ['pdf', 'docx', 'xlsx', 'csv', 'png'];
const CHECKS = ['attributes.members >= 3', 'artefacts.doc.amount <= attributes.budget', "phase == 'p1' || daysInPhase > 2.0", 'attributes.region in [\'north\']'];

type Raw = Record<string, any>;

const titleOf = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('Title', 'Phase') }, fc.constant({ en: 'Title', fr: 'Titre' }));

/** Requirements from declared names only; `of: doc` comes with the document it decides on. */
const requirements = fc
  .record(
    {
      doc: fc.record({ count: fc.integer({ min: 1, max: 2 }), where: fc.option(fc.record({ signed: fc.boolean() }), { nil: undefined }) }, { requiredKeys: [] }),
      approvals: fc.array(fc.record({ role: fc.constantFrom(...ROLES), count: fc.integer({ min: 1, max: 2 }), of: fc.option(fc.constant('doc'), { nil: undefined }) }, { requiredKeys: ['role'] }), { maxLength: 2 }),
      checks: fc.array(fc.record({ expr: fc.constantFrom(...CHECKS), message: fc.constantFrom('Too small', 'Over the cap') }), { maxLength: 2 }),
      conditions: fc.constant('closed'),
      after: fc.constantFrom(...DURATIONS),
      eligible: fc.constant(true),
      score: fc.record({ min: fc.integer({ min: 0, max: 5 }) }),
      indicators: fc.array(fc.record({ indicator: fc.constant('jobs'), min: fc.integer({ min: 0, max: 5 }) }), { maxLength: 1 }),
    },
    { requiredKeys: [] },
  )
  .map(({ doc, approvals, ...rest }) => {
    const out: Raw = { ...rest };
    if (approvals?.length) out.approvals = approvals.map((a) => (a.of === undefined ? { role: a.role, count: a.count } : a));
    if (doc || approvals?.some((a) => a.of)) out.artefacts = [{ type: 'doc', ...(doc ?? {}) }];
    return out;
  });

/** One change that breaks a rule of the language (or, now and then, none that matters). */
const MUTATIONS: ((t: Raw) => void)[] = [
  (t) => (t.gates[0].requires = { approvals: [{ role: 'ghost' }] }),
  (t) => (t.gates[0].requires = { approvals: [{ role: 'reviewer', count: 0 }] }),
  (t) => (t.gates[0].requires = { approvals: [{ role: 'reviewer', of: 'doc' }] }),
  (t) => (t.gates[0].requires = { checks: [{ expr: 'attributes.membres > 1', message: 'Typo' }] }),
  (t) => (t.gates[0].requires = { checks: [{ expr: 'attributes.region > 3', message: 'Type' }] }),
  (t) => (t.gates[0].requires = { checks: [{ expr: 'attributes.members >', message: 'Syntax' }] }),
  (t) => (t.gates[0].requires = { checks: [{ expr: '1 + 1', message: 'Not a boolean' }] }),
  (t) => (t.gates[0].requires = { checks: [{ expr: 'true', message: '' }] }),
  (t) => (t.gates[0].requires = { conditions: 'open' }),
  (t) => (t.gates[0].requires = { after: 'soon' }),
  (t) => (t.gates[0].escalate = { after: 'P1M', to: 'ghost' }),
  (t) => (t.gates[0].escalate = { after: 'PT0S', to: 'reviewer' }),
  (t) => (t.gates[0].escalate = { after: 'P1M', to: 'auditor' }),
  (t) => (t.gates[0].to = 'nowhere'),
  (t) => t.gates.push({ id: 'from_final', from: 'done', to: 'p0', requires: { approvals: [{ role: 'cda' }] } }),
  (t) => t.gates.push({ id: t.gates[0].id, from: 'p0', to: 'done', requires: { approvals: [{ role: 'cda' }] } }),
  (t) => (t.phases.p0.expires = { after: 'P1M', to: 'nowhere' }),
  (t) => (t.phases.p0.expires = { after: 'P1M', to: 'p0' }),
  (t) => (t.phases.p0.expires = { after: 'P', to: 'done' }),
  (t) => (t.phases.done.expires = { after: 'P1M', to: 'p0' }),
  (t) => (t.phases.island = { title: 'Unreachable' }),
  (t) => (t.attributes.budget.currency = 'eur'),
  (t) => (t.attributes.budget.currency = 'EURO'),
  (t) => delete t.attributes.budget.currency,
  (t) => (t.attributes.budget.type = 'cash'),
  (t) => (t.derived = { half: 'attributes.budget +' }),
  (t) => (t.derived = { first: 'derived.second > 1', second: 'attributes.members > 1' }),
  (t) => (t.artefacts.doc.files = { min: 1, accept: ['exe'] }),
  (t) => (t.artefacts.doc.files = { min: 3, max: 1 }),
  (t) => (t.artefacts.doc.submitters = ['ghost']),
  (t) => (t.artefacts.doc.submitters = []),
  (t) => (t.languages = ['en', 'en']),
  (t) => (t.languages = ['xx-yy-zz']),
  (t) => delete t.languages,
  (t) => delete t.selection,
  (t) => (t.migration = { from: 0 }),
  (t) => (t.migration = { from: 1, phases: { old: 'nowhere' }, gates: { old_gate: 'nowhere' } }),
  (t) => (t.roles.auditor = { title: 'Reserved' }),
  (t) => (t.roles.reviewer.scope = 'team'),
];

const grammarTemplate = fc
  .record({
    nonFinal: fc.integer({ min: 1, max: PHASES.length }),
    languages: fc.boolean(),
    title: titleOf,
    roleTitles: fc.tuple(titleOf, titleOf),
    scope: fc.constantFrom('agency', 'cluster'),
    budgetMin: fc.integer({ min: 0, max: 10 }),
    currency: fc.constantFrom('EUR', 'INR', 'USD', 'XOF'),
    derived: fc.dictionary(fc.constantFrom('half', 'big'), fc.constantFrom('attributes.budget * 0.5', 'attributes.members > 10'), { maxKeys: 2 }),
    files: fc.option(fc.record({ min: fc.integer({ min: 0, max: 2 }), accept: fc.subarray(ACCEPT, { minLength: 1 }) }), { nil: undefined }),
    submitters: fc.option(fc.subarray(ROLES, { minLength: 1 }), { nil: undefined }),
    phaseExtras: fc.array(
      fc.record(
        {
          title: titleOf,
          due: fc.constantFrom(...DURATIONS),
          expiresAfter: fc.constantFrom(...DURATIONS),
          milestone: fc.record({ title: titleOf, requires: requirements }, { requiredKeys: [] }),
        },
        { requiredKeys: [] },
      ),
      { minLength: PHASES.length, maxLength: PHASES.length },
    ),
    gateExtras: fc.array(
      fc.record({ title: titleOf, requires: requirements, escalate: fc.record({ after: fc.constantFrom(...DURATIONS), to: fc.constantFrom(...ROLES) }) }, { requiredKeys: [] }),
      { minLength: PHASES.length, maxLength: PHASES.length },
    ),
    loops: fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }),
    migration: fc.boolean(),
    mutations: fc.oneof(fc.constant([]), fc.array(fc.integer({ min: 0, max: MUTATIONS.length - 1 }), { minLength: 1, maxLength: 2 })),
  })
  .map((r) => {
    const used = PHASES.slice(0, r.nonFinal);
    const phases: Raw = {};
    used.forEach((id, i) => {
      const { expiresAfter, milestone, ...rest } = r.phaseExtras[i];
      // An expiry moves the cluster on along the chain (never into itself).
      phases[id] = { ...rest, ...(expiresAfter ? { expires: { after: expiresAfter, to: used[i + 1] ?? 'done' } } : {}), ...(milestone ? { milestones: { [`m${i}`]: milestone } } : {}) };
    });
    phases.done = { final: true, title: r.title };
    phases.dropped = { final: true };
    const gates: Raw[] = used.map((id, i) => ({ id: `g${i}`, from: id, to: used[i + 1] ?? 'done', ...r.gateExtras[i] }));
    r.loops.forEach(([a, b], i) => {
      const from = used[a % used.length];
      const to = used[b % used.length];
      if (from !== to) gates.push({ id: `loop${i}`, from, to, requires: { approvals: [{ role: 'board' }] } });
    });
    gates.push({ id: 'drop', from: used, to: 'dropped', requires: { approvals: [{ role: 'reviewer' }] } });
    const t: Raw = {
      ...(r.languages ? { languages: ['en', 'fr'] } : {}),
      key: 'grammar',
      version: 2,
      title: r.title,
      roles: { reviewer: { title: r.roleTitles[0], scope: r.scope }, board: { title: r.roleTitles[1] } },
      attributes: { members: { type: 'integer', min: 0 }, budget: { type: 'money', currency: r.currency, min: r.budgetMin }, region: { type: 'string', values: ['north', 'south'] } },
      ...(Object.keys(r.derived).length ? { derived: r.derived } : {}),
      selection: { scale: { min: 0, max: 5 }, criteria: { fit: { weight: 1 } }, eligibility: [{ attribute: 'members', min: 3 }] },
      artefacts: { doc: { fields: { amount: { type: 'money', currency: r.currency, required: true }, signed: { type: 'boolean' } }, ...(r.files ? { files: r.files } : {}), ...(r.submitters ? { submitters: r.submitters } : {}) } },
      indicators: { jobs: { aggregation: 'sum' } },
      phases,
      gates,
      ...(r.migration ? { migration: { from: 1, gates: { old_gate: 'g0' } } } : {}),
    };
    // Titles given per language need `languages`: without them, plain titles everywhere.
    if (!r.languages) {
      const plain = (o: unknown): unknown =>
        Array.isArray(o) ? o.map(plain) : o && typeof o === 'object' ? ('en' in o && 'fr' in o ? 'Title' : Object.fromEntries(Object.entries(o).map(([k, v]) => [k, plain(v)]))) : o;
      Object.assign(t, plain(t));
    }
    for (const m of r.mutations) MUTATIONS[m](t);
    return { template: t, mutated: r.mutations.length > 0 };
  });

describe('random templates from the grammar (property)', () => {
  it('validate or fail with problems, never throw; what validates compiles, draws and has no unreachable phase or trap', () => {
    let valid = 0;
    let refused = 0;
    fc.assert(
      fc.property(grammarTemplate, ({ template, mutated }) => {
        const result = loadTemplate(stringify(template));
        expectWellFormed(result);
        if (!result.template) {
          refused += 1;
          // Built from the grammar without a breaking change: accepted (the migration's versions are checked on publishing).
          if (!mutated) expect(result.errors).toEqual([]);
          return;
        }
        valid += 1;
        const findings = analyseTemplate(result.template);
        expect(findings.unreachable).toEqual([]);
        expect(findings.traps).toEqual([]);
        expect(initialPhase(compileMachine(result.template))).toBe(result.template.phases.find((p) => p.initial)!.id);
        expect(toMermaid(result.template)).toContain('stateDiagram');
      }),
      { numRuns: 120 },
    );
    // Both sides are reached.
    expect(valid).toBeGreaterThan(15);
    expect(refused).toBeGreaterThan(15);
  });
});
