// The migrations, in order. `npm run migration:create` writes a new file here and
// regenerates this list; the server applies pending ones at start.
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261127000000_initial } from './Migration20261127000000_initial';
import { Migration20261127173500_templates } from './Migration20261127173500_templates';
import { Migration20261127185100_clusters } from './Migration20261127185100_clusters';
import { Migration20261127194318_audit_integrity } from './Migration20261127194318_audit_integrity';
import { Migration20261127205954_export_index } from './Migration20261127205954_export_index';
import { Migration20261127213000_template_version_index } from './Migration20261127213000_template_version_index';
import { Migration20261206201910_people } from './Migration20261206201910_people';
import { Migration20261206203649_work_items } from './Migration20261206203649_work_items';
import { Migration20261206230357_files } from './Migration20261206230357_files';
import { Migration20261206233201_notifications } from './Migration20261206233201_notifications';
import { Migration20261206234252_analytics } from './Migration20261206234252_analytics';
import { Migration20261207002500_indicator_in_force } from './Migration20261207002500_indicator_in_force';
import { Migration20261207003000_decision_conditions } from './Migration20261207003000_decision_conditions';
import { Migration20261207003100_timers } from './Migration20261207003100_timers';
import { Migration20261207020000_webhooks } from './Migration20261207020000_webhooks';
import { Migration20261207030000_job_outbox } from './Migration20261207030000_job_outbox';
import { Migration20261207050000_indicator_period } from './Migration20261207050000_indicator_period';
import { Migration20261207053000_notification_language } from './Migration20261207053000_notification_language';
import { Migration20261207060000_waiting_since } from './Migration20261207060000_waiting_since';

export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261127000000_initial', class: Migration20261127000000_initial },
  { name: 'Migration20261127173500_templates', class: Migration20261127173500_templates },
  { name: 'Migration20261127185100_clusters', class: Migration20261127185100_clusters },
  { name: 'Migration20261127194318_audit_integrity', class: Migration20261127194318_audit_integrity },
  { name: 'Migration20261127205954_export_index', class: Migration20261127205954_export_index },
  { name: 'Migration20261127213000_template_version_index', class: Migration20261127213000_template_version_index },
  { name: 'Migration20261206201910_people', class: Migration20261206201910_people },
  { name: 'Migration20261206203649_work_items', class: Migration20261206203649_work_items },
  { name: 'Migration20261206230357_files', class: Migration20261206230357_files },
  { name: 'Migration20261206233201_notifications', class: Migration20261206233201_notifications },
  { name: 'Migration20261206234252_analytics', class: Migration20261206234252_analytics },
  { name: 'Migration20261207002500_indicator_in_force', class: Migration20261207002500_indicator_in_force },
  { name: 'Migration20261207003000_decision_conditions', class: Migration20261207003000_decision_conditions },
  { name: 'Migration20261207003100_timers', class: Migration20261207003100_timers },
  { name: 'Migration20261207020000_webhooks', class: Migration20261207020000_webhooks },
  { name: 'Migration20261207030000_job_outbox', class: Migration20261207030000_job_outbox },
  { name: 'Migration20261207050000_indicator_period', class: Migration20261207050000_indicator_period },
  { name: 'Migration20261207053000_notification_language', class: Migration20261207053000_notification_language },
  { name: 'Migration20261207060000_waiting_since', class: Migration20261207060000_waiting_since },
];
