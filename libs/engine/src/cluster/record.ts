/**
 * The one command pipeline after `decide`: stamp the decided event (seq, actor, time), chain
 * its hash, fold it into the next snapshot and compute what the cluster row and the
 * projections store besides the snapshot. The server's command path, the engine's spec
 * harness and the stored-snapshot fixtures all go through here, so there is one way an
 * event comes to be.
 */
import { eventHash, GENESIS_HASH } from '../audit/hash';
import type { TemplateDefinition } from '../template/types';
import { apply } from './apply';
import { storedDueAt } from './due';
import { countingDecisionIds, gateWaits, type GateWait } from './readiness';
import { eligibleOf, scoreOf } from './selection';
import type { ClusterEvent, ClusterState, DecidedEvent } from './types';

/** Where a cluster's log stands before a command: its snapshot and the hash of its last event. */
export interface ClusterHead {
  clusterId: string;
  /** null before REGISTERED. */
  state: ClusterState | null;
  lastHash: string;
}

/** The head of a cluster that does not exist yet. */
export const newCluster = (clusterId: string): ClusterHead => ({ clusterId, state: null, lastHash: GENESIS_HASH });

/** An event with its place in the hash chain (the store adds its row id). */
export type ChainedEvent = ClusterEvent & { prevHash: string; hash: string };

/** What the cluster row and the projection tables keep besides the snapshot: caches of it. */
export interface ClusterProjection {
  score: number | null;
  eligible: boolean | null;
  /** ISO 8601; null when the phase has no due date or the cluster is suspended or finished. */
  dueAt: string | null;
  /** The decisions whose `counts` is true. */
  countingDecisionIds: string[];
  /** The gates out of the current phase and what holds them (the cluster row's `gate_unmet`). */
  gates: GateWait[];
}

export interface Recorded {
  event: ChainedEvent;
  state: ClusterState;
  projection: ClusterProjection;
}

/** Who records the event: the actor's id and display name go into it. */
export interface Recorder {
  userId: string;
  name?: string | null;
}

export function projectionOf(def: TemplateDefinition, state: ClusterState): ClusterProjection {
  return {
    score: scoreOf(def, state.scores),
    eligible: eligibleOf(def, state.attributes),
    dueAt: storedDueAt(def, state),
    countingDecisionIds: countingDecisionIds(def, state),
    gates: gateWaits(def, state),
  };
}

/** Stamps, chains and folds a decided event; pure (`now` is the event's time). */
export function record(def: TemplateDefinition, head: ClusterHead, decided: DecidedEvent, actor: Recorder, now: string): Recorded {
  const event = {
    ...decided,
    clusterId: head.clusterId,
    seq: (head.state?.version ?? 0) + 1,
    actor: actor.userId,
    actorName: actor.name ?? null,
    at: now,
  } as ClusterEvent;
  const state = apply(def, head.state, event);
  const chained = { ...event, prevHash: head.lastHash, hash: eventHash({ ...event, prevHash: head.lastHash }) } as ChainedEvent;
  return { event: chained, state, projection: projectionOf(def, state) };
}
