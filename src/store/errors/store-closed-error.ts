import { VigilError } from '../../core/errors/vigil-error.js';

/** The store was used after `close()`. */
export class StoreClosedError extends VigilError {
  constructor(backend: string) {
    super(`the ${backend} store is closed`, {
      hint: 'open a new store with openStore(); a closed store cannot be reused',
    });
  }
}
