import type { Referral } from '../referral.js';
import { fieldToCrm, type MappingWarning } from './field-values.js';
import { getPath, splitListPath } from './referral-paths.js';
import { LIST_OF_OBJECT, goesToCrm } from './semantics.js';
import { stageRoleForState, stageRoleOfRecord, stageValuesForState, stateForStage as stateForRole } from './stages.js';
import { sameValue } from './transforms.js';
import { fieldsOn, relationsFor, type CrmRecord, type CrmRelated } from './crm-record.js';
import type { ReferralState } from '../referral-status.js';
import type { FieldMapping, Mapping, RecordObject, Scalar, StageRole } from './types.js';

export { toReferral, toReferralChanges, type ReferralPreview } from './to-referral.js';
export type { CrmRecord, CrmRelated, RelatedRecord } from './crm-record.js';
export type { MappingWarning } from './field-values.js';

export interface ToCrmOptions {
  /** The connectors' "Sync co-sell opportunities" setting: leads are not synchronized to the CRM. */
  coSellOpportunitiesOnly?: boolean;
}

/** The record a referral becomes, or undefined when the mapping or the options skip its category. */
export function crmObjectFor(mapping: Mapping, referral: Pick<Referral, 'category'>, options: ToCrmOptions = {}): RecordObject | undefined {
  const target = mapping.records[referral.category];
  if (target === 'skip' || (target === 'lead' && options.coSellOpportunitiesOnly === true)) return undefined;
  return target;
}

/** Maps a referral to its CRM record and related records. Pure: writes nothing, reads nothing else. */
export function toCrmRecord(mapping: Mapping, referral: Referral, options: ToCrmOptions = {}): CrmRecord | undefined {
  const object = crmObjectFor(mapping, referral, options);
  if (object === undefined) return undefined;
  const warnings: MappingWarning[] = [];
  const fields = crmFields(fieldsOn(mapping, object, goesToCrm), referral, warnings);
  const stageNames = mapping.stages[object];
  const stage = stageNames !== undefined ? stageValuesForState(stageNames, referral) : undefined;
  if (stage !== undefined) Object.assign(fields, stage);
  const related: CrmRelated = {};
  for (const [name, relation] of relationsFor(mapping, object, goesToCrm)) {
    const crmObject = mapping.objects[relation.object] ?? relation.object;
    const itemFields = fieldsOn(mapping, relation.object, goesToCrm);
    const list = LIST_OF_OBJECT[relation.object];
    if (list === undefined) {
      const values = crmFields(itemFields, referral, warnings);
      if (Object.keys(values).length > 0 && name === 'customer') related.customer = { object: crmObject, match: pick(values, relation.match), fields: values };
      continue;
    }
    const items = getPath(referral, list);
    const records = (Array.isArray(items) ? items : []).map((item: unknown) => {
      const values = crmFields(itemFields, item, warnings, (f) => splitListPath(f.referral ?? '')?.item);
      return { object: crmObject, match: pick(values, relation.match), fields: values };
    });
    if (name !== 'customer') related[name] = records;
  }
  return { object, crmObject: mapping.objects[object] ?? object, fields, related, warnings };
}

/** The CRM fields whose value differs, so a sync writes only what changed. Fields absent from `after` are not touched. */
export function diffFields(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(after).filter((k) => !sameValue(before[k], after[k]));
}

function crmFields(entries: FieldMapping[], source: unknown, warnings: MappingWarning[], pathOf: (f: FieldMapping) => string | undefined = (f) => f.referral): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of entries) {
    if (f.crm === undefined) continue;
    const r = fieldToCrm(f, source, pathOf(f));
    if ('value' in r) out[f.crm] = r.value;
    else if (r.warning !== undefined) warnings.push(r.warning);
  }
  return out;
}

function pick(values: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
}

/**
 * The opportunity's CRM fields for a referral, whatever its category: the entries on `opportunity`
 * plus the stage values. Warnings (unconvertible values) are dropped; use `toCrmRecord` to see them.
 */
export function toCrmFields(mapping: Mapping, referral: Referral): Record<string, unknown> {
  const fields = crmFields(fieldsOn(mapping, 'opportunity', goesToCrm), referral, []);
  const stage = stageFor(mapping, referral.status, referral.substatus);
  return stage === undefined ? fields : { ...fields, ...stage.values };
}

/** The CRM stage a Partner Center state puts a record in; undefined for a state no stage stands for (None). */
export function stageFor(mapping: Mapping, status: Referral['status'], substatus: Referral['substatus'], object: RecordObject = 'opportunity'): { role: StageRole; values: Record<string, Scalar> } | undefined {
  const names = mapping.stages[object];
  const role = stageRoleForState({ status, substatus });
  return names === undefined || role === undefined ? undefined : { role, values: { ...names[role].set } };
}

/**
 * The Partner Center state a CRM stage asks for. `stage` is the record's stage fields
 * (`{ StageName: 'Closed Won' }`) or, for a one-field stage like Salesforce's, just the value.
 * Undefined when the stage asks for nothing (on hold) or `current` cannot move there.
 */
export function stateForCrmStage(mapping: Mapping, stage: string | Readonly<Record<string, unknown>>, current?: ReferralState & { direction?: 'Incoming' | 'Outgoing' }, object: RecordObject = 'opportunity'): ReferralState | undefined {
  const names = mapping.stages[object];
  if (names === undefined) return undefined;
  const fields = typeof stage === 'string' ? stageFieldsOf(names.onHold.set, stage) : stage;
  const role = stageRoleOfRecord(names, fields);
  return role === undefined ? undefined : stateForRole(role, current);
}

/** A bare stage value names the single field every stage sets (StageName); Dataverse stages need the fields. */
function stageFieldsOf(sample: Record<string, Scalar>, value: string): Record<string, unknown> {
  const keys = Object.keys(sample);
  return keys.length === 1 ? { [keys[0]!]: value } : {};
}
