import { isDatabaseUnavailable } from './errors';

describe('isDatabaseUnavailable', () => {
  const coded = (message: string, code: string) => Object.assign(new Error(message), { code });

  it.each([
    ['a refused connection', coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a shutting-down server', coded('the database system is shutting down', '57P03')],
    ['a terminated backend', coded('terminating connection due to administrator command', '57P01')],
    ['a connection that ended', new Error('Connection terminated unexpectedly')],
    // A pooled connection that died during a restart, and was handed out before pg noticed.
    ['a dead pooled connection', new Error('Client has encountered a connection error and is not queryable')],
    ['a closed client', new Error('Client was closed and is not queryable')],
    ['a wrapped driver error', Object.assign(new Error('driver exception'), { previous: coded('connect ECONNRESET', 'ECONNRESET') })],
  ])('is true for %s', (_, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
    ['a constraint violation', coded('duplicate key value violates unique constraint', '23505')],
  ])('is false for %s', (_, error) => expect(isDatabaseUnavailable(error)).toBe(false));
});
