import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { badInput, notFound } from '@clusterflow/engine';
import { AuditRepository, type AuditEventRow, type ExportPosition } from '@clusterflow/persistence';
import { AuditHeadService } from './audit-head.service';
import { eventLine, EXPORT_FORMATS, headLine, isExportFormat, preamble, type ExportFormat } from './audit-export.format';

/** Events read per statement: memory stays bounded by one batch, whatever the agency's size. */
export const EXPORT_BATCH_SIZE = 1000;

export interface ExportRequest {
  /** `csv` or `jsonl`; anything else is BAD_USER_INPUT. */
  format: string;
  /** One cluster of the agency (NOT_FOUND otherwise), or the whole agency when absent. */
  clusterId?: string | null;
}

export interface ExportSummary {
  format: ExportFormat;
  events: number;
  clusters: number;
}

/** The output went away (the client disconnected, the pipe closed): stop reading. */
export class ExportAborted extends Error {
  override name = 'ExportAborted';
}

/**
 * Streams an agency's audit trail (or one cluster's) in constant memory: reads keyset
 * batches of `batchSize` (1,000) events in (cluster_id, seq) order, writes each batch and
 * waits for 'drain' whenever the output buffers, then writes the agency's signed head.
 *
 * Each batch is its own statement (no transaction held open while a slow client reads), so
 * an export taken while commands run is still exact per cluster: events of a cluster are
 * appended in seq order under its row lock, so every cluster appears as a gap-free prefix of
 * its chain from seq 1. The head is taken after the last event is written, so it covers
 * everything exported (and any event recorded meanwhile; see docs/decisions.md, "Audit").
 */
@Injectable()
export class AuditExportService {
  /** Events per statement (tests lower it to cross many batch boundaries). */
  batchSize = EXPORT_BATCH_SIZE;

  constructor(
    private readonly audit: AuditRepository,
    private readonly heads: AuditHeadService,
  ) {}

  /**
   * Checks the request (NOT_FOUND, then BAD_USER_INPUT, as the contract orders them) before
   * anything is written; then `start` is called (e.g. to set HTTP headers) and the export
   * is written to `out`. Does not end `out`.
   */
  async write(agency: string, request: ExportRequest, out: Writable, start?: (format: ExportFormat) => void): Promise<ExportSummary> {
    const clusterId = request.clusterId ?? null;
    const repo = () => this.audit;
    if (clusterId != null && !(await repo().clusterExists(agency, clusterId))) throw notFound('cluster');
    const format = request.format;
    if (!isExportFormat(format)) {
      const given = format ? `, not ${JSON.stringify(format)}` : ' (it is required)';
      throw badInput(`format must be one of ${EXPORT_FORMATS.join(', ')}${given}`, { argument: 'format' });
    }
    // Signed first, so everything the head covers is in the file (events recorded while the
    // export runs come after, and are checked by their chain alone).
    const { head, publicKeyPem, covered } = await this.heads.current(agency);
    start?.(format);
    await put(out, preamble(format));
    let after: ExportPosition | null = null;
    let events = 0;
    let clusters = 0;
    let lastCluster: string | null = null;
    for (;;) {
      const size = this.batchSize;
      const batch: AuditEventRow[] = await repo().exportBatch(agency, clusterId, after, size);
      if (!batch.length) break;
      let chunk = '';
      for (const e of batch) {
        if (e.clusterId !== lastCluster) clusters++;
        lastCluster = e.clusterId;
        chunk += eventLine(format, e);
      }
      const last = batch[batch.length - 1];
      after = { clusterId: last.clusterId, seq: last.seq };
      events += batch.length;
      await put(out, chunk);
      if (batch.length < size) break;
    }
    await put(out, headLine(format, { head, publicKeyPem, covered }));
    return { format, events, clusters };
  }
}

/** Writes a chunk; when the output buffers, waits for 'drain' (or fails when it closes first). */
async function put(out: Writable, chunk: string): Promise<void> {
  if (out.destroyed || out.writableEnded || out.errored) throw new ExportAborted('the output closed before the export finished');
  if (!chunk || out.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new ExportAborted('the output closed before the export finished'));
    const onError = (e: Error) => settle(new ExportAborted(`the output failed: ${e.message}`));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}
