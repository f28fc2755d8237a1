import { SignJWT } from 'jose';
import { loadConfig } from '../config/config';
import { TokenService } from './token.service';

const SECRET = 'a-test-secret-of-at-least-thirty-two-characters';
const service = () => new TokenService(loadConfig({ JWT_SECRET: SECRET, DATA_DIR: '/nonexistent-data-dir' }));

/** A token signed with the service's secret, expiring at `exp` (seconds since the epoch). */
const token = (exp: number, roles = ['cda']) =>
  new SignJWT({ agency: 'demo', roles, name: 'Ada' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject('ada')
    .setIssuer('clusterflow')
    .setAudience('clusterflow')
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(SECRET));

describe('TokenService.verify, with verified tokens remembered', () => {
  afterEach(() => jest.useRealTimers());

  it('answers the same principal for the same token, each time a copy of its own', async () => {
    const tokens = service();
    const t = await token(Math.floor(Date.now() / 1000) + 3600);
    const first = await tokens.verify(t);
    first.roles.push('agency_admin'); // a caller changing its copy changes nothing for the next
    expect(await tokens.verify(t)).toEqual({ userId: 'ada', agency: 'demo', roles: ['cda'], name: 'Ada' });
  });

  it('refuses a remembered token once it has expired, as jose does', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'setTimeout', 'setInterval'] });
    const now = Date.now();
    const exp = Math.floor(now / 1000) + 60;
    const tokens = service();
    const t = await token(exp);
    await expect(tokens.verify(t)).resolves.toMatchObject({ userId: 'ada' });
    jest.setSystemTime(exp * 1000 - 1);
    await expect(tokens.verify(t)).resolves.toMatchObject({ userId: 'ada' });
    jest.setSystemTime(exp * 1000);
    await expect(tokens.verify(t)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'the token has expired' });
  });

  it('does not remember a refused token', async () => {
    const tokens = service();
    const t = await token(Math.floor(Date.now() / 1000) + 3600);
    const forged = `${t.slice(0, -4)}AAAA`;
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(tokens.verify(t)).resolves.toMatchObject({ userId: 'ada' });
  });
});
