import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { assignCommission, candidateCluster } from './support/clusters';
import { choose, pdf } from './support/files';
import { expect, expectAccessible, expectNoHorizontalOverflow, gql, signInWithToken, test } from './support/fixtures';

const GATE = 'Endorse the Diagnostic Study Report → Trust building';

/** A 4×4 PNG of one colour. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(4, 0);
  header.writeUInt32BE(4, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows = Buffer.concat(Array.from({ length: 4 }, () => Buffer.from([0, ...Array.from({ length: 4 }, () => [0x1c, 0x4f, 0x8a]).flat()])));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** A candidate cluster taken into the diagnostic study, with two commission members assigned. */
async function clusterInDiagnostic(name: string): Promise<string> {
  const id = await candidateCluster(name);
  await gql('priya.pm', `mutation($id: ID!) { decide(input: { clusterId: $id, gate: "select_cluster", role: "programme_manager", outcome: APPROVE }) { id } }`, { id });
  await gql('chidi.cda', `mutation($id: ID!) { advance(clusterId: $id, gate: "select_cluster") { id } }`, { id });
  await assignCommission(id, ['carlos.commission', 'chen.commission']);
  return id;
}

/**
 * Documents with their files: a CDA on a phone uploads a PDF and a PNG to a Diagnostic Study
 * Report (each with its progress), is refused an empty file and one over the server's limit
 * in the server's words, and submits the version; the files show on the cluster page. An
 * approver previews the PDF and the image in the browser and downloads the PDF, byte for byte.
 */
test('a CDA uploads files with a version; an approver previews and downloads them', async ({ browser, page }) => {
  const name = 'Onitsha footwear cluster';
  const clusterId = await clusterInDiagnostic(name);
  const study = pdf('Onitsha diagnostic study');
  const photo = png();
  const limit = Number(process.env.CONSOLE_MAX_UPLOAD_BYTES);

  // The CDA, on a 390 px phone.
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, baseURL: process.env.CONSOLE_URL });
  const cda = await phone.newPage();
  await signInWithToken(cda, 'chidi.cda');
  await cda.goto(`/clusters/${clusterId}`);
  await cda.getByRole('region', { name: GATE }).getByRole('button', { name: 'Submit the Diagnostic Study Report (DSR)' }).click();
  const form = cda.getByRole('dialog', { name: 'Submit a document' });
  await form.getByRole('textbox', { name: 'Title' }).fill(`${name} study`);
  await form.getByRole('textbox', { name: 'Firms surveyed' }).fill('60');
  for (const box of ['Contains a cluster map', /Contains vital statistics/, 'Contains a value-chain analysis', 'Contains an analysis of business development services', 'Contains a SWOT analysis']) {
    await form.getByRole('checkbox', { name: box }).check();
  }

  await choose(cda, form, [
    { name: 'study.pdf', mimeType: 'application/pdf', buffer: study },
    { name: 'workshop.png', mimeType: 'image/png', buffer: photo },
    { name: 'empty.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) },
    { name: 'too-big.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([study, Buffer.alloc(limit + limit / 2 - study.length, 0x20)]) },
  ]);
  const chosen = form.getByRole('list', { name: 'Files of this version' });
  for (const file of ['study.pdf', 'workshop.png']) {
    await expect(chosen.getByRole('progressbar', { name: `Upload of ${file}` })).toHaveAttribute('aria-valuenow', '100');
    await expect(chosen.getByRole('listitem').filter({ hasText: file }).getByText('Uploaded')).toBeVisible();
  }
  // The server's refusals, in its words, beside each file.
  await expect(chosen.getByRole('listitem').filter({ hasText: 'empty.txt' }).getByRole('alert')).toContainText(/empty\.txt was not uploaded: .*empty/i);
  await expect(chosen.getByRole('listitem').filter({ hasText: 'too-big.pdf' }).getByRole('alert')).toContainText(`too-big.pdf was not uploaded: too large (the file exceeds the upload limit of ${limit} bytes`);
  await expectAccessible(cda, 'the document form with files on a phone');
  await expectNoHorizontalOverflow(cda, 'the document form with files');
  // An upload under way can be cancelled (the network slowed so that it is still running).
  const cdp = await phone.newCDPSession(cda);
  await cdp.send('Network.enable');
  // 16 KiB/s: half a megabyte takes half a minute, longer than the accessibility check below on a busy machine.
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 16 * 1024 });
  await choose(cda, form, [{ name: 'slow.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([study, Buffer.alloc(limit / 2, 0x20)]) }]);
  await expect(chosen.getByRole('progressbar', { name: 'Upload of slow.pdf' })).toBeVisible();
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form.getByText('Wait until every file is uploaded, or cancel the ones still uploading.')).toBeVisible();
  await expectAccessible(cda, 'the document form while a file uploads');
  await chosen.getByRole('button', { name: 'Cancel the upload of slow.pdf' }).click();
  await expect(chosen.getByText('slow.pdf')).toHaveCount(0);
  await expect(form.getByText('Wait until every file is uploaded')).toHaveCount(0);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  // Refused files are removed from the list; only the uploaded ones go with the version.
  await chosen.getByRole('button', { name: 'Remove empty.txt' }).click();
  await chosen.getByRole('button', { name: 'Remove too-big.pdf' }).click();
  await expect(chosen.getByRole('listitem')).toHaveCount(2);
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(cda.getByText(`“${name} study” was submitted (version 1).`)).toBeVisible();

  // The Documents cards list both files, with sizes in words.
  const documents = cda.getByRole('region', { name: 'Documents' });
  const files = documents.getByRole('list', { name: `Files of “${name} study”, version 1` });
  await expect(files.getByRole('listitem')).toHaveCount(2);
  await expect(files.getByRole('listitem').filter({ hasText: 'study.pdf' })).toContainText(`(${study.length} byte, application/pdf)`);
  await expect(files.getByRole('listitem').filter({ hasText: 'workshop.png' })).toContainText(`(${photo.length} byte, image/png)`);
  await expectNoHorizontalOverflow(cda, 'the cluster page with files');
  await expectAccessible(cda, 'the cluster page with files on a phone');
  await phone.close();

  // The approver, on a desktop: the files beside the decision.
  await signInWithToken(page, 'carlos.commission');
  await page.goto(`/clusters/${clusterId}`);
  const gate = page.getByRole('region', { name: GATE });
  const beside = gate.getByRole('list', { name: `Files of “${name} study”, version 1` });
  await expect(beside.getByRole('listitem')).toHaveCount(2);

  // Preview of the PDF, in a frame of a blob URL, revoked once the dialog closes.
  await beside.getByRole('button', { name: 'Preview study.pdf' }).click();
  const pdfPreview = page.getByRole('dialog', { name: 'Preview of study.pdf' });
  const frame = pdfPreview.locator('iframe[title="study.pdf"]');
  await expect(frame).toHaveAttribute('src', /^blob:/);
  const pdfUrl = (await frame.getAttribute('src'))!;
  expect(await page.evaluate(async (u) => new Uint8Array(await (await fetch(u)).arrayBuffer()).length, pdfUrl)).toBe(study.length);
  await expectAccessible(page, 'the preview of a PDF');
  await pdfPreview.getByRole('button', { name: 'Close' }).click();
  await expect(pdfPreview).toHaveCount(0);
  expect(await page.evaluate((u) => fetch(u).then(() => 'readable', () => 'revoked'), pdfUrl)).toBe('revoked');

  // Preview of the image.
  await beside.getByRole('button', { name: 'Preview workshop.png' }).click();
  const imagePreview = page.getByRole('dialog', { name: 'Preview of workshop.png' });
  const image = imagePreview.getByRole('img', { name: 'workshop.png' });
  await expect(image).toBeVisible();
  expect(await image.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(4);
  await expectAccessible(page, 'the preview of an image');
  await imagePreview.getByRole('button', { name: 'Close' }).click();

  // Download, from the Documents table: the same bytes under the file's name.
  const table = page.getByRole('region', { name: 'Documents' }).first();
  await expect(table.getByRole('columnheader', { name: 'Files' })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await table.getByRole('button', { name: 'Download study.pdf' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('study.pdf');
  expect(readFileSync(await download.path()).equals(study)).toBe(true);
});

/** The template's files rule (min, max, accept) is said in the form and narrows the picker; a dropped file uploads too; the server refuses a kind outside the rule. */
test('the document form says the template\'s files rule and the picker takes only the kinds it accepts', async ({ page }) => {
  const key = `files-rule-${Date.now()}`;
  await gql(
    'ada.admin',
    `mutation($s: String!) { publishTemplate(source: $s) { key } }`,
    {
      s: [
        `key: ${key}`,
        'version: 1',
        'title: Files rule',
        'artefacts:',
        '  dpr:',
        '    title: Detailed project report',
        '    files: { min: 1, max: 2, accept: [pdf, xlsx] }',
        'phases:',
        '  start: {}',
        '  done: { final: true }',
        'gates:',
        '  - id: finish',
        '    from: start',
        '    to: done',
        '    requires: { artefacts: [ { type: dpr } ] }',
      ].join('\n'),
    },
  );
  const { registerCluster } = await gql('chidi.cda', `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }`, { input: { templateKey: key, name: 'Aba rule cluster' } });
  await signInWithToken(page, 'chidi.cda');
  await page.goto(`/clusters/${registerCluster.id}`);
  await page.getByRole('button', { name: 'Submit a document' }).click();
  const form = page.getByRole('dialog', { name: 'Submit a document' });
  const files = form.getByRole('group', { name: 'Files' });
  await expect(files).toContainText('From 1 to 2 files. Kinds accepted: PDF, XLSX.');
  await expect(files.locator('input[type=file]')).toHaveAttribute('accept', '.pdf,.xlsx');
  await form.getByRole('textbox', { name: 'Title' }).fill('Aba DPR');
  // A file dropped on the zone is uploaded as a chosen one is.
  const dropped = await page.evaluateHandle((bytes) => {
    // The page's DataTransfer and File (the test's own types, for Node, know neither).
    const w = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: unknown): void } };
      File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
    };
    const transfer = new w.DataTransfer();
    transfer.items.add(new w.File([new Uint8Array(bytes)], 'dropped.pdf', { type: 'application/pdf' }));
    return transfer;
  }, [...pdf('Dropped')]);
  await files.getByText('or drop them here').dispatchEvent('drop', { dataTransfer: dropped });
  await expect(files.getByRole('progressbar', { name: 'Upload of dropped.pdf' })).toHaveAttribute('aria-valuenow', '100');
  await choose(page, form, [{ name: 'photo.png', mimeType: 'image/png', buffer: png() }]);
  await expect(files.getByRole('progressbar', { name: 'Upload of photo.png' })).toHaveAttribute('aria-valuenow', '100');
  await form.getByRole('button', { name: 'Submit' }).click();
  await expect(form.getByRole('alert')).toContainText('photo.png is image/png; a Detailed project report accepts pdf, xlsx files');
  await expectAccessible(page, 'the document form with a files rule');
});
