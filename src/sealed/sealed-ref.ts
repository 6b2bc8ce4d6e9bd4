import { SealedDataError } from './errors/sealed-data-error.js';

/** What kinds of value are sealed. Adding one is adding a name here. */
export const sealedKinds = [
  'user-totp-secret',
  'access-grant-credential',
  'criteria-version-body',
  'determination',
  'run-transcript',
  'benchmark-items',
] as const;
export type SealedKind = (typeof sealedKinds)[number];

/** Which sealed value: its kind and the id of the object it belongs to. */
export interface SealedRef {
  readonly kind: SealedKind;
  readonly objectId: string;
}

/** Checks a reference before it is used in a query or as associated data. */
export function checkSealedRef(ref: SealedRef): SealedRef {
  if (!(sealedKinds as readonly string[]).includes(ref.kind)) {
    throw new SealedDataError('bad_reference', ref, 'unknown kind of sealed value', {
      hint: `use one of ${sealedKinds.join(', ')}`,
    });
  }
  if (ref.objectId === '' || ref.objectId.length > 200 || ref.objectId.includes('\0')) {
    throw new SealedDataError('bad_reference', ref, 'the object id is empty, too long or has NUL', {
      hint: 'pass the id of the object the value belongs to (1 to 200 characters)',
    });
  }
  return ref;
}
