import { GraphQLError } from 'graphql';
import pino from 'pino';
import { Writable } from 'node:stream';
import { DomainError, ErrorCode } from '@clusterflow/engine';
import { errorLogEntry, errorLoggingPlugin } from './error-logging.plugin';

const coded = (message: string, code: string) => Object.assign(new Error(message), { code });
const resolverError = (original: Error) => new GraphQLError(original.message, { path: ['advance'], originalError: original });

describe('errorLogEntry', () => {
  it('logs a database outage at warn, as its reason without a stack', () => {
    const entry = errorLogEntry(resolverError(coded('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')));
    expect(entry).toEqual({
      level: 'warn',
      fields: { code: 'SERVICE_UNAVAILABLE', path: ['advance'], reason: 'connect ECONNREFUSED 127.0.0.1:5432' },
      message: 'service unavailable in a GraphQL request',
    });
  });

  it('logs a busy cluster at warn, with the error it was refused with', () => {
    const busy = new DomainError(ErrorCode.SERVICE_UNAVAILABLE, 'cluster c1 is busy: 256 commands are waiting; retry later');
    expect(errorLogEntry(resolverError(busy))).toMatchObject({
      level: 'warn',
      fields: { code: 'SERVICE_UNAVAILABLE', reason: 'DomainError: cluster c1 is busy: 256 commands are waiting; retry later' },
    });
  });

  it('logs a bug at error, with the error itself (and so its stack)', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
    expect(errorLogEntry(resolverError(bug))).toEqual({
      level: 'error',
      fields: { err: bug, path: ['advance'], code: 'INTERNAL' },
      message: 'unexpected error in a GraphQL request',
    });
  });

  it('does not log what the client did wrong', () => {
    expect(errorLogEntry(resolverError(new DomainError(ErrorCode.NOT_FOUND, 'cluster not found')))).toBeNull();
    // As Apollo hands it over: its own error with the code, around graphql-js's.
    const invalid = new GraphQLError('Cannot query field "x"', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' }, originalError: new GraphQLError('Cannot query field "x"') });
    expect(errorLogEntry(invalid)).toBeNull();
  });
});

describe('errorLoggingPlugin', () => {
  it('writes one JSON line at warn level, with no stack, for a request that met a database outage', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(...String(chunk).split('\n').filter(Boolean)), done()) });
    const logger = pino({ level: 'info' }, sink);
    const outage = Object.assign(new Error('Connection terminated unexpectedly'), { stack: 'Error: Connection terminated unexpectedly\n    at Connection.<anonymous>' });
    const listener = await errorLoggingPlugin(logger).requestDidStart!({} as never);
    await (listener as any).didEncounterErrors({ errors: [resolverError(outage)], contextValue: {} });

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ level: 40, code: 'SERVICE_UNAVAILABLE', reason: 'Connection terminated unexpectedly', msg: 'service unavailable in a GraphQL request' });
    expect(lines[0]).not.toMatch(/stack|\\n\s+at /);
  });
});
