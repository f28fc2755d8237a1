import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { canonicalize } from 'json-canonicalize';
import { generateKeyPairSync } from 'node:crypto';
import { eventHash, headFields, headRoot, keyIdOf, signHead, verifyHeadSignature, type CoveredCluster } from '@clusterflow/engine';
import { AuditHeadService } from '@clusterflow/application/audit/audit-head.service';
import { ReplayVerifier } from '@clusterflow/application/audit/replay-verifier';
import { ClusterRepository } from '@clusterflow/persistence';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';
import { clusterApi, ok, type ClusterApi } from '../support/cluster-api';

/**
 * Integrity of the audit trail, end to end: signed heads and keys, the append-only triggers,
 * tampering done as a superuser who switches the triggers off (caught by verification at the
 * right event; a consistent rewrite and a cut-off only against a head saved before), the
 * replay check, the command line, and the standalone verifier of an export.
 */

const ROOT = join(__dirname, '../..');
const UNIDO = readFileSync(join(ROOT, 'templates/previous/unido-cda.v1.yaml'), 'utf8');
const HEAD = 'agency clusters events root at signature keyId';
const VERIFY = `valid eventsChecked firstBrokenEventId message head { ${HEAD} }`;
const CRITERIA = ['importance', 'potential', 'viability', 'sustainability'];

interface Head {
  agency: string;
  clusters: number;
  events: number;
  root: string;
  at: string;
  signature: string;
  keyId: string;
}

interface StoredEvent {
  id: string;
  clusterId: string;
  seq: number;
  type: string;
  actor: string;
  actorName: string | null;
  role: string | null;
  at: string;
  payload: any;
  prevHash: string;
  hash: string;
}

interface Agency {
  agency: string;
  auditor: string;
  cda: string;
  ids: string[];
  /** Heads the auditor saved after each command (with headsAfterEach). */
  heads: Head[];
}

let t: TestApp;
let api: ClusterApi;
/** A superuser session: reads, and tampers with the triggers switched off. */
let su: Client;
const workDir = mkdtempSync(join(tmpdir(), 'clusterflow-audit-'));

beforeAll(async () => {
  t = await startTestApp('audit-integrity');
  api = clusterApi(t);
  su = new Client({ connectionString: t.databaseUrl });
  await su.connect();
});

afterAll(async () => {
  await su?.end();
  await t?.close();
  rmSync(workDir, { recursive: true, force: true });
});

const auditHead = (token: string) => ok<Head>(t.gql(`{ auditHead { ${HEAD} } }`, {}, token));
const verify = (token: string, vars: { clusterId?: string; against?: Head } = {}) =>
  t.gql(`query($c: ID, $h: AuditHeadInput) { verifyAuditTrail(clusterId: $c, against: $h) { ${VERIFY} } }`, { c: vars.clusterId ?? null, h: vars.against ?? null }, token);
const verified = (token: string, vars: { clusterId?: string; against?: Head } = {}) => ok(verify(token, vars));

/** A fresh agency with clusters of six events each: register, score, submit, decide, milestone, decide. */
async function agencyWith(agency: string, clusters = 1, headsAfterEach = false): Promise<Agency> {
  const admin = await t.token({ userId: 'ada', agency, roles: ['agency_admin'] });
  const cda = await t.token({ userId: 'chidi', agency, roles: ['cda'] });
  const pm = await t.token({ userId: 'priya', agency, roles: ['programme_manager'] });
  const auditor = await t.token({ userId: 'audrey', agency, roles: ['auditor'] });
  await ok(api.publish(admin, UNIDO));
  const ids: string[] = [];
  const heads: Head[] = [];
  const step = async (res: Promise<unknown>) => {
    await ok(res as any);
    if (headsAfterEach) heads.push(await auditHead(auditor));
  };
  for (let i = 1; i <= clusters; i++) {
    const id = (await ok(api.register(cda, { name: `Cluster ${i}`, templateKey: 'unido-cda', attributes: { enterprise_count: 150 } }, 'id'))).id;
    ids.push(id);
    if (headsAfterEach) heads.push(await auditHead(auditor));
    await step(api.score(cda, id, CRITERIA.map((criterion) => ({ criterion, score: 4 }))));
    await step(api.submit(cda, { clusterId: id, type: 'cluster_map', title: 'Map', fields: { enterprises_mapped: 150 } }));
    await step(api.decide(cda, { clusterId: id, gate: 'cda_appointed', role: 'cda', outcome: 'APPROVE' }));
    await step(api.reach(cda, id, 'cda_appointed'));
    await step(api.decide(pm, { clusterId: id, gate: 'select_cluster', role: 'programme_manager', outcome: 'APPROVE' }));
  }
  return { agency, auditor, cda, ids, heads };
}

/** The cluster's events as stored, in seq order. */
async function eventsOf(clusterId: string): Promise<StoredEvent[]> {
  const { rows } = await su.query(
    `select id, cluster_id, seq, type, actor, actor_name, role, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, payload, prev_hash, hash
       from cluster_event where cluster_id = $1 order by seq`,
    [clusterId],
  );
  return rows.map((r) => ({
    id: r.id, clusterId: r.cluster_id, seq: r.seq, type: r.type, actor: r.actor, actorName: r.actor_name, role: r.role, at: r.at,
    payload: r.payload, prevHash: r.prev_hash, hash: r.hash,
  }));
}

/** Runs statements as a superuser with the append-only triggers switched off. */
async function tamper(...statements: [string, unknown[]?][]): Promise<void> {
  await su.query('begin');
  try {
    await su.query('set local session_replication_role = replica');
    for (const [sql, values] of statements) await su.query(sql, values);
    await su.query('commit');
  } catch (e) {
    await su.query('rollback');
    throw e;
  }
}

/** Removes a tampered cluster altogether, so the replay check when the app closes sees only sound ones. */
async function forget(clusterIds: string[]): Promise<void> {
  const tables = ['cluster_event', 'artefact_version', 'decision', 'indicator_value', 'indicator_period', 'indicator_summary', 'phase_visit'];
  await tamper(...tables.map((table): [string, unknown[]] => [`delete from ${table} where cluster_id = any($1::uuid[])`, [clusterIds]]), [`delete from cluster where id = any($1::uuid[])`, [clusterIds]]);
}

/** Rewrites events from `fromSeq` on with recomputed hashes, and the cluster row's head: a chain that looks valid. */
async function rewriteFrom(clusterId: string, fromSeq: number, change: (e: StoredEvent) => StoredEvent): Promise<void> {
  const events = await eventsOf(clusterId);
  const statements: [string, unknown[]][] = [];
  let prevHash = events[fromSeq - 2].hash;
  for (const original of events.slice(fromSeq - 1)) {
    const e = original.seq === fromSeq ? change({ ...original }) : { ...original };
    e.prevHash = prevHash;
    e.hash = eventHash(e);
    prevHash = e.hash;
    statements.push([`update cluster_event set payload = $2::jsonb, prev_hash = $3, hash = $4 where id = $1`, [e.id, JSON.stringify(e.payload), e.prevHash, e.hash]]);
  }
  statements.push([`update cluster set last_hash = $2 where id = $1`, [clusterId, prevHash]]);
  await tamper(...statements);
}

describe('signed heads and their keys', () => {
  let a: Agency;
  beforeAll(async () => {
    a = await agencyWith('audit-heads', 2);
  });

  it('auditHead summarises the agency, signed with the key auditKeys gives, generated into DATA_DIR', async () => {
    const head = await auditHead(a.auditor);
    const keys = await ok<{ keyId: string; publicKeyPem: string }[]>(t.gql('{ auditKeys { keyId publicKeyPem } }', {}, a.auditor));
    expect(head).toMatchObject({ agency: 'audit-heads', clusters: 2, events: 12, keyId: keys[0].keyId });
    expect(head.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(verifyHeadSignature(head, keys[0].publicKeyPem)).toBe(true);
    // The signature is over the canonical JSON of the contract's six fields.
    const { signature, ...fields } = head;
    expect(canonicalize(fields)).toBe(`{"agency":"audit-heads","at":"${head.at}","clusters":2,"events":12,"keyId":"${head.keyId}","root":"${head.root}"}`);
    expect(signature).toMatch(/^[A-Za-z0-9+/]{86}==$/);
    // root: over every cluster's last seq and hash, sorted by cluster id.
    const ends: CoveredCluster[] = [];
    for (const id of a.ids) {
      const events = await eventsOf(id);
      ends.push([id, 6, events[5].hash]);
    }
    expect(head.root).toBe(headRoot(ends));
    const file = join(t.config.dataDir, 'audit-signing-key.pem');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(keyIdOf(readFileSync(file, 'utf8'))).toBe(head.keyId);
    // The server keeps what it signed.
    const { rows } = await su.query('select agency, clusters, events, root, key_id from audit_head where signature = $1', [head.signature]);
    expect(rows).toEqual([{ agency: 'audit-heads', clusters: 2, events: 12, root: head.root, key_id: head.keyId }]);
  });

  it('verifyAuditTrail checks the whole agency or one cluster, and answers with the current head', async () => {
    const all = await verified(a.auditor);
    expect(all).toMatchObject({ valid: true, eventsChecked: 12, firstBrokenEventId: null, head: { agency: 'audit-heads', clusters: 2, events: 12 } });
    expect(all.message).toContain('2 clusters and 12 events verified');
    expect(await verified(a.auditor, { clusterId: a.ids[1] })).toMatchObject({ valid: true, eventsChecked: 6 });
  });

  it('verifies against a saved head, also after more events were recorded', async () => {
    const saved = await auditHead(a.auditor);
    expect(await verified(a.auditor, { against: saved })).toMatchObject({ valid: true, message: expect.stringContaining('covers 2 clusters, still there unchanged') });
    await ok(api.assignCda(await t.token({ userId: 'ada', agency: 'audit-heads', roles: ['agency_admin'] }), a.ids[0], 'obi'));
    const later = await verified(a.auditor, { against: saved });
    expect(later.valid).toBe(true);
    expect(later.head.events).toBeGreaterThan(saved.events);
    expect(await verified(a.auditor, { clusterId: a.ids[1], against: saved })).toMatchObject({ valid: true, message: expect.stringContaining('covers this cluster') });
  });

  it('refuses a head that was altered, or signed with a key the server does not know', async () => {
    const saved = await auditHead(a.auditor);
    for (const altered of [{ ...saved, events: saved.events + 1 }, { ...saved, root: 'f'.repeat(64) }, { ...saved, at: new Date(Date.parse(saved.at) + 1).toISOString() }]) {
      expect(await verified(a.auditor, { against: altered })).toMatchObject({
        valid: false,
        eventsChecked: 0,
        firstBrokenEventId: null,
        head: null,
        message: expect.stringContaining('signature does not verify'),
      });
    }
    expect((await verified(a.auditor, { against: { ...saved, keyId: '0123456789abcdef' } })).message).toContain('not a key this server signed heads with');
  });

  it('answers NOT_FOUND for another agency\'s cluster or head, BAD_USER_INPUT for a malformed head', async () => {
    const other = await agencyWith('audit-heads-other', 1);
    const otherHead = await auditHead(other.auditor);
    for (const clusterId of [other.ids[0], '7d3c1a4e-0000-4000-8000-000000000000', 'not-a-uuid']) {
      expect(codesOf(await verify(a.auditor, { clusterId }))).toEqual(['NOT_FOUND']);
    }
    expect(codesOf(await verify(a.auditor, { against: otherHead }))).toEqual(['NOT_FOUND']);
    const saved = await auditHead(a.auditor);
    expect(codesOf(await verify(a.auditor, { against: { ...saved, signature: 'A'.repeat(300) } }))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await verify(a.auditor, { clusterId: other.ids[0], against: { ...saved, signature: 'A'.repeat(300) } }))).toEqual(['NOT_FOUND']);
    expect(codesOf(await t.gql(`{ auditHead { ${HEAD} } }`, {}))).toEqual(['UNAUTHENTICATED']);
    // Keys: the current one first; an agency sees only keys that signed its heads (here the same one).
    const keys = await ok(t.gql('{ auditKeys { keyId } }', {}, other.auditor));
    expect(keys).toEqual([{ keyId: otherHead.keyId }]);
  });
});

describe('append-only in the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE on the event log, artefact versions, heads and keys, for any normal session', async () => {
    const a = await agencyWith('audit-append-only', 1);
    await auditHead(a.auditor);
    const session = new Client({ connectionString: t.databaseUrl });
    await session.connect();
    try {
      for (const table of ['cluster_event', 'artefact_version', 'audit_head', 'audit_signing_key']) {
        const before = (await session.query(`select count(*)::int as n from ${table}`)).rows[0].n;
        expect(before).toBeGreaterThan(0);
        const column = table === 'audit_signing_key' ? 'key_id' : 'agency';
        await expect(session.query(`update ${table} set ${column} = ${column}`)).rejects.toThrow(
          `UPDATE on ${table} refused: ${table} is append-only`,
        );
        await expect(session.query(`delete from ${table}`)).rejects.toThrow(`DELETE on ${table} refused: ${table} is append-only`);
        await expect(session.query(`truncate ${table} cascade`)).rejects.toThrow(`TRUNCATE on ${table} refused: ${table} is append-only`);
        expect((await session.query(`select count(*)::int as n from ${table}`)).rows[0].n).toBe(before);
      }
    } finally {
      await session.end();
    }
    // Recording goes on: inserts are what the log is made of.
    await ok(api.submit(a.cda, { clusterId: a.ids[0], type: 'cluster_map', title: 'Map v2', fields: { enterprises_mapped: 160 } }));
    expect(await verified(a.auditor)).toMatchObject({ valid: true, eventsChecked: 7 });
  });
});

describe('tampering with the stored history', () => {
  it('finds a changed payload at the changed event', async () => {
    const a = await agencyWith('tamper-payload', 2);
    const [id] = a.ids;
    const events = await eventsOf(id);
    try {
      await tamper([`update cluster_event set payload = payload || '{"title":"Forged"}'::jsonb where id = $1`, [events[2].id]]);
      const one = await verified(a.auditor, { clusterId: id });
      expect(one).toMatchObject({ valid: false, eventsChecked: 3, firstBrokenEventId: events[2].id, head: null });
      expect(one.message).toBe(
        `cluster ${id} (Cluster 1): event ${events[2].id} (seq 3, ARTEFACT_SUBMITTED) does not match its hash: ` +
          'its content (payload, type, actor, role, time or previous hash) was changed after it was recorded',
      );
      const all = await verified(a.auditor);
      expect(all).toMatchObject({ valid: false, firstBrokenEventId: events[2].id, message: expect.stringContaining(`cluster ${id}`) });
      expect(await verified(a.auditor, { clusterId: a.ids[1] })).toMatchObject({ valid: true });
    } finally {
      await forget(a.ids);
    }
  });

  it('finds a deleted event by the gap, naming the event after it', async () => {
    const a = await agencyWith('tamper-delete', 1);
    const [id] = a.ids;
    const events = await eventsOf(id);
    try {
      await tamper([`delete from cluster_event where id = $1`, [events[2].id]]);
      expect(await verified(a.auditor, { clusterId: id })).toMatchObject({
        valid: false,
        firstBrokenEventId: events[3].id,
        message: expect.stringContaining(`events are missing: seq 3 is not in the log before event ${events[3].id} (seq 4, DECIDED)`),
      });
    } finally {
      await forget(a.ids);
    }
  });

  it('finds reordered events', async () => {
    const a = await agencyWith('tamper-reorder', 1);
    const [id] = a.ids;
    const events = await eventsOf(id);
    try {
      await tamper(
        [`update cluster_event set seq = -3 where id = $1`, [events[2].id]],
        [`update cluster_event set seq = 3 where id = $1`, [events[3].id]],
        [`update cluster_event set seq = 4 where id = $1`, [events[2].id]],
      );
      expect(await verified(a.auditor, { clusterId: id })).toMatchObject({
        valid: false,
        eventsChecked: 3,
        firstBrokenEventId: events[3].id,
        message: expect.stringContaining(`event ${events[3].id} (seq 3, DECIDED) was recorded as seq 4, after event ${events[2].id} (seq 4, ARTEFACT_SUBMITTED): the events were reordered`),
      });
    } finally {
      await forget(a.ids);
    }
  });

  it('finds an inserted event, even one with a correctly computed hash', async () => {
    const a = await agencyWith('tamper-insert', 1);
    const [id] = a.ids;
    const events = await eventsOf(id);
    const forged: StoredEvent = { ...events[2], id: '5e1f0a8e-1111-4222-8333-944445555666', payload: { ...events[2].payload, title: 'Forged' }, prevHash: events[1].hash };
    forged.hash = eventHash(forged);
    try {
      await tamper(
        [`update cluster_event set seq = seq + 1000 where cluster_id = $1 and seq >= 3`, [id]],
        [`update cluster_event set seq = seq - 999 where cluster_id = $1 and seq >= 1000`, [id]],
        [
          `insert into cluster_event (id, agency, cluster_id, seq, type, actor, actor_name, role, at, payload, prev_hash, hash)
           values ($1, $2, $3, 3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)`,
          [forged.id, a.agency, id, forged.type, forged.actor, forged.actorName, forged.role, forged.at, JSON.stringify(forged.payload), forged.prevHash, forged.hash],
        ],
        [`update cluster set version = 7 where id = $1`, [id]],
      );
      expect(await verified(a.auditor, { clusterId: id })).toMatchObject({
        valid: false,
        eventsChecked: 4,
        firstBrokenEventId: forged.id,
        message: expect.stringContaining(`event ${forged.id} (seq 3, ARTEFACT_SUBMITTED) was inserted`),
      });
    } finally {
      await forget(a.ids);
    }
  });

  it('a rewrite with every later hash recomputed that the projections cannot show passes alone, and is caught against a head saved before, at the rewritten event', async () => {
    const a = await agencyWith('tamper-rewrite', 1, true);
    const [id] = a.ids;
    const events = await eventsOf(id);
    const saved = a.heads[a.heads.length - 1];
    try {
      // A key the fold ignores: the snapshot and every projection stay as they were.
      await rewriteFrom(id, 4, (e) => ({ ...e, payload: { ...e.payload, forged: true } }));
      expect(await verified(a.auditor, { clusterId: id })).toMatchObject({ valid: true });
      expect(await verified(a.auditor)).toMatchObject({ valid: true });
      const against = await verified(a.auditor, { against: saved });
      expect(against).toMatchObject({ valid: false, firstBrokenEventId: events[3].id, head: null });
      expect(against.message).toContain(`cluster ${id} (Cluster 1): the history was rewritten: the head recorded hash`);
      expect(against.message).toContain('an event in seq 4 to 6 (seq 3 still matches an earlier head) is not what was recorded');
      // Heads saved before the rewritten event still hold.
      expect(await verified(a.auditor, { against: a.heads[2] })).toMatchObject({ valid: true });
    } finally {
      await forget(a.ids);
    }
  });

  it('a rewrite that changes what the log says is caught alone by the replay, and against a head at the rewritten event', async () => {
    const a = await agencyWith('tamper-rewrite-outcome', 1, true);
    const [id] = a.ids;
    const events = await eventsOf(id);
    const saved = a.heads[a.heads.length - 1];
    try {
      await rewriteFrom(id, 4, (e) => ({ ...e, payload: { ...e.payload, outcome: 'REJECT' } }));
      const alone = await verified(a.auditor, { clusterId: id });
      expect(alone).toMatchObject({ valid: false, head: null });
      expect(alone.message).toMatch(new RegExp(`^cluster ${id} \\(Cluster 1\\): snapshot\\.decisions\\[0\\]\\.outcome: replay "REJECT" ≠ stored "APPROVE"`));
      const against = await verified(a.auditor, { against: saved });
      expect(against).toMatchObject({ valid: false, firstBrokenEventId: events[3].id });
      expect(against.message).toContain('the history was rewritten');
    } finally {
      await forget(a.ids);
    }
  });

  it('a cut-off of the newest events is caught alone by the replay, and as a cut-off against a head saved before', async () => {
    const a = await agencyWith('tamper-cutoff', 2);
    const [id] = a.ids;
    const events = await eventsOf(id);
    const saved = await auditHead(a.auditor);
    try {
      await tamper(
        [`delete from cluster_event where cluster_id = $1 and seq > 4`, [id]],
        [`update cluster set version = 4, last_hash = $2 where id = $1`, [id, events[3].hash]],
      );
      expect(await verified(a.auditor)).toMatchObject({ valid: false, eventsChecked: 10, message: expect.stringContaining(`cluster ${id} (Cluster 1): snapshot.`) });
      expect(await verified(a.auditor, { against: saved })).toMatchObject({
        valid: false,
        firstBrokenEventId: null,
        message: expect.stringContaining(`cluster ${id} (Cluster 1): the history was cut off: the head covered the events up to seq 6, but the log ends at seq 4; seq 5 to 6 were removed`),
      });
      // A whole cluster removed is missed alone (only the cut-off one is named) and caught against the head.
      await forget([a.ids[1]]);
      const alone = await verified(a.auditor);
      expect(alone.message).toMatch(new RegExp(`^cluster ${id} \\(Cluster 1\\): snapshot\\.[^(]*$`));
      expect((await verified(a.auditor, { against: saved })).message).toContain('(and 1 more broken cluster)');
    } finally {
      await forget(a.ids);
    }
  });

  it('refuses a head whose record the server no longer has', async () => {
    const a = await agencyWith('tamper-heads', 1);
    const saved = await auditHead(a.auditor);
    await tamper([`delete from audit_head where signature = $1`, [saved.signature]]);
    expect(await verified(a.auditor, { against: saved })).toMatchObject({ valid: false, message: expect.stringContaining('the server has no record of the head') });
  });
});

describe('tampering with the projections and the record of heads', () => {
  /** One statement with the triggers off, a check, and the statement undone. */
  interface Case {
    table: string;
    /** Changes the table (as a superuser with the triggers off); $1 is the cluster id. */
    change: string;
    undo: string;
    /** What the verifications must name. */
    names: string | RegExp;
  }
  let a: Agency;
  let id: string;
  let decisionId: string;
  let versionId: string;
  const replayOf = (clusterId?: string) =>
    ok<any>(t.gql('query($c: ID) { verifyReplay(clusterId: $c) { valid differences { clusterId difference } } }', { c: clusterId ?? null }, a.auditor));

  beforeAll(async () => {
    a = await agencyWith('tamper-projections', 2);
    [id] = a.ids;
    const admin = await t.token({ userId: 'ada', agency: a.agency, roles: ['agency_admin'] });
    // A second phase visit (the first one left), a superseded indicator value, a suspension.
    await ok(api.advance(a.cda, id, 'select_cluster', null, 'id'));
    await ok(api.record(a.cda, { clusterId: id, indicator: 'joint_actions', period: '2031', value: 1 }));
    await ok(api.record(a.cda, { clusterId: id, indicator: 'joint_actions', period: '2031', value: 2 }));
    await ok(api.suspend(admin, id, 'audit', 'id'));
    await ok(api.resume(admin, id, 'id'));
    const { rows } = await su.query(`select d.id as decision, v.id as version from decision d, artefact_version v where d.cluster_id = $1 and v.cluster_id = $1 limit 1`, [id]);
    decisionId = rows[0].decision;
    versionId = rows[0].version;
    expect(await verified(a.auditor)).toMatchObject({ valid: true });
    expect(await replayOf()).toEqual({ valid: true, differences: [] });
  });

  const decisionCases = (): Case[] => [
    // The reproduction of issue 13: who decided, and what.
    { table: 'decision', change: `update decision set decided_by = 'mallory' where id = '${decisionId}'`, undo: `update decision set decided_by = 'chidi' where id = '${decisionId}'`, names: `decision ${decisionId}: decided_by is "mallory", the log says "chidi"` },
    { table: 'decision', change: `update decision set outcome = 'REJECT' where id = '${decisionId}'`, undo: `update decision set outcome = 'APPROVE' where id = '${decisionId}'`, names: `decision ${decisionId}: outcome is "REJECT", the log says "APPROVE"` },
    { table: 'decision', change: `update decision set comment = 'forged' where id = '${decisionId}'`, undo: `update decision set comment = null where id = '${decisionId}'`, names: `decision ${decisionId}: comment is "forged"` },
    { table: 'decision', change: `update decision set decided_at = decided_at - interval '1 day' where id = '${decisionId}'`, undo: `update decision set decided_at = decided_at + interval '1 day' where id = '${decisionId}'`, names: `decision ${decisionId}: decided_at is` },
    { table: 'decision', change: `update decision set role = 'programme_manager' where id = '${decisionId}'`, undo: `update decision set role = 'cda' where id = '${decisionId}'`, names: `decision ${decisionId}: role is "programme_manager", the log says "cda"` },
    { table: 'decision', change: `update decision set counts = not counts where id = '${decisionId}'`, undo: `update decision set counts = not counts where id = '${decisionId}'`, names: `decision ${decisionId}: counts is` },
    { table: 'decision', change: `update decision set cluster_name = 'Forged' where id = '${decisionId}'`, undo: `update decision set cluster_name = 'Cluster 1' where id = '${decisionId}'`, names: `decision ${decisionId}: cluster_name is "Forged", the log says "Cluster 1"` },
    { table: 'decision', change: `update decision set gate = 'select_cluster' where id = '${decisionId}'`, undo: `update decision set gate = 'cda_appointed' where id = '${decisionId}'`, names: `decision ${decisionId}: gate is "select_cluster"` },
    {
      table: 'decision',
      change: `create temp table kept as select * from decision where id = '${decisionId}'; delete from decision where id = '${decisionId}'`,
      undo: `insert into decision select * from kept; drop table kept`,
      names: new RegExp(`decision ${decisionId} \\(recorded by the event of seq \\d+\\) is missing from the table: the row was deleted`),
    },
    {
      table: 'decision',
      change: `insert into decision select gen_random_uuid(), agency, cluster_id, cluster_name, gate, role, outcome, 'inserted', decided_by, decided_at, artefact_version_id, visit, counts, event_id from decision where id = '${decisionId}'`,
      undo: `delete from decision where comment = 'inserted'`,
      names: /decision [0-9a-f-]{36} is not in the log: the row was inserted/,
    },
  ];

  const otherCases = (): Case[] => [
    { table: 'artefact_version', change: `update artefact_version set title = 'Forged' where id = '${versionId}'`, undo: `update artefact_version set title = 'Map' where id = '${versionId}'`, names: `artefact_version ${versionId}: title is "Forged", the log says "Map"` },
    { table: 'artefact_version', change: `update artefact_version set sha256 = '${'f'.repeat(64)}' where id = '${versionId}'`, undo: `update artefact_version set sha256 = null where id = '${versionId}'`, names: `artefact_version ${versionId}: sha256 is` },
    { table: 'artefact_version', change: `update artefact_version set fields = '{"enterprises_mapped": 999}' where id = '${versionId}'`, undo: `update artefact_version set fields = '{"enterprises_mapped": 150}' where id = '${versionId}'`, names: `artefact_version ${versionId}: fields is {"enterprises_mapped":999}` },
    { table: 'artefact_version', change: `update artefact_version set submitted_by = 'mallory' where id = '${versionId}'`, undo: `update artefact_version set submitted_by = 'chidi' where id = '${versionId}'`, names: `artefact_version ${versionId}: submitted_by is "mallory"` },
    { table: 'indicator_value', change: `update indicator_value set value = 99 where cluster_id = $1 and superseded_at is null`, undo: `update indicator_value set value = 2 where cluster_id = $1 and superseded_at is null`, names: /indicator_value [0-9a-f-]{36}: value is 99, the log says 2/ },
    { table: 'indicator_value', change: `update indicator_value set superseded_at = null where cluster_id = $1 and value = 1`, undo: `update indicator_value set superseded_at = (select recorded_at from indicator_value where cluster_id = $1 and value = 2) where cluster_id = $1 and value = 1`, names: /indicator_value [0-9a-f-]{36}: superseded_at is null, the log says "/ },
    { table: 'indicator_value', change: `update indicator_value set recorded_by = 'mallory' where cluster_id = $1 and value = 1`, undo: `update indicator_value set recorded_by = 'chidi' where cluster_id = $1 and value = 1`, names: /indicator_value [0-9a-f-]{36}: recorded_by is "mallory"/ },
    { table: 'phase_visit', change: `update phase_visit set left_at = left_at + interval '1 hour' where cluster_id = $1 and n = 1`, undo: `update phase_visit set left_at = left_at - interval '1 hour' where cluster_id = $1 and n = 1`, names: 'phase_visit 1: left_at is' },
    { table: 'phase_visit', change: `update phase_visit set via_gate = 'forged' where cluster_id = $1 and n = 2`, undo: `update phase_visit set via_gate = 'select_cluster' where cluster_id = $1 and n = 2`, names: 'phase_visit 2: via_gate is "forged", the log says "select_cluster"' },
    { table: 'phase_visit', change: `update phase_visit set suspended_ms = suspended_ms + 5000 where cluster_id = $1 and n = 2`, undo: `update phase_visit set suspended_ms = suspended_ms - 5000 where cluster_id = $1 and n = 2`, names: 'phase_visit 2: suspended_ms is' },
    { table: 'phase_visit', change: `update phase_visit set phase = 'selection' where cluster_id = $1 and n = 2`, undo: `update phase_visit set phase = 'diagnostic' where cluster_id = $1 and n = 2`, names: 'phase_visit 2: phase is "selection", the log says "diagnostic"' },
    { table: 'cluster', change: `update cluster set phase = 'selection' where id = $1`, undo: `update cluster set phase = 'diagnostic' where id = $1`, names: 'the cluster row: phase is "selection", the log says "diagnostic"' },
    { table: 'cluster', change: `update cluster set score = 1.5 where id = $1`, undo: `update cluster set score = 4 where id = $1`, names: 'the cluster row: score is 1.5, the log says 4' },
    { table: 'cluster', change: `update cluster set name = 'Forged' where id = $1`, undo: `update cluster set name = 'Cluster 1' where id = $1`, names: 'the cluster row: name is "Forged", the log says "Cluster 1"' },
    { table: 'cluster', change: `update cluster set cda_ids = '{mallory}' where id = $1`, undo: `update cluster set cda_ids = '{chidi}' where id = $1`, names: 'the cluster row: cda_ids is ["mallory"], the log says ["chidi"]' },
    { table: 'cluster', change: `update cluster set due_at = due_at + interval '1 day' where id = $1`, undo: `update cluster set due_at = due_at - interval '1 day' where id = $1`, names: 'the cluster row: due_at is' },
    { table: 'cluster', change: `update cluster set eligible = false where id = $1`, undo: `update cluster set eligible = true where id = $1`, names: 'the cluster row: eligible is false, the log says true' },
  ];

  async function expectCaught(c: Case): Promise<void> {
    await tamper(...c.change.split('; ').map((sql): [string, unknown[]?] => [sql, sql.includes('$1') ? [id] : undefined]));
    try {
      const matches = (text: string) => (typeof c.names === 'string' ? text.includes(c.names) : c.names.test(text));
      const replay = await replayOf();
      expect({ case: c.change, valid: replay.valid }).toEqual({ case: c.change, valid: false });
      expect({ case: c.change, named: replay.differences.some((d: any) => d.clusterId === id && matches(d.difference)) }).toEqual({ case: c.change, named: true });
      const trail = await verified(a.auditor);
      expect({ case: c.change, valid: trail.valid, named: matches(trail.message), head: trail.head }).toEqual({ case: c.change, valid: false, named: true, head: null });
      // The other cluster is unaffected.
      expect((await verified(a.auditor, { clusterId: a.ids[1] })).valid).toBe(true);
    } finally {
      await tamper(...c.undo.split('; ').map((sql): [string, unknown[]?] => [sql, sql.includes('$1') ? [id] : undefined]));
    }
  }

  it('a change to a decision row (who, what, when, under which role, counting, deleted, inserted) is named by verifyReplay and verifyAuditTrail', async () => {
    for (const c of decisionCases()) await expectCaught(c);
    // A decision's own event is named as the first broken event.
    await tamper([`update decision set outcome = 'REJECT' where id = $1`, [decisionId]]);
    try {
      const trail = await verified(a.auditor, { clusterId: id });
      const [decided] = (await eventsOf(id)).filter((e) => e.type === 'DECIDED' && e.payload.decisionId === decisionId);
      expect(trail).toMatchObject({ valid: false, firstBrokenEventId: decided.id });
      expect(trail.message).toBe(`cluster ${id} (Cluster 1): decision ${decisionId}: outcome is "REJECT", the log says "APPROVE"`);
    } finally {
      await tamper([`update decision set outcome = 'APPROVE' where id = $1`, [decisionId]]);
    }
  });

  it('a change to an artefact version, an indicator value, a phase visit or the cluster row\'s columns is named too', async () => {
    for (const c of otherCases()) await expectCaught(c);
    expect(await verified(a.auditor)).toMatchObject({ valid: true });
  });

  it('a projection row moved to another agency is named in both', async () => {
    const other = await agencyWith('tamper-projections-other', 1);
    await tamper([`update decision set agency = $2 where id = $1`, [decisionId, other.agency]]);
    try {
      expect((await verified(a.auditor)).message).toContain(`decision ${decisionId} (recorded by the event of seq`);
      const theirs = await verified(other.auditor);
      expect(theirs).toMatchObject({ valid: false, message: `decision ${decisionId} names cluster ${id}, which is not a cluster of agency ${other.agency}: the row was inserted or moved between agencies` });
      expect((await ok<any>(t.gql('{ verifyReplay { valid differences { clusterId difference } } }', {}, other.auditor))).differences).toEqual([
        { clusterId: id, difference: expect.stringContaining(`decision ${decisionId} names cluster ${id}`) },
      ]);
    } finally {
      await tamper([`update decision set agency = $2 where id = $1`, [decisionId, a.agency]]);
      await forget(other.ids);
    }
  });

  it('a signed head or key changed in the server\'s record is named by verifyAuditTrail', async () => {
    const head = await auditHead(a.auditor);
    const [row] = (await su.query('select id from audit_head where signature = $1', [head.signature])).rows;
    const cases: [string, unknown[], string, unknown[], string][] = [
      [`update audit_head set events = events + 1 where id = $1`, [row.id], `update audit_head set events = events - 1 where id = $1`, [row.id], `audit_head ${row.id} (the head of ${head.at} signed with key ${head.keyId}): its signature does not verify`],
      [
        `update audit_head set covered = jsonb_set(covered, '{0,2}', '"${'0'.repeat(64)}"') where id = $1`, [row.id],
        `update audit_head set covered = $2::jsonb where id = $1`, [row.id, null],
        `audit_head ${row.id} (the head of ${head.at} signed with key ${head.keyId}): its list of covered clusters no longer hashes to its root`,
      ],
      [
        `update audit_signing_key set public_key_pem = $2 where key_id = $1`, [head.keyId, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' })],
        `update audit_signing_key set public_key_pem = $2 where key_id = $1`, [head.keyId, null],
        `audit_signing_key ${head.keyId}: its public key is not the key of that id`,
      ],
    ];
    const { rows: [original] } = await su.query('select h.covered, k.public_key_pem from audit_head h join audit_signing_key k on k.key_id = h.key_id where h.id = $1', [row.id]);
    for (const [change, values, undo, undoValues, names] of cases) {
      await tamper([change, values]);
      try {
        const trail = await verified(a.auditor);
        expect({ change, valid: trail.valid, message: trail.message }).toEqual({ change, valid: false, message: expect.stringContaining(names) });
      } finally {
        const restore = undoValues.map((v) => v ?? (undo.includes('covered') ? JSON.stringify(original.covered) : original.public_key_pem));
        await tamper([undo, restore]);
      }
    }
    expect(await verified(a.auditor)).toMatchObject({ valid: true });
  });

  it('npm run cli -- audit verify and audit replay name each tampered table, one line each', async () => {
    const b = await agencyWith('cli-projections', 4);
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: workDir }, encoding: 'utf8', timeout: 90_000 });
    const [c1, c2, c3, c4] = b.ids;
    await tamper(
      [`update decision set decided_by = 'mallory' where cluster_id = $1 and gate = 'select_cluster'`, [c1]],
      [`update artefact_version set title = 'Forged' where cluster_id = $1`, [c2]],
      [`update phase_visit set entered_at = entered_at - interval '1 day' where cluster_id = $1`, [c3]],
      [`update cluster set status = 'FINISHED' where id = $1`, [c4]],
    );
    try {
      for (const command of ['verify', 'replay']) {
        const res = cli('audit', command, '--agency', 'cli-projections');
        expect(res.status).toBe(1);
        const lines = res.stdout.trim().split('\n').sort();
        const expected = [
          `cluster ${c1}${command === 'verify' ? ' (Cluster 1)' : ''}: decision `,
          `cluster ${c2}${command === 'verify' ? ' (Cluster 2)' : ''}: artefact_version `,
          `cluster ${c3}${command === 'verify' ? ' (Cluster 3)' : ''}: phase_visit 1: entered_at is`,
          `cluster ${c4}${command === 'verify' ? ' (Cluster 4)' : ''}: the cluster row: status is "FINISHED", the log says "ACTIVE"`,
        ];
        expect(lines).toHaveLength(4);
        for (const e of expected) expect({ command, found: lines.some((l) => l.startsWith(`cli-projections: ${e}`)) }).toEqual({ command, found: true });
      }
      expect(cli('audit', 'replay', '--agency', 'cli-projections').stdout).toContain(': decided_by is "mallory", the log says "priya"');
    } finally {
      await forget(b.ids);
    }
    // Three command-line processes one after the other: over jest's 30 s default on a loaded machine.
  }, 120_000);
});

describe('verifyReplay', () => {
  it('replays every cluster of the agency (or one) and reports the ones that differ from their snapshot', async () => {
    const a = await agencyWith('audit-replay', 2);
    const query = (clusterId?: string) =>
      ok(t.gql('query($c: ID) { verifyReplay(clusterId: $c) { valid clustersChecked eventsChecked differences { clusterId events difference } } }', { c: clusterId ?? null }, a.auditor));
    expect(await query()).toEqual({ valid: true, clustersChecked: 2, eventsChecked: 12, differences: [] });
    expect(await query(a.ids[0])).toMatchObject({ valid: true, clustersChecked: 1, eventsChecked: 6 });
    await su.query(`update cluster set snapshot = jsonb_set(snapshot, '{name}', '"Forged"') where id = $1`, [a.ids[1]]);
    try {
      expect(await query()).toEqual({
        valid: false,
        clustersChecked: 2,
        eventsChecked: 12,
        differences: [{ clusterId: a.ids[1], events: 6, difference: expect.stringContaining('snapshot.name') }],
      });
    } finally {
      await su.query(`update cluster set snapshot = jsonb_set(snapshot, '{name}', '"Cluster 2"') where id = $1`, [a.ids[1]]);
    }
    expect(codesOf(await t.gql('{ verifyReplay(clusterId: "7d3c1a4e-0000-4000-8000-000000000000") { valid } }', {}, a.auditor))).toEqual(['NOT_FOUND']);
  });
});

describe('ReplayVerifier, one cluster', () => {
  it('reads the row, the log and the projections in one snapshot: a command committed between the reads is no mismatch', async () => {
    const a = await agencyWith('audit-replay-race', 1);
    const [id] = a.ids;
    const verifier = t.app.get(ReplayVerifier);
    const original = ClusterRepository.prototype.eventsOf;
    let sent = false;
    const spy = jest.spyOn(ClusterRepository.prototype, 'eventsOf').mockImplementation(async function (this: ClusterRepository, agency: string, clusterId: string) {
      if (!sent && clusterId === id) {
        sent = true;
        // Another request's command commits after the cluster row was read and before its log is.
        await ok(api.submit(a.cda, { clusterId: id, type: 'cluster_map', title: 'Map, revised', fields: { enterprises_mapped: 160 } }));
      }
      return original.call(this, agency, clusterId);
    });
    try {
      expect(await verifier.cluster(a.agency, id)).toEqual({ clusterId: id, events: 6, equal: true, difference: null, eventSeq: null });
      expect(sent).toBe(true);
    } finally {
      spy.mockRestore();
    }
    expect(await verifier.cluster(a.agency, id)).toMatchObject({ events: 7, equal: true });
  });
});

describe('npm run cli -- audit verify | replay', () => {
  const CLI = join(ROOT, 'dist/apps/cli/src/main.js');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: workDir }, encoding: 'utf8', timeout: 60_000 });

  it('exits 0 when every chain verifies, 1 naming the first broken event of each broken cluster', async () => {
    const clean = await agencyWith('cli-clean', 2);
    const broken = await agencyWith('cli-broken', 2);
    const [id] = broken.ids;
    const events = await eventsOf(id);
    try {
      const ok0 = cli('audit', 'verify', '--agency', 'cli-clean');
      expect(ok0.stderr).toBe('agency cli-clean: 2 clusters and 12 events verified, every hash chain intact, every projection and signed head agrees\n');
      expect(ok0.stdout).toBe('');
      expect(ok0.status).toBe(0);
      await tamper([`update cluster_event set payload = payload || '{"score":5}'::jsonb where id = $1`, [events[1].id]]);
      const one = cli('audit', 'verify', '--agency', 'cli-broken');
      expect(one.status).toBe(1);
      expect(one.stdout).toBe(`cli-broken: cluster ${id} (Cluster 1): event ${events[1].id} (seq 2, SCORED) does not match its hash: its content (payload, type, actor, role, time or previous hash) was changed after it was recorded\n`);
      expect(one.stderr).toBe('1 broken cluster of 2 in agency cli-broken\n');
      const all = cli('audit', 'verify');
      expect(all.status).toBe(1);
      expect(all.stdout).toContain(`cli-broken: cluster ${id} (Cluster 1): event ${events[1].id} (seq 2, SCORED)`);
      expect(all.stdout).not.toContain('cli-clean');
      expect(cli('audit', 'verify', '--agency', 'Not A Slug').status).toBe(2);
      expect(cli('audit', 'verify', '--bogus').status).toBe(2);
    } finally {
      await forget(broken.ids);
    }
    const replay0 = cli('audit', 'replay', '--agency', 'cli-clean');
    expect(replay0.stderr).toBe('agency cli-clean: 2 clusters and 12 events replayed, every snapshot and projection equal\n');
    expect(replay0.status).toBe(0);
    await su.query(`update cluster set snapshot = jsonb_set(snapshot, '{name}', '"Forged"') where id = $1`, [clean.ids[0]]);
    try {
      const replay1 = cli('audit', 'replay');
      expect(replay1.status).toBe(1);
      expect(replay1.stdout).toMatch(new RegExp(`^cli-clean: cluster ${clean.ids[0]}: snapshot\\.name: `, 'm'));
    } finally {
      await su.query(`update cluster set snapshot = jsonb_set(snapshot, '{name}', '"Cluster 1"') where id = $1`, [clean.ids[0]]);
    }
  }, 180_000); // nine command-line processes, each starting Node and the application (3-5 s on a busy machine)
});

describe('tools/verify-export.js, the standalone verifier', () => {
  const VERIFIER = join(ROOT, 'tools/verify-export.js');
  const run = (file: string, ...args: string[]) => spawnSync(process.execPath, [VERIFIER, file, ...args], { encoding: 'utf8', timeout: 30_000 });
  let a: Agency;
  let lines: string[];
  let headLine: { kind: 'head'; head: Head; publicKeyPem: string; covered?: CoveredCluster[] };
  const write = (name: string, content: string[]) => {
    const file = join(workDir, name);
    writeFileSync(file, content.map((l) => `${l}\n`).join(''));
    return file;
  };
  const eventLine = (e: StoredEvent) => JSON.stringify({ kind: 'event', ...e });

  beforeAll(async () => {
    a = await agencyWith('export-check', 2);
    lines = [];
    for (const id of [...a.ids].sort()) lines.push(...(await eventsOf(id)).map(eventLine));
    const current = await t.app.get(AuditHeadService).current('export-check');
    headLine = { kind: 'head', head: current.head, publicKeyPem: current.publicKeyPem };
    (headLine as any).covered = current.covered;
  });

  it('accepts a good export, with or without the covered list', () => {
    const { covered, ...plain } = headLine;
    const res = run(write('good.jsonl', [...lines, JSON.stringify(plain)]));
    expect(res.stdout).toMatch(
      /^OK: 12 events in 2 clusters, every chain intact; head of export-check at .* \(2 clusters, 12 events\) signed by key [0-9a-f]{16} \(not pinned: pass --key/,
    );
    expect(res.status).toBe(0);
    expect(run(write('good-covered.jsonl', [...lines, JSON.stringify({ ...plain, covered })])).status).toBe(0);
  });

  it('rejects a changed event, a missing one, a cut-off, an altered head and a missing head', () => {
    const { covered, ...plain } = headLine;
    const head = JSON.stringify(plain);
    const changed = [...lines];
    const third = JSON.parse(changed[2]);
    changed[2] = JSON.stringify({ ...third, payload: { ...third.payload, title: 'Forged' } });
    const r1 = run(write('changed.jsonl', [...changed, head]));
    expect(r1.status).toBe(1);
    expect(r1.stdout).toContain(`event ${third.id} (seq 3, ARTEFACT_SUBMITTED, line 3): does not match its hash`);

    const r2 = run(write('missing.jsonl', [...lines.slice(0, 3), ...lines.slice(4), head]));
    expect(r2.status).toBe(1);
    expect(r2.stdout).toContain('events are missing before it: expected seq 4');

    const cut = [...lines.slice(0, 5), ...lines.slice(6), head];
    expect(run(write('cut.jsonl', cut)).stdout).toContain('covers 2 clusters and 12 events, the export holds 2 and 11');
    expect(run(write('cut-covered.jsonl', [...lines.slice(0, 5), ...lines.slice(6), JSON.stringify({ ...plain, covered })])).stdout).toContain(
      'the head covers it up to seq 6, but the export ends at seq 5: events were cut off',
    );

    const altered = JSON.stringify({ ...plain, head: { ...plain.head, events: 13 } });
    expect(run(write('altered.jsonl', [...lines, altered])).stdout).toContain('the signature does not verify');
    expect(run(write('no-head.jsonl', lines)).stdout).toContain('no head line');
    expect(run(join(workDir, 'absent.jsonl')).status).toBe(2);
  });

  it('with --key, rejects events rewritten under a head re-signed with another key, and names the key that signed', () => {
    // The forger rewrites a decision, recomputes every hash after it and signs a new head with their own key.
    const forged: StoredEvent[] = lines.map((l) => JSON.parse(l));
    const decided = forged.findIndex((e) => e.type === 'DECIDED');
    forged[decided].payload = { ...forged[decided].payload, outcome: 'REJECT' };
    for (let i = decided; i < forged.length && forged[i].clusterId === forged[decided].clusterId; i++) {
      if (i > decided) forged[i].prevHash = forged[i - 1].hash;
      forged[i].hash = eventHash(forged[i]);
    }
    const ends = new Map<string, CoveredCluster>();
    for (const e of forged) ends.set(e.clusterId, [e.clusterId, e.seq, e.hash]);
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const otherPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const otherKeyId = keyIdOf(otherPem);
    const head = signHead(headFields('export-check', [...ends.values()], new Date().toISOString(), otherKeyId), privateKey);
    const file = write('re-signed.jsonl', [...forged.map((e) => JSON.stringify({ kind: 'event', ...e })), JSON.stringify({ kind: 'head', head, publicKeyPem: otherPem })]);
    const serverKeyId = headLine.head.keyId;
    const serverPemFile = join(workDir, 'server-key.pem');
    writeFileSync(serverPemFile, headLine.publicKeyPem);

    // Unpinned, the forgery verifies (the key in the file is the forger's): the output names that key.
    const unpinned = run(file);
    expect(unpinned.status).toBe(0);
    expect(unpinned.stdout).toContain(`signed by key ${otherKeyId} (not pinned`);
    for (const key of [serverKeyId, serverKeyId.toUpperCase(), headLine.publicKeyPem, serverPemFile]) {
      const pinned = run(file, '--key', key);
      expect(pinned.stdout).toContain(`head (line ${forged.length + 1}): signed by key ${otherKeyId}, not by the expected key ${serverKeyId}: this head is not the server's`);
      expect(pinned.status).toBe(1);
    }
    // The genuine export passes pinned to the server's key, by id or PEM.
    const good = write('pinned-good.jsonl', [...lines, JSON.stringify(headLine)]);
    for (const key of [serverKeyId, serverPemFile]) {
      const res = run(good, `--key=${key}`);
      expect(res.stdout).toContain(`signed by key ${serverKeyId}, the expected key\n`);
      expect(res.status).toBe(0);
    }
    // A genuine head whose key in the file was swapped for the forger's is caught by the pinned PEM's signature check.
    const swapped = write('swapped-key.jsonl', [...lines, JSON.stringify({ ...headLine, publicKeyPem: otherPem })]);
    expect(run(swapped).stdout).toContain(`keyId ${serverKeyId} is not the id of the key in the file (${otherKeyId})`);
    expect(run(swapped, '--key', serverPemFile).status).toBe(0);
    // Bad --key values are usage errors.
    for (const args of [['--key'], ['--key', 'nope'], ['--key', '0123'], ['--bogus']]) {
      const res = run(good, ...args);
      expect(res.status).toBe(2);
      expect(res.stderr).toContain('usage: node verify-export.js');
    }
    expect(run('--help').status).toBe(0);
  });

  it('checks a one-cluster export against the covered list with --partial', () => {
    const firstCluster = lines.slice(0, 6);
    const file = write('one.jsonl', [...firstCluster, JSON.stringify(headLine)]);
    expect(run(file).status).toBe(1);
    expect(run(file, '--partial').status).toBe(0);
  });

  it('accepts what `npm run cli -- audit export --format jsonl` writes', () => {
    const res = spawnSync(process.execPath, [join(ROOT, 'dist/apps/cli/src/main.js'), 'audit', 'export', '--agency', 'export-check', '--format', 'jsonl'], {
      cwd: ROOT,
      // The server's DATA_DIR: the head is signed with the server's key.
      env: { ...process.env, DATABASE_URL: t.databaseUrl, DATA_DIR: t.config.dataDir },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.stderr).toContain('exported 12 events');
    const file = join(workDir, 'exported.jsonl');
    writeFileSync(file, res.stdout);
    const checked = run(file);
    expect(checked.stdout).toMatch(/^OK: 12 events in 2 clusters/);
    expect(checked.status).toBe(0);
  });
});
