import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { FilesService } from '@clusterflow/application/files/files.service';
import { startTestApp, type TestApp } from '../support/test-app';
import { clusterApi, ok, refused } from '../support/cluster-api';
import { runCli } from '../support/cli';

/**
 * Documents (contract v2, issue 15) over HTTP against the real server: uploads streamed to the
 * store (PostgreSQL chunks, and a folder), downloads byte for byte and by range, and every way
 * an upload can go wrong leaving nothing behind.
 */

const MiB = 1024 * 1024;
const AGENCY = 'docs-a';
const OTHER = 'docs-b';

/** Deterministic pseudo-random bytes (no compression helps), produced a piece at a time. */
function* bytesOf(size: number, seed: number, piece = 256 * 1024): Generator<Buffer> {
  let state = seed >>> 0 || 1;
  for (let done = 0; done < size; done += piece) {
    const n = Math.min(piece, size - done);
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 4) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      b.writeUInt32LE(state >>> 0, Math.min(i, n - 4) === i ? i : n - 4);
    }
    yield b;
  }
}

const sha256Of = (parts: Iterable<Buffer>) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
};

/** A small valid PDF. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

/** `filename="…"` for plain ASCII, else RFC 5987's `filename*=utf-8''…` (how control characters can arrive). */
const filenameParam = (name: string) =>
  /^[\x20-\x7e]*$/.test(name) ? `filename="${name.replace(/"/g, '%22')}"` : `filename*=utf-8''${encodeURIComponent(name)}`;

interface Sent {
  status: number;
  body: any;
  headers: IncomingMessage['headers'];
}

/**
 * POSTs one multipart part named `field` (default `file`) with the given name and Content-Type
 * over a raw HTTP request, streaming `parts`; `abortAfter` bytes: the client goes away there.
 */
function upload(
  app: TestApp,
  token: string | null,
  name: string,
  parts: Iterable<Buffer>,
  options: { contentType?: string; field?: string; abortAfter?: number } = {},
): Promise<Sent> {
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  const boundary = `----cf${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; ${filenameParam(name)}\r\n` +
      `Content-Type: ${options.contentType ?? 'application/octet-stream'}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/files',
        agent: false,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : null, headers: res.headers });
        });
      },
    );
    req.on('error', (e) => (options.abortAfter !== undefined ? resolve({ status: 0, body: null, headers: {} }) : reject(e)));
    (async () => {
      const write = (b: Buffer) => new Promise<void>((ok) => (req.write(b) ? ok() : req.once('drain', () => ok())));
      await write(head);
      let sent = 0;
      for (const p of parts) {
        if (req.destroyed) return;
        if (options.abortAfter !== undefined && sent + p.length > options.abortAfter) {
          await write(p.subarray(0, options.abortAfter - sent));
          await new Promise((r) => setTimeout(r, 200));
          req.destroy();
          return;
        }
        await write(p);
        sent += p.length;
      }
      req.end(tail);
    })().catch(reject);
  });
}

/** GETs /files/:id and returns the status, headers and the body's hash and bytes (small ones). */
function download(app: TestApp, token: string | null, id: string, headers: Record<string, string> = {}): Promise<Sent & { sha256: string; size: number; bytes: Buffer | null }> {
  const { port } = app.app.getHttpServer().address() as AddressInfo;
  return new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port, agent: false, path: `/files/${id}`, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } }, (res) => {
      const hash = createHash('sha256');
      const small: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        hash.update(c);
        size += c.length;
        if (size <= MiB) small.push(c);
      });
      res.on('end', () => {
        const bytes = size <= MiB ? Buffer.concat(small) : null;
        const json = /json/.test(String(res.headers['content-type'])) && bytes ? JSON.parse(bytes.toString()) : null;
        resolve({ status: res.statusCode!, headers: res.headers, body: json, sha256: hash.digest('hex'), size, bytes });
      });
    })
      .on('error', reject)
      .end();
  });
}

async function counts(db: Client): Promise<{ files: number; contents: number; chunks: number }> {
  const { rows } = await db.query(
    `select (select count(*)::int from stored_file) as files, (select count(*)::int from file_content) as contents, (select count(*)::int from file_chunk) as chunks`,
  );
  return rows[0];
}

const settle = () => new Promise((r) => setTimeout(r, 300));

const TEMPLATE = `
key: docs-t
version: 1
title: Documents test
roles:
  reviewer: { title: Reviewer }
artefacts:
  study: { title: Diagnostic study }
  plan:
    title: Action plan
    submitters: [cda]
    files: { min: 1, max: 1, accept: [pdf] }
phases:
  draft: { title: Draft }
  done: { title: Done, final: true }
gates:
  - id: finish
    from: draft
    to: done
    requires: { artefacts: [ { type: study } ], approvals: [ { role: reviewer, of: study } ] }
`;

const FILE_REF = 'id name size mediaType sha256 url';

describe('Documents over HTTP: POST /files and GET /files/:id (FILE_STORE=postgres)', () => {
  let app: TestApp;
  let db: Client;
  let token: string;
  let otherToken: string;
  const uploaded: Record<string, { id: string; sha256: string; size: number; name: string; mediaType: string }> = {};

  beforeAll(async () => {
    app = await startTestApp('documents', { MAX_UPLOAD_BYTES: String(60 * MiB) });
    db = new Client({ connectionString: app.databaseUrl });
    await db.connect();
    token = await app.token({ userId: 'cda.one', name: 'CDA One', agency: AGENCY, roles: ['cda'] });
    otherToken = await app.token({ userId: 'intruder', name: 'Intruder', agency: OTHER, roles: ['agency_admin', 'auditor'] });
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
  });

  it('answers 401 without a token, before reading the body', async () => {
    const res = await upload(app, null, 'a.pdf', [PDF]);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });
    expect((await download(app, null, '00000000-0000-0000-0000-000000000000')).status).toBe(401);
    expect(await counts(db)).toEqual({ files: 0, contents: 0, chunks: 0 });
  });

  it('stores a 50 MiB file streamed, and gives it back byte-identical, whole and by range', async () => {
    const size = 50 * MiB;
    const expected = sha256Of(bytesOf(size, 7));
    const res = await upload(app, token, 'survey-data.bin', bytesOf(size, 7));
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), sha256: expected, size, mediaType: 'application/octet-stream', name: 'survey-data.bin' });
    uploaded.big = res.body;
    expect(await counts(db)).toMatchObject({ files: 1, contents: 1, chunks: 50 });

    const whole = await download(app, token, res.body.id);
    expect(whole.status).toBe(200);
    expect(whole.size).toBe(size);
    expect(whole.sha256).toBe(expected);
    expect(whole.headers).toMatchObject({
      'content-type': 'application/octet-stream',
      'content-length': String(size),
      'content-disposition': `attachment; filename="survey-data.bin"; filename*=UTF-8''survey-data.bin`,
      etag: `"${expected}"`,
      'x-content-type-options': 'nosniff',
      'accept-ranges': 'bytes',
    });

    // A range across a chunk boundary, and the last bytes.
    const all = Buffer.concat([...bytesOf(size, 7)]);
    const part = await download(app, token, res.body.id, { range: `bytes=${MiB - 10}-${MiB + 9}` });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes ${MiB - 10}-${MiB + 9}/${size}`);
    expect(part.headers['content-length']).toBe('20');
    expect(part.bytes!.equals(all.subarray(MiB - 10, MiB + 10))).toBe(true);
    const last = await download(app, token, res.body.id, { range: 'bytes=-5' });
    expect(last.status).toBe(206);
    expect(last.bytes!.equals(all.subarray(size - 5))).toBe(true);
    const outside = await download(app, token, res.body.id, { range: `bytes=${size}-` });
    expect(outside.status).toBe(416);
    expect(outside.headers['content-range']).toBe(`bytes */${size}`);
    expect((await download(app, token, res.body.id, { 'if-none-match': `"${expected}"` })).status).toBe(304);
  }, 120_000);

  it('serves the next downloads after a client went away mid-download (the connection left mid-COPY is not reused)', async () => {
    const { port } = app.app.getHttpServer().address() as AddressInfo;
    const received = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, agent: false, path: `/files/${uploaded.big.id}`, headers: { authorization: `Bearer ${token}` } }, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => {
          n += c.length;
          if (n >= 3 * MiB) {
            req.destroy();
            resolve(n);
          }
        });
      }).on('error', (e) => (req.destroyed ? undefined : reject(e)));
      req.end();
    });
    expect(received).toBeGreaterThanOrEqual(3 * MiB);
    await settle();
    const all = Buffer.concat([...bytesOf(50 * MiB, 7)]);
    for (let i = 0; i < 3; i++) {
      const again = await download(app, token, uploaded.big.id, { range: `bytes=${i * MiB}-${(i + 20) * MiB}` });
      expect(again.status).toBe(206);
      expect(again.sha256).toBe(sha256Of([all.subarray(i * MiB, (i + 20) * MiB + 1)]));
    }
    expect((await ok(app.gql('{ verifyAuditTrail { valid } }', {}, token))).valid).toBe(true);
  }, 60_000);

  it('reads the media type from the bytes, not from a lying Content-Type, and stores the same bytes once', async () => {
    const before = await counts(db);
    const pdf = await upload(app, token, 'report.pdf', [PDF], { contentType: 'image/png' });
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ mediaType: 'application/pdf', size: PDF.length, sha256: sha256Of([PDF]), name: 'report.pdf' });
    uploaded.pdf = pdf.body;
    const again = await upload(app, token, 'copy.pdf', [PDF], { contentType: 'text/html' });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(pdf.body.id);
    expect(again.body.sha256).toBe(pdf.body.sha256);
    expect(await counts(db)).toEqual({ files: before.files + 2, contents: before.contents + 1, chunks: before.chunks + 1 });
    const got = await download(app, token, pdf.body.id);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.bytes!.equals(PDF)).toBe(true);
  });

  it("gives another agency's file as 404, like an unknown id", async () => {
    const mine = await upload(app, token, 'mine.txt', [Buffer.from('minutes of the meeting\n')]);
    uploaded.txt = mine.body;
    expect(mine.body.mediaType).toBe('text/plain');
    const theirs = await download(app, otherToken, mine.body.id);
    expect(theirs.status).toBe(404);
    expect(theirs.body).toEqual({ code: 'NOT_FOUND', message: 'file not found' });
    expect((await download(app, token, '6d1f1c1e-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await download(app, token, 'not-an-id')).status).toBe(404);
  });

  it('cleans names of paths and control characters, and refuses a name with nothing left', async () => {
    const res = await upload(app, token, '../../etc/pass\u0007wd\u202e.pdf', [PDF]);
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('passwd.pdf');
    const before = await counts(db);
    const bad = await upload(app, token, '../..', [PDF]);
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ code: 'BAD_USER_INPUT', message: expect.stringContaining('has nothing left') });
    expect(await counts(db)).toEqual(before);
  });

  it('refuses a zero-byte file, a file over MAX_UPLOAD_BYTES (413) and a form without the file part, keeping nothing', async () => {
    const before = await counts(db);
    const empty = await upload(app, token, 'empty.pdf', []);
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ code: 'BAD_USER_INPUT', message: 'the file is empty (0 bytes); nothing was stored' });

    const big = await upload(app, token, 'big.bin', bytesOf(61 * MiB, 3));
    expect(big.status).toBe(413);
    expect(big.body).toEqual({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining(`${60 * MiB} bytes`) });

    const wrongField = await upload(app, token, 'a.pdf', [PDF], { field: 'document' });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.code).toBe('BAD_USER_INPUT');
    await settle();
    expect(await counts(db)).toEqual(before);
  }, 60_000);

  it('keeps nothing of an upload the client interrupts mid-stream, and serves the next one', async () => {
    const before = await counts(db);
    const res = await upload(app, token, 'cut.bin', bytesOf(8 * MiB, 11), { abortAfter: 5 * MiB });
    expect(res.status).toBe(0);
    for (let i = 0; i < 20 && JSON.stringify(await counts(db)) !== JSON.stringify(before); i++) await settle();
    expect(await counts(db)).toEqual(before);
    const next = await upload(app, token, 'next.txt', [Buffer.from('after the interruption\n')]);
    expect(next.status).toBe(201);
  }, 60_000);

  describe('attached to an artefact version', () => {
    const api = () => clusterApi(app);
    let admin: string;
    let clusterId: string;
    let otherClusterId: string;
    let versionId: string;

    beforeAll(async () => {
      admin = await app.token({ userId: 'admin', name: 'Admin', agency: AGENCY, roles: ['agency_admin'] });
      await ok(api().publish(admin, TEMPLATE));
      clusterId = (await ok(api().register(token, { templateKey: 'docs-t', name: 'Leather cluster' }, 'id'))).id;
      await ok(api().publish(otherToken, TEMPLATE));
      otherClusterId = (await ok(api().register(otherToken, { templateKey: 'docs-t', name: 'Their cluster' }, 'id'))).id;
    });

    const submit = (t: string, cluster: string, files: string[], title = 'Diagnostic study') =>
      app.gql(
        `mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { id number files { ${FILE_REF} } } }`,
        { input: { clusterId: cluster, type: 'study', title, files } },
        t,
      );
    const version = async (t: string, cluster: string) =>
      (await ok(app.gql('query($id: ID!) { cluster(id: $id) { version } }', { id: cluster }, t))).version;

    it('a submission carries the 50 MiB file and the PDF; the event payload holds their hashes and the chain verifies', async () => {
      const v = await ok(submit(token, clusterId, [uploaded.big.id, uploaded.pdf.id]));
      versionId = v.id;
      const ref = (f: typeof uploaded.big) => ({ id: f.id, name: f.name, size: f.size, mediaType: f.mediaType, sha256: f.sha256, url: `/files/${f.id}` });
      expect(v.files).toEqual([ref(uploaded.big), ref(uploaded.pdf)]);
      const read = await ok(app.gql(`query($id: ID!) { cluster(id: $id) { artefacts { latest { id files { ${FILE_REF} } } } } }`, { id: clusterId }, token));
      expect(read.artefacts[0].latest.files).toEqual(v.files);

      const trail = await ok(app.gql('query($c: ID!) { auditTrail(clusterId: $c) { edges { node { type payload hash } } } }', { c: clusterId }, token));
      const submitted = trail.edges.map((e: any) => e.node).find((n: any) => n.type === 'ARTEFACT_SUBMITTED');
      const facts = (f: typeof uploaded.big) => ({ id: f.id, sha256: f.sha256, size: f.size, name: f.name, mediaType: f.mediaType });
      expect(submitted.payload.files).toEqual([facts(uploaded.big), facts(uploaded.pdf)]);
      const verified = await ok(app.gql('{ verifyAuditTrail { valid message } }', {}, token));
      expect(verified).toEqual({ valid: true, message: expect.stringContaining('verified') });
      // Still served byte for byte once attached.
      expect((await download(app, token, uploaded.pdf.id)).bytes!.equals(PDF)).toBe(true);
    }, 60_000);

    it("refuses another agency's file, an unknown id and a file attached already with BAD_USER_INPUT, writing nothing", async () => {
      const theirs = await refused(submit(otherToken, otherClusterId, [uploaded.txt.id]), 'BAD_USER_INPUT');
      expect(theirs.message).toBe(`files[0]: ${uploaded.txt.id} is not a file uploaded in your agency (POST /files)`);
      const before = await version(token, clusterId);
      const unknown = await refused(submit(token, clusterId, ['0b5e3c52-8b1e-4c1a-9a5e-000000000000']), 'BAD_USER_INPUT');
      expect(unknown.message).toContain('is not a file uploaded in your agency');
      const twice = await refused(submit(token, clusterId, [uploaded.txt.id, uploaded.pdf.id]), 'BAD_USER_INPUT');
      expect(twice.message).toBe(`files[1]: file ${uploaded.pdf.id} (report.pdf) is already attached to an artefact version; upload it again to attach it here`);
      expect(await version(token, clusterId)).toBe(before);
      const { rows } = await db.query('select artefact_version_id from stored_file where id = $1', [uploaded.txt.id]);
      expect(rows[0].artefact_version_id).toBeNull();
    });

    it("applies the type's files and submitters: a kind outside accept or too many is BAD_USER_INPUT, a non-submitter FORBIDDEN, and viewerCan agrees", async () => {
      const plan = (t: string, files: string[]) =>
        app.gql('mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { id } }', { input: { clusterId, type: 'plan', title: 'Action plan', files } }, t);
      const txt = await upload(app, token, 'plan.txt', [Buffer.from('not a pdf\n')]);
      const pdf1 = await upload(app, token, 'plan.pdf', [PDF, Buffer.from('% one\n')]);
      const pdf2 = await upload(app, token, 'annex.pdf', [PDF, Buffer.from('% two\n')]);
      expect((await refused(plan(token, [txt.body.id]), 'BAD_USER_INPUT')).message).toBe('files[0]: plan.txt is text/plain; an Action plan accepts pdf files');
      expect((await refused(plan(token, [pdf1.body.id, pdf2.body.id]), 'BAD_USER_INPUT')).message).toBe('files: an Action plan carries at most 1 file; 2 were given');
      const reviewer = await app.token({ userId: 'rev', agency: AGENCY, roles: ['reviewer'] });
      expect((await refused(plan(reviewer, [pdf1.body.id]), 'FORBIDDEN')).message).toBe("only the cluster's assigned CDAs, agency admins may submit an Action plan");
      const can = async (t: string) => (await ok(app.gql('query($id: ID!) { cluster(id: $id) { viewerCan } }', { id: clusterId }, t))).viewerCan;
      expect(await can(reviewer)).not.toContain('SUBMIT_ARTEFACT');
      expect(await can(token)).toContain('SUBMIT_ARTEFACT');
      await ok(plan(token, [pdf1.body.id]));
    });

    it('audit export --with-files writes the attached files beside the export, and verify-export --files checks them against their hashes', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'clusterflow-export-'));
      try {
        const res = await runCli(app, ['audit', 'export', '--agency', AGENCY, '--format', 'jsonl', '--with-files', join(dir, 'files')]);
        expect(res.status).toBe(0);
        expect(res.stderr).toContain('wrote 3 attached files');
        writeFileSync(join(dir, 'export.jsonl'), res.stdout);
        expect(readdirSync(join(dir, 'files')).sort()).toContain(uploaded.big.sha256);
        const verify = (...args: string[]) => spawnSync(process.execPath, [join(__dirname, '../../tools/verify-export.js'), join(dir, 'export.jsonl'), ...args], { encoding: 'utf8' });
        const good = verify('--files', join(dir, 'files'));
        expect(good.stdout).toMatch(/^OK: .* every chain intact; 3 attached files in .* match their hashes/);
        expect(good.status).toBe(0);
        // One byte of the PDF changed in the folder: named, exit 1.
        const pdfPath = join(dir, 'files', uploaded.pdf.sha256);
        const bytes = readFileSync(pdfPath);
        bytes[20] ^= 1;
        writeFileSync(pdfPath, bytes);
        const bad = verify('--files', join(dir, 'files'));
        expect(bad.status).toBe(1);
        expect(bad.stdout).toContain(`file ${uploaded.pdf.id} (report.pdf): ${pdfPath} (${PDF.length} bytes) hashes to `);
        expect(bad.stdout).toContain('it is not the document that was submitted');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);

    it('keeps attached files immutable in the database itself', async () => {
      await expect(db.query(`update stored_file set name = 'other.pdf' where id = $1`, [uploaded.pdf.id])).rejects.toThrow(/attached files never change/);
      await expect(db.query(`delete from stored_file where id = $1`, [uploaded.pdf.id])).rejects.toThrow(/attached/);
      await expect(db.query(`update file_chunk set data = data where agency = $1`, [AGENCY])).rejects.toThrow(/stored bytes never change/);
      await expect(db.query(`delete from file_content where agency = $1 and sha256 = $2`, [AGENCY, uploaded.big.sha256])).rejects.toThrow(/attached file/);
    });

    it('names the file when one stored byte was changed (as a superuser, triggers off)', async () => {
      const poke = async (value: number) => {
        await db.query('begin');
        await db.query('set local session_replication_role = replica');
        await db.query(
          `update file_chunk k set data = set_byte(data, 1000, $3)
             from file_content c where c.id = k.content_id and c.agency = $1 and c.sha256 = $2 and k.n = 7`,
          [AGENCY, uploaded.big.sha256, value],
        );
        await db.query('commit');
      };
      const { rows } = await db.query(
        `select get_byte(k.data, 1000) as b from file_chunk k join file_content c on c.id = k.content_id where c.agency = $1 and c.sha256 = $2 and k.n = 7`,
        [AGENCY, uploaded.big.sha256],
      );
      await poke((rows[0].b + 1) % 256);
      const broken = await ok(app.gql('{ verifyAuditTrail { valid message } }', {}, token));
      expect(broken.valid).toBe(false);
      expect(broken.message).toContain(`file ${uploaded.big.id} (survey-data.bin) of version ${versionId}: its stored bytes (${50 * MiB} bytes) hash to `);
      expect(broken.message).toContain(`not to the ${uploaded.big.sha256}`);
      await poke(rows[0].b);
      expect((await ok(app.gql('{ verifyAuditTrail { valid } }', {}, token))).valid).toBe(true);
    }, 60_000);
  });

  it('removes uploads not attached within 24 h, and the content nothing names any more; attached files stay', async () => {
    const files = app.app.get(FilesService);
    expect(await files.removeUnattached(new Date())).toEqual({ files: 0, contents: 0 });
    const before = await counts(db);
    const removed = await files.removeUnattached(new Date(Date.now() + 25 * 3600 * 1000));
    expect(removed.files).toBe(before.files - 3);
    expect(await counts(db)).toEqual({ files: 3, contents: 3, chunks: 52 });
  });
});

describe('Documents in a folder (FILE_STORE=dir:<path>)', () => {
  let app: TestApp;
  let db: Client;
  let token: string;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'clusterflow-files-'));
    app = await startTestApp('documents-dir', { FILE_STORE: `dir:${dir}`, MAX_UPLOAD_BYTES: String(4 * MiB) });
    db = new Client({ connectionString: app.databaseUrl });
    await db.connect();
    token = await app.token({ userId: 'cda.one', name: 'CDA One', agency: AGENCY, roles: ['cda'] });
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const stored = () => readdirSync(join(dir, AGENCY)).sort();
  const incoming = () => readdirSync(join(dir, '.incoming'));

  it('stores the bytes once under their hash, serves them whole and by range, and keeps nothing of failed uploads', async () => {
    const size = 3 * MiB + 17;
    const all = Buffer.concat([...bytesOf(size, 5)]);
    const a = await upload(app, token, 'plan.bin', bytesOf(size, 5));
    const b = await upload(app, token, 'plan-again.bin', bytesOf(size, 5));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(stored()).toEqual([a.body.sha256]);
    expect(await counts(db)).toEqual({ files: 2, contents: 1, chunks: 0 });
    const whole = await download(app, token, b.body.id);
    expect(whole.sha256).toBe(sha256Of([all]));
    const part = await download(app, token, a.body.id, { range: 'bytes=100-199' });
    expect(part.status).toBe(206);
    expect(part.bytes!.equals(all.subarray(100, 200))).toBe(true);

    expect((await upload(app, token, 'big.bin', bytesOf(5 * MiB, 1))).status).toBe(413);
    expect((await upload(app, token, 'cut.bin', bytesOf(3 * MiB, 9), { abortAfter: 2 * MiB })).status).toBe(0);
    for (let i = 0; i < 20 && incoming().length; i++) await settle();
    expect(incoming()).toEqual([]);
    expect(stored()).toEqual([a.body.sha256]);
    expect(await counts(db)).toEqual({ files: 2, contents: 1, chunks: 0 });

    await app.app.get(FilesService).removeUnattached(new Date(Date.now() + 25 * 3600 * 1000));
    expect(stored()).toEqual([]);
    expect(await counts(db)).toEqual({ files: 0, contents: 0, chunks: 0 });
  }, 60_000);
});
