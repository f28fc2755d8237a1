import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorCode } from '@clusterflow/engine';
import { isDatabaseUnavailable } from './errors';

/** The HTTP status of each error code a REST route (/files, /reports, /audit/export) answers. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  [ErrorCode.UNAUTHENTICATED]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.FORBIDDEN]: HttpStatus.FORBIDDEN,
  [ErrorCode.NOT_FOUND]: HttpStatus.NOT_FOUND,
  [ErrorCode.BAD_USER_INPUT]: HttpStatus.BAD_REQUEST,
  [ErrorCode.SERVICE_UNAVAILABLE]: HttpStatus.SERVICE_UNAVAILABLE,
};

export interface HttpError {
  status: number;
  code: string;
  message: string;
}

/**
 * What a REST route answers for an error: a domain error with its code and words, the database
 * being down as SERVICE_UNAVAILABLE, and anything else as INTERNAL with no detail (`expected`
 * false: the caller logs it). One mapping for every route; each writes its own body shape.
 */
export function httpErrorOf(exception: unknown): HttpError & { expected: boolean } {
  if (exception instanceof DomainError && STATUS[exception.code]) {
    return { status: STATUS[exception.code]!, code: exception.code, message: exception.message, expected: true };
  }
  if (isDatabaseUnavailable(exception)) {
    return { status: HttpStatus.SERVICE_UNAVAILABLE, code: ErrorCode.SERVICE_UNAVAILABLE, message: 'The database is unavailable; retry later', expected: true };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, code: ErrorCode.INTERNAL, message: 'Internal error', expected: false };
}
