import type { Locator, Page } from '@playwright/test';
import { consoleUrl, expect, tokenFor, type Person } from './fixtures';

/** A small valid PDF of one page saying `text`, its xref offsets computed. */
export function pdf(text: string): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    null,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const stream = `BT /F1 18 Tf 20 70 Td (${text}) Tj ET`;
  objects[3] = `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** Chooses files in a document form's picker ("Choose files"), as a person does. */
export async function choose(page: Page, dialog: Locator, files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByRole('button', { name: 'Choose files' }).click();
  await (await chooser).setFiles(files);
}

/**
 * Chooses one PDF saying `text` in a document form and waits until it is uploaded: what a
 * person does before submitting a document the template wants with its file.
 */
export async function attachPdf(page: Page, dialog: Locator, name: string, text = name): Promise<void> {
  await choose(page, dialog, [{ name, mimeType: 'application/pdf', buffer: pdf(text) }]);
  await expect(dialog.getByRole('list', { name: 'Files of this version' }).getByRole('progressbar', { name: `Upload of ${name}` })).toHaveAttribute('aria-valuenow', '100');
}

/**
 * Uploads a PDF as `userId` through POST /files (as the console does) and gives its id to
 * attach, for a test's setup that submits a document through GraphQL.
 */
export async function uploadedPdf(userId: Person, name: string, text = name): Promise<string> {
  return uploadedPdfWithToken(await tokenFor(userId), name, text);
}

/** uploadedPdf with a given token (someone who is not one of the demo's people). */
export async function uploadedPdfWithToken(token: string, name: string, text = name): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(pdf(text))], { type: 'application/pdf' }), name);
  const res = await fetch(`${consoleUrl()}/files`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (res.status !== 201) throw new Error(`POST /files ${name}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
