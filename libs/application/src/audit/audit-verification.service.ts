import { Injectable } from '@nestjs/common';
import { badInput, headRoot, notFound, verifyHeadSignature, type ChainCheckpoint, type SignedHead } from '@clusterflow/engine';
import { AuditIntegrityRepository } from '@clusterflow/persistence';
import type { InputProblem } from '../clusters/input-check';
import { AuditHeadService, type AuditHeadRecord } from './audit-head.service';
import { ChainVerifier, describeBroken, type ChainsSummary } from './chain-verifier';
import { ReplayVerifier, type ReplayCheck, type ReplaySummary } from './replay-verifier';
import { orphanChecks, verifyRecords, type RecordProblem } from './records-verifier';
import { FileVerifier } from './file-verifier';

/** A head as a client hands it back (AuditHeadInput): `at` as a Date. */
export interface HeadToCheck {
  agency: string;
  clusters: number;
  events: number;
  root: string;
  at: Date;
  signature: string;
  keyId: string;
}

export interface TrailVerification {
  valid: boolean;
  eventsChecked: number;
  firstBrokenEventId: string | null;
  message: string | null;
  /** The agency's current signed head; null when the trail is broken (no head is signed over broken history). */
  head: AuditHeadRecord | null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The integrity checks an auditor runs: every hash chain of the agency (or one cluster),
 * optionally against a head saved earlier, and replay of the log against the snapshots.
 */
@Injectable()
export class AuditVerificationService {
  constructor(
    private readonly repo: AuditIntegrityRepository,
    private readonly heads: AuditHeadService,
    private readonly chains: ChainVerifier,
    private readonly replays: ReplayVerifier,
    private readonly files: FileVerifier,
  ) {}

  /**
   * `verifyAuditTrail`. NOT_FOUND for a cluster (or a head) of another agency. Against a
   * head: its signature must verify with its key, the server must have a record of it, and
   * today's chains must still hold, unchanged, everything it covered.
   */
  async verifyTrail(
    agency: string,
    clusterId?: string | null,
    against?: HeadToCheck | null,
    problems: readonly InputProblem[] = [],
    signal?: AbortSignal,
  ): Promise<TrailVerification> {
    const repo = this.repo;
    if (clusterId != null && !(await repo.clusterKnown(agency, clusterId))) throw notFound('cluster');
    if (against && against.agency !== agency) throw notFound('audit head');
    if (problems.length) throw badInput(`${problems[0].path}: ${problems[0].message}`, { problems });

    let covered: Map<string, ChainCheckpoint> | undefined;
    let coveredAt: string | undefined;
    let headNote = '';
    if (against) {
      const checked = await this.checkHead(repo, against);
      if ('problem' in checked) return { valid: false, eventsChecked: 0, firstBrokenEventId: null, message: checked.problem, head: null };
      covered = new Map(checked.covered.map(([id, seq, hash]) => [id, { seq, hash }]));
      coveredAt = checked.at;
      const scope = clusterId != null ? (covered.has(clusterId.toLowerCase()) ? 'this cluster' : 'none of this cluster (registered after it)') : `${plural(checked.covered.length, 'cluster')}`;
      headNote = `; the head of ${checked.at} (signed with key ${checked.keyId}) covers ${scope}, still there unchanged`;
    }

    const summary = await this.chains.verifyAgency(agency, { clusterId, covered, coveredAt, signal });
    if (!summary.valid) {
      const first = summary.broken[0];
      const more = summary.broken.length > 1 ? ` (and ${plural(summary.broken.length - 1, 'more broken cluster')})` : '';
      return {
        valid: false,
        eventsChecked: summary.eventsChecked,
        firstBrokenEventId: first.verification.firstBrokenEventId,
        message: `${describeBroken(first)}${more}`,
        head: null,
      };
    }
    // The chains hold: now what is derived from them, and the record of heads.
    const wrong = await verifyRecords(this.repo, this.replays, agency, clusterId);
    // The documents' bytes against the hashes the events record.
    if (!wrong.length) wrong.push(...(await this.files.verify(agency, clusterId, undefined, signal)));
    if (wrong.length) {
      const more = wrong.length > 1 ? ` (and ${plural(wrong.length - 1, 'more problem')})` : '';
      return { valid: false, eventsChecked: summary.eventsChecked, firstBrokenEventId: wrong[0].eventId, message: `${describeProblem(wrong[0])}${more}`, head: null };
    }
    const { head } = await this.heads.current(agency);
    return { valid: true, eventsChecked: summary.eventsChecked, firstBrokenEventId: null, message: `${validMessage(summary)}${headNote}`, head };
  }

  /** The head as the server signed and recorded it, or what is wrong with it. */
  private async checkHead(repo: AuditIntegrityRepository, h: HeadToCheck): Promise<{ problem: string } | (SignedHead & { covered: [string, number, string][] })> {
    const at = h.at.toISOString();
    const given: SignedHead = { agency: h.agency, clusters: h.clusters, events: h.events, root: h.root, at, keyId: h.keyId, signature: h.signature };
    const key = await repo.key(h.keyId);
    if (!key) return { problem: `the head's key ${h.keyId} is not a key this server signed heads with` };
    if (!verifyHeadSignature(given, key.publicKeyPem)) {
      return { problem: `the head's signature does not verify with key ${h.keyId}: the head was altered, or was not signed by this server` };
    }
    const stored = await repo.findHead(h.agency, h.keyId, h.signature);
    if (!stored || stored.clusters !== h.clusters || stored.events !== h.events || stored.root !== h.root || stored.at !== at) {
      return { problem: `the server has no record of the head of ${at} signed with key ${h.keyId}: its record of heads was tampered with` };
    }
    if (headRoot(stored.covered) !== stored.root || stored.covered.length !== stored.clusters || stored.covered.reduce((n, c) => n + c[1], 0) !== stored.events) {
      return { problem: `the server's record of the head of ${at} no longer matches its root: its record of heads was tampered with` };
    }
    return stored;
  }

  /** `verifyReplay`: each cluster's log replayed and compared with its stored snapshot. */
  async verifyReplay(agency: string, clusterId?: string | null, signal?: AbortSignal): Promise<ReplaySummary> {
    const rows = await this.repo.clusterHeads(agency, clusterId);
    if (clusterId != null && !rows.length) throw notFound('cluster');
    const summary = await this.replays.clusters(agency, rows.map((r) => r.clusterId), signal);
    if (clusterId != null) return summary;
    const orphans = await orphanChecks(this.repo, agency);
    return { ...summary, valid: summary.valid && !orphans.length, differences: [...summary.differences, ...orphans] };
  }

  /** One cluster's log replayed and compared with its stored snapshot (NOT_FOUND when the agency has no such cluster). */
  replayCluster(agency: string, clusterId: string): Promise<ReplayCheck> {
    return this.replays.cluster(agency, clusterId);
  }
}

function validMessage(s: ChainsSummary): string {
  return (
    `${plural(s.clustersChecked, 'cluster')} and ${plural(s.eventsChecked, 'event')} verified: every hash chain is intact and ends where its cluster row says, ` +
    'and every projection and signed head agrees with it'
  );
}

/** `cluster <id> (<name>): <what is wrong>`, or the problem alone when it is not a cluster's. */
export function describeProblem(p: RecordProblem): string {
  return p.clusterId ? `cluster ${p.clusterId}${p.name ? ` (${p.name})` : ''}: ${p.message}` : p.message;
}
