import { Global, Module } from '@nestjs/common';
import { AuditExportService } from './audit/audit-export.service';
import { AuditHeadService } from './audit/audit-head.service';
import { AuditVerificationService } from './audit/audit-verification.service';
import { ChainVerifier } from './audit/chain-verifier';
import { ReplayVerifier } from './audit/replay-verifier';
import { TokenService } from './auth/token.service';
import { PeopleService } from './people/people.service';
import { ClustersService } from './clusters/clusters.service';
import { MigrationsService } from './clusters/migrations.service';
import { TemplateDefinitions } from './templates/template-definitions';
import { FilesService } from './files/files.service';
import { FileVerifier } from './audit/file-verifier';
import { AnalyticsService } from './analytics/analytics.service';
import { WebhooksService } from './webhooks/webhooks.service';

const SERVICES = [
  ClustersService,
  MigrationsService,
  TemplateDefinitions,
  AuditHeadService,
  AuditExportService,
  AuditVerificationService,
  ChainVerifier,
  ReplayVerifier,
  TokenService,
  PeopleService,
  FilesService,
  FileVerifier,
  AnalyticsService,
  WebhooksService,
];

/**
 * The application services the GraphQL server and the command line share: who may call
 * which rule of the engine, and how, over the repositories of libs/persistence. Needs the
 * configuration (ConfigModule.forRoot) and the repositories (PersistenceModule beside
 * MikroOrmModule.forRoot); see `applicationModules`.
 */
@Global()
@Module({ providers: SERVICES, exports: SERVICES })
export class ApplicationModule {}
