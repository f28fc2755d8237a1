/**
 * Template expressions (CEL, version 2): problems point inside the expression (line and
 * column in the YAML source, through plain, quoted and folded scalars); on a cluster, derived
 * values are computed in order, a false check is unmet with its message, and an error (a
 * missing document, an attribute not given) is unmet with the reason, never an exception.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadTemplate } from '../template/loader';
import { derivedValues } from './expressions';
import { readinessOf, targetOf } from './readiness';
import { CDA_USER, TestCluster } from '../../../../test/support/engine-harness';

const FIXTURES = join(__dirname, '../../../../test/fixtures/templates');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const problems = (name: string) => loadTemplate(fixture(`not-ok/${name}`)).errors.map((p) => [p.path, p.line, p.column, p.message]);

describe('expression problems point inside the expression', () => {
  it('a syntax error in a flow mapping, quoted: at the end of the expression', () => {
    // `      checks: [ { expr: "attributes.cost >", ...`: the quote at column 25, the end 17 characters later.
    expect(problems('v2-cel-syntax-error.yaml')).toEqual([['gates[0].requires.checks[0].expr', 15, 43, expect.stringMatching(/^CEL syntax error: /)]]);
  });

  it('an unknown attribute in a plain scalar: at the misspelt key', () => {
    expect(problems('v2-cel-unknown-attribute.yaml')).toEqual([['gates[0].requires.checks[0].expr', 16, 28, 'CEL type error: No such key: cots']]);
  });

  it('a string compared with a number', () => {
    expect(problems('v2-cel-string-compared-with-number.yaml')).toEqual([['gates[0].requires.checks[0].expr', 16, 17, 'CEL type error: no such overload: string > int']]);
  });

  it('an unknown field on the second line of a folded block scalar', () => {
    expect(problems('v2-cel-unknown-artefact-field.yaml')).toEqual([['phases.start.milestones.m.requires.checks[0].expr', 15, 31, 'CEL type error: No such key: goi_share']]);
  });

  it('a check that is not a boolean, an unknown variable, a derived value used before it is declared, nested comprehensions', () => {
    expect(problems('v2-cel-check-not-bool.yaml')).toEqual([['gates[0].requires.checks[0].expr', 16, 17, 'a check must be true or false (CEL bool); this expression is double']]);
    expect(problems('v2-derived-unknown-variable.yaml')).toEqual([
      ['derived.share', 7, 10, 'CEL type error: Unknown variable: total'],
      ['derived.first', 8, 18, 'CEL type error: No such key: second'],
    ]);
    expect(problems('v2-cel-nested-comprehension.yaml')).toEqual([
      ['gates[0].requires.checks[0].expr', 14, 35, 'comprehensions (all, exists, exists_one, map, filter) may not be nested: evaluation must stay linear'],
    ]);
  });

  it('an expression over the size limits is a problem, not a crash', () => {
    const huge = fixture('ok/v2-expressions.yaml').replace('message: At least 10 units', `message: At least 10 units\n        - { expr: "${'1 + '.repeat(450)}1 > 0", message: Big }`);
    const result = loadTemplate(huge);
    expect(result.errors).toEqual([expect.objectContaining({ path: 'gates[0].requires.checks[2].expr', message: expect.stringMatching(/^(CEL syntax error|not a valid CEL expression): .*/) })]);
  });
});

describe('on a cluster', () => {
  const def = loadTemplate(fixture('ok/v2-expressions.yaml')).template!;
  const gate = () => targetOf(def, 'approve')!;
  const cluster = (attributes: Record<string, unknown>) => new TestCluster(def, { attributes });

  it('computes derived values in order, the second from the first', () => {
    const c = cluster({ state_category: 'general', cfc_cost: 150000000, units: 12 });
    expect(derivedValues(def, c.state, c.now)).toEqual({ values: { grant_share: 0.6, max_grant: 90000000 }, errors: {} });
    const hill = cluster({ state_category: 'hill', cfc_cost: 150000000, units: 12 });
    expect(derivedValues(def, hill.state, hill.now).values).toEqual({ grant_share: 0.8, max_grant: 120000000 });
  });

  it('a derived value that cannot be computed is null with its reason', () => {
    const c = cluster({ state_category: 'general', units: 12 });
    expect(derivedValues(def, c.state, c.now)).toEqual({
      values: { grant_share: null, max_grant: null },
      errors: { grant_share: 'No such key: cfc_cost', max_grant: 'No such key: cfc_cost' },
    });
  });

  it('a DPR asking more than the category\'s grant share is refused with the check\'s message; within it, the gate passes', () => {
    const c = cluster({ state_category: 'general', cfc_cost: 50000000, units: 12 });
    // No DPR yet: the check cannot be evaluated; its reason is given, nothing throws.
    expect(readinessOf(def, c.state, gate(), c.now).unmet).toEqual([
      expect.objectContaining({ kind: 'ARTEFACT' }),
      { kind: 'CHECK', detail: 'The Government of India share exceeds the grant share for this category (the rule could not be evaluated: No such key: dpr)' },
    ]);
    const { artefactId } = c.submit(CDA_USER, 'dpr', { total_cost: 1000, goi_share: 800 });
    expect(readinessOf(def, c.state, gate(), c.now).unmet).toEqual([{ kind: 'CHECK', detail: 'The Government of India share exceeds the grant share for this category' }]);
    c.submit(CDA_USER, 'dpr', { total_cost: 1000, goi_share: 700 }, artefactId);
    expect(readinessOf(def, c.state, gate(), c.now)).toMatchObject({ ready: true, unmet: [] });
    c.advance(CDA_USER, 'approve');
    expect(c.state.phase).toBe('done');
  });

  it('an integer attribute compares as a CEL int', () => {
    const c = cluster({ state_category: 'general', cfc_cost: 50000000, units: 9 });
    c.submit(CDA_USER, 'dpr', { total_cost: 1000, goi_share: 100 });
    expect(readinessOf(def, c.state, gate(), c.now).unmet).toEqual([{ kind: 'CHECK', detail: 'At least 10 units' }]);
  });
});
