import type { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { FileFacts } from '@clusterflow/engine';
import { required, uuids } from './rows';
import { knexClientOf, withPooledClient } from './pooled-client';

/**
 * Documents' storage (contract v2): file rows, their content once per agency and hash, and the
 * bytes either in PostgreSQL (`file_chunk`, 1 MiB a row) or in a folder (FILE_STORE=dir:<path>).
 * Every method takes the agency first and filters by it; the clean-up of unattached uploads is
 * the one statement across agencies (a server-wide chore, like migrations).
 */

/** Where the bytes go: `postgres` (the default) or a folder. */
export type FileStoreSpec = { kind: 'postgres' } | { kind: 'dir'; path: string };

/** The injection token of the store chosen by the configuration (FILE_STORE). */
export const FILE_STORE_SPEC = Symbol('FILE_STORE_SPEC');

/** Bytes per file_chunk row (the last chunk of a file is shorter). */
export const FILE_CHUNK_BYTES = 1024 * 1024;

export interface StoredFileRow {
  id: string;
  agency: string;
  sha256: string;
  size: number;
  name: string;
  mediaType: string;
  uploadedBy: string;
  uploadedAt: string;
  artefactVersionId: string | null;
}

/** What the caller knows once every byte went through: stored with these facts. */
export interface NewFile {
  sha256: string;
  size: number;
  name: string;
  mediaType: string;
  uploadedBy: string;
}

/** Receives an upload's bytes in order; awaiting each write is the backpressure. */
export interface FileSink {
  write(chunk: Buffer): Promise<void>;
}

/** A byte range, both ends inclusive (HTTP's `Range: bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

const FILE_COLUMNS = `id, agency, sha256, size::float8 as size, name, media_type, uploaded_by,
  to_char(uploaded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as uploaded_at, artefact_version_id`;

export const fileOf = (r: Record<string, any>): StoredFileRow => ({
  id: r.id,
  agency: r.agency,
  sha256: r.sha256,
  size: Number(r.size),
  name: r.name,
  mediaType: r.media_type,
  uploadedBy: r.uploaded_by,
  uploadedAt: r.uploaded_at,
  artefactVersionId: r.artefact_version_id ?? null,
});

/** Uploads finishing and the clean-up take turns on this lock (held for milliseconds), so content is never removed under a new file. */
const CONTENT_LOCK = `select pg_advisory_xact_lock(hashtext('clusterflow:file-content'))`;

const INSERT_FILE = `insert into stored_file (id, agency, sha256, size, name, media_type, uploaded_by, uploaded_at)
  values ($1::uuid, $2, $3, $4::bigint, $5, $6, $7, now()) returning ${FILE_COLUMNS}`;

/** The locked file rows a submission names (CommandTransaction.lockFiles): the agency's only. */
export const LOCK_FILES = `select ${FILE_COLUMNS} from stored_file where agency = $1 and id = any($2::uuid[]) for update`;

export class FileRepository {
  constructor(
    private readonly em: EntityManager,
    readonly spec: FileStoreSpec = { kind: 'postgres' },
  ) {}

  /**
   * Stores one upload: `produce` writes every byte to the sink and returns the file's facts
   * (hash and size as it counted them). The bytes land in a transaction (postgres) or a
   * temporary file (dir); only when `produce` returns are they kept, under their hash, and the
   * file row written, all in one commit. When `produce` throws (too large, empty, the client
   * gone), nothing is kept.
   */
  async store(agency: string, produce: (sink: FileSink) => Promise<NewFile>): Promise<StoredFileRow> {
    required(agency);
    return this.spec.kind === 'postgres' ? this.storeInPostgres(agency, produce) : this.storeInDir(agency, this.spec.path, produce);
  }

  private storeInPostgres(agency: string, produce: (sink: FileSink) => Promise<NewFile>): Promise<StoredFileRow> {
    return withPooledClient(this.em, async (client) => {
      const contentId = randomUUID();
      let n = 0;
      // One chunk fills while the previous one is being inserted (at most two in memory): the
      // client's bytes keep arriving during each insert's round trip.
      let filling: Buffer = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
      let spare: Buffer | null = Buffer.allocUnsafe(FILE_CHUNK_BYTES);
      let filled = 0;
      let inflight: Promise<Buffer> | null = null;
      const send = async (length: number) => {
        const piece = filling;
        if (inflight) spare = await inflight;
        inflight = client
          .query({ name: 'cf_file_chunk_insert', text: 'insert into file_chunk (content_id, n, agency, data) values ($1::uuid, $2::int, $3, $4)', values: [contentId, n++, agency, piece.subarray(0, length)] })
          .then(() => piece);
        inflight.catch(() => undefined); // awaited at the next send or at the end
        filling = spare ?? Buffer.allocUnsafe(FILE_CHUNK_BYTES);
        spare = null;
        filled = 0;
      };
      const flush = async () => {
        if (filled > 0) await send(filled);
        if (inflight) await inflight;
        inflight = null;
      };
      await client.query('begin; savepoint chunks');
      try {
        const facts = await produce({
          async write(chunk) {
            for (let at = 0; at < chunk.length; ) {
              const copied = chunk.copy(filling, filled, at);
              filled += copied;
              at += copied;
              if (filled === FILE_CHUNK_BYTES) await send(filled);
            }
          },
        });
        await flush();
        await client.query(CONTENT_LOCK);
        const found = await client.query('select id from file_content where agency = $1 and sha256 = $2', [agency, facts.sha256]);
        if (found.rows.length) {
          // The same bytes are stored already: drop this copy's chunks, keep the one stored.
          await client.query('rollback to savepoint chunks');
        } else {
          await client.query(`insert into file_content (id, agency, sha256, size, store, created_at) values ($1::uuid, $2, $3, $4::bigint, 'postgres', now())`, [
            contentId, agency, facts.sha256, facts.size,
          ]);
        }
        const row = await insertFile(client, agency, facts);
        await client.query('commit');
        return row;
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      }
    });
  }

  private async storeInDir(agency: string, root: string, produce: (sink: FileSink) => Promise<NewFile>): Promise<StoredFileRow> {
    const incoming = join(root, '.incoming');
    await mkdir(incoming, { recursive: true });
    const temp = join(incoming, randomUUID());
    const out: WriteStream = createWriteStream(temp, { flags: 'wx' });
    const failed = new Promise<never>((_, reject) => out.once('error', reject));
    failed.catch(() => undefined);
    let kept = false;
    try {
      const facts = await produce({
        async write(chunk) {
          if (!out.write(chunk)) await Promise.race([new Promise<void>((resolve) => out.once('drain', () => resolve())), failed]);
        },
      });
      out.end();
      await Promise.race([finished(out), failed]);
      const target = this.pathOf(agency, facts.sha256);
      return await withPooledClient(this.em, async (client) => {
        await client.query('begin');
        try {
          await client.query(CONTENT_LOCK);
          const found = await client.query('select id from file_content where agency = $1 and sha256 = $2', [agency, facts.sha256]);
          if (!found.rows.length) {
            await mkdir(join(root, agencyFolder(agency)), { recursive: true });
            await rename(temp, target);
            kept = true;
            await client.query(`insert into file_content (id, agency, sha256, size, store, created_at) values ($1::uuid, $2, $3, $4::bigint, 'dir', now())`, [
              randomUUID(), agency, facts.sha256, facts.size,
            ]);
          }
          const row = await insertFile(client, agency, facts);
          await client.query('commit');
          return row;
        } catch (e) {
          await client.query('rollback').catch(() => undefined);
          // Renamed into place but not recorded: the same bytes under their own hash, harmless; removed below.
          if (kept) await unlink(target).catch(() => undefined);
          kept = false;
          throw e;
        }
      });
    } finally {
      if (!out.closed) out.destroy();
      if (!kept) await rm(temp, { force: true });
    }
  }

  private pathOf(agency: string, sha256: string): string {
    if (this.spec.kind !== 'dir') throw new Error('not a folder store');
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a sha256');
    return join(this.spec.path, agencyFolder(agency), sha256);
  }

  /** The agency's file, or null (another agency's, unknown, or not an id). */
  async find(agency: string, id: string): Promise<StoredFileRow | null> {
    required(agency);
    if (!uuids([id]).length) return null;
    const rows = await this.em.execute(`select ${FILE_COLUMNS} from stored_file where agency = ? and id = ?::uuid`, [agency, id]);
    return rows[0] ? fileOf(rows[0]) : null;
  }

  /** The files attached to these artefact versions of the agency, in upload order. */
  async attachedTo(agency: string, versionIds: readonly string[]): Promise<StoredFileRow[]> {
    required(agency);
    const ids = uuids(versionIds);
    if (!ids.length) return [];
    const rows = await this.em.execute(
      `select ${FILE_COLUMNS} from stored_file where agency = ? and artefact_version_id = any(array[?]::uuid[]) order by attached_at, uploaded_at, id`,
      [agency, ids],
    );
    return rows.map(fileOf);
  }

  /**
   * Every file the agency's ARTEFACT_SUBMITTED events attach (or one cluster's), as the events
   * record them, in log order: what the audit verification checks the stored files against.
   */
  async attachedInLog(agency: string, clusterId?: string | null): Promise<{ clusterId: string; clusterName: string | null; eventId: string; versionId: string; file: FileFacts }[]> {
    required(agency);
    const rows = await this.em.execute(
      `select e.cluster_id, c.name, e.id as event_id, e.payload->>'versionId' as version_id, f.value as file
         from cluster_event e
         left join cluster c on c.agency = e.agency and c.id = e.cluster_id
         cross join lateral jsonb_array_elements(e.payload->'files') f
        where e.agency = ? and e.type = 'ARTEFACT_SUBMITTED' and jsonb_typeof(e.payload->'files') = 'array'
          ${clusterId ? 'and e.cluster_id = ?::uuid' : ''}
        order by e.cluster_id, e.seq`,
      clusterId ? [agency, clusterId] : [agency],
    );
    return rows.map((r) => ({ clusterId: r.cluster_id, clusterName: r.name ?? null, eventId: r.event_id, versionId: r.version_id, file: r.file }));
  }

  /** The agency's file rows of these ids (any order). */
  async findMany(agency: string, ids: readonly string[]): Promise<StoredFileRow[]> {
    required(agency);
    const valid = uuids(ids);
    if (!valid.length) return [];
    const rows = await this.em.execute(`select ${FILE_COLUMNS} from stored_file where agency = ? and id = any(array[?]::uuid[])`, [agency, valid]);
    return rows.map(fileOf);
  }

  /** Every attached file of the agency (or of one cluster), for the audit verification. */
  async attached(agency: string, clusterId?: string | null): Promise<(StoredFileRow & { clusterId: string })[]> {
    required(agency);
    const rows = await this.em.execute(
      `select ${FILE_COLUMNS.replace(/(^|,\s*)(id|agency|sha256|name|media_type|uploaded_by|artefact_version_id)\b/g, '$1f.$2')}, v.cluster_id
         from stored_file f join artefact_version v on v.agency = f.agency and v.id = f.artefact_version_id
        where f.agency = ? ${clusterId ? 'and v.cluster_id = ?::uuid' : ''}
        order by v.cluster_id, f.attached_at, f.id`,
      clusterId ? [agency, clusterId] : [agency],
    );
    return rows.map((r) => ({ ...fileOf(r), clusterId: r.cluster_id }));
  }

  /**
   * The stored bytes of the agency's content with this hash, in order (the whole of it, or
   * one range): read a chunk (or a disk read) at a time, so a download never holds a file.
   */
  async *read(agency: string, sha256: string, range?: ByteRange): AsyncGenerator<Buffer> {
    required(agency);
    const rows = await this.em.execute(`select id, size::float8 as size, store from file_content where agency = ? and sha256 = ?`, [agency, sha256]);
    const content = rows[0];
    if (!content) throw new Error(`no stored content ${sha256}`);
    const size = Number(content.size);
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? size - 1, size - 1);
    if (end < start) return;
    if (content.store === 'dir') {
      if (this.spec.kind !== 'dir') throw new Error(`file ${sha256} is stored in a folder, but FILE_STORE is postgres`);
      yield* createReadStream(this.pathOf(agency, sha256), { start, end, highWaterMark: 256 * 1024 });
      return;
    }
    // One COPY in binary format for the whole read (readChunks): the bytes arrive as they are
    // stored, in the socket's pieces, never as hex text, and the socket is read only as fast as
    // the caller takes them.
    const first = Math.floor(start / FILE_CHUNK_BYTES);
    const last = Math.floor(end / FILE_CHUNK_BYTES);
    const pool = knexClientOf(this.em);
    const client = await pool.acquireConnection();
    let complete = false;
    try {
      for await (const { n, at, piece } of readChunks(client, agency, content.id, first, last, sha256)) {
        const offset = n * FILE_CHUNK_BYTES;
        const from = Math.max(at, start - offset);
        const to = Math.min(at + piece.length, end - offset + 1);
        if (to > from) yield piece.subarray(from - at, to - at);
      }
      complete = true;
    } finally {
      // Stopped mid-COPY (the client went away, or an error): the connection is closed, not reused.
      if (!complete) disposeConnection(client);
      await pool.releaseConnection(client);
    }
  }

  /** Whether the agency's content with this hash has bytes where the store keeps them. */
  async contentSize(agency: string, sha256: string): Promise<number | null> {
    const rows = await this.em.execute(`select size::float8 as size, store from file_content where agency = ? and sha256 = ?`, [agency, sha256]);
    if (!rows[0]) return null;
    if (rows[0].store === 'dir' && this.spec.kind === 'dir') {
      const s = await stat(this.pathOf(agency, sha256)).catch(() => null);
      return s ? s.size : null;
    }
    return Number(rows[0].size);
  }

  /**
   * Removes uploads never attached that are older than `before`, then the content no file
   * names any more (its chunks, or its file in the folder), and temporary files of uploads that
   * never finished. Across every agency: a server-wide chore.
   */
  async removeUnattached(before: Date): Promise<{ files: number; contents: number }> {
    const removed = await withPooledClient(this.em, async (client) => {
      await client.query('begin');
      try {
        await client.query(CONTENT_LOCK);
        const files = await client.query(`delete from stored_file where artefact_version_id is null and uploaded_at < $1::timestamptz`, [before.toISOString()]);
        const contents = await client.query(
          `delete from file_content c where not exists (select 1 from stored_file f where f.agency = c.agency and f.sha256 = c.sha256)
           returning id, agency, sha256, store`,
        );
        const ids = contents.rows.map((r) => r.id);
        if (ids.length) await client.query('delete from file_chunk where content_id = any($1::uuid[])', [ids]);
        await client.query('commit');
        return { files: files.rowCount ?? 0, contents: contents.rows as { agency: string; sha256: string; store: string }[] };
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw e;
      }
    });
    if (this.spec.kind === 'dir') {
      for (const c of removed.contents) if (c.store === 'dir') await unlink(this.pathOf(c.agency, c.sha256)).catch(() => undefined);
      const incoming = join(this.spec.path, '.incoming');
      for (const name of await readdir(incoming).catch(() => [] as string[])) {
        const path = join(incoming, name);
        const s = await stat(path).catch(() => null);
        if (s && s.mtime < before) await rm(path, { force: true });
      }
    }
    return { files: removed.files, contents: removed.contents.length };
  }
}

async function insertFile(client: PoolClient, agency: string, facts: NewFile): Promise<StoredFileRow> {
  const inserted = await client.query({
    name: 'cf_file_insert',
    text: INSERT_FILE,
    values: [randomUUID(), agency, facts.sha256, facts.size, facts.name, facts.mediaType, facts.uploadedBy],
  });
  return fileOf(inserted.rows[0]);
}

const COPY_SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/**
 * The content's chunks `first`..`last` through `COPY … TO STDOUT (FORMAT binary)`: each piece of
 * a chunk's bytes as it arrives (`at`: where the piece starts in chunk `n`), without copying
 * them. pg's own results carry bytea as hex text (its binary mode decodes every field as
 * UTF-8, which corrupts bytes), twice the size and a string to collect for every chunk; COPY's
 * data come as raw bytes, and pg-copy-streams stops reading the socket while its buffer is full
 * (backpressure down to PostgreSQL). A missing chunk throws.
 */
async function* readChunks(client: PoolClient, agency: string, contentId: string, first: number, last: number, sha256: string): AsyncGenerator<{ n: number; at: number; piece: Buffer }> {
  if (!uuids([contentId]).length) throw new Error(`not a content id: ${contentId}`);
  // COPY takes no parameters: the id is a uuid (checked), the agency a quoted literal.
  const sql = `copy (select n, data from file_chunk where content_id = '${contentId}' and agency = ${client.escapeLiteral(agency)}
    and n between ${Math.trunc(first)} and ${Math.trunc(last)} order by n) to stdout (format binary)`;
  const stream = client.query(copyTo(sql));
  const lacks = (n: number) => new Error(`file content ${sha256} lacks its chunk ${n}`);
  let state: 'header' | 'tuple' | 'data' | 'end' = 'header';
  let pending: Buffer | null = null; // a header or tuple head split between two socket reads
  let expected = first;
  let n = -1;
  let length = 0;
  let at = 0;
  for await (const incoming of stream as AsyncIterable<Buffer>) {
    const buf: Buffer = pending ? Buffer.concat([pending, incoming]) : incoming;
    pending = null;
    let i = 0;
    while (i < buf.length && state !== 'end') {
      if (state === 'data') {
        const k = Math.min(length - at, buf.length - i);
        yield { n, at, piece: buf.subarray(i, i + k) };
        i += k;
        at += k;
        if (at === length) state = 'tuple';
        continue;
      }
      if (state === 'header') {
        if (buf.length - i < 19) break;
        if (!buf.subarray(i, i + 11).equals(COPY_SIGNATURE) || buf.readInt32BE(i + 15) !== 0) throw new Error('not a binary COPY stream');
        i += 19;
        state = 'tuple';
        continue;
      }
      // A tuple: field count (2; -1 ends the data), n (int4), the data's length.
      if (buf.length - i < 2) break;
      if (buf.readInt16BE(i) === -1) {
        i += 2;
        state = 'end';
        break;
      }
      if (buf.length - i < 14) break;
      if (buf.readInt16BE(i) !== 2 || buf.readInt32BE(i + 2) !== 4) throw new Error('unexpected binary COPY tuple');
      n = buf.readInt32BE(i + 6);
      length = buf.readInt32BE(i + 10);
      i += 14;
      if (n !== expected) throw lacks(expected);
      expected++;
      at = 0;
      state = length > 0 ? 'data' : 'tuple';
    }
    if (i < buf.length && state !== 'end' && state !== 'data') pending = Buffer.from(buf.subarray(i));
  }
  if (state !== 'end' || expected !== last + 1) throw lacks(expected);
}

/** A connection left mid-COPY: closed, and refused by the pool (knex drops a connection marked disposed). */
function disposeConnection(client: PoolClient): void {
  (client as PoolClient & { __knex__disposed?: string }).__knex__disposed = 'a file download stopped mid-COPY';
  (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
}

/** A folder name for an agency slug that is safe on any file system. */
const agencyFolder = (agency: string) => encodeURIComponent(agency).replace(/\./g, '%2E');
