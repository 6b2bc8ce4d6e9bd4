// The audit trail: append-only, hash-chained, signed records and their verification.

export {
  auditOutcomes,
  hashAuditRecord,
  type AuditEntry,
  type AuditOutcome,
  type AuditRecord,
  type AuditRecordBody,
} from './audit-record.js';
export { openAuditTrail, type AuditTrail } from './audit-trail.js';
export {
  verifyAuditTrail,
  type AuditCheckpoint,
  type AuditFailure,
  type AuditFailureReason,
  type AuditVerification,
  type VerifyOptions,
} from './verify-audit-trail.js';
export {
  auditPublicKey,
  auditSigningKey,
  generateAuditSigningKey,
  loadOrCreateAuditSigningKeyFile,
  publicKeyText,
  type AuditPublicKey,
  type AuditSigningKey,
} from './audit-signing-key.js';
export { recordFromRow } from './audit-record-row.js';
export { canonicalJson, type JsonValue } from './canonical-json.js';
export { sealedReadAuditor, type SealedReader } from './sealed-read-auditor.js';
export { AuditEntryError } from './errors/audit-entry-error.js';
export { CanonicalJsonError } from './errors/canonical-json-error.js';
