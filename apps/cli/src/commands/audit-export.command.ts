import { DomainError, ErrorCode } from '@clusterflow/engine';
import { loadConfig } from '@clusterflow/application/config/config';
import { AGENCY_SLUG } from '@clusterflow/application/auth/principal';
import { AuditExportService, ExportAborted } from '@clusterflow/application/audit/audit-export.service';
import { EXPORT_FORMATS, isExportFormat } from '@clusterflow/application/audit/audit-export.format';
import { UsageError, type Command } from '../command';
import { requireAgency, withApplication } from '../database';
import { parse } from './args';
import { resolve } from 'node:path';
import { FilesService } from '@clusterflow/application/files/files.service';

export const auditExportCommand: Command = {
  words: ['audit', 'export'],
  usage: 'audit export --agency <slug> --format csv|jsonl [--cluster <id>] [--with-files <dir>]',
  summary: 'write the audit trail (every event with its hashes, then the signed head) to stdout; --with-files: the attached files into <dir>, named by their SHA-256',
  async run(args) {
    const { values } = parse(args, { agency: { type: 'string' }, format: { type: 'string' }, cluster: { type: 'string' }, 'with-files': { type: 'string' } });
    const filesDir = values['with-files'];
    if (filesDir !== undefined && !filesDir.trim()) throw new UsageError('--with-files needs a folder');
    if (!values.agency || !AGENCY_SLUG.test(values.agency)) throw new UsageError('--agency must be an agency slug (lowercase letters, digits and dashes)');
    if (!isExportFormat(values.format)) throw new UsageError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
    const { agency, format } = values;
    const config = loadConfig();
    try {
      return await withApplication(
        config,
        async (app) => {
          await requireAgency(app, agency);
          const exporter = app.get(AuditExportService);
          const out = process.stdout;
          out.on('error', () => undefined); // a closed pipe (EPIPE) ends the export via ExportAborted, not a crash
          const summary = await exporter.write(agency, { format, clusterId: values.cluster ?? null }, out);
          await new Promise<void>((resolve) => out.write('', () => resolve()));
          process.stderr.write(`exported ${summary.events} event${summary.events === 1 ? '' : 's'} of ${summary.clusters} cluster${summary.clusters === 1 ? '' : 's'}\n`);
          if (filesDir) {
            const written = await app.get(FilesService).exportAttached(agency, values.cluster ?? null, resolve(filesDir));
            process.stderr.write(`wrote ${written.files} attached file${written.files === 1 ? '' : 's'} (${written.bytes} bytes) into ${filesDir}, each named by its SHA-256\n`);
          }
          return 0;
        },
        { pool: { min: 0, max: 2 } },
      );
    } catch (e) {
      if (e instanceof ExportAborted) return 1; // e.g. `| head`: the reader went away
      if (e instanceof DomainError && e.code === ErrorCode.NOT_FOUND) {
        process.stderr.write(`cluster ${values.cluster} not found in agency ${values.agency}\n`);
        return 2;
      }
      throw e;
    }
  },
};
