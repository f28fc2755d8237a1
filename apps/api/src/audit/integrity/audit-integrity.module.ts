import { Module } from '@nestjs/common';
import { AuditIntegrityResolver } from './audit-integrity.resolver';

/** Integrity of the audit trail over GraphQL: signed heads and their keys, hash-chain and replay verification (services in libs/application). */
@Module({ providers: [AuditIntegrityResolver] })
export class AuditIntegrityModule {}
