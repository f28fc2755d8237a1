import { Module } from '@nestjs/common';
import { AuditIntegrityModule } from '../integrity/audit-integrity.module';
import { AuditExportService } from './audit-export.service';

/** The export, without its HTTP route (the server's AuditModule adds GET /audit/export); the signed head comes from AuditHeadService. */
@Module({ imports: [AuditIntegrityModule], providers: [AuditExportService], exports: [AuditExportService] })
export class AuditExportModule {}
