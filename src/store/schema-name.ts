import { InputError } from '../core/errors/input-error.js';

/**
 * Checks a schema name for `search_path`: lower-case letters, digits and `_`, so it never needs
 * quoting in a connection option.
 */
export function checkSchemaName(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new InputError(`"${schema}" is not a usable schema name`, {
      hint: 'use lower-case letters, digits and "_", starting with a letter, at most 63 characters',
    });
  }
  return schema;
}
