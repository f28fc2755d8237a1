import { Module } from '@nestjs/common';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { AuditExportController } from './export/audit-export.controller';

/** The auditor's history: `auditTrail`, `approvalHistory` and the export download (GET /audit/export). */
@Module({ providers: [AuditResolver, AuditService], controllers: [AuditExportController] })
export class AuditModule {}
