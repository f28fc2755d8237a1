import request from 'supertest';
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
export async function uploadFile(app: Pick<TestApp, 'app'>, token: string, name: string, bytes: Buffer): Promise<UploadedFile> {
  // supertest, like app.gql: it works under the lifecycle tests' fake timers.
  const res = await request(app.app.getHttpServer()).post('/files').set('authorization', `Bearer ${token}`).attach('file', bytes, name);
  if (res.status !== 201) throw new Error(`POST /files ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as UploadedFile;
}

let uploads = 0;

/** Uploads a small PDF (its bytes unique to each call) and gives the ids to attach: `files: await pdfFiles(app, token)`. */
export async function pdfFiles(app: Pick<TestApp, 'app'>, token: string, name = 'document.pdf'): Promise<string[]> {
  return [(await uploadFile(app, token, name, pdfBytes(`${name} ${++uploads}`))).id];
}
