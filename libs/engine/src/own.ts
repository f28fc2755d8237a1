/**
 * `record[key]` when `key` is the record's own property, never an inherited one: ids and
 * input keys such as `constructor`, `toString` or `__proto__` name nothing a template
 * declared, whatever `Object.prototype` has under that name.
 */
export const own = <T>(record: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
