import { AppStateEntity } from './app-state.entity';
import { ArtefactVersionEntity } from './artefact-version.entity';
import { AuditHeadEntity } from './audit-head.entity';
import { AuditSigningKeyEntity } from './audit-signing-key.entity';
import { ClusterEventEntity } from './cluster-event.entity';
import { ClusterEntity } from './cluster.entity';
import { DecisionEntity } from './decision.entity';
import { IndicatorValueEntity } from './indicator-value.entity';
import { IndicatorPeriodEntity } from './indicator-period.entity';
import { IndicatorSummaryEntity } from './indicator-summary.entity';
import { NotificationEntity } from './notification.entity';
import { NotificationPreferenceEntity } from './notification-preference.entity';
import { TimerFiredEntity } from './timer-fired.entity';
import { JobOutboxEntity } from './job-outbox.entity';
import { PersonEntity } from './person.entity';
import { PhaseVisitEntity } from './phase-visit.entity';
import { ProgrammeTemplateEntity } from './programme-template.entity';
import { WorkItemEntity } from './work-item.entity';
import { StoredFileEntity } from './stored-file.entity';
import { FileContentEntity } from './file-content.entity';
import { FileChunkEntity } from './file-chunk.entity';
import { WebhookEntity } from './webhook.entity';
import { WebhookOutboxEntity } from './webhook-outbox.entity';
import { WebhookDeliveryEntity } from './webhook-delivery.entity';

export {
  AppStateEntity,
  ArtefactVersionEntity,
  AuditHeadEntity,
  AuditSigningKeyEntity,
  ClusterEntity,
  ClusterEventEntity,
  DecisionEntity,
  IndicatorValueEntity,
  IndicatorPeriodEntity,
  IndicatorSummaryEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  PersonEntity,
  TimerFiredEntity,
  JobOutboxEntity,
  PhaseVisitEntity,
  ProgrammeTemplateEntity,
  WorkItemEntity,
  StoredFileEntity,
  FileContentEntity,
  FileChunkEntity,
  WebhookEntity,
  WebhookOutboxEntity,
  WebhookDeliveryEntity,
};

/** Every entity the ORM maps; the migrations must create exactly these tables. */
export const ENTITIES = [
  AppStateEntity,
  ProgrammeTemplateEntity,
  ClusterEntity,
  ClusterEventEntity,
  ArtefactVersionEntity,
  DecisionEntity,
  IndicatorValueEntity,
  IndicatorPeriodEntity,
  IndicatorSummaryEntity,
  PhaseVisitEntity,
  AuditHeadEntity,
  AuditSigningKeyEntity,
  PersonEntity,
  WorkItemEntity,
  StoredFileEntity,
  FileContentEntity,
  FileChunkEntity,
  NotificationEntity,
  NotificationPreferenceEntity,
  TimerFiredEntity,
  WebhookEntity,
  WebhookOutboxEntity,
  WebhookDeliveryEntity,
  JobOutboxEntity,
];
