import { TemplateDefinitions } from '@clusterflow/application/templates/template-definitions';
import { countStatements, startTestApp, type TestApp } from '../support/test-app';

const TEMPLATE = `
key: batch
version: 1
title: Batching
roles:
  reviewer: { title: Reviewer }
artefacts:
  report: { title: Report }
indicators:
  jobs: { title: Jobs, aggregation: sum }
phases:
  draft: { title: Draft, due: P1M }
  done: { title: Done, final: true }
gates:
  - id: finish
    from: draft
    to: done
    requires: { artefacts: [ { type: report } ], approvals: [ { role: reviewer, of: report } ] }
`;

const PAGE = `query($first: Int!) { clusters(first: $first) { totalCount edges { node {
  id name due overdue milestones { milestone }
  gates { gate ready unmet { kind } }
  artefacts { id versions { id } latest { id } }
  decisions { id counts artefactVersion { id number } }
  indicators { indicator aggregate values { period } }
  history { phase suspendedDays }
} } } }`;

describe('a page of clusters with every nested list', () => {
  let t: TestApp;
  let admin: string;
  let reviewer: string;
  beforeAll(async () => {
    t = await startTestApp('cluster-batching');
    admin = await t.token({ userId: 'ada', agency: 'batch-agency', roles: ['agency_admin'] });
    reviewer = await t.token({ userId: 'rui', agency: 'batch-agency', roles: ['reviewer'] });
    await t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: TEMPLATE }, admin);
    for (let i = 0; i < 50; i++) {
      const reg = await t.gql(`mutation($n: String!) { registerCluster(input: { name: $n, templateKey: "batch" }) { id } }`, { n: `Cluster ${i}` }, admin);
      const id = reg.body.data.registerCluster.id;
      const sub = await t.gql(`mutation($id: ID!) { submitArtefact(input: { clusterId: $id, type: "report", title: "R" }) { id } }`, { id }, admin);
      await t.gql(`mutation($id: ID!, $v: ID!) { decide(input: { clusterId: $id, gate: "finish", role: "reviewer", outcome: APPROVE, artefactVersionId: $v }) { id } }`, { id, v: sub.body.data.submitArtefact.id }, reviewer);
      await t.gql(`mutation($id: ID!) { recordIndicator(input: { clusterId: $id, indicator: "jobs", period: "2025", value: 3 }) { value } }`, { id }, admin);
    }
  }, 60_000);
  afterAll(() => t.close());

  it('costs the same bounded number of SQL statements for 5 clusters as for 50', async () => {
    let small: { body: { data: { clusters: { edges: unknown[] } }; errors?: unknown } } | undefined;
    let large: typeof small;
    // A cold cache of template definitions, as right after a restart: still one lookup per template.
    const coldCache = () => (t.app.get(TemplateDefinitions) as unknown as { definitions: Map<string, unknown> }).definitions.clear();
    coldCache();
    const forFive = await countStatements(async () => (small = await t.gql(PAGE, { first: 5 }, admin)));
    coldCache();
    const forFifty = await countStatements(async () => (large = await t.gql(PAGE, { first: 50 }, admin)));
    expect(small!.body.errors).toBeUndefined();
    expect(large!.body.errors).toBeUndefined();
    expect(small!.body.data.clusters.edges).toHaveLength(5);
    expect(large!.body.data.clusters.edges).toHaveLength(50);
    expect(forFive).toBeGreaterThanOrEqual(4); // the counter does see the statements
    expect(forFifty).toBe(forFive);
    // The page with its count, the template, then one statement each for artefact versions, decisions and visits.
    expect(forFifty).toBeLessThanOrEqual(6);
  });
});
