import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { AuditExportController } from './export/audit-export.controller';
import { AuditExportModule } from './export/audit-export.module';

/** The auditor's history: `auditTrail`, `approvalHistory` and the export download (GET /audit/export). */
@Module({ imports: [AuditExportModule], providers: [AuditResolver, AuditService], controllers: [AuditExportController] })
export class AuditModule {}
