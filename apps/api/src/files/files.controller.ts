import { Catch, Controller, Get, HttpStatus, Logger, Param, Post, Req, Res, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { badInput, ErrorCode } from '@clusterflow/engine';
import type { Principal } from '@clusterflow/application/auth/principal';
import { FilesService, UploadTooLarge, type UploadedFile } from '@clusterflow/application/files/files.service';
import type { ByteRange, StoredFileRow } from '@clusterflow/persistence';
import { CurrentUser } from '../auth/auth.decorators';
import { httpErrorOf } from '../graphql/http-errors';

/** The client went away in the middle of its upload. */
class UploadInterrupted extends Error {
  constructor() {
    super('the upload was interrupted before its end; nothing was stored');
  }
}

/**
 * Errors of /files as the contract's Documents say: JSON `{ "code", "message" }` with the
 * HTTP status (401, 403, 404, 400, 413 PAYLOAD_TOO_LARGE, 503), never a stack. A request whose
 * body is still arriving is answered, then its connection closed (the rest is not read).
 */
@Catch()
export class FilesErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Files');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent || exception instanceof UploadInterrupted) {
      res.destroy();
      return;
    }
    const { status, code, message, expected } =
      exception instanceof UploadTooLarge
        ? { status: HttpStatus.PAYLOAD_TOO_LARGE, code: 'PAYLOAD_TOO_LARGE', message: exception.message, expected: true }
        : httpErrorOf(exception);
    if (!expected) this.logger.error(exception, 'files request failed');
    if (!req.complete) res.setHeader('Connection', 'close');
    for (const header of ['Content-Type', 'Content-Length', 'Content-Disposition', 'Content-Range', 'ETag', 'Accept-Ranges']) res.removeHeader(header);
    res.status(status).json({ code, message });
  }
}

/**
 * POST /files (multipart/form-data, one part named `file`) and GET /files/:id, with the same
 * Bearer token as /graphql (the global AuthGuard: 401 before a byte of the body is read).
 */
@Controller('files')
@UseFilters(FilesErrorFilter)
export class FilesController {
  constructor(private readonly files: FilesService) {}

  @Post()
  async upload(@CurrentUser() user: Principal, @Req() req: Request, @Res() res: Response): Promise<void> {
    const declared = Number(req.headers['content-length']);
    // A body far over the limit is refused before it is read (multipart adds well under 1 MiB).
    if (Number.isFinite(declared) && declared > this.files.maxUploadBytes + 1024 * 1024) throw new UploadTooLarge(this.files.maxUploadBytes);
    const file = await receive(req, (name, stream) => this.files.upload(user, name, stream));
    res.status(HttpStatus.CREATED).json(file);
  }

  @Get(':id')
  async download(@CurrentUser() user: Principal, @Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const file = await this.files.find(user, id);
    const release = this.files.reserveDownload();
    try {
      await this.send(file, req, res);
    } finally {
      release();
    }
  }

  private async send(file: StoredFileRow, req: Request, res: Response): Promise<void> {
    const etag = `"${file.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Accept-Ranges', 'bytes');
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Content-Disposition', contentDisposition(file.name));
    if (matches(req.headers['if-none-match'], etag)) {
      res.status(HttpStatus.NOT_MODIFIED).end();
      return;
    }
    const range = byteRange(req.headers['range'], req.headers['if-range'], etag, file.size);
    if (range === 'unsatisfiable') {
      res.setHeader('Content-Range', `bytes */${file.size}`);
      res.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE).json({ code: ErrorCode.BAD_USER_INPUT, message: `the range lies outside the file's ${file.size} bytes` });
      return;
    }
    res.setHeader('Content-Type', file.mediaType);
    if (range) {
      res.status(HttpStatus.PARTIAL_CONTENT);
      res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
      res.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      res.status(HttpStatus.OK);
      res.setHeader('Content-Length', String(file.size));
    }
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    for await (const chunk of this.files.bytes(file, range ?? undefined)) {
      if (res.destroyed) break; // the client went away: stop reading
      if (!res.write(chunk)) await drained(res);
    }
    res.end();
  }
}

/**
 * Reads a multipart body with busboy and hands its part named `file` to `store` as it arrives
 * (busboy's stream pauses while `store` awaits its writes). BAD_USER_INPUT when the body is not
 * multipart or has no such part; UploadInterrupted when the client goes away before the end.
 */
function receive(req: Request, store: (name: string, stream: AsyncIterable<Buffer>) => Promise<UploadedFile>): Promise<UploadedFile> {
  return new Promise<UploadedFile>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 20, parts: 25, fieldSize: 4096, headerPairs: 50 } });
    } catch {
      reject(badInput('send the file as multipart/form-data with one part named "file"'));
      return;
    }
    let settled = false;
    let active: Readable | null = null;
    const fail = (e: unknown) => {
      if (active && !active.destroyed) active.destroy(e instanceof Error ? e : new Error(String(e)));
      if (settled) return;
      settled = true;
      // Stop reading the body: the answer goes out now and the connection is closed after it.
      req.unpipe(parser);
      req.resume();
      reject(e);
    };
    let aborted = false;
    req.on('close', () => {
      if (req.complete) return;
      aborted = true;
      fail(new UploadInterrupted());
    });
    req.on('error', () => {
      aborted = true;
      fail(new UploadInterrupted());
    });
    parser.on('file', (field, stream, info) => {
      // Failures reach the upload through its iteration; an unread stream must not throw them.
      stream.on('error', () => undefined);
      if (field !== 'file' || active) {
        stream.resume();
        fail(badInput(`the form has a file part named ${JSON.stringify(field)}; send one part named "file"`));
        return;
      }
      active = stream;
      store(info.filename ?? '', stream).then(
        (file) => {
          if (settled) return;
          settled = true;
          resolve(file);
        },
        (e) => fail(e),
      );
    });
    parser.on('filesLimit', () => fail(badInput('send one file per request (one part named "file")')));
    parser.on('error', (e) => fail(aborted ? new UploadInterrupted() : badInput(`the multipart body is malformed: ${(e as Error).message}`)));
    parser.on('close', () => {
      if (!active) fail(badInput('the form has no part named "file"'));
    });
    req.pipe(parser);
  });
}

/** Resolves when the response can take more, or is closed (the client gone). */
function drained(res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the name, percent-encoded>` (RFC 6266, 8187). */
function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function matches(header: string | string[] | undefined, etag: string): boolean {
  const value = Array.isArray(header) ? header.join(',') : header;
  if (!value) return false;
  return value.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag);
}

/**
 * One byte range of `Range: bytes=a-b`, `bytes=a-` or `bytes=-n`; null for the whole file (no
 * header, several ranges, another unit, or an `If-Range` that no longer matches);
 * 'unsatisfiable' when it starts past the end.
 */
function byteRange(header: string | string[] | undefined, ifRange: string | string[] | undefined, etag: string, size: number): ByteRange | null | 'unsatisfiable' {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return null;
  if (ifRange && ifRange !== etag) return null;
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(value);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return null;
  return { start, end };
}
