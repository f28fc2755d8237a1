import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EntityManager } from '@mikro-orm/postgresql';
import { AuditVerificationService } from '@clusterflow/application/audit/audit-verification.service';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';

const SOURCE = readFileSync(join(__dirname, '../../templates/previous/unido-cda.v1.yaml'), 'utf8');
const CLUSTER = 'id name phase status version score eligible cdaIds due overdue milestones { milestone reached } gates { gate to ready unmet { kind detail role have need } } artefacts { id type latest { id number } } decisions { id gate role outcome counts decidedBy artefactVersion { id number } } history { phase enteredAt leftAt viaGate suspendedDays } indicators { indicator aggregate }';

describe('cluster smoke', () => {
  let t: TestApp;
  let admin: string;
  let cda: string;
  let pm: string;
  beforeAll(async () => {
    t = await startTestApp('cluster-smoke');
    admin = await t.token({ userId: 'ada', agency: 'unido-ng', roles: ['agency_admin'] });
    cda = await t.token({ userId: 'chidi', agency: 'unido-ng', roles: ['cda'] });
    pm = await t.token({ userId: 'priya', agency: 'unido-ng', roles: ['programme_manager'] });
    const res = await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: SOURCE }, admin);
    expect(res.body.errors).toBeUndefined();
  });
  afterAll(() => t.close());

  it('registers, scores and advances', async () => {
    const reg = await t.gql(`mutation { registerCluster(input: { name: "Aba leather", templateKey: "unido-cda", attributes: { enterprise_count: 150 } }) { ${CLUSTER} } }`, {}, cda);
    expect(reg.body.errors).toBeUndefined();
    const c = reg.body.data.registerCluster;
    expect(c).toMatchObject({ phase: 'selection', status: 'ACTIVE', version: 1, cdaIds: ['chidi'], eligible: true, score: null });
    const refused = await t.gql(`mutation($id: ID!) { advance(clusterId: $id, gate: "select_cluster") { id } }`, { id: c.id }, cda);
    expect(codesOf(refused)).toEqual(['GATE_NOT_READY']);
    const scored = await t.gql(`mutation($id: ID!) { scoreCluster(clusterId: $id, scores: [{criterion: "importance", score: 4}, {criterion: "potential", score: 4}, {criterion: "viability", score: 3}, {criterion: "sustainability", score: 3}]) { score version } }`, { id: c.id }, cda);
    expect(scored.body.errors).toBeUndefined();
    expect(scored.body.data.scoreCluster.score).toBeCloseTo(3.55);
    const sub = await t.gql(`mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "cluster_map", title: "Map", fields: { enterprises_mapped: 150 } }) { id number } }`, { id: c.id }, cda);
    expect(sub.body.errors).toBeUndefined();
    const d1 = await t.gql(`mutation($id: ID!) { decide(input: { clusterId: $id, gate: "cda_appointed", role: "cda", outcome: APPROVE }) { id counts } }`, { id: c.id }, cda);
    expect(d1.body.errors).toBeUndefined();
    const m = await t.gql(`mutation($id: ID!) { reachMilestone(clusterId: $id, milestone: "cda_appointed") { milestones { milestone reached } } }`, { id: c.id }, cda);
    expect(m.body.errors).toBeUndefined();
    const d2 = await t.gql(`mutation($id: ID!) { decide(input: { clusterId: $id, gate: "select_cluster", role: "programme_manager", outcome: APPROVE }) { id counts } }`, { id: c.id }, pm);
    expect(d2.body.errors).toBeUndefined();
    expect(d2.body.data.decide.counts).toBe(true);
    const adv = await t.gql(`mutation($id: ID!) { advance(clusterId: $id, gate: "select_cluster") { ${CLUSTER} } }`, { id: c.id }, cda);
    expect(adv.body.errors).toBeUndefined();
    const list = await t.gql(`{ clusters(first: 10) { totalCount edges { cursor node { ${CLUSTER} } } } }`, {}, pm);
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data.clusters.totalCount).toBe(1);
  });
});

describe('the replay check', () => {
  it('reports a stored snapshot that no longer matches its events', async () => {
    const t = await startTestApp('replay-check');
    try {
      const admin = await t.token({ userId: 'ada', agency: 'unido-ng', roles: ['agency_admin'] });
      await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: SOURCE }, admin);
      const reg = await t.gql(`mutation { registerCluster(input: { name: "Kano textiles", templateKey: "unido-cda", attributes: { enterprise_count: 90 } }) { id } }`, {}, admin);
      const id = reg.body.data.registerCluster.id;
      const service = t.app.get(AuditVerificationService);
      expect(await service.replayCluster('unido-ng', id)).toMatchObject({ equal: true, events: 1, difference: null });
      const em = t.app.get(EntityManager).fork();
      await em.getConnection().execute(`update cluster set snapshot = jsonb_set(snapshot, '{name}', '"Forged"') where id = '${id}'`);
      const check = await service.replayCluster('unido-ng', id);
      expect(check.equal).toBe(false);
      expect(check.difference).toContain('snapshot.name');
      await em.getConnection().execute(`update cluster set snapshot = jsonb_set(snapshot, '{name}', '"Kano textiles"') where id = '${id}'`);
    } finally {
      await t.close();
    }
  });
});

describe('text the database cannot store', () => {
  it('answers BAD_USER_INPUT, not INTERNAL, for NUL characters and unpaired surrogates, and records nothing', async () => {
    const t = await startTestApp('unstorable-text');
    try {
      const admin = await t.token({ userId: 'ada', agency: 'unido-ng', roles: ['agency_admin'] });
      await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: SOURCE }, admin);
      const bad = await t.gql('mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "unido-cda", attributes: { enterprise_count: 1 } }) { id } }', { n: 'a\u0000b' }, admin);
      expect(codesOf(bad)).toEqual(['BAD_USER_INPUT']);
      const reg = await t.gql('mutation { registerCluster(input: { name: "Kano", templateKey: "unido-cda", attributes: { enterprise_count: 1 } }) { id version } }', {}, admin);
      const id = reg.body.data.registerCluster.id;
      const field = await t.gql('mutation($id: ID!, $f: JSON) { submitArtefact(input: { clusterId: $id, type: "cluster_map", title: "Map", fields: $f }) { id } }', { id, f: { enterprises_mapped: 3, mapped_on: 'x\ud800' } }, admin);
      expect(codesOf(field)).toEqual(['BAD_USER_INPUT']);
      const reason = await t.gql('mutation($id: ID!, $r: String!) { suspend(clusterId: $id, reason: $r) { version } }', { id, r: 'CDA left\u0000' }, admin);
      expect(codesOf(reason)).toEqual(['BAD_USER_INPUT']);
      const after = await t.gql('query($id: ID!) { cluster(id: $id) { version } clusters { totalCount } }', { id }, admin);
      expect(after.body.data).toEqual({ cluster: { version: 1 }, clusters: { totalCount: 1 } });
    } finally {
      await t.close();
    }
  });
});
