import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChainCheckpoint, ChainEvent, CoveredCluster, SignedHead } from '@clusterflow/engine';
import { iso, isUuid, required, type Row } from './rows';

/**
 * The reads and writes of the integrity checks: the chains as stored (in keyset batches,
 * so a whole agency is verified in bounded memory), the cluster rows' heads, and the signed
 * heads and keys. Raw SQL through `em.execute`; every agency-scoped statement filters by it.
 */

/** A cluster row's record of where its chain ends. */
export interface ClusterHeadRow {
  agency: string;
  clusterId: string;
  name: string;
  version: number;
  lastHash: string;
}

/** A signed head as the server keeps it, with the list it covers. */
export interface StoredHead extends SignedHead {
  covered: CoveredCluster[];
}

export interface SigningKeyRow {
  keyId: string;
  publicKeyPem: string;
  firstUsedAt: Date;
}

/** Where an event batch continues: after this event (the keyset is (cluster_id, seq)). */
export interface ChainPosition {
  clusterId: string;
  seq: number;
}

export class AuditIntegrityRepository {
  constructor(private readonly em: EntityManager) {}

  /** Every agency that has clusters or events, sorted. */
  async agencies(): Promise<string[]> {
    const rows = await this.em.execute<Row[]>(`select agency from cluster union select agency from cluster_event order by agency`);
    return rows.map((r) => r.agency);
  }

  /** True when the agency has a cluster row or events of this id (a cluster whose row was removed is still known by its events). */
  async clusterKnown(agency: string, clusterId: string): Promise<boolean> {
    required(agency);
    if (!isUuid(clusterId)) return false;
    const [r] = await this.em.execute<Row[]>(
      `select exists (select 1 from cluster where agency = ? and id = ?::uuid)
           or exists (select 1 from cluster_event where agency = ? and cluster_id = ?::uuid) as known`,
      [agency, clusterId, agency, clusterId],
    );
    return r?.known === true;
  }

  /** The cluster rows' heads of the agency (or one cluster of it), ordered by id. */
  async clusterHeads(agency: string, clusterId?: string | null): Promise<ClusterHeadRow[]> {
    required(agency);
    if (clusterId != null && !isUuid(clusterId)) return [];
    const rows = await this.em.execute<Row[]>(
      `select agency, id, name, version, last_hash from cluster
        where agency = ?${clusterId != null ? ' and id = ?::uuid' : ''} order by id`,
      clusterId != null ? [agency, clusterId] : [agency],
    );
    return rows.map((r) => ({ agency: r.agency, clusterId: r.id, name: r.name, version: r.version, lastHash: r.last_hash }));
  }

  /**
   * Up to `limit` events of the agency (or of one cluster) after `after`, in (cluster_id, seq)
   * order: the stored fields, `at` in the form the hash covers.
   */
  async eventBatch(agency: string, clusterId: string | null, after: ChainPosition | null, limit: number): Promise<ChainEvent[]> {
    required(agency);
    if (clusterId != null && !isUuid(clusterId)) return [];
    const where = ['agency = ?'];
    const values: unknown[] = [agency];
    if (clusterId != null) {
      where.push('cluster_id = ?::uuid');
      values.push(clusterId);
    }
    if (after) {
      where.push('(cluster_id, seq) > (?::uuid, ?::int)');
      values.push(after.clusterId, after.seq);
    }
    const rows = await this.em.execute<Row[]>(
      `select id, cluster_id, seq, type, actor, role, ${iso('at')} as at, payload, prev_hash, hash
         from cluster_event where ${where.join(' and ')} order by cluster_id, seq limit ?::int`,
      [...values, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      clusterId: r.cluster_id,
      seq: r.seq,
      type: r.type,
      actor: r.actor,
      role: r.role,
      at: r.at,
      payload: r.payload,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
  }

  /** Where every chain of the agency ends now (its last event's seq and hash), in one statement. */
  async chainEnds(agency: string): Promise<CoveredCluster[]> {
    required(agency);
    const rows = await this.em.execute<Row[]>(
      `select distinct on (cluster_id) cluster_id, seq, hash from cluster_event where agency = ? order by cluster_id, seq desc`,
      [agency],
    );
    return rows.map((r): CoveredCluster => [r.cluster_id, r.seq, r.hash]);
  }

  /** Records a signed head (a head signed twice, same fields, same signature, is kept once). */
  async insertHead(head: StoredHead): Promise<void> {
    await this.em.execute(
      `insert into audit_head (id, agency, clusters, events, root, at, key_id, signature, covered)
       values (gen_random_uuid(), ?, ?::int, ?::int, ?, ?::timestamptz, ?, ?, ?::jsonb)
       on conflict (key_id, signature) do nothing`,
      [head.agency, head.clusters, head.events, head.root, head.at, head.keyId, head.signature, JSON.stringify(head.covered)],
    );
  }

  /** The server's record of a head of the agency, found by its key and signature. */
  async findHead(agency: string, keyId: string, signature: string): Promise<StoredHead | null> {
    required(agency);
    const [r] = await this.em.execute<Row[]>(
      `select agency, clusters, events, root, ${iso('at')} as at, key_id, signature, covered
         from audit_head where agency = ? and key_id = ? and signature = ?`,
      [agency, keyId, signature],
    );
    if (!r) return null;
    return { agency: r.agency, clusters: r.clusters, events: r.events, root: r.root, at: r.at, keyId: r.key_id, signature: r.signature, covered: r.covered };
  }

  /**
   * Every point of this cluster's chain that a head of the agency signed at or before `until`
   * recorded (heads signed later may already cover a rewritten chain).
   */
  async checkpoints(agency: string, clusterId: string, until: string): Promise<ChainCheckpoint[]> {
    required(agency);
    const rows = await this.em.execute<Row[]>(
      `select distinct (c->>1)::int as seq, c->>2 as hash
         from audit_head h cross join lateral jsonb_array_elements(h.covered) c
        where h.agency = ? and h.at <= ?::timestamptz and c->>0 = ?
        order by 1`,
      [agency, until, clusterId.toLowerCase()],
    );
    return rows.map((r) => ({ seq: r.seq, hash: r.hash }));
  }

  /** Records a key the first time it signs. */
  async registerKey(keyId: string, publicKeyPem: string): Promise<void> {
    await this.em.execute(`insert into audit_signing_key (key_id, public_key_pem) values (?, ?) on conflict (key_id) do nothing`, [keyId, publicKeyPem]);
  }

  async key(keyId: string): Promise<SigningKeyRow | null> {
    const [r] = await this.em.execute<Row[]>(`select key_id, public_key_pem, first_used_at from audit_signing_key where key_id = ?`, [keyId]);
    return r ? { keyId: r.key_id, publicKeyPem: r.public_key_pem, firstUsedAt: new Date(r.first_used_at) } : null;
  }

  /** Every key that signed a head of the agency, most recently first used first. */
  async keys(agency: string): Promise<SigningKeyRow[]> {
    required(agency);
    const rows = await this.em.execute<Row[]>(
      `select key_id, public_key_pem, first_used_at from audit_signing_key k
        where exists (select 1 from audit_head h where h.agency = ? and h.key_id = k.key_id)
        order by first_used_at desc, key_id`,
      [agency],
    );
    return rows.map((r) => ({ keyId: r.key_id, publicKeyPem: r.public_key_pem, firstUsedAt: new Date(r.first_used_at) }));
  }
}
