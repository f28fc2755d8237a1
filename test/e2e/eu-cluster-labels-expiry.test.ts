import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client as PgClient } from 'pg';
import { clusterApi, ok, type ClusterApi } from '../support/cluster-api';
import { pdfFiles } from '../support/files';
import { startTestApp, type TestApp } from '../support/test-app';
import { fireTimers, sleep } from '../support/timers-job';

/**
 * The shipped EU cluster labels template (templates/eu-cluster-labels.yaml) with its validity
 * periods cut to seconds: a Bronze label held past its validity is moved by the scheduler (the
 * job queue's `timers` job, actor `system`) to `bronze_expired`; renewed within the window it
 * is held again in `bronze_renewed`; left unrenewed, the window's own expiry moves the cluster
 * to `label_lapsed`. No gate out of `bronze` competes with the expiry (the conflict version 1
 * had). Everything else in the template is the shipped text.
 */
const BRONZE_S = 5;
const WINDOW_S = 8;
const SHIPPED = readFileSync(join(__dirname, '../../templates/eu-cluster-labels.yaml'), 'utf8');

/** The shipped template with seconds for the Bronze validity and the renewal window; its migration section (from the version shipped before) left out. */
function shortTemplate(): string {
  const replace = (text: string, from: string, to: string) => {
    if (!text.includes(from)) throw new Error(`the shipped template no longer has ${from}`);
    return text.replace(from, to);
  };
  let text = replace(SHIPPED, 'expires: { after: P24M, to: bronze_expired }', `expires: { after: PT${BRONZE_S}S, to: bronze_expired }`);
  text = replace(text, 'expires: { after: P12M, to: label_lapsed }', `expires: { after: PT${WINDOW_S}S, to: label_lapsed }`);
  text = replace(text, '\nversion: 2\n', '\nversion: 1\n');
  return text.slice(0, text.indexOf('\nmigration:\n') + 1);
}

const AGENCY = 'esca-timers';

describe('EU cluster labels: a Bronze label expiring through the scheduler', () => {
  let a: TestApp;
  let api: ClusterApi;
  let pg: PgClient;
  const tok: Record<string, string> = {};
  const ids: Record<string, string> = {};
  /** When each cluster entered bronze (ms). */
  const bronzeAt: Record<string, number> = {};

  const enteredAt = async (id: string) => new Date((await pg.query(`select entered_phase_at from cluster where id = $1`, [id])).rows[0].entered_phase_at).getTime();
  const phaseOf = async (id: string) => (await ok(api.cluster(tok.cda, id, 'phase status'))).phase as string;
  const expiries = async () =>
    (
      await pg.query(
        `select c.name, e.actor, e.role, e.payload from cluster_event e join cluster c on c.id = e.cluster_id where e.type = 'PHASE_EXPIRED' order by c.name, e.seq`,
      )
    ).rows.map((r) => `${r.name} ${r.actor} ${r.role} ${r.payload.from}->${r.payload.to} ${r.payload.after}`);
  const sleepUntil = async (ms: number) => sleep(Math.max(0, ms - Date.now()));

  /** Through profile validation and the Bronze benchmarking to `bronze`. */
  async function toBronze(name: string): Promise<string> {
    const attributes = { member_count: 25, member_type_count: 3, management_fte: 1, country: 'FI', eccp_listed: true };
    const id = (await ok(api.register(tok.cda, { name, templateKey: 'eu-cluster-labels', attributes }, 'id eligible'))).id as string;
    const profile = await ok(api.submit(tok.cda, { clusterId: id, type: 'cluster_profile', title: 'Profile', fields: { organisation_name: name, legal_form: 'association', member_count: 25 } }));
    await ok(api.decide(tok.analyst, { clusterId: id, gate: 'validate_profile', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: profile.id }));
    await ok(api.advance(tok.cda, id, 'validate_profile', null, 'id'));
    const bench = await ok(
      api.submit(tok.cda, { clusterId: id, files: await pdfFiles(a, tok.cda), type: 'bronze_benchmarking', title: 'Bronze', fields: { interview_completed: true, benchmarked_on: '2026-12-01' } }),
    );
    await ok(api.decide(tok.analyst, { clusterId: id, gate: 'award_bronze', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: bench.id }));
    await ok(api.decide(tok.manager, { clusterId: id, gate: 'award_bronze', role: 'label_manager', outcome: 'APPROVE' }));
    expect((await ok(api.advance(tok.cda, id, 'award_bronze', null, 'phase'))).phase).toBe('bronze');
    return id;
  }

  beforeAll(async () => {
    a = await startTestApp('eu-labels-expiry', { LOG_LEVEL: 'error' });
    pg = new PgClient({ connectionString: a.databaseUrl });
    await pg.connect();
    api = clusterApi(a);
    tok.admin = await a.token({ userId: 'ada', agency: AGENCY, roles: ['agency_admin'] });
    tok.cda = await a.token({ userId: 'ines', agency: AGENCY, roles: ['cda'] });
    tok.analyst = await a.token({ userId: 'jonas', agency: AGENCY, roles: ['esca_analyst'] });
    tok.manager = await a.token({ userId: 'sofia', agency: AGENCY, roles: ['label_manager'] });
    await ok(api.publish(tok.admin, shortTemplate()));
    for (const name of ['Renewed', 'Lapsed']) {
      ids[name] = await toBronze(name);
      bronzeAt[name] = await enteredAt(ids[name]);
    }
  }, 120_000);

  afterAll(async () => {
    await pg?.end();
    await a?.close();
  }, 60_000);

  it('moves a Bronze label held past its validity to bronze_expired, not before', async () => {
    await fireTimers(pg, 2);
    // Not before its time (checked while the test is still early enough to tell).
    if (Date.now() < bronzeAt.Renewed + BRONZE_S * 1000 - 200) expect(await phaseOf(ids.Renewed)).toBe('bronze');

    await sleepUntil(Math.max(bronzeAt.Renewed, bronzeAt.Lapsed) + BRONZE_S * 1000 + 300);
    await fireTimers(pg, 3);
    expect(await expiries()).toEqual([`Lapsed system null bronze->bronze_expired PT${BRONZE_S}S`, `Renewed system null bronze->bronze_expired PT${BRONZE_S}S`]);
    for (const name of ['Renewed', 'Lapsed']) {
      const { rows } = await pg.query(`select at from cluster_event where cluster_id = $1 and type = 'PHASE_EXPIRED'`, [ids[name]]);
      expect(new Date(rows[0].at).getTime()).toBeGreaterThanOrEqual(bronzeAt[name] + BRONZE_S * 1000);
    }
    const cluster = await ok(api.cluster(tok.cda, ids.Renewed, 'phase status gates { gate } history { phase viaGate }'));
    expect(cluster).toMatchObject({ phase: 'bronze_expired', status: 'ACTIVE' });
    expect(cluster.gates.map((g: { gate: string }) => g.gate).sort()).toEqual(['renew_bronze', 'withdraw']);
    expect(cluster.history.map((h: { phase: string; viaGate: string | null }) => [h.phase, h.viaGate])).toEqual([
      ['profile', null],
      ['bronze_benchmarking', 'validate_profile'],
      ['bronze', 'award_bronze'],
      ['bronze_expired', null],
    ]);
  }, 60_000);

  it('renews within the window; an unrenewed label lapses when the window expires', async () => {
    const id = ids.Renewed;
    const bench = await ok(
      api.submit(tok.cda, { clusterId: id, files: await pdfFiles(a, tok.cda), type: 'renewal_benchmarking', title: 'Renewal', fields: { interview_completed: true, benchmarked_on: '2026-12-07' } }),
    );
    await ok(api.decide(tok.analyst, { clusterId: id, gate: 'renew_bronze', role: 'esca_analyst', outcome: 'APPROVE', artefactVersionId: bench.id }));
    await ok(api.decide(tok.manager, { clusterId: id, gate: 'renew_bronze', role: 'label_manager', outcome: 'APPROVE' }));
    expect((await ok(api.advance(tok.cda, id, 'renew_bronze', null, 'phase'))).phase).toBe('bronze_renewed');

    await sleepUntil((await enteredAt(ids.Lapsed)) + WINDOW_S * 1000 + 300);
    await fireTimers(pg, 3);
    expect(await phaseOf(ids.Lapsed)).toBe('label_lapsed');
    expect(await phaseOf(ids.Renewed)).toBe('bronze_renewed'); // renewed for 3 years
    expect(await expiries()).toEqual([
      `Lapsed system null bronze->bronze_expired PT${BRONZE_S}S`,
      `Lapsed system null bronze_expired->label_lapsed PT${WINDOW_S}S`,
      `Renewed system null bronze->bronze_expired PT${BRONZE_S}S`,
    ]);
    const verified = await ok(a.gql(`{ verifyAuditTrail { valid } }`, {}, tok.admin));
    expect(verified).toEqual({ valid: true });
  }, 60_000);
});
