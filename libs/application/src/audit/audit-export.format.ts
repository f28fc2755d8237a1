import { canonicalize } from 'json-canonicalize';
import type { AuditEventRow } from '@clusterflow/persistence';

/**
 * The two export formats, line by line. Both carry every field of an event (the ones the
 * hash covers, plus id, actorName and hash) and end with the agency's signed head, so an
 * auditor can recompute every hash and check the head's signature offline.
 *
 * JSONL: one JSON object per line (LF), `{"kind":"event", ...}` for each event and, last,
 * `{"kind":"head","head":{...},"publicKeyPem":"..."}`. `payload` is written as RFC 8785
 * canonical JSON (the form the hash is computed over).
 *
 * CSV (RFC 4180: CRLF line ends, a field quoted when it holds a comma, quote, CR or LF, a
 * quote doubled): a header row, one row per event with `kind` = `event`, and a last row
 * with `kind` = `head` whose `payload` column holds the canonical JSON of
 * `{"head":{...},"publicKeyPem":"..."}` (its other columns empty). So the file stays one
 * rectangular table that any CSV reader loads. An empty field is null (actorName, role).
 *
 * Spreadsheet formulas (OWASP's CSV injection advice): a field that a spreadsheet would run,
 * one starting with `=`, `+`, `-`, `@`, a tab or a CR (after any leading `'`), is written
 * with one more `'` in front and quoted, so it shows as text. The change is reversible: a
 * reader recomputing hashes from a CSV removes one leading `'` from a field that starts
 * with one or more `'` followed by one of those characters (`csvValue`).
 */

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (value: unknown): value is ExportFormat => typeof value === 'string' && (EXPORT_FORMATS as readonly string[]).includes(value);

/** The signed head and the key to check it with, as AuditHeadService.current gives them. */
export interface ExportHead {
  head: object;
  publicKeyPem: string;
  /** The [clusterId, lastSeq, lastHash] list the head's root is the hash of, so an offline check can tell what the head covers. */
  covered?: unknown[];
}

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8; header=present',
};

export const CSV_COLUMNS = ['kind', 'id', 'clusterId', 'seq', 'type', 'actor', 'actorName', 'role', 'at', 'payload', 'prevHash', 'hash'] as const;

const CRLF = '\r\n';

/** A text a spreadsheet would take for a formula (after any `'` the neutralisation added). */
const FORMULA = /^'*[=+\-@\t\r]/;

/**
 * One CSV field: a formula neutralised with a leading `'` (see above), quoted when it must be
 * (RFC 4180) or was neutralised, null as empty. Numbers are written as they are.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value == null) return '';
  if (typeof value === 'number') return String(value);
  if (FORMULA.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The value a (RFC 4180-unquoted) field of this module's CSV stands for: undoes the formula neutralisation. */
export function csvValue(field: string): string {
  return field.startsWith("'") && FORMULA.test(field) ? field.slice(1) : field;
}

const csvRow = (fields: (string | number | null)[]) => fields.map(csvField).join(',') + CRLF;

/** What comes before the first event. */
export function preamble(format: ExportFormat): string {
  return format === 'csv' ? csvRow([...CSV_COLUMNS]) : '';
}

export function eventLine(format: ExportFormat, e: AuditEventRow): string {
  if (format === 'csv') {
    return csvRow(['event', e.id, e.clusterId, e.seq, e.type, e.actor, e.actorName, e.role, e.at, canonicalize(e.payload), e.prevHash, e.hash]);
  }
  // Written by hand to keep the contract's field order; every value but payload through JSON.stringify.
  const s = JSON.stringify;
  return (
    `{"kind":"event","id":${s(e.id)},"clusterId":${s(e.clusterId)},"seq":${s(e.seq)},"type":${s(e.type)},` +
    `"actor":${s(e.actor)},"actorName":${s(e.actorName)},"role":${s(e.role)},"at":${s(e.at)},` +
    `"payload":${canonicalize(e.payload)},"prevHash":${s(e.prevHash)},"hash":${s(e.hash)}}\n`
  );
}

/** The last line: the agency's signed head. */
export function headLine(format: ExportFormat, h: ExportHead): string {
  const plain = JSON.parse(JSON.stringify({ head: h.head, publicKeyPem: h.publicKeyPem, covered: h.covered ?? undefined })) as { head: object; publicKeyPem: string };
  if (format === 'csv') return csvRow(['head', null, null, null, null, null, null, null, null, canonicalize(plain), null, null]);
  return `${JSON.stringify({ kind: 'head', ...plain })}\n`;
}

/** A file name for the download: audit-<agency>[-<cluster>]-<UTC time>.<format>. */
export function exportFileName(agency: string, clusterId: string | null, format: ExportFormat, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
  return `audit-${agency}${clusterId ? `-${clusterId.toLowerCase()}` : ''}-${stamp}.${format}`;
}
