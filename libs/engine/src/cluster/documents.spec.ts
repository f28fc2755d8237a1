/**
 * Documents in the engine (template language v2): `files: {min, max, accept}` and
 * `submitters` on an artefact type; the files a submission attaches in its event; the
 * artefact requirement counting only versions with their files; viewerCan agreeing.
 */
import { ADMIN, CDA_USER, person, TestCluster, templateOf } from '../../../../test/support/engine-harness';
import { gateReadiness } from './readiness';
import { viewerCan, openWork } from './viewer';
import type { ClusterCommand, SubmittedFile } from './types';

const DOCS = templateOf(`
key: docs
version: 1
roles:
  technical_agency: { title: Technical agency }
  assessor: { title: Assessor, scope: cluster }
  reviewer: {}
artefacts:
  dpr:
    title: Detailed project report
    submitters: [cda, technical_agency]
    files: { min: 1, max: 2, accept: [pdf, xlsx] }
  assessment:
    title: Assessor report
    submitters: [assessor]
  note: {}
phases:
  open: {}
  done: { final: true }
gates:
  - id: finish
    from: open
    to: done
    requires: { artefacts: [ { type: dpr } ], approvals: [ { role: reviewer, of: dpr } ] }
`);

let n = 0;
const file = (name: string, mediaType: string, attached = false): SubmittedFile => {
  const id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  return { id, stored: { id, sha256: 'a'.repeat(64), size: 100 + n, name, mediaType, attached } };
};
const PDF = 'application/pdf';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const submit = (c: TestCluster, type: string, files: SubmittedFile[] = [], artefactId?: string): ClusterCommand => ({
  type: 'SUBMIT_ARTEFACT',
  newArtefactId: c.id('art'),
  newVersionId: c.id('ver'),
  artefactType: type,
  title: `A ${type}`,
  artefactId,
  files,
});

describe('documents: files and submitters', () => {
  it('records the files in the event and the snapshot, in the order given', () => {
    const c = new TestCluster(DOCS);
    const a = file('dpr.pdf', PDF);
    const b = file('costs.xlsx', XLSX);
    const event = c.run(CDA_USER, submit(c, 'dpr', [a, b]))!;
    const facts = [a, b].map((f) => ({ id: f.id, sha256: f.stored!.sha256, size: f.stored!.size, name: f.stored!.name, mediaType: f.stored!.mediaType }));
    expect(event.payload).toMatchObject({ files: facts });
    expect(c.state.artefacts[0].versions[0].files).toEqual(facts);
    // Without files, neither the payload nor the version has the key (events as before).
    const plain = c.run(CDA_USER, submit(c, 'note'))!;
    expect('files' in plain.payload).toBe(false);
    expect('files' in c.state.artefacts[1].versions[0]).toBe(false);
  });

  it('refuses unknown, attached, repeated, too many and unaccepted files with BAD_USER_INPUT and records nothing', () => {
    const c = new TestCluster(DOCS);
    expect(c.refuse(CDA_USER, submit(c, 'dpr', [{ id: 'x', stored: null }]), 'BAD_USER_INPUT').message).toBe('files[0]: x is not a file uploaded in your agency (POST /files)');
    expect(c.refuse(CDA_USER, submit(c, 'dpr', [file('old.pdf', PDF, true)]), 'BAD_USER_INPUT').message).toMatch(/already attached/);
    const twice = file('a.pdf', PDF);
    expect(c.refuse(CDA_USER, submit(c, 'dpr', [twice, twice]), 'BAD_USER_INPUT').message).toMatch(/named twice/);
    expect(c.refuse(CDA_USER, submit(c, 'dpr', [file('1.pdf', PDF), file('2.pdf', PDF), file('3.pdf', PDF)]), 'BAD_USER_INPUT').message).toBe(
      'files: a Detailed project report carries at most 2 files; 3 were given',
    );
    expect(c.refuse(CDA_USER, submit(c, 'dpr', [file('photo.png', 'image/png')]), 'BAD_USER_INPUT').message).toBe(
      'files[0]: photo.png is image/png; a Detailed project report accepts pdf, xlsx files',
    );
  });

  it('accepts a version with fewer files than files.min, which then does not count; unmet says so in words', () => {
    const c = new TestCluster(DOCS);
    const first = c.run(CDA_USER, submit(c, 'dpr'))!;
    const unmet = gateReadiness(DOCS, c.state, c.now)[0].unmet.find((u) => u.kind === 'ARTEFACT')!;
    expect(unmet).toMatchObject({ have: 0, need: 1, detail: '1 Detailed project report needed; 0 submitted with its file (version 1 of A dpr lacks 1 of the 1 file a Detailed project report needs)' });
    c.run(CDA_USER, submit(c, 'dpr', [file('dpr.pdf', PDF)], (first.payload as { artefactId: string }).artefactId));
    expect(gateReadiness(DOCS, c.state, c.now)[0].unmet.map((u) => u.kind)).toEqual(['APPROVAL']);
  });

  it('lets only submitters submit (FORBIDDEN for others), agency admins always, and viewerCan agrees', () => {
    const c = new TestCluster(DOCS);
    const ta = person('ta', 'technical_agency');
    const assessor = person('asr', 'assessor');
    const other = person('cda2', 'cda');
    c.run(ta, submit(c, 'dpr', [file('dpr.pdf', PDF)]));
    expect(c.refuse(other, submit(c, 'dpr'), 'FORBIDDEN').message).toBe(
      "only the cluster's assigned CDAs, technical_agency, agency admins may submit a Detailed project report",
    );
    expect(c.refuse(assessor, submit(c, 'assessment'), 'FORBIDDEN').message).toBe('only assessor (assigned on this cluster), agency admins may submit an Assessor report');
    expect(c.refuse(CDA_USER, submit(c, 'assessment'), 'FORBIDDEN').message).toMatch(/only assessor/);
    c.run(ADMIN, submit(c, 'assessment'));
    // viewerCan: the technical agency may submit (a dpr); the unassigned assessor and another CDA may not.
    expect(viewerCan(DOCS, c.state, ta, c.now)).toContain('SUBMIT_ARTEFACT');
    expect(viewerCan(DOCS, c.state, assessor, c.now)).not.toContain('SUBMIT_ARTEFACT');
    expect(viewerCan(DOCS, c.state, other, c.now)).not.toContain('SUBMIT_ARTEFACT');
    c.run(ADMIN, { type: 'ASSIGN_ROLE', userId: 'asr', role: 'assessor' });
    expect(viewerCan(DOCS, c.state, assessor, c.now)).toContain('SUBMIT_ARTEFACT');
    c.run(assessor, submit(c, 'assessment'));
  });

  it("lists a missing document as work for the type's submitters", () => {
    const c = new TestCluster(DOCS);
    const item = openWork(DOCS, c.state).find((w) => w.kind === 'SUBMIT_ARTEFACT')!;
    expect(item.audience.keys.sort()).toEqual(['agency_admin', 'cda@cda1', 'technical_agency']);
  });
});
