import { gql } from './fixtures';

/**
 * A cluster on unido-cda prepared as the demo's Aba cluster is: registered on version 1 (as
 * the demo's clusters are; version 2 is the shipped rules), scored, mapped and with its CDA
 * appointed, so it waits only for the programme manager's approval to be selected. Done
 * through GraphQL as the CDA, like the demo seed.
 */
export async function candidateCluster(name: string): Promise<string> {
  const { registerCluster } = await gql('chidi.cda', `mutation($input: RegisterClusterInput!) { registerCluster(input: $input) { id } }`, {
    input: { templateKey: 'unido-cda', templateVersion: 1, name, sector: 'Leather goods', region: 'Abia', country: 'Nigeria', attributes: { enterprise_count: 250, sector: 'Leather goods' } },
  });
  const id = registerCluster.id as string;
  await gql('chidi.cda', `mutation($id: ID!) { scoreCluster(clusterId: $id, scores: [{ criterion: "importance", score: 4 }, { criterion: "potential", score: 4 }, { criterion: "viability", score: 3.5 }, { criterion: "sustainability", score: 3 }]) { id } }`, { id });
  await gql('chidi.cda', `mutation($input: SubmitArtefactInput!) { submitArtefact(input: $input) { id } }`, {
    input: { clusterId: id, type: 'cluster_map', title: `${name} map`, fields: { enterprises_mapped: 240, mapped_on: '2026-10-15' } },
  });
  await gql('chidi.cda', `mutation($id: ID!) { decide(input: { clusterId: $id, gate: "cda_appointed", role: "cda", outcome: APPROVE }) { id } }`, { id });
  await gql('chidi.cda', `mutation($id: ID!) { reachMilestone(clusterId: $id, milestone: "cda_appointed") { id } }`, { id });
  return id;
}

/** The admin puts two commission members on a cluster (cluster_commission is assigned per cluster). */
export async function assignCommission(clusterId: string, people: string[]): Promise<void> {
  for (const userId of people) {
    await gql('ada.admin', `mutation($id: ID!, $u: String!) { assignRole(clusterId: $id, role: "cluster_commission", userId: $u) { id } }`, { id: clusterId, u: userId });
  }
}

export async function clusterIdByName(name: string): Promise<string> {
  const { clusters } = await gql('chidi.cda', `query($s: String) { clusters(filter: { search: $s }) { edges { node { id name } } } }`, { s: name });
  const found = clusters.edges.find((e: { node: { name: string } }) => e.node.name === name);
  if (!found) throw new Error(`no cluster named ${name}`);
  return found.node.id;
}
