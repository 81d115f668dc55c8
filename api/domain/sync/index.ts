/** The sync's decisions, free of any CRM or transport: views, the three-way merge, fingerprints, audit text. */
export { asCrmRelated, bothWays, itemFieldsOf, normalize, recordFieldsToRead, relationKey, sameViewValue, stageKeys, STAGE_KEY, viewOfRecord, viewOfReferral, type LoadedRecord, type SyncView } from './view.js';
export { directionOf, isAdditive, planMerge, type Conflict, type ConflictPolicy, type KeyChange, type MergeInput, type MergePlan, type Side } from './merge.js';
export { fingerprint } from './fingerprint.js';
export { auditFieldText, auditLine, FAILURE_MARK, stripMark, SUCCESS_MARK, withMark, type AuditLine } from './audit-text.js';
