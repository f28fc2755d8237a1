/**
 * The shipped EU cluster labels template (version 2) in the engine: the Bronze label expiring
 * at 24 months (the system's PHASE_EXPIRED, suspension excluded), the renewal window of one
 * year, 3 more years once renewed; no gate out of `bronze` racing the expiry; Silver's three
 * areas of improvement; and version 1's conflict (renew_bronze waiting as long as the expiry)
 * warned about in templates/previous/.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { loadTemplate } from '../template/loader';
import { readinessOf, targetOf } from './readiness';
import { parseDuration } from '../template/duration';
import { addDuration, isoOf, msOf } from './time';
import { CDA_USER, person, TestCluster } from '../../../../test/support/engine-harness';
import type { SubmittedFile } from './types';
import type { TemplateDefinition } from '../template/types';

const ROOT = join(__dirname, '../../../../templates');
const loaded = (file: string) => loadTemplate(readFileSync(join(ROOT, file), 'utf8'));
const ANALYST = person('jonas', 'esca_analyst');
const MANAGER = person('sofia', 'label_manager');
const EXPERT = person('pierre', 'gold_assessor');

let n = 0;
const pdf = (): SubmittedFile[] => {
  const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  return [{ id, stored: { id, sha256: 'b'.repeat(64), size: 200, name: 'report.pdf', mediaType: 'application/pdf', attached: false } }];
};

function submit(c: TestCluster, type: string, fields: Record<string, unknown>, by = CDA_USER, artefactId?: string): string {
  const event = c.run(by, { type: 'SUBMIT_ARTEFACT', newArtefactId: c.id('art'), newVersionId: c.id('ver'), artefactType: type, title: type, artefactId, fields, files: pdf() });
  if (event?.type !== 'ARTEFACT_SUBMITTED') throw new Error('not submitted');
  return event.payload.versionId;
}

/** A cluster organisation through profile validation and the Bronze benchmarking, in `bronze`. */
function bronzeHolder(def: TemplateDefinition): TestCluster {
  const c = new TestCluster(def, { attributes: { member_count: 40, member_type_count: 3, management_fte: 2, country: 'AT', eccp_listed: true } });
  const profile = submit(c, 'cluster_profile', { organisation_name: 'Cluster', legal_form: 'association', member_count: 40 });
  c.approve(ANALYST, 'validate_profile', 'esca_analyst', profile);
  c.advance(CDA_USER, 'validate_profile');
  const bench = submit(c, 'bronze_benchmarking', { interview_completed: true, benchmarked_on: '2025-01-10' });
  c.approve(ANALYST, 'award_bronze', 'esca_analyst', bench);
  c.approve(MANAGER, 'award_bronze', 'label_manager');
  c.advance(CDA_USER, 'award_bronze');
  expect(c.state.phase).toBe('bronze');
  return c;
}

/** Moves the cluster's clock to `months` after it entered its phase (calendar months, UTC). */
const monthsIn = (c: TestCluster, months: number, extraMs = 0) => c.setTime(isoOf(addDuration(msOf(c.state.visits[c.state.visits.length - 1].enteredAt), parseDuration(`P${months}M`)!) + extraMs));

describe('eu-cluster-labels version 2', () => {
  const { template, errors, warnings } = loaded('eu-cluster-labels.yaml');
  const def = template!;

  it('loads without problems or warnings', () => {
    expect({ errors, warnings }).toEqual({ errors: [], warnings: [] });
  });

  it('expires a Bronze label at 24 months, not a millisecond before; no gate out of bronze waits for it', () => {
    const c = bronzeHolder(def);
    expect(def.gates.filter((g) => g.from.includes('bronze')).map((g) => [g.id, g.requires.after ?? null])).toEqual([
      ['award_silver', 'P18M'],
      ['withdraw', null],
    ]);
    monthsIn(c, 24, -1);
    expect(c.tick()).toBeNull();
    monthsIn(c, 24);
    expect(c.tick()).toMatchObject({ type: 'PHASE_EXPIRED', payload: { from: 'bronze', to: 'bronze_expired', after: 'P24M' } });
    expect(c.state.phase).toBe('bronze_expired');
  });

  it('suspension is left out of the validity', () => {
    const c = bronzeHolder(def);
    c.wait(100);
    c.run(person('ada', 'agency_admin'), { type: 'SUSPEND', reason: 'merger' });
    c.wait(30);
    c.run(person('ada', 'agency_admin'), { type: 'RESUME' });
    monthsIn(c, 24);
    expect(c.tick()).toBeNull();
    c.wait(30);
    expect(c.tick()).toMatchObject({ type: 'PHASE_EXPIRED', payload: { to: 'bronze_expired' } });
  });

  it('renews within a year of the expiry for 3 more years; unrenewed, the label lapses after that year', () => {
    const renewed = bronzeHolder(def);
    monthsIn(renewed, 24);
    renewed.tick();
    renewed.wait(200);
    const bench = submit(renewed, 'renewal_benchmarking', { interview_completed: true, benchmarked_on: '2027-08-01' });
    renewed.approve(ANALYST, 'renew_bronze', 'esca_analyst', bench);
    renewed.approve(MANAGER, 'renew_bronze', 'label_manager');
    renewed.advance(CDA_USER, 'renew_bronze');
    expect(renewed.state.phase).toBe('bronze_renewed');
    monthsIn(renewed, 36, -1);
    expect(renewed.tick()).toBeNull();
    monthsIn(renewed, 36);
    expect(renewed.tick()).toMatchObject({ payload: { from: 'bronze_renewed', to: 'bronze_expired', after: 'P36M' } });

    const lapsed = bronzeHolder(def);
    monthsIn(lapsed, 24);
    lapsed.tick();
    monthsIn(lapsed, 12);
    expect(lapsed.tick()).toMatchObject({ payload: { from: 'bronze_expired', to: 'label_lapsed', after: 'P12M' } });
    expect(lapsed.state.phase).toBe('label_lapsed');
  });

  it('Silver needs three documented areas of improvement and the on-site audit', () => {
    const c = bronzeHolder(def);
    const unmet = () => readinessOf(def, c.state, targetOf(def, 'award_silver')!, c.now).unmet.map((u) => (u.kind === 'CHECK' ? `CHECK ${u.detail}` : `${u.kind} ${u.artefactType ?? u.role ?? ''}`.trim()));
    const fields = { interview_completed: true, shows_improvement: true, improvement_areas: 2, benchmarked_on: '2026-08-01' };
    const v1 = submit(c, 'silver_benchmarking', fields);
    submit(c, 'silver_onsite_audit', { audited_on: '2026-08-20', gold_minimum_requirements_met: true }, EXPERT);
    c.approve(ANALYST, 'award_silver', 'esca_analyst', v1);
    c.approve(MANAGER, 'award_silver', 'label_manager');
    monthsIn(c, 18);
    expect(unmet()).toEqual(['CHECK Silver needs at least three documented areas of improvement']);
    const artefactId = c.state.artefacts.find((a) => a.type === 'silver_benchmarking')!.id;
    const v2 = submit(c, 'silver_benchmarking', { ...fields, improvement_areas: 3 }, CDA_USER, artefactId);
    c.approve(ANALYST, 'award_silver', 'esca_analyst', v2);
    expect(unmet()).toEqual([]);
    c.advance(CDA_USER, 'award_silver');
    expect(c.state.phase).toBe('silver');
  });
});

describe('eu-cluster-labels version 1 (templates/previous/)', () => {
  it("still loads, with a warning on the conflict version 2 resolved: renew_bronze waits as long as bronze's expiry", () => {
    const { template, errors, warnings } = loaded('previous/eu-cluster-labels.v1.yaml');
    expect(template).not.toBeNull();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([
      {
        path: 'gates[3].requires.after',
        line: 180,
        column: 14,
        message: 'gate `renew_bronze` waits P24M in `bronze`, which expires after P24M: the system moves every cluster on first, so gate `renew_bronze` never passes from there',
      },
    ]);
  });
});
