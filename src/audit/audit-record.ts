import { createHash, sign, verify } from 'node:crypto';
import type { Marking } from '../programme/index.js';
import type { AuditPublicKey, AuditSigningKey } from './audit-signing-key.js';
import type { JsonValue } from './canonical-json.js';
import { canonicalJson } from './canonical-json.js';

/** How an audited action ended: a policy decision (allowed/denied) or an operation (ok/failed). */
export const auditOutcomes = ['allowed', 'denied', 'ok', 'failed'] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

/** What a caller records: who did what, from where, to which object, and how it ended. */
export interface AuditEntry {
  /** Who: a user id, a worker id, or `system`. */
  readonly actor: string;
  /** What, as `noun.verb`: `sealed.read`, `submission.withdraw`, `session.create`. */
  readonly action: string;
  /** Where from: the request's network address, or the process (`worker 4242@host`). */
  readonly source: string;
  readonly outcome: AuditOutcome;
  readonly objectId?: string;
  /** The object's marking when the action happened. */
  readonly objectMarking?: Marking;
  /** Anything else worth keeping, as plain JSON (no secrets: the trail is not sealed). */
  readonly details?: { readonly [key: string]: JsonValue | undefined };
}

/** The body of a record: the entry as stored, with its place in the chain. */
export interface AuditRecordBody {
  readonly sequence: number;
  /** When, as an ISO 8601 UTC timestamp with milliseconds. */
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly source: string;
  readonly outcome: AuditOutcome;
  readonly objectId: string | null;
  readonly objectMarking: JsonValue | null;
  readonly details: { readonly [key: string]: JsonValue | undefined };
  /** The hash of the record before (64 zeros for the first). */
  readonly previousHash: string;
  /** The signing key's id. */
  readonly keyId: string;
}

/** A record as stored: its body, the body's hash, and the signature over the hash. */
export interface AuditRecord extends AuditRecordBody {
  /** SHA-256 (hex) of the body's canonical JSON. */
  readonly hash: string;
  /** Ed25519 signature (base64) over the hash, by `keyId`. */
  readonly signature: string;
}

/** The version of the hashed form; a change to it would be a new version, verified side by side. */
const RECORD_FORMAT = 1;

/** The SHA-256 (hex) of a record body's canonical JSON. */
export function hashAuditRecord(body: AuditRecordBody): string {
  // Field by field, so a record (which also carries its hash and signature) hashes as its body.
  const canonical = canonicalJson({
    format: RECORD_FORMAT,
    sequence: body.sequence,
    at: body.at,
    actor: body.actor,
    action: body.action,
    source: body.source,
    outcome: body.outcome,
    objectId: body.objectId,
    objectMarking: body.objectMarking,
    details: body.details,
    previousHash: body.previousHash,
    keyId: body.keyId,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** What a record signature signs; the label keeps record and head signatures apart. */
function recordMessage(hash: string): Buffer {
  return Buffer.from(`vigil audit record v1\n${hash}`, 'utf8');
}

/** What a head signature signs. */
function headMessage(sequence: number, hash: string): Buffer {
  return Buffer.from(`vigil audit head v1\n${sequence}\n${hash}`, 'utf8');
}

export function signAuditRecord(key: AuditSigningKey, hash: string): string {
  return sign(null, recordMessage(hash), key.privateKey).toString('base64');
}

export function verifyAuditRecordSignature(
  key: AuditPublicKey,
  hash: string,
  signature: string,
): boolean {
  return verify(null, recordMessage(hash), key.publicKey, Buffer.from(signature, 'base64'));
}

export function signAuditHead(key: AuditSigningKey, sequence: number, hash: string): string {
  return sign(null, headMessage(sequence, hash), key.privateKey).toString('base64');
}

export function verifyAuditHeadSignature(
  key: AuditPublicKey,
  sequence: number,
  hash: string,
  signature: string,
): boolean {
  return verify(null, headMessage(sequence, hash), key.publicKey, Buffer.from(signature, 'base64'));
}
