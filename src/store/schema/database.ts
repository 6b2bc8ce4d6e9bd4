import type { AuditHeadTable, AuditKeysTable, AuditRecordsTable } from './audit-tables.js';
import type { SealedKeysTable, SealedValuesTable } from './sealed-tables.js';

/** Every table of the store, as Kysely sees it. Column names are the SQL ones (snake_case). */
export interface Database {
  sealed_keys: SealedKeysTable;
  sealed_values: SealedValuesTable;
  audit_keys: AuditKeysTable;
  audit_head: AuditHeadTable;
  audit_records: AuditRecordsTable;
}
