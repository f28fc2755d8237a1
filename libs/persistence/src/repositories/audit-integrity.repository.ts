import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChainCheckpoint, ChainEvent, ClusterProjections, CoveredCluster, SignedHead } from '@clusterflow/engine';
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

  /**
   * What the cluster row and the projection tables hold for one cluster, in the engine's
   * shape (`projectionsOf`), for comparison with its replay: one statement. Rows name their
   * event by its seq in the cluster's log (null when `event_id` is not an event of the
   * cluster); the row's template as the key and version `template_id` names. Null when the
   * agency has no such cluster row.
   */
  async storedProjections(agency: string, clusterId: string): Promise<ClusterProjections | null> {
    required(agency);
    if (!isUuid(clusterId)) return null;
    const seqOf = (alias: string) =>
      `(select e.seq from cluster_event e where e.id = ${alias}.event_id and e.agency = ${alias}.agency and e.cluster_id = ${alias}.cluster_id)`;
    const [r] = await this.em.execute<Row[]>(
      `select
        (select json_build_object('name', c.name, 'sector', c.sector, 'region', c.region, 'country', c.country,
                'templateKey', t.key, 'templateVersion', t.version, 'phase', c.phase, 'status', c.status, 'version', c.version,
                'score', c.score, 'eligible', c.eligible, 'enteredPhaseAt', ${iso('c.entered_phase_at')}, 'dueAt', ${iso('c.due_at')},
                'registeredAt', ${iso('c.registered_at')}, 'registeredBy', c.registered_by, 'cdaIds', c.cda_ids,
                'gateUnmet', c.gate_unmet, 'waitingSince', ${iso('c.waiting_since')})
           from cluster c left join programme_template t on t.id = c.template_id and t.agency = c.agency
          where c.agency = ? and c.id = ?::uuid) as cluster,
        (select coalesce(json_agg(json_build_object('id', d.id, 'clusterName', d.cluster_name, 'gate', d.gate, 'role', d.role,
                'outcome', d.outcome, 'comment', d.comment, 'decidedBy', d.decided_by, 'decidedAt', ${iso('d.decided_at')},
                'artefactVersionId', d.artefact_version_id, 'visit', d.visit, 'counts', d.counts, 'conditions', d.conditions, 'eventSeq', ${seqOf('d')}) order by d.id), '[]')
           from decision d where d.agency = ? and d.cluster_id = ?::uuid) as decisions,
        (select coalesce(json_agg(json_build_object('id', v.id, 'artefactId', v.artefact_id, 'number', v.number, 'type', v.type,
                'title', v.title, 'uri', v.uri, 'sha256', v.sha256, 'fields', v.fields, 'submittedBy', v.submitted_by,
                'submittedAt', ${iso('v.submitted_at')}, 'eventSeq', ${seqOf('v')}) order by v.id), '[]')
           from artefact_version v where v.agency = ? and v.cluster_id = ?::uuid) as artefact_versions,
        (select coalesce(json_agg(json_build_object('id', i.id, 'indicator', i.indicator, 'period', i.period, 'value', i.value,
                'note', i.note, 'recordedBy', i.recorded_by, 'recordedAt', ${iso('i.recorded_at')}, 'supersededAt', ${iso('i.superseded_at')},
                'eventSeq', ${seqOf('i')}) order by i.id), '[]')
           from indicator_value i where i.agency = ? and i.cluster_id = ?::uuid) as indicator_values,
        (select coalesce(json_agg(json_build_object('indicator', p.indicator, 'period', p.period, 'templateKey', p.template_key,
                'value', p.value::float8, 'recordedAt', ${iso('p.recorded_at')}, 'target', p.target::float8, 'baseline', p.baseline::float8)
                order by p.indicator, p.period), '[]')
           from indicator_period p where p.agency = ? and p.cluster_id = ?::uuid) as indicator_periods,
        (select coalesce(json_agg(json_build_object('indicator', s.indicator, 'templateKey', s.template_key, 'valueSum', s.value_sum::float8,
                'valueCount', s.value_count, 'valueMin', s.value_min::float8, 'valueMax', s.value_max::float8, 'valueLast', s.value_last::float8,
                'baseline', s.baseline::float8, 'targetSum', s.target_sum::float8, 'targetLatest', s.target_latest::float8) order by s.indicator), '[]')
           from indicator_summary s where s.agency = ? and s.cluster_id = ?::uuid) as indicator_summaries,
        (select coalesce(json_agg(json_build_object('n', p.n, 'phase', p.phase, 'enteredAt', ${iso('p.entered_at')},
                'leftAt', ${iso('p.left_at')}, 'viaGate', p.via_gate, 'suspendedMs', p.suspended_ms) order by p.n), '[]')
           from phase_visit p where p.agency = ? and p.cluster_id = ?::uuid) as phase_visits`,
      [agency, clusterId, agency, clusterId, agency, clusterId, agency, clusterId, agency, clusterId, agency, clusterId, agency, clusterId],
    );
    if (!r?.cluster) return null;
    return { cluster: r.cluster, decisions: r.decisions, artefactVersions: r.artefact_versions, indicatorValues: r.indicator_values, indicatorPeriods: r.indicator_periods, indicatorSummaries: r.indicator_summaries, phaseVisits: r.phase_visits };
  }

  /**
   * The first rows of the agency's projection tables whose cluster is not one of the agency's
   * (a row moved to another agency, or inserted for a cluster that does not exist), up to `limit`.
   */
  async orphanProjections(agency: string, limit = 10): Promise<{ table: string; row: string; clusterId: string }[]> {
    required(agency);
    const orphan = (table: string, row: string) =>
      `(select '${table}' as "table", ${row}::text as row, x.cluster_id from ${table} x
         where x.agency = ? and not exists (select 1 from cluster c where c.agency = x.agency and c.id = x.cluster_id) limit ?::int)`;
    const rows = await this.em.execute<Row[]>(
      [orphan('decision', 'x.id'), orphan('artefact_version', 'x.id'), orphan('indicator_value', 'x.id'), orphan('indicator_period', `x.indicator || '/' || x.period`), orphan('indicator_summary', 'x.indicator'), orphan('phase_visit', 'x.n')].join(' union all '),
      [agency, limit, agency, limit, agency, limit, agency, limit, agency, limit, agency, limit],
    );
    return rows.slice(0, limit).map((r) => ({ table: r.table, row: r.row, clusterId: r.cluster_id }));
  }

  /**
   * Up to `limit` signed heads of the agency after `after` (by at, id), with the key each
   * names (null when the key is not recorded): for checking the server's record of heads.
   */
  async headBatch(agency: string, after: { at: string; id: string } | null, limit: number): Promise<(StoredHead & { id: string; cursorAt: string; publicKeyPem: string | null })[]> {
    required(agency);
    const rows = await this.em.execute<Row[]>(
      `select h.id, h.agency, h.clusters, h.events, h.root, ${iso('h.at')} as at, h.at::text as cursor_at, h.key_id, h.signature, h.covered, k.public_key_pem
         from audit_head h left join audit_signing_key k on k.key_id = h.key_id
        where h.agency = ?${after ? ' and (h.at, h.id) > (?::timestamptz, ?::uuid)' : ''}
        order by h.at, h.id limit ?::int`,
      after ? [agency, after.at, after.id, limit] : [agency, limit],
    );
    return rows.map((r) => ({
      id: r.id, agency: r.agency, clusters: r.clusters, events: r.events, root: r.root, at: r.at, cursorAt: r.cursor_at,
      keyId: r.key_id, signature: r.signature, covered: r.covered, publicKeyPem: r.public_key_pem,
    }));
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

  /** The agency's most recent head signed with this key (without what it covers), or null. */
  async latestHead(agency: string, keyId: string): Promise<SignedHead | null> {
    required(agency);
    const [r] = await this.em.execute<Row[]>(
      `select agency, clusters, events, root, ${iso('at')} as at, key_id, signature
         from audit_head where agency = ? and key_id = ? order by at desc limit 1`,
      [agency, keyId],
    );
    return r ? { agency: r.agency, clusters: r.clusters, events: r.events, root: r.root, at: r.at, keyId: r.key_id, signature: r.signature } : null;
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
