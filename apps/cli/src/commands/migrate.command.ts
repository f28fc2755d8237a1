import { userInfo } from 'node:os';
import { AGENCY_ADMIN, DomainError } from '@clusterflow/engine';
import { AGENCY_SLUG, type Principal } from '@clusterflow/application/auth/principal';
import { MigrationsService, type BulkMigration } from '@clusterflow/application/clusters/migrations.service';
import { loadConfig } from '@clusterflow/application/config/config';
import { UsageError, type Command } from '../command';
import { requireAgency, withApplication } from '../database';
import { parse } from './args';

/**
 * `migrate`: the plan of moving every unfinished cluster of one template version to another,
 * as a table; with --apply, those without problems are migrated (each in its own
 * transaction), recorded as done by `cli` under the operator's login name. Exit 0 when every
 * cluster is (or could be) migrated, 1 when some have problems, 2 when the whole request is
 * refused (a version that is not published, the same version twice, the database busy).
 */
export const migrateCommand: Command = {
  words: ['migrate'],
  usage: 'migrate --agency <slug> --template <key> --from <version> --to <version> [--apply]',
  summary: 'plan (or with --apply, perform) moving clusters to another template version; prints the plan as a table',
  async run(args) {
    const { values } = parse(args, {
      agency: { type: 'string' },
      template: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      apply: { type: 'boolean', default: false },
    });
    if (!values.agency || !AGENCY_SLUG.test(values.agency)) throw new UsageError('--agency must be an agency slug (lowercase letters, digits and dashes)');
    if (!values.template) throw new UsageError('--template must name a template key');
    const from = version(values.from, '--from');
    const to = version(values.to, '--to');
    const operator: Principal = { userId: 'cli', name: `command line (${loginName()})`, agency: values.agency, roles: [AGENCY_ADMIN] };
    try {
      return await withApplication(
        loadConfig(),
        async (app) => {
          await requireAgency(app, values.agency!);
          const migrations = app.get(MigrationsService);
          const bulk = await migrations.migrateAll(operator, values.template!, from, to, !values.apply);
          process.stdout.write(planTable(bulk));
          const applied = bulk.outcomes.filter((o) => o.applied).length;
          const blocked = bulk.outcomes.filter((o) => o.plan.problems.length).length;
          const verb = values.apply ? `${applied} migrated` : `${bulk.outcomes.length - blocked} can migrate (dry run: add --apply)`;
          process.stderr.write(`${values.template} ${from} → ${to}: ${bulk.outcomes.length} unfinished cluster${bulk.outcomes.length === 1 ? '' : 's'}, ${verb}, ${blocked} with problems\n`);
          return blocked ? 1 : 0;
        },
        { pool: { min: 0, max: 6 } },
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
  },
};

function version(text: string | undefined, flag: string): number {
  const n = Number(text);
  if (!text || !Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a template version (a positive integer)`);
  return n;
}

function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** One row per cluster: id, name, phase mapping, what becomes unmet, and the outcome or the problems. */
export function planTable(bulk: BulkMigration): string {
  const head = ['CLUSTER', 'NAME', 'PHASE', 'NEWLY UNMET', bulk.dryRun ? 'PLAN' : 'RESULT'];
  const rows = bulk.outcomes.map(({ plan, applied, clusterName }) => [
    plan.clusterId,
    clusterName.length > 40 ? `${clusterName.slice(0, 39)}…` : clusterName,
    plan.toPhase === null ? `${plan.fromPhase} → (none)` : plan.fromPhase === plan.toPhase ? plan.fromPhase : `${plan.fromPhase} → ${plan.toPhase}`,
    plan.newlyUnmet.map((u) => `${u.gate}: ${u.kind.toLowerCase()} ${u.artefactType ?? u.role ?? u.indicator ?? u.milestone ?? u.attribute ?? ''}`.trim()).join('; ') || '-',
    plan.problems.length ? `blocked: ${plan.problems.join('; ')}` : applied ? 'migrated' : bulk.dryRun ? 'can migrate' : 'not migrated',
  ]);
  if (!rows.length) return `no unfinished cluster runs on version ${bulk.fromVersion} of ${bulk.templateKey}\n`;
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}
