/**
 * Test support for the cluster engine specs (outside libs/, so never built into dist/): a cluster
 * driven through `decide` → `record` (stamp, chain, apply), checking after every step that replaying the
 * log rebuilds the snapshot, that the snapshot survives a JSON round trip (it is stored as
 * jsonb), and that neither `decide` nor `record` touches the state it is given.
 */
import { DomainError, type ErrorCode } from '@clusterflow/engine/errors';
import { loadTemplate } from '@clusterflow/engine/template/loader';
import type { TemplateDefinition } from '@clusterflow/engine/template/types';
import { replay } from '@clusterflow/engine/cluster/apply';
import { newCluster, record, type ClusterHead } from '@clusterflow/engine/cluster/record';
import { decide, decideRegister } from '@clusterflow/engine/cluster/decide';
import { decideMigrate, type MigrationPlan } from '@clusterflow/engine/cluster/migration';
import { decideTimer, SYSTEM_ACTOR } from '@clusterflow/engine/cluster/timers';
import { DAY_MS, isoOf, msOf } from '@clusterflow/engine/cluster/time';
import type { Actor, ClusterCommand, ClusterEvent, ClusterState, DecidedEvent, Outcome, RegisterCommand, SubmittedFile } from '@clusterflow/engine/cluster/types';

export const T0 = '2025-01-01T00:00:00.000Z';

/** Loads an inline YAML template; fails loudly when it is not valid. */
export function templateOf(yaml: string): TemplateDefinition {
  const result = loadTemplate(yaml);
  if (!result.template) throw new Error(`test template is invalid:\n${result.errors.map((e) => `${e.path} @ ${e.line}: ${e.message}`).join('\n')}`);
  return result.template;
}

export const person = (userId: string, ...roles: string[]): Actor => ({ userId, name: `Name of ${userId}`, roles });
export const ADMIN = person('admin', 'agency_admin');
export const CDA_USER = person('cda1', 'cda');

let storedFiles = 0;
/** A file as a submission finds it stored (an unattached upload of the agency): `files: [pdfFile()]`. */
export const pdfFile = (name = 'document.pdf'): SubmittedFile => {
  const id = `00000000-0000-4000-9000-${String(++storedFiles).padStart(12, '0')}`;
  return { id, stored: { id, sha256: storedFiles.toString(16).padStart(64, '0'), size: 1000 + storedFiles, name, mediaType: 'application/pdf', attached: false } };
};

/** Runs `fn`, expects a DomainError with `code`, and returns it. */
export function expectCode(fn: () => unknown, code: ErrorCode | `${ErrorCode}`): DomainError {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  if (!(thrown instanceof DomainError)) throw new Error(`expected a DomainError ${code}, got ${thrown === undefined ? 'no error' : String(thrown)}`);
  expect({ code: thrown.code, message: thrown.message }).toEqual({ code, message: expect.any(String) });
  return thrown;
}

const jsonCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export interface ClusterOptions {
  by?: Actor;
  at?: string;
  name?: string;
  attributes?: unknown;
  id?: string;
}

export class TestCluster {
  readonly events: ClusterEvent[] = [];
  state: ClusterState;
  now: string;
  private counter = 0;
  /** The hash of the last event. */
  private lastHash = '';
  /** Every template version the cluster has run on, for replay. */
  private readonly versions = new Map<number, TemplateDefinition>();

  constructor(
    public def: TemplateDefinition,
    options: ClusterOptions = {},
  ) {
    this.versions.set(def.version, def);
    this.now = options.at ?? T0;
    const command: RegisterCommand = { type: 'REGISTER', clusterId: options.id ?? 'c1', name: options.name ?? 'Test cluster', attributes: options.attributes };
    const by = options.by ?? CDA_USER;
    const decided = decideRegister(def, by, command);
    this.state = this.record(by, decided, newCluster(command.clusterId));
  }

  /** A fresh id for new things (artefacts, versions, decisions). */
  id(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter}`;
  }

  /** Moves the clock forward. */
  wait(days: number, extraMs = 0): this {
    this.now = isoOf(msOf(this.now) + days * DAY_MS + extraMs);
    return this;
  }

  setTime(iso: string): this {
    this.now = iso;
    return this;
  }

  /** decideMigrate → record under `to`; the plan, and the event when one was recorded. */
  migrate(actor: Actor, to: TemplateDefinition): { plan: MigrationPlan; event: ClusterEvent | null } {
    const before = jsonCopy(this.state);
    const { plan, event } = decideMigrate(this.def, to, this.state, actor, this.now);
    expect(this.state).toStrictEqual(before);
    if (!event) return { plan, event: null };
    this.versions.set(to.version, to);
    this.def = to;
    this.state = this.record(actor, event, this.head());
    return { plan, event: this.events[this.events.length - 1] };
  }

  /** decide → record; null when decide records nothing. */
  run(actor: Actor, command: ClusterCommand): ClusterEvent | null {
    const before = jsonCopy(this.state);
    const decided = decide(this.def, this.state, actor, command, this.now);
    expect(this.state).toStrictEqual(before); // decide is pure
    if (decided === null) return null;
    this.state = this.record(actor, decided, this.head());
    expect(this.events.length).toBe(this.state.version);
    return this.events[this.events.length - 1];
  }

  /**
   * The system's timers at the cluster's clock (`escalate`, `expires`): decideTimer → record with
   * actor `system`, like the scheduler does; null when none is due. `visit`: the visit the timer was set for.
   */
  tick(visit: number | null = null): ClusterEvent | null {
    const before = jsonCopy(this.state);
    const decided = decideTimer(this.def, this.state, this.now, visit);
    expect(this.state).toStrictEqual(before); // decideTimer is pure
    if (decided === null) return null;
    this.state = this.record({ ...SYSTEM_ACTOR, roles: [] }, decided, this.head());
    return this.events[this.events.length - 1];
  }

  /** Expects the command to be refused with `code`; the state and the log stay as they were. */
  refuse(actor: Actor, command: ClusterCommand, code: ErrorCode | `${ErrorCode}`): DomainError {
    const before = jsonCopy(this.state);
    const length = this.events.length;
    const error = expectCode(() => this.run(actor, command), code);
    expect(this.state).toStrictEqual(before);
    expect(this.events).toHaveLength(length);
    return error;
  }

  private head(): ClusterHead {
    return { clusterId: this.state.id, state: this.state, lastHash: this.lastHash };
  }

  /** The engine's `record` (stamp, chain, fold), checked: pure, JSON-safe, and replaying to the same snapshot. */
  private record(actor: Actor, decided: DecidedEvent, head: ClusterHead): ClusterState {
    const before = head.state === null ? null : jsonCopy(head.state);
    const { event: chained, state: next } = record(this.def, head, decided, actor, this.now);
    if (head.state !== null) expect(head.state).toStrictEqual(before); // record does not mutate its input
    const { prevHash: _prevHash, hash, ...event } = chained;
    const stored = jsonCopy(event) as ClusterEvent;
    expect(stored).toStrictEqual(event); // events are JSON-safe too
    this.lastHash = hash;
    this.events.push(stored);
    expect(replay((version) => this.versions.get(version)!, this.events)).toStrictEqual(next);
    expect(jsonCopy(next)).toStrictEqual(next);
    return next;
  }

  // --- shorthands --------------------------------------------------------------------

  /** Submits a new artefact (or a new version of `artefactId`); returns the ids. */
  submit(
    actor: Actor,
    artefactType: string,
    fields?: unknown,
    artefactId?: string,
    extra: { title?: string; uri?: string | null; sha256?: string | null; files?: readonly SubmittedFile[] } = {},
  ): { artefactId: string; versionId: string } {
    const newArtefactId = this.id('art');
    const newVersionId = this.id('ver');
    const event = this.run(actor, {
      type: 'SUBMIT_ARTEFACT',
      newArtefactId,
      newVersionId,
      artefactType,
      title: extra.title ?? `A ${artefactType}`,
      artefactId: artefactId ?? null,
      uri: extra.uri,
      sha256: extra.sha256,
      fields,
      ...(extra.files ? { files: extra.files } : {}),
    });
    if (event?.type !== 'ARTEFACT_SUBMITTED') throw new Error('no ARTEFACT_SUBMITTED event');
    return { artefactId: event.payload.artefactId, versionId: event.payload.versionId };
  }

  decideCommand(gate: string, role: string, outcome: Outcome, artefactVersionId?: string | null, comment?: string): ClusterCommand {
    return { type: 'DECIDE', decisionId: this.id('dec'), gate, role, outcome, artefactVersionId: artefactVersionId ?? null, comment };
  }

  /** Records a decision and returns its id. */
  decision(actor: Actor, gate: string, role: string, outcome: Outcome = 'APPROVE', artefactVersionId?: string | null): string {
    const event = this.run(actor, this.decideCommand(gate, role, outcome, artefactVersionId));
    if (event?.type !== 'DECIDED') throw new Error('no DECIDED event');
    return event.payload.decisionId;
  }

  approve(actor: Actor, gate: string, role: string, artefactVersionId?: string | null): string {
    return this.decision(actor, gate, role, 'APPROVE', artefactVersionId);
  }

  reject(actor: Actor, gate: string, role: string, artefactVersionId?: string | null): string {
    return this.decision(actor, gate, role, 'REJECT', artefactVersionId);
  }

  advance(actor: Actor, gate: string, expectedVersion?: number | null): ClusterEvent {
    const event = this.run(actor, { type: 'ADVANCE', gate, expectedVersion });
    if (event?.type !== 'ADVANCED') throw new Error('no ADVANCED event');
    return event;
  }

  reach(actor: Actor, milestone: string): ClusterEvent {
    const event = this.run(actor, { type: 'REACH_MILESTONE', milestone });
    if (event?.type !== 'MILESTONE_REACHED') throw new Error('no MILESTONE_REACHED event');
    return event;
  }
}
