import { RACE_TEMPLATE } from '../support/race-template';
import { codesOf, startTestApp, type TestApp } from '../support/test-app';


const CLUSTER = 'id phase status version';

describe('concurrent commands on one cluster', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp('cluster-concurrency');
    admin = await t.token({ userId: 'ada', agency: 'race-agency', roles: ['agency_admin'] });
    const res = await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: RACE_TEMPLATE }, admin);
    expect(res.body.errors).toBeUndefined();
  });
  afterAll(() => t.close());

  async function readyCluster(): Promise<{ id: string; version: number }> {
    const reg = await t.gql(`mutation { registerCluster(input: { name: "Race", templateKey: "race" }) { ${CLUSTER} } }`, {}, admin);
    const id = reg.body.data.registerCluster.id;
    const sub = await t.gql(`mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "report", title: "R" }) { id } }`, { id }, admin);
    expect(sub.body.errors).toBeUndefined();
    const c = await t.gql(`query($id: ID!) { cluster(id: $id) { version gates { gate ready } } }`, { id }, admin);
    expect(c.body.data.cluster.gates).toEqual([{ gate: 'start', ready: true }]);
    return { id, version: c.body.data.cluster.version };
  }

  it('lets exactly one of 50 concurrent advances through; every other gets a coded error', async () => {
    const { id } = await readyCluster();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => t.gql(`mutation($id: ID!) { advance(clusterId: $id, gate: "start") { ${CLUSTER} } }`, { id }, admin)),
    );
    const passed = answers.filter((a) => !a.body.errors);
    expect(passed).toHaveLength(1);
    expect(passed[0].body.data.advance).toMatchObject({ phase: 'review', version: 3 });
    const codes = answers.filter((a) => a.body.errors).map((a) => codesOf(a)[0]);
    expect(codes).toHaveLength(49);
    // The losers find the cluster already in review: `start` no longer leaves its phase.
    expect(new Set(codes)).toEqual(new Set(['BAD_USER_INPUT']));
    const after = await t.gql(`query($id: ID!) { cluster(id: $id) { phase version history { phase } } }`, { id }, admin);
    expect(after.body.data.cluster).toMatchObject({ phase: 'review', version: 3, history: [{ phase: 'draft' }, { phase: 'review' }] });
  });

  it('answers CONFLICT to every advance with a stale expectedVersion, and writes nothing for them', async () => {
    const { id, version } = await readyCluster();
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.gql(`mutation($id: ID!, $v: Int) { advance(clusterId: $id, gate: "start", expectedVersion: $v) { ${CLUSTER} } }`, { id, v: version }, admin),
      ),
    );
    expect(answers.filter((a) => !a.body.errors)).toHaveLength(1);
    const codes = answers.filter((a) => a.body.errors).map((a) => codesOf(a)[0]);
    expect(codes).toEqual(new Array(49).fill('CONFLICT'));
    const after = await t.gql(`query($id: ID!) { cluster(id: $id) { version } }`, { id }, admin);
    expect(after.body.data.cluster.version).toBe(version + 1);
  });

  it('keeps a consistent log under 100 mixed concurrent commands (decisions, submissions, advances)', async () => {
    const { id } = await readyCluster();
    await t.gql(`mutation($id: ID!) { advance(clusterId: $id, gate: "start") { id } }`, { id }, admin);
    const reviewers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => t.token({ userId: `reviewer${i}`, agency: 'race-agency', roles: ['reviewer'] })),
    );
    const commands = Array.from({ length: 100 }, (_, i) => {
      switch (i % 4) {
        case 0:
          return t.gql(`mutation($id: ID!) { decide(input: { clusterId: $id, gate: "finish", role: "reviewer", outcome: APPROVE }) { id } }`, { id }, reviewers[i % 5]);
        case 1:
          return t.gql(`mutation($id: ID!) { decide(input: { clusterId: $id, gate: "finish", role: "reviewer", outcome: ${i % 3 ? 'APPROVE' : 'REJECT'} }) { id } }`, { id }, reviewers[(i + 2) % 5]);
        case 2:
          return t.gql(`mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "report", title: "R${i}" }) { id } }`, { id }, admin);
        default:
          return t.gql(`mutation($id: ID!) { advance(clusterId: $id, gate: "finish") { id } }`, { id }, admin);
      }
    });
    const answers = await Promise.all(commands);
    for (const a of answers) {
      for (const code of codesOf(a)) expect(['GATE_NOT_READY', 'BAD_USER_INPUT', 'FINAL_PHASE', 'CONFLICT']).toContain(code);
    }
    const succeeded = answers.filter((a) => !a.body.errors).length;
    const after = await t.gql(`query($id: ID!) { cluster(id: $id) { version status } }`, { id }, admin);
    // Every success appended exactly one event: register, submit, advance(start), then the successes here.
    expect(after.body.data.cluster.version).toBe(3 + succeeded);
    // t.close() replays every cluster and compares with its stored snapshot.
  });
});
