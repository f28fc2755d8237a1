import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  conflict,
  countingDecisionIds,
  decide,
  decideMigrate,
  decideTimer,
  decideRegister,
  newCluster,
  noticesOf,
  notFound,
  openWork,
  record,
  SYSTEM_ACTOR,
  type Actor,
  type ClusterCommand,
  type ClusterEvent,
  type ClusterState,
  type DecidedEvent,
  type MigrationPlan,
  type RegisterCommand,
  type Recorder,
  type TemplateDefinition,
} from '@clusterflow/engine';
import { ClusterCommandStore, type ClusterRow, type CommandWrite } from '@clusterflow/persistence';
import { TemplateDefinitions } from '../templates/template-definitions';
import type { Principal } from '../auth/principal';
import { decideChecked, type InputProblem } from './input-check';

/** What a command leaves behind: the cluster after it, and the event it recorded (none for a no-op). */
export interface CommandResult {
  state: ClusterState;
  definition: TemplateDefinition;
  event: ClusterEvent | null;
  counting: ReadonlySet<string>;
}

/**
 * Runs cluster commands: one transaction each, the cluster row locked, the pure engine
 * deciding and recording (`record`), the event, snapshot and projections written together.
 */
@Injectable()
export class ClustersService {
  constructor(
    private readonly store: ClusterCommandStore,
    private readonly templates: TemplateDefinitions,
  ) {}

  async register(
    user: Principal,
    templateKey: string,
    templateVersion: number | null | undefined,
    command: Omit<RegisterCommand, 'type' | 'clusterId'>,
    problems: readonly InputProblem[] = [],
    at: string = new Date().toISOString(),
  ): Promise<CommandResult> {
    const template = await this.templates.version(user.agency, templateKey, templateVersion ?? null);
    const clusterId = randomUUID();
    const decided = decideChecked(problems, () => decideRegister(template.definition, actorOf(user), { type: 'REGISTER', clusterId, ...command }));
    const { write, result } = this.record(actorOf(user), template.definition, template.id, null, clusterId, decided, at);
    await this.store.insert(user.agency, write);
    return result;
  }

  /**
   * Runs one command on one cluster, serialized with every other command on it. `at` is the
   * moment the engine judges and records it: now, except for the demo seed's history, which
   * records what happened months ago (it must not be before the cluster's last event).
   */
  async command(user: Principal, clusterId: string, command: ClusterCommand, problems: readonly InputProblem[] = [], at?: string): Promise<CommandResult> {
    return this.store.withLockedCluster(user.agency, clusterId, async (row, tx) => {
      if (!row) throw notFound('cluster');
      const definition = await this.templates.inCommand(tx, row.templateId);
      const now = at ?? new Date().toISOString();
      // Files a submission names, as stored now, locked until the command commits; the engine judges them.
      if (command.type === 'SUBMIT_ARTEFACT' && command.files?.length) {
        const stored = new Map((await tx.lockFiles(command.files.map((f) => f.id))).map((f) => [f.id, f]));
        command = { ...command, files: command.files.map(({ id }) => ({ id, stored: stored.get(id.toLowerCase()) ?? null })) };
      }
      const decided = decideChecked(problems, () => decide(definition, row.snapshot, actorOf(user), command, now));
      if (!decided) {
        return { write: null, value: { state: row.snapshot, definition, event: null, counting: new Set(countingDecisionIds(definition, row.snapshot)) } };
      }
      const { write, result } = this.record(actorOf(user), definition, row.templateId, row, clusterId, decided, now);
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
      const from = await this.templates.inCommand(tx, row.templateId);
      const to = await this.templates.inCommand(tx, targetId);
      const now = new Date().toISOString();
      const { plan, event } = decideMigrate(from, to, row.snapshot, actorOf(user), now);
      if (!event || dryRun) return { write: null, value: { plan, applied: false, clusterName: row.name } };
      const { write } = this.record(actorOf(user), to, targetId, row, clusterId, event, now);
      return { write, value: { plan, applied: true, clusterName: row.name } };
    });
  }

  /**
   * The system's timers on one cluster (template language version 2: ESCALATED, PHASE_EXPIRED),
   * as the job queue's schedule found it due in phase visit `visit`: each event `decideTimer`
   * gives at the time the cluster is locked (so an event is never stamped before the cluster's
   * last one), recorded like a command's (one transaction each, under the cluster's lock,
   * through `record`, actor `system`), until none is due. Nothing when the cluster has left
   * that visit, is suspended or finished meanwhile, or its gate is met. Returns the events recorded.
   */
  async fireTimers(agency: string, clusterId: string, visit: number): Promise<ClusterEvent[]> {
    const recorded: ClusterEvent[] = [];
    // At most one escalation per gate, or one expiry (which ends the loop): the bound is a guard only.
    for (let i = 0; i < 1000; i++) {
      const event = await this.store.withLockedCluster(agency, clusterId, async (row, tx) => {
        if (!row) return { write: null, value: null };
        const definition = await this.templates.inCommand(tx, row.templateId);
        const at = new Date().toISOString();
        const decided = decideTimer(definition, row.snapshot, at, visit);
        if (!decided) return { write: null, value: null };
        const { write, result } = this.record(SYSTEM_ACTOR, definition, row.templateId, row, clusterId, decided, at);
        return { write, value: result.event };
      });
      if (!event) break;
      recorded.push(event);
      if (event.type === 'PHASE_EXPIRED') break; // a new visit: its own timers start now
    }
    return recorded;
  }

  /** The engine's `record` (stamp, chain, fold, project) and the write that stores what it made. */
  private record(
    actor: Recorder,
    definition: TemplateDefinition,
    templateId: string,
    row: ClusterRow | null,
    clusterId: string,
    decided: DecidedEvent,
    now = new Date().toISOString(),
  ): { write: CommandWrite; result: CommandResult } {
    const head = row ? { clusterId, state: row.snapshot, lastHash: row.lastHash } : newCluster(clusterId);
    const recorded = record(definition, head, decided, actor, now);
    const { state, event, projection } = recorded;
    const work = openWork(definition, state);
    return {
      write: { templateId, eventId: randomUUID(), recorded, work, notices: noticesOf(definition, event, state, work) },
      result: { state, definition, event, counting: new Set(projection.countingDecisionIds) },
    };
  }

  /** The definition a cluster runs on (a template row of the caller's agency). */
  definition(agency: string, templateId: string): Promise<TemplateDefinition> {
    return this.templates.byId(agency, templateId);
  }
}

/** A migration plan, and whether it was applied. */
export interface MigrationOutcome {
  plan: MigrationPlan;
  applied: boolean;
  clusterName: string;
}

export const actorOf = (user: Principal): Actor => ({ userId: user.userId, name: user.name, roles: user.roles });

