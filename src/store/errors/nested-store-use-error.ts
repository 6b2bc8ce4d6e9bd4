import { VigilError } from '../../core/errors/vigil-error.js';

/**
 * Code inside an embedded-store transaction used the store itself instead of the transaction.
 * The embedded store has one connection, held by the transaction, so the call would wait forever.
 */
export class NestedStoreUseError extends VigilError {
  constructor() {
    super('the store was used inside one of its own transactions', {
      hint: 'run the query on the transaction (`tx`) passed to store.transaction(), not on store.db',
    });
  }
}
