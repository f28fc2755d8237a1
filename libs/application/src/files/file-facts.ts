import { fromBuffer } from 'file-type';

/** The longest file name kept, in characters (longer names keep their end: the extension). */
export const MAX_FILE_NAME_LENGTH = 255;

/** How many leading bytes the media type is read from. */
export const SNIFF_BYTES = 64 * 1024;

/**
 * A client's file name as it may be stored and shown: the last segment of any path (`/` or
 * `\`), without control characters (C0, DEL, C1), bidirectional or zero-width formatting
 * characters, unpaired surrogates or leading dots, trimmed, at most 255 characters. Null when
 * nothing is left (`../`, `..`, only control characters).
 */
export function cleanFileName(raw: string): string | null {
  const segment = raw.split(/[\\/]/).pop() ?? '';
  const cleaned = segment
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .trim()
    .replace(/^\.+/, '')
    .trim();
  if (!cleaned) return null;
  return cleaned.length > MAX_FILE_NAME_LENGTH ? cleaned.slice(cleaned.length - MAX_FILE_NAME_LENGTH) : cleaned;
}

/**
 * The media type of a file read from its first bytes (file-type's signatures), never from the
 * client: text that decodes as UTF-8 without NUL is `text/plain`; anything unrecognised is
 * `application/octet-stream`.
 */
export async function sniffMediaType(head: Buffer): Promise<string> {
  const found = await fromBuffer(head).catch(() => undefined);
  if (found) return found.mime;
  return looksLikeText(head) ? 'text/plain' : 'application/octet-stream';
}

function looksLikeText(head: Buffer): boolean {
  if (!head.length || head.includes(0)) return false;
  // A multi-byte character cut at the end of the sniffed bytes is still text.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const bad = (text.match(/\ufffd/g) ?? []).length;
  return bad <= (head.length >= SNIFF_BYTES ? 1 : 0);
}
