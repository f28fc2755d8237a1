/**
 * Money (template language version 2): amounts are exact decimals, never floats.
 *
 * Stored and answered as decimal strings with exactly two decimals (`"1234.50"`); given as a
 * JSON number or a decimal string with at most two decimals. Arithmetic (in CEL, in sums) is
 * on BigInt coefficients with a decimal scale, so 0.10 + 0.20 is 0.30 exactly. A double met in
 * an expression (`total * 0.8`, `cost <= 100000000.0`) counts as the decimal it is written as
 * (its shortest round-trip text), not as its binary approximation.
 */

/**
 * ISO 4217 codes of current currencies (and the fund codes ICU knows), fixed here so that a
 * template validates the same on every Node version.
 */
export const CURRENCIES: ReadonlySet<string> = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC ' +
    'CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS INR IQD IRR ' +
    'ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR ' +
    'MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP ' +
    'STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XDR XOF XPF XSU YER ZAR ZMW ZWG ZWL'
  ).split(' '),
);

export const CURRENCY_PATTERN = '^[A-Z]{3}$';

/** At most two decimals, as the spec says; no exponent, an optional minus. */
const MONEY_TEXT = /^-?(0|[1-9][0-9]{0,17})(\.[0-9]{1,2})?$/;
/** Any plain decimal or a number's exponent form (`1e+21`, `5e-7`). */
const DECIMAL_TEXT = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:e([+-]?[0-9]+))?$/i;

/** An exact decimal: `coefficient × 10^-scale`. */
export interface Decimal {
  coefficient: bigint;
  scale: number;
}

/** The decimal a number's shortest round-trip text says (`0.1` is 1×10^-1), or one parsed from text. */
export function decimalOf(value: number | bigint | string): Decimal | null {
  if (typeof value === 'bigint') return { coefficient: value, scale: 0 };
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  const m = DECIMAL_TEXT.exec(String(value));
  if (!m) return null;
  const [, sign, whole, fraction = '', exp = '0'] = m;
  let scale = fraction.length - Number(exp);
  let digits = whole + fraction;
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  return normalise({ coefficient: BigInt(sign + digits), scale });
}

/** Trailing zeros removed (so scales stay small through arithmetic). */
function normalise(d: Decimal): Decimal {
  let { coefficient, scale } = d;
  while (scale > 0 && coefficient % 10n === 0n) {
    coefficient /= 10n;
    scale -= 1;
  }
  return { coefficient, scale };
}

const rescale = (d: Decimal, scale: number): bigint => d.coefficient * 10n ** BigInt(scale - d.scale);

export function compareDecimals(a: Decimal, b: Decimal): number {
  const scale = Math.max(a.scale, b.scale);
  const x = rescale(a, scale);
  const y = rescale(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const addDecimals = (a: Decimal, b: Decimal): Decimal => {
  const scale = Math.max(a.scale, b.scale);
  return normalise({ coefficient: rescale(a, scale) + rescale(b, scale), scale });
};

export const multiplyDecimals = (a: Decimal, b: Decimal): Decimal => normalise({ coefficient: a.coefficient * b.coefficient, scale: a.scale + b.scale });

/** Plain decimal text with at least `minScale` decimals (`1234.5` → `"1234.50"` for 2). */
export function decimalText(d: Decimal, minScale = 0): string {
  const scale = Math.max(d.scale, minScale);
  const c = rescale(d, scale);
  const negative = c < 0n;
  const digits = (negative ? -c : c).toString().padStart(scale + 1, '0');
  const text = scale ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  return negative ? `-${text}` : text;
}

/**
 * The stored form of a money value given as a JSON number or a decimal string (`"1234.50"`),
 * or null when it is not an amount with at most two decimals.
 */
export function moneyText(value: unknown): string | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    const d = decimalOf(value);
    if (!d || d.scale > 2 || (d.coefficient < 0n ? -d.coefficient : d.coefficient) >= 10n ** 20n) return null;
    return decimalText(d, 2);
  }
  if (typeof value !== 'string' || !MONEY_TEXT.test(value)) return null;
  return decimalText(decimalOf(value)!, 2);
}

/** True for a template number (a `min`, a `where` value) that is an amount with at most two decimals. */
export const isMoneyNumber = (value: unknown): boolean => typeof value === 'number' && moneyText(value) !== null;

/** An amount in one currency, as CEL expressions see it (type `money`). */
export class Money {
  constructor(
    readonly amount: Decimal,
    readonly currency: string,
  ) {}

  /** `1234.50 INR` (exact; more decimals when a multiplication gave them). */
  toString(): string {
    return `${decimalText(this.amount, 2)} ${this.currency}`;
  }

  /** How a computed amount is answered (Cluster.derived): exact text and currency. */
  toJSON(): { amount: string; currency: string } {
    return { amount: decimalText(this.amount, 2), currency: this.currency };
  }
}

/** The amount a stored money value (decimal string, or a number from an older record) holds. */
export function moneyOf(value: unknown, currency: string): Money | undefined {
  const d = typeof value === 'string' || typeof value === 'number' ? decimalOf(value) : null;
  return d ? new Money(d, currency) : undefined;
}
