import type { AddressInfo } from 'node:net';
import type { TestApp } from './test-app';

/** What POST /files answers for a stored upload. */
export interface UploadedFile {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  name: string;
}

/** A small valid PDF (one empty page); `note` makes its bytes (and hash) differ. */
export const pdfBytes = (note = ''): Buffer =>
  Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
      '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n' +
      (note ? `% ${note}\n` : ''),
  );

/** Uploads one small file through POST /files (multipart, as the console does); throws unless it is stored (201). */
export async function uploadFile(app: TestApp, token: string, name: string, bytes: Buffer): Promise<UploadedFile> {
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  const res = await fetch(`http://127.0.0.1:${port}/files`, { method: 'POST', body: form, headers: { authorization: `Bearer ${token}` } });
  const body = await res.json();
  if (res.status !== 201) throw new Error(`POST /files ${name}: ${res.status} ${JSON.stringify(body)}`);
  return body as UploadedFile;
}

/** Uploads a small PDF named `name` (its bytes unique to the name). */
export const uploadPdf = (app: TestApp, token: string, name: string): Promise<UploadedFile> => uploadFile(app, token, name, pdfBytes(name));
