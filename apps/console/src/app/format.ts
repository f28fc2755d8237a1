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
    relativeDays: (iso: string) => {
      const days = Math.round((new Date(iso).getTime() - Date.now()) / 86_400_000);
      return new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day');
    },
    list: (items: string[]) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items),
  };
}
