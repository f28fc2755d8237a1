import { Catch, Controller, Get, Logger, Param, Query, Res, UseFilters, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import ExcelJS from 'exceljs';
import { notFound } from '@clusterflow/engine';
import type { Principal } from '@clusterflow/application/auth/principal';
import { AnalyticsService } from '@clusterflow/application/analytics/analytics.service';
import { isReportName, REPORTS, reportTable, type ReportQuery, type ReportTable } from '@clusterflow/application/analytics/report-tables';
import { csvField } from '@clusterflow/application/audit/audit-export.format';
import { CurrentUser } from '../auth/auth.decorators';
import { httpErrorOf } from '../graphql/http-errors';

/** Errors of /reports as the contract's resolved details say (like /files): JSON `{ "code", "message" }` with the HTTP status. */
@Catch()
export class ReportsErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Reports');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      // The file was being streamed: end the connection so the client sees an incomplete download.
      this.logger.error(exception, 'report failed while streaming');
      res.destroy();
      return;
    }
    const { status, code, message, expected } = httpErrorOf(exception);
    if (!expected) this.logger.error(exception, `report ${host.switchToHttp().getRequest<Request>().path} failed`);
    res.removeHeader('Content-Disposition');
    res.status(status).json({ code, message });
  }
}

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * GET /reports/<portfolio|phase-durations|gate-bottlenecks|indicator>.<csv|xlsx>?<the query's
 * arguments>, with the same Bearer token as /graphql (the global AuthGuard): the analytics
 * reports as files. CSV fields are neutralised against formula injection as the audit export's
 * are; XLSX is written by exceljs's streaming writer, a header row then typed cells.
 */
@Controller('reports')
@UseFilters(ReportsErrorFilter)
export class ReportsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get(':file')
  async download(@CurrentUser() user: Principal, @Param('file') file: string, @Query() query: ReportQuery, @Res() res: Response): Promise<void> {
    const m = /^([a-z-]+)\.(csv|xlsx)$/.exec(file);
    if (!m || !isReportName(m[1])) throw notFound(`report ${file.slice(0, 80)} (one of ${REPORTS.map((r) => `${r}.csv, ${r}.xlsx`).join(', ')})`);
    const format = m[2] as keyof typeof CONTENT_TYPES;
    const table = await reportTable(this.analytics, user.agency, m[1], query);
    res.status(200);
    res.setHeader('Content-Type', CONTENT_TYPES[format]);
    res.setHeader('Content-Disposition', `attachment; filename="${table.title}.${format}"`);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (format === 'csv') res.end(csvOf(table));
    else await writeXlsx(table, res);
  }
}

function csvOf(table: ReportTable): string {
  const line = (fields: (string | number | null)[]) => fields.map(csvField).join(',') + '\r\n';
  return line(table.columns.map((c) => c.header)) + table.rows.map(line).join('');
}

/** Streams the workbook to the response: one worksheet, the header row, then each row committed as written. */
async function writeXlsx(table: ReportTable, res: Response): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(table.title.slice(0, 31));
  sheet.addRow(table.columns.map((c) => c.header)).commit();
  for (const row of table.rows) {
    // Typed cells: numbers as numbers, text as text, nothing for null.
    sheet.addRow(row.map((v, i) => (v === null ? null : table.columns[i].type === 'number' ? Number(v) : String(v)))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
