import { Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import {
  conflict,
  countingDecisionIds,
  decide,
  decideMigrate,
  decideRegister,
  newCluster,
  notFound,
  record,
  type Actor,
  type ClusterCommand,
  type ClusterEvent,
  type ClusterState,
  type DecidedEvent,
  type MigrationPlan,
  type RegisterCommand,
  type TemplateDefinition,
} from '@clusterflow/engine';
import { ClusterCommandStore, ProgrammeTemplateEntity, type ClusterRow, type CommandTransaction, type CommandWrite } from '@clusterflow/persistence';
import type { Principal } from '../auth/principal';
import { decideChecked, type InputProblem } from './input-check';

/** What a command leaves behind: the cluster after it, and the event it recorded (none for a no-op). */
export interface CommandResult {
  state: ClusterState;
  definition: TemplateDefinition;
  event: ClusterEvent | null;
  counting: ReadonlySet<string>;
}

/** Template versions are immutable, so their parsed definitions are cached by row id. */
const DEFINITION_CACHE_SIZE = 256;

/**
 * Runs cluster commands: one transaction each, the cluster row locked, the pure engine
 * deciding and folding, the event, snapshot and projections written together.
 */
@Injectable()
export class ClustersService {
  private readonly definitions = new Map<string, TemplateDefinition>();
  private readonly loading = new Map<string, Promise<TemplateDefinition>>();

  private readonly store: ClusterCommandStore;

  constructor(private readonly em: EntityManager) {
    this.store = new ClusterCommandStore(em);
  }

  async register(
    user: Principal,
    templateKey: string,
    templateVersion: number | null | undefined,
    command: Omit<RegisterCommand, 'type' | 'clusterId'>,
    problems: readonly InputProblem[] = [],
  ): Promise<CommandResult> {
    const template = await this.templateVersion(user.agency, templateKey, templateVersion ?? null);
    const clusterId = randomUUID();
    const decided = decideChecked(problems, () => decideRegister(template.definition, actorOf(user), { type: 'REGISTER', clusterId, ...command }));
    const { write, result } = this.record(user, template.definition, template.id, null, clusterId, decided);
    await this.store.insert(user.agency, write);
    return result;
  }

  /** Runs one command on one cluster, serialized with every other command on it. */
  async command(user: Principal, clusterId: string, command: ClusterCommand, problems: readonly InputProblem[] = []): Promise<CommandResult> {
    return this.store.withLockedCluster(user.agency, clusterId, async (row, tx) => {
      if (!row) throw notFound('cluster');
      const definition = await this.definitionIn(tx, row.templateId);
      const now = new Date().toISOString();
      const decided = decideChecked(problems, () => decide(definition, row.snapshot, actorOf(user), command, now));
      if (!decided) {
        return { write: null, value: { state: row.snapshot, definition, event: null, counting: new Set(countingDecisionIds(definition, row.snapshot)) } };
      }
      const { write, result } = this.record(user, definition, row.templateId, row, clusterId, decided, now);
      return { write, value: result };
    });
  }

  /**
   * Plans moving one cluster to another version of its template and, unless `dryRun` or
   * the plan has problems, records MIGRATED: one transaction under the cluster's lock, like
   * every command. `expectedFromVersion` (a bulk migration's): CONFLICT when the cluster is
   * no longer on it.
   */
  async migrate(user: Principal, clusterId: string, toVersion: number, dryRun: boolean, expectedFromVersion?: number): Promise<MigrationOutcome> {
    return this.store.withLockedCluster<MigrationOutcome>(user.agency, clusterId, async (row, tx) => {
      if (!row) throw notFound('cluster');
      const targetId = await tx.templateVersionId(row.templateKey, toVersion);
      if (!targetId) throw notFound(`template ${row.templateKey} version ${toVersion}`);
      if (expectedFromVersion !== undefined && row.templateVersion !== expectedFromVersion) {
        throw conflict(`the cluster now runs on version ${row.templateVersion}, not ${expectedFromVersion}: someone migrated it meanwhile`);
      }
      const from = await this.definitionIn(tx, row.templateId);
      const to = await this.definitionIn(tx, targetId);
      const now = new Date().toISOString();
      const { plan, event } = decideMigrate(from, to, row.snapshot, actorOf(user), now);
      if (!event || dryRun) return { write: null, value: { plan, applied: false, clusterName: row.name } };
      const { write } = this.record(user, to, targetId, row, clusterId, event, now);
      return { write, value: { plan, applied: true, clusterName: row.name } };
    });
  }

  /**
   * A published version of one of the agency's templates (the latest when `version` is null);
   * NOT_FOUND when there is none. Only its id is read: the definition of an immutable version
   * is cached by it.
   */
  async templateVersion(agency: string, key: string, version: number | null): Promise<{ id: string; definition: TemplateDefinition }> {
    const [template] = await this.em.getConnection().execute<{ id: string }[]>(
      `select id from programme_template where agency = ? and key = ?${version != null ? ' and version = ?' : ''} order by version desc limit 1`,
      [agency, key, ...(version != null ? [version] : [])],
    );
    if (!template) throw notFound(`template ${key}${version != null ? ` version ${version}` : ''}`);
    return { id: template.id, definition: this.definitions.get(template.id) ?? (await this.definition(agency, template.id)) };
  }

  /** A definition by template id, read under a command's lock on its own connection when not cached. */
  private async definitionIn(tx: CommandTransaction, templateId: string): Promise<TemplateDefinition> {
    return this.definitions.get(templateId) ?? this.remember(templateId, await tx.templateDefinition(templateId));
  }

  /** The engine's `record` (stamp, chain, fold, project) and the write that stores what it made. */
  private record(
    user: Principal,
    definition: TemplateDefinition,
    templateId: string,
    row: ClusterRow | null,
    clusterId: string,
    decided: DecidedEvent,
    now = new Date().toISOString(),
  ): { write: CommandWrite; result: CommandResult } {
    const head = row ? { clusterId, state: row.snapshot, lastHash: row.lastHash } : newCluster(clusterId);
    const recorded = record(definition, head, decided, actorOf(user), now);
    const { state, event, projection } = recorded;
    return {
      write: { templateId, eventId: randomUUID(), recorded },
      result: { state, definition, event, counting: new Set(projection.countingDecisionIds) },
    };
  }

  /** The definition a cluster runs on (a template row of the caller's agency). */
  async definition(agency: string, templateId: string): Promise<TemplateDefinition> {
    const cached = this.definitions.get(templateId);
    if (cached) return cached;
    // One lookup per template, however many clusters of a page ask for it at once.
    const key = `${agency}\u0000${templateId}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.em
        .fork()
        .findOne(ProgrammeTemplateEntity, { agency, id: templateId })
        .then((template) => this.remember(templateId, template?.definition))
        .finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private remember(templateId: string, definition: unknown): TemplateDefinition {
    if (!definition) throw new Error(`template ${templateId} of a cluster is missing`);
    this.definitions.set(templateId, definition as TemplateDefinition);
    if (this.definitions.size > DEFINITION_CACHE_SIZE) this.definitions.delete(this.definitions.keys().next().value!);
    return definition as TemplateDefinition;
  }
}

/** A migration plan, and whether it was applied. */
export interface MigrationOutcome {
  plan: MigrationPlan;
  applied: boolean;
  clusterName: string;
}

export const actorOf = (user: Principal): Actor => ({ userId: user.userId, name: user.name, roles: user.roles });

