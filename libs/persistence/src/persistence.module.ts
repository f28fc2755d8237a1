import { Global, Module, type Provider } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { AnalyticsRepository } from './repositories/analytics.repository';
import { AuditIntegrityRepository } from './repositories/audit-integrity.repository';
import { AuditRepository } from './repositories/audit.repository';
import { ClusterCommandStore } from './repositories/cluster-commands';
import { ClusterRepository } from './repositories/cluster.repository';
import { NotificationRepository } from './repositories/notification.repository';
import { PersonRepository } from './repositories/person.repository';
import { SystemRepository } from './repositories/system.repository';
import { TemplateRepository } from './repositories/template.repository';
import { WorkRepository } from './repositories/work.repository';
import { WebhookRepository } from './repositories/webhook.repository';
import { FILE_STORE_SPEC, FileRepository, type FileStoreSpec } from './repositories/file.repository';

/**
 * Every repository and the command path's store, each made once on the ORM's entity manager
 * (MikroOrmModule.forRoot, imported beside this module): the one place they are constructed.
 * Raw SQL runs through `em.execute` inside them, the command path on a pooled client
 * (`withPooledClient`, pooled-client.ts); nothing outside libs/persistence writes SQL.
 */
const REPOSITORIES = [ClusterRepository, ClusterCommandStore, TemplateRepository, AuditRepository, AuditIntegrityRepository, SystemRepository, PersonRepository, WorkRepository, NotificationRepository, AnalyticsRepository, WebhookRepository];

const providers: Provider[] = REPOSITORIES.map((repository) => ({
  provide: repository,
  useFactory: (em: EntityManager) => new repository(em),
  inject: [EntityManager],
}));
// The file store as FILE_STORE chose it (ConfigModule provides the choice; postgres without it).
providers.push({
  provide: FileRepository,
  useFactory: (em: EntityManager, spec?: FileStoreSpec) => new FileRepository(em, spec ?? { kind: 'postgres' }),
  inject: [EntityManager, { token: FILE_STORE_SPEC, optional: true }],
});

@Global()
@Module({ providers, exports: [...REPOSITORIES, FileRepository] })
export class PersistenceModule {}
