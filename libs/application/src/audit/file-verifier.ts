import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { FileRepository } from '@clusterflow/persistence';
import type { RecordProblem } from './records-verifier';

/**
 * The documents part of the audit verification: every file an ARTEFACT_SUBMITTED event
 * attaches must still be stored as the event records it (its row's facts, and bytes whose
 * SHA-256 and size are the event's), and no stored file may be attached where no event says.
 * The bytes are read again and hashed, once per stored content.
 */
@Injectable()
export class FileVerifier {
  constructor(private readonly files: FileRepository) {}

  async verify(agency: string, clusterId?: string | null, onProblem?: (p: RecordProblem) => void, signal?: AbortSignal): Promise<RecordProblem[]> {
    const problems: RecordProblem[] = [];
    const found = (p: RecordProblem) => {
      problems.push(p);
      onProblem?.(p);
    };
    const inLog = await this.files.attachedInLog(agency, clusterId);
    const rows = new Map((await this.files.findMany(agency, inLog.map((l) => l.file.id))).map((r) => [r.id, r]));
    const hashed = new Map<string, { sha256: string; size: number } | null>();
    for (const { clusterId: cluster, clusterName, eventId, versionId, file } of inLog) {
      signal?.throwIfAborted();
      const where = { clusterId: cluster, name: clusterName, eventId };
      const label = `file ${file.id} (${file.name}) of version ${versionId}`;
      const row = rows.get(file.id);
      if (!row) {
        found({ ...where, message: `${label}: its stored_file row is missing` });
        continue;
      }
      const columns: [string, unknown, unknown][] = [
        ['sha256', row.sha256, file.sha256],
        ['size', row.size, file.size],
        ['name', row.name, file.name],
        ['media_type', row.mediaType, file.mediaType],
        ['artefact_version_id', row.artefactVersionId, versionId],
      ];
      const wrong = columns.find(([, stored, logged]) => stored !== logged);
      if (wrong) {
        found({ ...where, message: `${label}: stored_file.${wrong[0]} is ${JSON.stringify(wrong[1])}, the ARTEFACT_SUBMITTED event says ${JSON.stringify(wrong[2])}` });
        continue;
      }
      if (!hashed.has(file.sha256)) hashed.set(file.sha256, await this.hashStored(agency, file.sha256, signal));
      const bytes = hashed.get(file.sha256);
      if (!bytes) {
        found({ ...where, message: `${label}: its stored bytes are missing` });
      } else if (bytes.sha256 !== file.sha256 || bytes.size !== file.size) {
        found({
          ...where,
          message: `${label}: its stored bytes (${bytes.size} bytes) hash to ${bytes.sha256}, not to the ${file.sha256} (${file.size} bytes) the ARTEFACT_SUBMITTED event records: the stored file was changed`,
        });
      }
    }
    // Attached where no event says (a row moved onto a version by hand).
    const named = new Set(inLog.map((l) => l.file.id));
    for (const row of await this.files.attached(agency, clusterId)) {
      if (named.has(row.id)) continue;
      found({ clusterId: row.clusterId, name: null, eventId: null, message: `file ${row.id} (${row.name}) is attached to version ${row.artefactVersionId}, but no ARTEFACT_SUBMITTED event attaches it` });
    }
    return problems;
  }

  private async hashStored(agency: string, sha256: string, signal?: AbortSignal): Promise<{ sha256: string; size: number } | null> {
    const hash = createHash('sha256');
    let size = 0;
    try {
      for await (const chunk of this.files.read(agency, sha256)) {
        signal?.throwIfAborted();
        hash.update(chunk);
        size += chunk.length;
      }
    } catch (e) {
      if (signal?.aborted) throw e;
      return null;
    }
    return { sha256: hash.digest('hex'), size };
  }
}
