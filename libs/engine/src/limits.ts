/**
 * The input limits, set once: the engine enforces them (decide), the GraphQL inputs declare
 * them (apps/api DTO decorators import these), so the two cannot drift apart.
 */

/** Longest name, title or identifier accepted (characters). */
export const MAX_NAME_LENGTH = 500;
/** Longest comment, note or reason accepted (characters). */
export const MAX_TEXT_LENGTH = 5000;
/** Longest document URI accepted (characters). */
export const MAX_URI_LENGTH = 2048;

/** Hex SHA-256, either case. */
export const SHA256_PATTERN = /^[0-9a-fA-F]{64}$/;
/** A year (2025), a quarter (2025-Q1) or a month (2025-03). */
export const PERIOD_PATTERN = /^(\d{4})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/;

/** The most files one artefact version may carry when its type's template says nothing (`files.max`). */
export const MAX_FILES_PER_VERSION = 20;

/** The extensions a template's `files.accept` may name (template language v2), each with the media types it admits. */
export const ACCEPT_MEDIA_TYPES: Readonly<Record<string, readonly string[]>> = {
  pdf: ['application/pdf'],
  // Old Office files are compound files; file-type reads them as application/x-cfb.
  doc: ['application/x-cfb', 'application/msword'],
  docx: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  xls: ['application/x-cfb', 'application/vnd.ms-excel'],
  xlsx: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  odt: ['application/vnd.oasis.opendocument.text'],
  ods: ['application/vnd.oasis.opendocument.spreadsheet'],
  // Text is recognised as text/plain (nothing in the bytes says "CSV").
  csv: ['text/plain', 'text/csv'],
  txt: ['text/plain'],
  png: ['image/png'],
  jpg: ['image/jpeg'],
  jpeg: ['image/jpeg'],
  zip: ['application/zip'],
};

export const ACCEPT_EXTENSIONS = Object.keys(ACCEPT_MEDIA_TYPES);
/** The most conditions one APPROVE_WITH_CONDITIONS may record. */
export const MAX_CONDITIONS_PER_DECISION = 20;
