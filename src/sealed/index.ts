// Sealed data: envelope encryption at rest, audited reads, key rotation and purge.

export {
  generateKek,
  kekFromBase64,
  kekFromBytes,
  kekToBase64,
  type KeyEncryptionKey,
} from './key-encryption-key.js';
export { loadOrCreateKekFile } from './kek-file.js';
export { openSealedData } from './open-sealed-data.js';
export { registerKek } from './register-kek.js';
export { rotateKek, type KekRotation } from './rotate-kek.js';
export { countSealedValuesByKey, sealedData, type SealedData } from './sealed-data.js';
export type { AuditSealedRead, SealedRead } from './sealed-read.js';
export { sealedKinds, type SealedKind, type SealedRef } from './sealed-ref.js';
export {
  ENVELOPE_ALGORITHM,
  openEnvelope,
  rewrapEnvelope,
  sealEnvelope,
  type Envelope,
} from './envelope.js';
export { KeyFileError, type KeyFileErrorCode } from './errors/key-file-error.js';
export { SealedDataError, type SealedDataErrorCode } from './errors/sealed-data-error.js';
