import { session } from '../../app/session';

/** What POST /files answers (201): the stored file, its media type read from the bytes. */
export interface UploadedFile {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  name: string;
}

/** A refusal of /files in the server's words: its JSON `{ code, message }` and the HTTP status. */
export class FileRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** An upload the person cancelled. */
export class UploadCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

function refusal(status: number, body: string, fallback: string): FileRequestError {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; message?: unknown };
    if (typeof parsed.message === 'string') return new FileRequestError(status, typeof parsed.code === 'string' ? parsed.code : '', parsed.message);
  } catch {
    // not the server's JSON (a proxy's page): the status alone
  }
  return new FileRequestError(status, '', fallback);
}

/**
 * Uploads one file to POST /files as `multipart/form-data` (one part named `file`) with the
 * token in the Authorization header, reporting the share of bytes sent. XMLHttpRequest rather
 * than fetch: only it reports upload progress. `abort()` stops it (the promise rejects with
 * UploadCancelled; the server keeps nothing of an interrupted upload).
 */
export function uploadFile(file: File, onProgress: (sent: number, total: number) => void): { done: Promise<UploadedFile>; abort(): void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadedFile>((resolve, reject) => {
    xhr.open('POST', '/files');
    const token = session.token();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      if (xhr.status === 201) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadedFile);
        } catch {
          reject(new FileRequestError(xhr.status, '', `HTTP ${xhr.status}`));
        }
      } else reject(refusal(xhr.status, xhr.responseText, `HTTP ${xhr.status}`));
    };
    xhr.onerror = () => reject(new FileRequestError(0, 'NETWORK', ''));
    xhr.onabort = () => reject(new UploadCancelled());
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

/** GET /files/:id (or a FileRef's url) with the token in the Authorization header: the file's bytes, typed. */
export async function fetchFile(url: string): Promise<Blob> {
  const token = session.token();
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw refusal(res.status, await res.text(), `HTTP ${res.status}`);
  return res.blob();
}

/** What the browser can show itself: PDF in a frame, common images in an <img>. */
export function previewKind(mediaType: string): 'pdf' | 'image' | null {
  if (mediaType === 'application/pdf') return 'pdf';
  if (/^image\/(png|jpeg|gif|webp|avif|bmp)$/.test(mediaType)) return 'image';
  return null;
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** A size in bytes for people, in the language's words (1.2 MB, 1,2 Mo), in powers of 1,000 as the units say. */
export function formatSize(bytes: number, locale: string): string {
  let unit = 0;
  let value = bytes;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return new Intl.NumberFormat(locale, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : value < 10 ? 1 : 0 }).format(value);
}
