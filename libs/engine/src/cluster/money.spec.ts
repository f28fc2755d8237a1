/**
 * Money (template language version 2): amounts are stored as decimal strings with two
 * decimals and computed exactly, so checks on grant shares have no float drift.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadTemplate } from '../template/loader';
import { addDecimals, decimalOf, decimalText, moneyText } from '../template/money';
import { derivedValues } from './expressions';
import { readinessOf, targetOf } from './readiness';
import { CDA_USER, expectCode, TestCluster } from '../../../../test/support/engine-harness';

const def = loadTemplate(readFileSync(join(__dirname, '../../../../test/fixtures/templates/ok/v2-money.yaml'), 'utf8')).template!;
const gate = () => targetOf(def, 'approve')!;
const checks = (c: TestCluster) => readinessOf(def, c.state, gate(), c.now).unmet.filter((u) => u.kind === 'CHECK');

describe('money values', () => {
  it('are read from numbers or decimal strings with at most two decimals, and kept as decimal strings', () => {
    expect([moneyText(1234.5), moneyText('1234.5'), moneyText(0.1), moneyText('-0.07'), moneyText(100000000)]).toEqual(['1234.50', '1234.50', '0.10', '-0.07', '100000000.00']);
    expect([moneyText(0.001), moneyText('1e3'), moneyText('12.345'), moneyText(Number.NaN), moneyText(true), moneyText('01.5')]).toEqual([null, null, null, null, null, null]);
    expect(decimalText(addDecimals(decimalOf(0.1)!, decimalOf(0.2)!), 2)).toBe('0.30');
    expect(decimalText(decimalOf(1e21)!)).toBe('1000000000000000000000');
  });

  it('are stored as decimal strings on registration and submission; more than two decimals or a bound outside the declaration is refused', () => {
    const c = new TestCluster(def, { attributes: { state_category: 'general', cfc_cost: 50000000.1, turnover: '0.01' } });
    expect(c.state.attributes).toEqual({ state_category: 'general', cfc_cost: '50000000.10', turnover: '0.01' });
    expectCode(() => new TestCluster(def, { attributes: { cfc_cost: 12.345 } }), 'BAD_USER_INPUT');
    expectCode(() => new TestCluster(def, { attributes: { cfc_cost: '1000000000.51' } }), 'BAD_USER_INPUT');
    expectCode(() => c.submit(CDA_USER, 'dpr', { total_cost: '1.15', goi_share: 0.5, state_share: -0.01 }), 'BAD_USER_INPUT');
    c.submit(CDA_USER, 'dpr', { total_cost: '1.15', goi_share: 0.5, state_share: 0 });
    expect(c.state.artefacts[0].versions[0].fields).toEqual({ total_cost: '1.15', goi_share: '0.50', state_share: '0.00' });
  });

  it('eligibility thresholds and `where` compare amounts exactly', () => {
    const poor = new TestCluster(def, { attributes: { state_category: 'general', cfc_cost: 1, turnover: 0 } });
    expect(readinessOf(def, poor.state, gate(), poor.now).unmet.map((u) => u.kind)).toContain('ELIGIBILITY');
    const c = new TestCluster(def, { attributes: { state_category: 'general', cfc_cost: 1, turnover: 0.01 } });
    c.submit(CDA_USER, 'dpr', { total_cost: 10, goi_share: 1, state_share: 1, fee: '0.10' });
    expect(readinessOf(def, c.state, gate(), c.now).unmet.map((u) => u.kind)).not.toContain('ELIGIBILITY');
    expect(readinessOf(def, c.state, gate(), c.now).unmet.map((u) => u.kind)).not.toContain('ARTEFACT');
  });
});

describe('money in expressions', () => {
  it('a share of 0.8 of 1.15 is 0.92 exactly (in floats 0.9199999999999999, which would refuse 0.92)', () => {
    expect(1.15 * 0.8).not.toBe(0.92);
    const c = new TestCluster(def, { attributes: { state_category: 'north_east', cfc_cost: 1, turnover: 1 } });
    c.submit(CDA_USER, 'dpr', { total_cost: 1.15, goi_share: 0.92, state_share: 0.1, fee: 0.1 });
    expect(checks(c)).toEqual([]);
    c.submit(CDA_USER, 'dpr', { total_cost: 1.15, goi_share: 0.93, state_share: 0.1, fee: 0.1 }, c.state.artefacts[0].id);
    expect(checks(c)).toEqual([{ kind: 'CHECK', detail: 'The Government of India share exceeds the grant share for this category' }]);
  });

  it('0.10 + 0.20 fits in 0.30 exactly, and the remainder is exactly zero', () => {
    expect(0.1 + 0.2 <= 0.3).toBe(false);
    const c = new TestCluster(def, { attributes: { state_category: 'north_east', cfc_cost: 1, turnover: 1 } });
    c.submit(CDA_USER, 'dpr', { total_cost: '0.30', goi_share: '0.20', state_share: '0.10', fee: 0.1 });
    expect(checks(c)).toEqual([]);
    expect(derivedValues(def, c.state, c.now).values).toEqual({
      grant_share: 0.8,
      max_grant: { amount: '0.80', currency: 'INR' },
      own_share: { amount: '0.00', currency: 'INR' },
    });
  });

  it('derived amounts are exact, with their currency, and compare with plain numbers as written', () => {
    const c = new TestCluster(def, { attributes: { state_category: 'general', cfc_cost: '100000000.00', turnover: 1 } });
    // 100000000.00 <= 100000000.0 holds: the grant share is 0.7, and the cap exact.
    expect(derivedValues(def, c.state, c.now).values).toMatchObject({ grant_share: 0.7, max_grant: { amount: '70000000.00', currency: 'INR' } });
    const above = new TestCluster(def, { attributes: { state_category: 'general', cfc_cost: '100000000.01', turnover: 1 } });
    expect(derivedValues(def, above.state, above.now).values).toMatchObject({ grant_share: 0.6, max_grant: { amount: '60000000.006', currency: 'INR' } });
  });

  it('amounts in different currencies cannot be compared: the check is unmet with the reason, nothing throws', () => {
    const mixed = loadTemplate(
      readFileSync(join(__dirname, '../../../../test/fixtures/templates/ok/v2-money.yaml'), 'utf8').replace(
        'message: Arithmetic on amounts',
        'message: Arithmetic on amounts\n        - { expr: "artefacts.dpr.fee < artefacts.dpr.total_cost", message: Fee below cost }',
      ),
    ).template!;
    const c = new TestCluster(mixed, { attributes: { state_category: 'general', cfc_cost: 1, turnover: 1 } });
    c.submit(CDA_USER, 'dpr', { total_cost: 10, goi_share: 1, state_share: 1, fee: 0.1 });
    expect(readinessOf(mixed, c.state, targetOf(mixed, 'approve')!, c.now).unmet).toEqual([
      { kind: 'CHECK', detail: 'Fee below cost (the rule could not be evaluated: cannot compare EUR and INR amounts)' },
    ]);
  });
});
