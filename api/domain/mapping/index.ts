/** Field mapping as data: the format, its loader and the pure functions that apply it. */
export type * from './types.js';
export { MappingError, type MappingProblem } from './mapping-error.js';
export { parseMapping, mergeMapping } from './load.js';
export { defaultMapping } from './defaults.js';
export { crmObjectFor, diffFields, stageFor, stateForCrmStage, toCrmFields, toCrmRecord, toReferral, toReferralChanges, type CrmRecord, type CrmRelated, type MappingWarning, type ReferralPreview, type RelatedRecord, type ToCrmOptions } from './apply.js';
export { STAGE_FOR_STATE, STATE_FOR_STAGE, stageRoleForState, stageRoleOfRecord, stateForStage } from './stages.js';
export { REFERRAL_PATHS } from './referral-paths.js';
