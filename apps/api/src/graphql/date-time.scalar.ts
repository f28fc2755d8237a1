import { GraphQLError, GraphQLScalarType, Kind, print, type ValueNode } from 'graphql';
import { ErrorCode } from '@clusterflow/engine';

/**
 * RFC 3339 `date-time` (section 5.6): a full date, `T` (or `t`), a full time with optional
 * fractions of a second, and a time-zone offset or `Z`. No date alone, no local time, no
 * number: an instant must say which instant it is.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The instant an RFC 3339 date-time names, or null when the text is not one. */
export function parseRfc3339(text: string): Date | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const [offsetHour, offsetMinute] = [Number(m[9] ?? 0), Number(m[10] ?? 0)];
  const days = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  // A leap second (:60) cannot be represented by a JavaScript Date; it is refused rather than moved.
  if (month < 1 || month > 12 || day < 1 || day > days || hour > 23 || minute > 59 || second > 59 || offsetHour > 23 || offsetMinute > 59) return null;
  const ms = Math.floor(Number(`0${m[7] ?? ''}`) * 1000);
  const sign = m[8] === '-' ? -1 : 1;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - sign * (offsetHour * 60 + offsetMinute) * 60_000;
  const date = new Date(utc);
  // Date.UTC maps years 0-99 to 1900-1999.
  if (year < 100) date.setUTCFullYear(date.getUTCFullYear() - 1900);
  return Number.isNaN(date.getTime()) ? null : date;
}

function refuse(shown: string, node?: ValueNode): GraphQLError {
  const text = shown.length > 64 ? `${shown.slice(0, 61)}...` : shown;
  return new GraphQLError(`${text} is not an RFC 3339 date-time with an offset (e.g. 2025-03-11T09:30:00Z or 2025-03-11T10:30:00+01:00)`, {
    ...(node ? { nodes: node } : {}),
    extensions: { code: ErrorCode.BAD_USER_INPUT },
  });
}

/**
 * The contract's `DateTime`: answered as ISO 8601 in UTC with milliseconds
 * (`2025-03-11T09:30:00.000Z`); taken as RFC 3339 with an offset or `Z`, anything else being
 * BAD_USER_INPUT (a date alone, a time without an offset, a number).
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description:
    'An instant. Answered in UTC with milliseconds (2025-03-11T09:30:00.000Z); accepted as RFC 3339 with a time-zone offset or Z (2025-03-11T10:30:00+01:00).',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    if (typeof value === 'string') {
      const date = parseRfc3339(value);
      if (date) return date.toISOString();
    }
    throw new TypeError(`DateTime cannot represent ${typeof value === 'string' ? JSON.stringify(value) : typeof value}`);
  },
  parseValue(value) {
    const date = typeof value === 'string' ? parseRfc3339(value) : null;
    if (!date) throw refuse(JSON.stringify(value) ?? String(value));
    return date;
  },
  parseLiteral(ast) {
    const date = ast.kind === Kind.STRING ? parseRfc3339(ast.value) : null;
    if (!date) throw refuse(print(ast), ast);
    return date;
  },
});
