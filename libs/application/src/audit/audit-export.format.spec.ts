import { canonicalize } from 'json-canonicalize';
import type { AuditEventRow } from '@clusterflow/persistence';
import { csvField, csvValue, eventLine, exportFileName, headLine, isExportFormat, preamble } from './audit-export.format';

const EVENT: AuditEventRow = {
  id: '7d0f7a3e-1b9c-4c33-9a59-5b0c4d8e2f10',
  clusterId: '3b0345e1-6456-42cd-b496-d8d015d4c0e1',
  seq: 3,
  type: 'DECIDED',
  actor: 'sam',
  actorName: 'Sam "the" Reviewer, Jr.',
  role: null,
  at: '2031-03-12T09:00:00.000Z',
  payload: { z: 1, a: 'line\r\nbreak, "quoted"', n: [1.5, null] },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('export formats', () => {
  it('quote a CSV field only when RFC 4180 needs it, and write null as empty', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(42)).toBe('42');
  });

  it('neutralise CSV fields a spreadsheet would run as formulas, reversibly', () => {
    // OWASP's CSV injection list: = + - @ tab CR at the start.
    expect(csvField('=HYPERLINK("http://evil.example","click")')).toBe('"\'=HYPERLINK(""http://evil.example"",""click"")"');
    expect(csvField('+1')).toBe(`"'+1"`);
    expect(csvField('-2+3+cmd|\' /C calc\'!A0')).toBe(`"'-2+3+cmd|' /C calc'!A0"`);
    expect(csvField('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
    expect(csvField('\t=1')).toBe(`"'\t=1"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    // A value that already starts with quotes before a formula character gets one more, so reading back is exact.
    expect(csvField("'=1")).toBe(`"''=1"`);
    // Left alone: plain text, a quote before ordinary text, a formula character later on, numbers.
    expect(csvField("O'Brien")).toBe("O'Brien");
    expect(csvField("'quoted")).toBe("'quoted");
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-5)).toBe('-5');
    for (const value of ['=1', '+1', '-1', '@a', '\t1', '\r1', "'=1", "''@x", "'plain", "O'Brien", 'plain', '', "'"]) {
      const field = csvField(value);
      const unquoted = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
      expect(csvValue(unquoted)).toBe(value);
    }
  });

  it('write a CSV header and event rows ending in CRLF, payload as canonical JSON', () => {
    expect(preamble('csv')).toBe('kind,id,clusterId,seq,type,actor,actorName,role,at,payload,prevHash,hash\r\n');
    const payload = canonicalize(EVENT.payload);
    expect(payload).toBe('{"a":"line\\r\\nbreak, \\"quoted\\"","n":[1.5,null],"z":1}');
    expect(eventLine('csv', EVENT)).toBe(
      `event,${EVENT.id},${EVENT.clusterId},3,DECIDED,sam,"Sam ""the"" Reviewer, Jr.",,2031-03-12T09:00:00.000Z,"${payload.replace(/"/g, '""')}",${'a'.repeat(64)},${'b'.repeat(64)}\r\n`,
    );
  });

  it('write a JSONL event line with the contract\'s fields in order', () => {
    expect(preamble('jsonl')).toBe('');
    const line = eventLine('jsonl', EVENT);
    expect(line.endsWith('}\n')).toBe(true);
    expect(line.indexOf('\n')).toBe(line.length - 1);
    const parsed = JSON.parse(line);
    expect(Object.keys(parsed)).toEqual(['kind', 'id', 'clusterId', 'seq', 'type', 'actor', 'actorName', 'role', 'at', 'payload', 'prevHash', 'hash']);
    expect(parsed).toEqual({ kind: 'event', ...EVENT });
  });

  it('end with the signed head: a JSONL line, or a CSV row of kind head', () => {
    const head = { head: { agency: 'a', clusters: 1, events: 3, root: 'c'.repeat(64), at: new Date('2031-03-12T09:00:00.000Z'), signature: 'sig==', keyId: 'k1' }, publicKeyPem: '-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----\n' };
    const line = headLine('jsonl', head);
    expect(JSON.parse(line)).toEqual({ kind: 'head', head: { ...head.head, at: '2031-03-12T09:00:00.000Z' }, publicKeyPem: head.publicKeyPem });
    expect(line.startsWith('{"kind":"head","head":{"agency":"a"')).toBe(true);
    const row = headLine('csv', head);
    expect(row).toMatch(/^head,{9}"\{""head"":\{""agency"":""a"",""at"":""2031-03-12T09:00:00.000Z"",/);
    expect(row.endsWith('",,\r\n')).toBe(true);
  });

  it('accept only csv and jsonl, and name the download after the agency, cluster and time', () => {
    expect(['csv', 'jsonl', 'CSV', 'xml', '', undefined].map(isExportFormat)).toEqual([true, true, false, false, false, false]);
    const now = new Date('2031-03-12T09:08:07.654Z');
    expect(exportFileName('audit-a', null, 'jsonl', now)).toBe('audit-audit-a-20310312T090807Z.jsonl');
    expect(exportFileName('audit-a', EVENT.clusterId.toUpperCase(), 'csv', now)).toBe(`audit-audit-a-${EVENT.clusterId}-20310312T090807Z.csv`);
  });
});
