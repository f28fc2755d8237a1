import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { badInput, DomainError, ErrorCode, notFound } from '@clusterflow/engine';
import { FileRepository, type ByteRange, type StoredFileRow } from '@clusterflow/persistence';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import type { Principal } from '../auth/principal';
import { cleanFileName, SNIFF_BYTES, sniffMediaType } from './file-facts';
import { garbageMeter } from './garbage';

/** An upload over MAX_UPLOAD_BYTES: HTTP 413, nothing kept. */
export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the file exceeds the upload limit of ${limit} bytes (MAX_UPLOAD_BYTES); nothing was stored`);
    this.name = 'UploadTooLarge';
  }
}

/** Uploads stored at once by one server process; one more is SERVICE_UNAVAILABLE (each holds a database connection). */
export const MAX_CONCURRENT_UPLOADS = 8;

/** Downloads served at once by one server process (each holds a database connection); one more is SERVICE_UNAVAILABLE. */
export const MAX_CONCURRENT_DOWNLOADS = 8;

/** Bytes streamed between two collections of the garbage they leave (garbage.ts). */
const GC_EVERY_BYTES = 8 * 1024 * 1024;

/** How long an upload may wait to be attached before it is removed. */
export const UNATTACHED_FILE_TTL_MS = 24 * 60 * 60 * 1000;

/** What POST /files answers. */
export interface UploadedFile {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  name: string;
}

/**
 * Documents (contract v2): uploads streamed to the store while hashed and counted (never held
 * whole), their media type read from the bytes, and downloads of the caller's agency's files.
 */
@Injectable()
export class FilesService {
  private uploading = 0;
  private downloading = 0;

  constructor(
    private readonly files: FileRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxUploadBytes(): number {
    return this.config.maxUploadBytes;
  }

  /**
   * Stores one file of the caller's agency from `bytes` (the multipart part, as it arrives).
   * BAD_USER_INPUT for a name with nothing left once cleaned and for an empty file;
   * UploadTooLarge past MAX_UPLOAD_BYTES; a failing source (the client gone) fails the upload.
   * In every failure nothing is kept.
   */
  async upload(user: Principal, rawName: string, bytes: AsyncIterable<Buffer>): Promise<UploadedFile> {
    const name = cleanFileName(rawName);
    if (!name) throw badInput(`the file name ${JSON.stringify(rawName)} has nothing left once paths and control characters are removed; name the file`);
    if (this.uploading >= MAX_CONCURRENT_UPLOADS) {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${MAX_CONCURRENT_UPLOADS} uploads are being stored; retry later`);
    }
    this.uploading++;
    try {
      const limit = this.config.maxUploadBytes;
      const row = await this.files.store(user.agency, async (sink) => {
        const hash = createHash('sha256');
        const head: Buffer[] = [];
        let headBytes = 0;
        let size = 0;
        const garbage = garbageMeter('minor', GC_EVERY_BYTES);
        for await (const chunk of bytes) {
          size += chunk.length;
          garbage.add(chunk.length);
          if (size > limit) throw new UploadTooLarge(limit);
          hash.update(chunk);
          if (headBytes < SNIFF_BYTES) {
            head.push(chunk.subarray(0, SNIFF_BYTES - headBytes));
            headBytes += Math.min(chunk.length, SNIFF_BYTES - headBytes);
          }
          await sink.write(chunk);
        }
        if (size === 0) throw badInput('the file is empty (0 bytes); nothing was stored');
        const mediaType = await sniffMediaType(Buffer.concat(head, headBytes));
        return { sha256: hash.digest('hex'), size, name, mediaType, uploadedBy: user.userId };
      });
      return uploaded(row);
    } finally {
      this.uploading--;
    }
  }

  /** The caller's agency's file; NOT_FOUND for another agency's, an unknown id, or not an id. */
  async find(user: Principal, id: string): Promise<StoredFileRow> {
    const row = await this.files.find(user.agency, id);
    if (!row) throw notFound('file');
    return row;
  }

  /**
   * A place among the downloads being served (before any header is sent): SERVICE_UNAVAILABLE
   * when they are all taken. Call the answer when the download ends, however it ends.
   */
  reserveDownload(): () => void {
    if (this.downloading >= MAX_CONCURRENT_DOWNLOADS) {
      throw new DomainError(ErrorCode.SERVICE_UNAVAILABLE, `${MAX_CONCURRENT_DOWNLOADS} downloads are being served; retry later`);
    }
    this.downloading++;
    let released = false;
    return () => {
      if (!released) this.downloading--;
      released = true;
    };
  }

  /** The file's bytes (or one range of them), a chunk at a time. */
  async *bytes(file: StoredFileRow, range?: ByteRange): AsyncGenerator<Buffer> {
    // The pieces arrive as raw bytes (binary COPY), young garbage: a scavenge frees them.
    const garbage = garbageMeter('minor', GC_EVERY_BYTES);
    for await (const chunk of this.files.read(file.agency, file.sha256, range)) {
      yield chunk;
      garbage.add(chunk.length);
    }
  }

  /**
   * Writes every file the agency's events attach (or one cluster's) into `dir` as
   * `<dir>/<sha256>`, once per content (for `audit export --with-files`): the bytes an export's
   * payloads name, which `tools/verify-export.js --files <dir>` checks against their hashes.
   */
  async exportAttached(agency: string, clusterId: string | null, dir: string): Promise<{ files: number; bytes: number }> {
    await mkdir(dir, { recursive: true });
    const seen = new Set<string>();
    let bytes = 0;
    for (const { file } of await this.files.attachedInLog(agency, clusterId)) {
      if (seen.has(file.sha256)) continue;
      seen.add(file.sha256);
      const target = join(dir, file.sha256);
      const part = `${target}.part`;
      await pipeline(Readable.from(this.files.read(agency, file.sha256)), createWriteStream(part));
      await rename(part, target);
      bytes += file.size;
    }
    return { files: seen.size, bytes };
  }

  /** Removes uploads not attached within 24 h (and content nothing names any more). */
  removeUnattached(now = new Date()): Promise<{ files: number; contents: number }> {
    return this.files.removeUnattached(new Date(now.getTime() - UNATTACHED_FILE_TTL_MS));
  }
}

export const uploaded = (row: StoredFileRow): UploadedFile => ({ id: row.id, sha256: row.sha256, size: row.size, mediaType: row.mediaType, name: row.name });
