/**
 * The CEL type `money` (template language version 2): amounts of money fields and attributes,
 * with exact arithmetic. Allowed: `money ± money` (same currency), `money * number` and
 * `number * money` (the number as the decimal it is written as), comparisons of money with
 * money and with numbers, `-money`, and `double(money)` for the rare case a float is wanted.
 * Division is not offered (a share is checked as `part <= total * 0.8`, which stays exact).
 * Amounts of different currencies cannot be added or compared: an error at run time, so the
 * check is unmet with that reason.
 */
import type { Environment } from './cel';
import { addDecimals, compareDecimals, decimalOf, multiplyDecimals, Money, type Decimal } from './money';

const sameCurrency = (a: Money, b: Money, what: string): void => {
  if (a.currency !== b.currency) throw new Error(`cannot ${what} ${a.currency} and ${b.currency} amounts`);
};

const numberDecimal = (n: number | bigint): Decimal => {
  const d = decimalOf(n);
  if (!d) throw new Error(`${String(n)} is not a finite number`);
  return d;
};

const COMPARISONS: Array<[string, (c: number) => boolean]> = [
  ['<', (c) => c < 0],
  ['<=', (c) => c <= 0],
  ['>', (c) => c > 0],
  ['>=', (c) => c >= 0],
  // `!=` comes with `==` (the library registers it).
  ['==', (c) => c === 0],
];

export function registerMoney(env: Environment): void {
  env.registerType('money', Money);
  env.registerOperator('money + money', (a: Money, b: Money) => {
    sameCurrency(a, b, 'add');
    return new Money(addDecimals(a.amount, b.amount), a.currency);
  });
  env.registerOperator('money - money', (a: Money, b: Money) => {
    sameCurrency(a, b, 'subtract');
    return new Money(addDecimals(a.amount, { coefficient: -b.amount.coefficient, scale: b.amount.scale }), a.currency);
  });
  env.registerOperator('-money', (a: Money) => new Money({ coefficient: -a.amount.coefficient, scale: a.amount.scale }, a.currency));
  // Operands are told apart by their type, whichever side the library hands them on.
  const times = (x: Money | number | bigint, y: Money | number | bigint): Money => {
    const [m, n] = x instanceof Money ? [x, y as number | bigint] : [y as Money, x];
    return new Money(multiplyDecimals(m.amount, numberDecimal(n)), m.currency);
  };
  for (const n of ['double', 'int']) {
    env.registerOperator(`money * ${n}`, times);
    env.registerOperator(`${n} * money`, times);
  }
  for (const [op, holds] of COMPARISONS) {
    env.registerOperator(`money ${op} money`, (a: Money, b: Money) => {
      sameCurrency(a, b, 'compare');
      return holds(compareDecimals(a.amount, b.amount));
    });
    for (const n of ['double', 'int']) {
      const amountOf = (x: Money | number | bigint) => (x instanceof Money ? x.amount : numberDecimal(x));
      const compare = (x: Money | number | bigint, y: Money | number | bigint) => holds(compareDecimals(amountOf(x), amountOf(y)));
      env.registerOperator(`money ${op} ${n}`, compare);
      // The library registers the mirror of an equality itself.
      if (op !== '==') env.registerOperator(`${n} ${op} money`, compare);
    }
  }
  env.registerFunction('double(money): double', (a: Money) => Number(a.amount.coefficient) / 10 ** a.amount.scale);
}
