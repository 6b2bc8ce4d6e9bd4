import { describe, expect, it } from 'vitest';
import { AppendOnlyError } from '../../store/errors/append-only-error.js';
import { StoreQueryError } from '../../store/errors/store-query-error.js';
import { StoreUnavailableError } from '../../store/errors/store-unavailable-error.js';
import { mapError } from './map-error.js';

describe('mapError: what the store refuses', () => {
  it('answers an integrity rule the code did not check first with 422, naming the rule only', () => {
    const problem = mapError(
      new StoreQueryError('new row violates check constraint "clearances_not_self" (alice, …)', {
        sqlState: '23514',
        table: 'clearances',
        constraint: 'clearances_not_self',
      }),
      'req-1',
    );
    expect(problem.status).toBe(422);
    expect(problem.message).toBe("the store's rule clearances_not_self refused the change");
    expect(problem.message).not.toContain('alice');
  });

  it('answers an edit of append-only records with 422 and a lost store with 503', () => {
    expect(mapError(new AppendOnlyError('no', { table: 'audit_records' }), 'r').status).toBe(422);
    expect(mapError(new StoreUnavailableError('db', 'connection refused'), 'r').status).toBe(503);
  });

  it('still answers anything unexpected with a 500 that says only that', () => {
    const problem = mapError(new StoreQueryError('syntax error at …', { sqlState: '42601' }), 'r9');
    expect(problem.status).toBe(500);
    expect(problem.message).toBe('the server could not complete the request (request r9)');
  });
});
