// Documents (issue 15): a 1 GiB upload (POST /files, multipart, streamed into FILE_STORE=postgres)
// and its download (GET /files/:id) over HTTP, against writing and reading the same bytes in
// 1 MiB bytea rows with `pg` on the same database in the same run, and the server's peak RSS
// growth while it streams them.
//
// Data: one file of BENCH_FILE_BYTES (1 GiB) bytes: a 1 MiB block of random bytes repeated, each
// copy with its own counter in its first 8 bytes (so no two chunks are equal), generated as it is
// sent (the client holds 1 MiB). The baseline sends the same blocks to a scratch table
// `bench_blob (n int, data bytea)` in one transaction, one insert per 1 MiB (what the store does),
// and reads them back one select per chunk (text results, bytea as hex: how pg gives rows; the
// server reads with one binary COPY instead).
//
// Figures, each against its baseline measured in the same run:
// - upload throughput (MB/s) vs pg writes of the same bytes; goal at least 0.5x;
// - download throughput (MB/s) vs pg reads of the same bytes; goal at least 0.5x;
// - the server's peak RSS during upload and download minus its RSS before (VmRSS every 100 ms);
//   goal under 30 MB.
//
//   node bench/run.js files
const http = require('node:http');
const { randomBytes } = require('node:crypto');
const { memoryMb, rssPeak, withScratchDatabase } = require('./lib');

const AGENCY = 'bench';
const MiB = 1024 * 1024;
const BYTES = Number(process.env.BENCH_FILE_BYTES || 1024 * MiB);

const now = () => Number(process.hrtime.bigint()) / 1e6;
const log = (line) => process.stderr.write(`  ${line}\n`);
const mbPerS = (bytes, ms) => bytes / MiB / (ms / 1000);

const BLOCK = randomBytes(MiB);

/** The i-th 1 MiB piece of the file (the last one shorter): BLOCK with i in its first 8 bytes. */
function piece(i) {
  const n = Math.min(MiB, BYTES - i * MiB);
  const b = Buffer.from(BLOCK.subarray(0, n));
  b.writeBigUInt64LE(BigInt(i), 0);
  return b;
}
const pieces = Math.ceil(BYTES / MiB);

/** POST /files with the file streamed as one multipart part; resolves with the answer's JSON. */
function upload(port, token) {
  const boundary = '----clusterflowbench';
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/files',
        agent: false,
        headers: { authorization: `Bearer ${token}`, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': head.length + BYTES + tail.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d) => (text += d));
        res.on('end', () => (res.statusCode === 201 ? resolve(JSON.parse(text)) : reject(new Error(`upload answered ${res.statusCode}: ${text}`))));
      },
    );
    req.on('error', reject);
    (async () => {
      const write = (b) => new Promise((ok) => (req.write(b) ? ok() : req.once('drain', ok)));
      await write(head);
      for (let i = 0; i < pieces; i++) await write(piece(i));
      req.end(tail);
    })().catch(reject);
  });
}

/** GET /files/:id, counting the bytes; resolves with their number. */
function download(port, token, id) {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: `/files/${id}`, agent: false, headers: { authorization: `Bearer ${token}` } }, (res) => {
        if (res.statusCode !== 200) return reject(new Error(`download answered ${res.statusCode}`));
        let n = 0;
        res.on('data', (c) => (n += c.length));
        res.on('end', () => resolve(n));
      })
      .on('error', reject);
  });
}

/** The baseline: the same pieces written to and read from a bytea table with one pg connection. */
async function rawPg(c) {
  await c.query('drop table if exists bench_blob');
  await c.query('create table bench_blob (n int primary key, data bytea not null)');
  await c.query('alter table bench_blob alter column data set storage external');
  let t0 = now();
  await c.query('begin');
  for (let i = 0; i < pieces; i++) await c.query({ name: 'bench_blob_insert', text: 'insert into bench_blob (n, data) values ($1, $2)', values: [i, piece(i)] });
  await c.query('commit');
  const writeMs = now() - t0;
  t0 = now();
  let read = 0;
  for (let i = 0; i < pieces; i++) read += (await c.query({ name: 'bench_blob_read', text: 'select data from bench_blob where n = $1', values: [i] })).rows[0].data.length;
  const readMs = now() - t0;
  if (read !== BYTES) throw new Error(`the baseline read ${read} bytes, not ${BYTES}`);
  await c.query('drop table bench_blob');
  return { writeMs, readMs };
}

module.exports = async function filesBench() {
  return withScratchDatabase('files', async ({ pg, db, startServer, connect }) => {
    const server = await startServer({
      env: { MAX_UPLOAD_BYTES: String(BYTES + MiB), FILE_STORE: 'postgres' },
      tokens: async (sign) => ({ cda: await sign({ agency: AGENCY, userId: 'bench-cda', roles: ['cda'] }) }),
    });
    const c = await connect();
    const pgVersion = (await c.query('show server_version')).rows[0].server_version;
    log(`PostgreSQL ${pgVersion} (${pg.source}); scratch database ${db}; a file of ${BYTES} bytes`);

    // The baseline first, so the server's upload meets the same table sizes and caches after it.
    const raw = await rawPg(c);
    log(`pg: wrote in ${(raw.writeMs / 1000).toFixed(1)} s, read in ${(raw.readMs / 1000).toFixed(1)} s`);

    const before = memoryMb(server.pid);
    const meter = rssPeak(server.pid);
    let t0 = now();
    const file = await upload(server.port, server.tokens.cda);
    const uploadMs = now() - t0;
    if (file.size !== BYTES) throw new Error(`the server stored ${file.size} bytes, not ${BYTES}`);
    const peakUp = meter.stop();
    const downMeter = rssPeak(server.pid);
    t0 = now();
    const got = await download(server.port, server.tokens.cda, file.id);
    const downloadMs = now() - t0;
    const peakDown = downMeter.stop();
    const peak = Math.max(peakUp, peakDown);
    if (got !== BYTES) throw new Error(`the download gave ${got} bytes, not ${BYTES}`);
    log(`server: upload in ${(uploadMs / 1000).toFixed(1)} s, download in ${(downloadMs / 1000).toFixed(1)} s; RSS ${before.toFixed(0)} MB before, peak ${peakUp.toFixed(0)} MB uploading, ${peakDown.toFixed(0)} MB downloading`);

    const up = mbPerS(BYTES, uploadMs);
    const down = mbPerS(BYTES, downloadMs);
    const rawUp = mbPerS(BYTES, raw.writeMs);
    const rawDown = mbPerS(BYTES, raw.readMs);
    const growth = peak - before;
    const met = (ok) => (ok ? 'met' : 'MISSED');
    const common = { postgres: `${pg.source} ${pgVersion}`, data: { fileBytes: BYTES } };
    const size = `${(BYTES / MiB / 1024).toFixed(BYTES >= 1024 * MiB ? 0 : 2)} GiB`;
    return [
      { name: `files: pg writes the same ${size} in 1 MiB bytea rows (baseline)`, unit: 'MB/s', rate: rawUp, ...common },
      { name: `files: POST /files of ${size} (multipart, streamed, FILE_STORE=postgres)`, unit: 'MB/s', rate: up, ratio: up / rawUp, goal: `at least 0.5x pg (${met(up / rawUp >= 0.5)})`, ...common },
      { name: `files: pg reads the same ${size} a 1 MiB row at a time (baseline)`, unit: 'MB/s', rate: rawDown, ...common },
      { name: `files: GET /files/:id of ${size}`, unit: 'MB/s', rate: down, ratio: down / rawDown, goal: `at least 0.5x pg (${met(down / rawDown >= 0.5)})`, ...common },
      { name: 'files: server peak RSS growth during the upload and the download', unit: 'MB', value: growth, goal: `under 30 MB (${met(growth < 30)})`, ...common },
    ];
  });
};
