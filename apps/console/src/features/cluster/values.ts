import { useTranslation } from 'react-i18next';
import { useFormat } from '../../app/format';
import type { FieldDefinition } from './template-definition';

/** A computed amount as the API answers it (Cluster.derived): exact text and currency. */
interface Amount {
  amount: string;
  currency: string;
}
const isAmount = (v: unknown): v is Amount =>
  !!v && typeof v === 'object' && typeof (v as Amount).amount === 'string' && typeof (v as Amount).currency === 'string';

/**
 * How a typed value reads for people: yes/no, numbers and dates in the person's language, and
 * money with its currency (a money field's decimal string, or a derived `{ amount, currency }`).
 */
export function useShowValue() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (value: unknown, field?: Pick<FieldDefinition, 'type' | 'currency'>): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (isAmount(value)) return fmt.money(value.amount, value.currency);
    if (field?.type === 'money' && (typeof value === 'string' || typeof value === 'number')) return fmt.money(value, field.currency);
    if (field?.type === 'date' && typeof value === 'string') return fmt.date(value);
    if (typeof value === 'boolean') return value ? t('common.yes') : t('common.no');
    if (typeof value === 'number') return fmt.number(value);
    return String(value);
  };
}
