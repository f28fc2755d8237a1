/**
 * Error codes shared by every layer. The GraphQL layer maps them one-to-one to
 * `extensions.code` (see ../shared/spec/graphql-contract.md, "Errors").
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  TEMPLATE_INVALID = 'TEMPLATE_INVALID',
  GATE_NOT_READY = 'GATE_NOT_READY',
  CONFLICT = 'CONFLICT',
  SUSPENDED = 'SUSPENDED',
  FINAL_PHASE = 'FINAL_PHASE',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

/**
 * A failure the caller can act on. `details` is copied into GraphQL `extensions`
 * (e.g. `problems` for TEMPLATE_INVALID, `unmet` for GATE_NOT_READY).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError(ErrorCode.NOT_FOUND, `${what} not found`);
export const forbidden = (message: string) => new DomainError(ErrorCode.FORBIDDEN, message);
export const badInput = (message: string, details: Record<string, unknown> = {}) =>
  new DomainError(ErrorCode.BAD_USER_INPUT, message, details);
export const conflict = (message: string) => new DomainError(ErrorCode.CONFLICT, message);
