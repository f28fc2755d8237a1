import { moneyText } from './money';
import type { ValueType } from './types';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for an ISO 8601 calendar date `YYYY-MM-DD` that exists. */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** Why `value` is not a valid value of `type` (and `values`), or null when it is. */
export function valueMismatch(value: unknown, type: ValueType, values?: readonly string[]): string | null {
  switch (type) {
    case 'string':
      if (typeof value !== 'string') return 'must be a string';
      if (values && !values.includes(value)) return `must be one of ${values.map((v) => `\`${v}\``).join(', ')}`;
      return null;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value) ? null : 'must be a whole number';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be `true` or `false`';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? null : 'must be a calendar date such as 2025-07-01';
    case 'money':
      return moneyText(value) !== null ? null : 'must be an amount with at most two decimals, such as 1234.50 (a number or a decimal string)';
  }
}

export const isNumericType = (type: ValueType): boolean => type === 'integer' || type === 'number';
/** Types that may carry `min` and `max`. */
export const isBoundedType = (type: ValueType): boolean => isNumericType(type) || type === 'money';
