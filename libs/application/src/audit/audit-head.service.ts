import { Inject, Injectable } from '@nestjs/common';
import { headFields, signHead, sortCovered, type CoveredCluster, type SignedHead } from '@clusterflow/engine';
import { AuditIntegrityRepository } from '@clusterflow/persistence';
import { APP_CONFIG } from '../config/config.module';
import type { AppConfig } from '../config/config';
import { auditSigningKey, type AuditSigningKey } from './audit-signing-key';

/**
 * A signed head as the contract's `AuditHead`: `at` is ISO 8601 UTC with milliseconds (the
 * form the signature covers), `signature` base64 Ed25519 over the canonical JSON of
 * { agency, clusters, events, root, at, keyId }.
 */
export type AuditHeadRecord = SignedHead;

export interface CurrentHead {
  head: AuditHeadRecord;
  /** SPKI PEM of the key that signed it. */
  publicKeyPem: string;
  /** What the head covers: [[clusterId, lastSeq, lastHash], ...] sorted by clusterId (root is its hash). */
  covered: CoveredCluster[];
}

export interface AuditKeyRecord {
  keyId: string;
  publicKeyPem: string;
}

/**
 * Signs heads: a summary of an agency's whole history now (every chain's last seq and
 * hash), signed with the server's Ed25519 key and kept, so a head saved by an auditor can
 * later be checked against today's history.
 */
@Injectable()
export class AuditHeadService {
  private readonly key: AuditSigningKey;

  private keyRegistered = false;

  /** Heads being computed, by agency: requests arriving meanwhile share the answer. */
  private readonly signing = new Map<string, Promise<CurrentHead>>();

  constructor(
    private readonly repo: AuditIntegrityRepository,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Read (or generated) at start, so a bad AUDIT_SIGNING_KEY_FILE stops the start at once.
    this.key = auditSigningKey(config);
  }

  /** The key that signs heads now. */
  get currentKey(): AuditKeyRecord {
    return { keyId: this.key.keyId, publicKeyPem: this.key.publicKeyPem };
  }

  /**
   * The agency's head now. When its history has not changed since the last head signed with
   * the current key (same root, so the same clusters, seqs and hashes), that head is the
   * answer, as it was signed and recorded; otherwise a new head is signed and recorded. So
   * reading heads (auditHead, verifications, exports) writes only when commands have changed
   * the history, and concurrent requests of one agency on this instance share one head.
   */
  current(agency: string): Promise<CurrentHead> {
    const running = this.signing.get(agency);
    if (running) return running;
    const work = this.sign(agency).finally(() => this.signing.delete(agency));
    this.signing.set(agency, work);
    return work;
  }

  private async sign(agency: string): Promise<CurrentHead> {
    const repo = this.repo;
    const covered = sortCovered(await repo.chainEnds(agency));
    const fields = headFields(agency, covered, new Date().toISOString(), this.key.keyId);
    const last = await repo.latestHead(agency, this.key.keyId);
    if (last && last.root === fields.root && last.clusters === fields.clusters && last.events === fields.events) {
      return { head: last, publicKeyPem: this.key.publicKeyPem, covered };
    }
    const head = signHead(fields, this.key.privateKey);
    if (!this.keyRegistered) {
      await repo.registerKey(this.key.keyId, this.key.publicKeyPem);
      this.keyRegistered = true;
    }
    await repo.insertHead({ ...head, covered });
    return { head, publicKeyPem: this.key.publicKeyPem, covered };
  }

  /** The current key first, then every other key that signed a head of the agency, most recent first. */
  async keys(agency: string): Promise<AuditKeyRecord[]> {
    const others = (await this.repo.keys(agency)).filter((k) => k.keyId !== this.key.keyId);
    return [this.currentKey, ...others.map((k) => ({ keyId: k.keyId, publicKeyPem: k.publicKeyPem }))];
  }
}
