import { decodeJwt } from 'jose';
import { countStatements, startTestApp, type TestApp } from '../support/test-app';
import { ok, refused } from '../support/cluster-api';

const PERSON = 'userId name email roles lastSeenAt';
const people = (t: TestApp, token: string, role?: string) =>
  t.gql(`query($role: String) { people(role: $role) { ${PERSON} } }`, { role: role ?? null }, token);
const upsert = (t: TestApp, token: string, input: Record<string, unknown>) =>
  t.gql(`mutation($input: PersonInput!) { upsertPerson(input: $input) { ${PERSON} } }`, { input }, token);
const me = (t: TestApp, token: string) => t.gql('{ me { userId } }', {}, token);

describe('people (contract v2): learned from tokens, entered by admins', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp('people', { JWT_EMAIL_CLAIM: 'contact_email' });
    admin = await t.token({ userId: 'ada', name: 'Ada Admin', agency: 'unido-ng', roles: ['agency_admin'] });
  });
  afterAll(() => t.close());

  it('a verified token is remembered: sub, name, roles and the email from JWT_EMAIL_CLAIM, with lastSeenAt', async () => {
    const token = await t.token({ userId: 'amina', name: 'Amina Bello', email: 'amina@example.org', agency: 'unido-ng', roles: ['cda', 'programme_manager'] });
    expect(decodeJwt(token).contact_email).toBe('amina@example.org');
    const before = Date.now();
    await ok(me(t, token));
    const list = await ok(people(t, admin));
    const amina = list.find((p: { userId: string }) => p.userId === 'amina');
    expect(amina).toMatchObject({ name: 'Amina Bello', email: 'amina@example.org', roles: ['cda', 'programme_manager'] });
    expect(Date.parse(amina.lastSeenAt)).toBeGreaterThanOrEqual(before - 1000);
    // The admin is a person too, from their own request.
    expect(list.map((p: { userId: string }) => p.userId)).toEqual(expect.arrayContaining(['ada', 'amina']));
  });

  it('is written only when something changed (not on every request), and keeps the latest', async () => {
    const token = await t.token({ userId: 'bayo', name: 'Bayo', agency: 'unido-ng', roles: ['cluster_commission'] });
    expect(await countStatements(() => me(t, token))).toBe(1);
    expect(await countStatements(() => me(t, token))).toBe(0);
    expect(await countStatements(() => me(t, token))).toBe(0);
    // New roles and name in a newer token: written at once.
    const newer = await t.token({ userId: 'bayo', name: 'Bayo Ade', agency: 'unido-ng', roles: ['cluster_commission', 'programme_manager'] });
    expect(await countStatements(() => me(t, newer))).toBe(1);
    expect((await ok(people(t, admin))).find((p: { userId: string }) => p.userId === 'bayo')).toMatchObject({
      name: 'Bayo Ade',
      email: null,
      roles: ['cluster_commission', 'programme_manager'],
    });
  });

  it('people(role) lists those holding the role', async () => {
    const pms = await ok(people(t, admin, 'programme_manager'));
    expect(pms.map((p: { userId: string }) => p.userId).sort()).toEqual(['amina', 'bayo']);
    expect(await ok(people(t, admin, 'no_such_role'))).toEqual([]);
  });

  it('an agency admin enters someone who has not signed in; their first sign-in updates them, keeping the email', async () => {
    const entered = await ok(upsert(t, admin, { userId: 'carl', name: 'Carl Commission', email: 'carl@example.org', roles: ['cluster_commission'] }));
    expect(entered).toEqual({ userId: 'carl', name: 'Carl Commission', email: 'carl@example.org', roles: ['cluster_commission'], lastSeenAt: null });
    expect((await ok(people(t, admin, 'cluster_commission'))).map((p: { userId: string }) => p.userId)).toContain('carl');
    const carl = await t.token({ userId: 'carl', agency: 'unido-ng', roles: ['cluster_commission', 'technical_agency'] });
    await ok(me(t, carl));
    const after = (await ok(people(t, admin))).find((p: { userId: string }) => p.userId === 'carl');
    expect(after).toMatchObject({ name: 'Carl Commission', email: 'carl@example.org', roles: ['cluster_commission', 'technical_agency'] });
    expect(after.lastSeenAt).not.toBeNull();
    // Omitted name and email are kept; roles are replaced.
    expect(await ok(upsert(t, admin, { userId: 'carl', roles: ['cluster_commission'] }))).toMatchObject({ name: 'Carl Commission', email: 'carl@example.org', roles: ['cluster_commission'] });
  });

  it('only an agency admin enters people; bad input is BAD_USER_INPUT and changes nothing', async () => {
    const cda = await t.token({ userId: 'chidi', agency: 'unido-ng', roles: ['cda'] });
    const auditor = await t.token({ userId: 'audrey', agency: 'unido-ng', roles: ['auditor'] });
    const before = await ok(people(t, admin));
    await refused(upsert(t, cda, { userId: 'x', roles: [] }), 'FORBIDDEN');
    await refused(upsert(t, auditor, { userId: 'x', roles: [] }), 'FORBIDDEN');
    for (const input of [
      { userId: '  ', roles: [] },
      { userId: 'x', email: 'not an email', roles: [] },
      { userId: 'x', roles: [''] },
      { userId: 'x'.repeat(201), roles: [] },
      { userId: 'x', name: 'a\u0000b', roles: [] },
    ]) {
      await refused(upsert(t, admin, input), 'BAD_USER_INPUT');
    }
    const after = (await ok(people(t, admin))).filter((p: { userId: string }) => !['chidi', 'audrey'].includes(p.userId));
    expect(after).toEqual(before);
  });

  it('never shows another agency\'s people', async () => {
    const foreign = await t.token({ userId: 'zed', agency: 'other-agency', roles: ['agency_admin'] });
    expect((await ok(people(t, foreign))).map((p: { userId: string }) => p.userId)).toEqual(['zed']);
    await ok(upsert(t, foreign, { userId: 'amina', name: 'Other Amina', roles: ['auditor'] }));
    expect((await ok(people(t, admin))).find((p: { userId: string }) => p.userId === 'amina').name).toBe('Amina Bello');
  });

  it('needs a token', async () => {
    await refused(people(t, ''), 'UNAUTHENTICATED');
  });
});

describe('demo sign-in for the console', () => {
  const demoPeople = (t: TestApp) => t.gql('{ demoPeople { userId name roles } }');
  const signIn = (t: TestApp, userId: string) => t.gql('mutation($u: String!) { demoSignIn(userId: $u) { token expiresAt person { userId name roles } } }', { u: userId });

  it('is offered once the demo agency exists, with the server\'s own tokens, to anyone without a token', async () => {
    const t = await startTestApp('demo-sign-in');
    try {
      // No demo agency yet: refused, with a reason.
      const absent = await refused(demoPeople(t), 'FORBIDDEN');
      expect(absent.message).toMatch(/no demo agency/);
      await refused(signIn(t, 'chidi.cda'), 'FORBIDDEN');

      const admin = await t.token({ userId: 'ada.admin', agency: 'demo', roles: ['agency_admin'] });
      await ok(t.gql('mutation($s: String!) { publishTemplate(source: $s) { key } }', { s: 'key: tiny\nversion: 1\ntitle: Tiny\nphases:\n  a: { title: A }\n  b: { title: B, final: true }\ngates:\n  - { id: go, from: a, to: b, requires: {} }\n' }, admin));

      const list = await ok(demoPeople(t));
      expect(list.map((p: { userId: string }) => p.userId)).toEqual(['ada.admin', 'chidi.cda', 'priya.pm', 'carlos.commission', 'chen.commission', 'tara.expert', 'aisha.auditor', 'musa.me']);
      expect(list[1]).toEqual({ userId: 'chidi.cda', name: 'Chidi CDA', roles: ['cda'] });

      const session = await ok(signIn(t, 'chidi.cda'));
      expect(session.person).toEqual({ userId: 'chidi.cda', name: 'Chidi CDA', roles: ['cda'] });
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now() + 11 * 3600_000);
      expect(await ok(t.gql('{ me { userId agency roles } }', {}, session.token))).toEqual({ userId: 'chidi.cda', agency: 'demo', roles: ['cda'] });
      expect((await ok(people(t, admin))).map((p: { userId: string }) => p.userId)).toContain('chidi.cda');

      const unknown = await refused(signIn(t, 'mallory'), 'NOT_FOUND');
      expect(unknown.message).toMatch(/mallory/);
    } finally {
      await t.close();
    }
  });

  it('is refused when tokens come from an identity provider (JWT_JWKS_URL)', async () => {
    const t = await startTestApp('demo-sign-in-jwks', { JWT_JWKS_URL: 'http://127.0.0.1:9/jwks', JWT_ISSUER: 'https://idp.example.org', JWT_AUDIENCE: 'clusterflow' });
    try {
      const error = await refused(demoPeople(t), 'FORBIDDEN');
      expect(error.message).toMatch(/identity provider/);
      await refused(signIn(t, 'chidi.cda'), 'FORBIDDEN');
    } finally {
      await t.close();
    }
  });
});
