import { useTranslation } from 'react-i18next';

/** Dates, numbers and durations through Intl, in the current language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.language;
  return {
    locale,
    date: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso)) : '',
    dateTime: (iso: string | null | undefined) =>
      iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '',
    number: (n: number | null | undefined, digits = 2) =>
      n === null || n === undefined ? '' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
    /**
     * An amount of money with its currency (`"1234.50"`, `INR` → ₹1,234.50 in English). The decimal
     * string is handed to Intl as it is, so large amounts are not rounded through a float.
     */
    money: (amount: string | number | null | undefined, currency: string | undefined) => {
      if (amount === null || amount === undefined || amount === '') return '';
      if (!currency) return String(amount);
      const format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: 20 }).format as (value: string | number) => string;
      return format(amount);
    },
    relativeDays: (iso: string) => {
      const days = Math.round((new Date(iso).getTime() - Date.now()) / 86_400_000);
      return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
    },
    /** How long ago (or until) a moment, in the largest unit that fits: "3 minutes ago", "yesterday". */
    relativeTime: (iso: string) => {
      const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
      const abs = Math.abs(seconds);
      const [value, unit]: [number, Intl.RelativeTimeFormatUnit] =
        abs < 60 ? [seconds, 'second'] : abs < 3600 ? [seconds / 60, 'minute'] : abs < 86_400 ? [seconds / 3600, 'hour'] : abs < 30 * 86_400 ? [seconds / 86_400, 'day'] : abs < 365 * 86_400 ? [seconds / (30 * 86_400), 'month'] : [seconds / (365 * 86_400), 'year'];
      return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(Math.round(value), unit);
    },
    list: (items: string[]) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items),
  };
}
