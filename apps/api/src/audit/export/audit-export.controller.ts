import { Catch, Controller, Get, HttpStatus, Logger, Query, Res, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentUser } from '../../auth/auth.decorators';
import type { Principal } from '@clusterflow/application/auth/principal';
import { httpErrorOf } from '../../graphql/http-errors';
import { CONTENT_TYPES, exportFileName } from '@clusterflow/application/audit/audit-export.format';
import { AuditExportService, ExportAborted } from '@clusterflow/application/audit/audit-export.service';

/**
 * Errors of this route as HTTP statuses with the GraphQL error body shape
 * (`{"errors":[{"message","extensions":{"code"}}]}`), including the global AuthGuard's
 * UNAUTHENTICATED; never a stack trace. After the first byte of an export the status is
 * sent, so a failure then cuts the download short (it lacks its closing head line).
 */
@Catch()
export class ExportErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('AuditExport');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      if (!(exception instanceof ExportAborted)) this.logger.error(exception, 'audit export failed after it started');
      res.destroy();
      return;
    }
    const { status, code, message, expected } = httpErrorOf(exception);
    if (!expected) this.logger.error(exception, 'audit export failed');
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  }
}

/**
 * GET /audit/export?format=csv|jsonl[&cluster=<id>]: the agency's audit trail (or one
 * cluster's) as a file download, streamed, for any member of the token's agency (auditors
 * are external and have no shell), in the format of `npm run cli -- audit export`.
 */
@Controller('audit')
@UseFilters(ExportErrorFilter)
export class AuditExportController {
  constructor(private readonly exporter: AuditExportService) {}

  @Get('export')
  async download(
    @CurrentUser() user: Principal,
    @Query('format') format: unknown,
    @Query('cluster') cluster: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const clusterId = cluster == null || cluster === '' ? null : String(cluster);
    await this.exporter.write(user.agency, { format: format == null ? '' : String(format), clusterId }, res, (f) => {
      res.status(HttpStatus.OK);
      res.setHeader('Content-Type', CONTENT_TYPES[f]);
      res.setHeader('Content-Disposition', `attachment; filename="${exportFileName(user.agency, clusterId, f, new Date())}"`);
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('X-Content-Type-Options', 'nosniff');
    });
    res.end();
  }
}
