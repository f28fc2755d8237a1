import { Module } from '@nestjs/common';
import { ClustersModule } from '../../clusters/clusters.module';
import { AuditHeadService } from './audit-head.service';
import { AuditIntegrityResolver } from './audit-integrity.resolver';
import { AuditVerificationService } from './audit-verification.service';

/** Integrity of the audit trail: signed heads and their keys, hash-chain and replay verification. */
@Module({
  imports: [ClustersModule],
  providers: [AuditHeadService, AuditVerificationService, AuditIntegrityResolver],
  exports: [AuditHeadService, AuditVerificationService],
})
export class AuditIntegrityModule {}
