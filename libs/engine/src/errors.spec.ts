import { DomainError, ErrorCode, notFound } from './errors';

describe('DomainError', () => {
  it('carries its code and details', () => {
    const e = new DomainError(ErrorCode.GATE_NOT_READY, 'not ready', { unmet: [1] });
    expect(e.code).toBe('GATE_NOT_READY');
    expect(e.details).toEqual({ unmet: [1] });
    expect(notFound('Cluster').message).toBe('Cluster not found');
  });
});
