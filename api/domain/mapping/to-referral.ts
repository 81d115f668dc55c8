import type { ReferralChange } from '../ports.js';
import type { Referral } from '../referral.js';
import { isTerminal } from '../referral-status.js';
import { fieldsOn, relationsFor, type CrmRecord, type RelatedRecord } from './crm-record.js';
import { fieldToCrm, fieldToPartnerCenter, type MappingWarning } from './field-values.js';
import { REFERRAL_PATHS, contractPath, getPath, setPath, splitListPath } from './referral-paths.js';
import { LIST_OF_OBJECT, goesToPartnerCenter } from './semantics.js';
import { stageRoleOfRecord, stateForStage } from './stages.js';
import { isEmpty, sameValue } from './transforms.js';
import type { FieldMapping, Mapping } from './types.js';

/** What a CRM record means for the referral. */
export interface ReferralPreview {
  /** The updates Partner Center accepts, only those that differ from `current` when it is given. */
  changes: ReferralChange[];
  /** Everything the record maps to, at referral paths: what a new referral would hold. */
  draft: Record<string, unknown>;
  warnings: MappingWarning[];
}

type Field = ReferralChange['field'];
/** The referral paths an update can change (the domain's change vocabulary). */
const SCALAR_CHANGES: Readonly<Record<string, Field>> = {
  'details.dealValue': 'dealValue',
  'details.currency': 'currency',
  'details.closingDateTime': 'closingDateTime',
  'details.notes': 'notes',
  'inviteContext.assistanceRequestCode': 'assistanceRequestCode',
};
const LIST_CHANGES: Readonly<Record<string, Field>> = {
  'customerProfile.team': 'customerContacts',
  team: 'team',
  'details.requirements.solutions': 'solutions',
};

/** Changes the CRM record asks of the referral; see `toReferral`. */
export function toReferralChanges(mapping: Mapping, record: Pick<CrmRecord, 'object' | 'fields' | 'related'>, current?: Referral): ReferralChange[] {
  return toReferral(mapping, record, current).changes;
}

/**
 * Maps a CRM record (with the related records the adapter loaded; an absent relation is "not
 * loaded", not "empty") back to the referral. Fields missing from `record.fields` were not read and
 * change nothing. As the connectors do, a record in the on-hold stage sends no changes, and a
 * closed referral takes none.
 */
export function toReferral(mapping: Mapping, record: Pick<CrmRecord, 'object' | 'fields' | 'related'>, current?: Referral): ReferralPreview {
  const warnings: MappingWarning[] = [];
  const draft: Record<string, unknown> = {};
  const changes = new Map<Field, ReferralChange>();
  const push = (field: Field, value: unknown): void => { changes.set(field, { field, value } as ReferralChange); };

  for (const f of fieldsOn(mapping, record.object, goesToPartnerCenter)) {
    if (f.referral === undefined) continue;
    const raw = f.crm !== undefined ? record.fields[f.crm] : undefined;
    if (raw === undefined && f.constant === undefined) continue;
    const value = convert(f, raw, f.referral, warnings);
    if (value === undefined) continue;
    setPath(draft, f.referral, value);
    const field = SCALAR_CHANGES[f.referral];
    if (field !== undefined && !unchanged(f, raw, value, current)) push(field, value);
  }

  for (const [name, relation] of relationsFor(mapping, record.object, goesToPartnerCenter)) {
    const itemFields = fieldsOn(mapping, relation.object, goesToPartnerCenter);
    const list = LIST_OF_OBJECT[relation.object];
    if (list === undefined) {
      const one = name === 'customer' ? record.related.customer : undefined;
      if (one !== undefined) for (const f of itemFields) readInto(draft, f, one, f.referral, warnings);
      continue;
    }
    const loaded = name === 'customer' ? undefined : record.related[name];
    if (loaded === undefined) continue;
    const items = loaded.map((rec) => {
      const item: Record<string, unknown> = {};
      for (const f of itemFields) readInto(item, f, rec, splitListPath(f.referral ?? '')?.item, warnings);
      return item;
    }).filter((item) => Object.keys(item).length > 0);
    const usable = list === 'details.requirements.solutions' ? items.filter((s) => !isEmpty(s.id)) : items;
    if (usable.length < items.length) warnings.push({ field: name, message: `${items.length - usable.length} related record(s) without a solution id were left out.` });
    setPath(draft, list, usable);
    const field = LIST_CHANGES[list];
    if (field !== undefined && !sameList(itemFields, current === undefined ? undefined : getPath(current, list) ?? [], loaded)) push(field, usable);
  }

  const names = mapping.stages[record.object];
  const role = names !== undefined ? stageRoleOfRecord(names, record.fields) : undefined;
  if (role !== undefined) {
    const to = stateForStage(role, current);
    if (to !== undefined) push('state', to);
  }
  const frozen = (current !== undefined && isTerminal(current)) || (role === 'onHold' && (current === undefined || current.status === 'New'));
  return { changes: frozen ? [] : [...changes.values()], draft, warnings };
}

function convert(f: FieldMapping, raw: unknown, path: string, warnings: MappingWarning[]): unknown {
  const r = fieldToPartnerCenter(f, raw);
  if (!('value' in r)) { if (r.warning !== undefined) warnings.push(r.warning); return undefined; }
  const problem = contractProblem(path, r.value);
  if (problem !== undefined) { warnings.push({ field: f.id, message: problem }); return undefined; }
  return r.value;
}

function readInto(target: Record<string, unknown>, f: FieldMapping, rec: RelatedRecord, path: string | undefined, warnings: MappingWarning[]): void {
  if (path === undefined || f.referral === undefined) return;
  const raw = f.crm !== undefined ? rec.fields[f.crm] ?? rec.match[f.crm] : undefined;
  if (raw === undefined && f.constant === undefined) return;
  const value = convert(f, raw, f.referral, warnings);
  if (value !== undefined && value !== null) setPath(target, path, value);
}

/** A value the contract would refuse is reported rather than sent. */
function contractProblem(path: string, value: unknown): string | undefined {
  const info = REFERRAL_PATHS.get(contractPath(path));
  if (info === undefined || value === null) return undefined;
  const type = info.type === 'integer' ? 'number' : info.type;
  if (typeof value !== type) return `${JSON.stringify(value)} is not a ${info.type} as ${path} needs; left unchanged.`;
  if (info.enum !== undefined && !info.enum.includes(value as string)) return `${JSON.stringify(value)} is not one of ${info.enum.join(', ')} (${path}); left unchanged.`;
  return undefined;
}

/**
 * Compared in CRM terms: what the CRM would hold if it had the current referral value. A lossy way
 * there (a date-time kept as a date) is then never mistaken for a change.
 */
function unchanged(f: FieldMapping, raw: unknown, value: unknown, current: Referral | undefined): boolean {
  if (current === undefined) return false;
  if (sameValue(getPath(current, f.referral ?? ''), value)) return true;
  const expected = fieldToCrm(f, current);
  return 'value' in expected ? sameValue(expected.value, raw) : isEmpty(raw);
}

/** `current` undefined: no referral to compare with; a referral without the list holds an empty one. */
function sameList(itemFields: FieldMapping[], current: unknown, loaded: RelatedRecord[]): boolean {
  if (current === undefined) return false;
  const key = (values: Array<[string, unknown]>): string =>
    JSON.stringify(values.filter(([, v]) => !isEmpty(v)).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]).sort(([a], [b]) => String(a).localeCompare(String(b))));
  // Only the fields the adapter read take part: a team read back as user emails compares by email.
  const read = (f: FieldMapping): boolean => loaded.length === 0 || loaded.some((rec) => rec.fields[f.crm!] !== undefined || rec.match[f.crm!] !== undefined);
  const crmFields = itemFields.filter((f) => f.crm !== undefined && read(f));
  const expected = (Array.isArray(current) ? current : []).map((item: unknown) =>
    key(crmFields.map((f) => { const r = fieldToCrm(f, item, splitListPath(f.referral ?? '')?.item); return [f.crm!, 'value' in r ? r.value : undefined]; })));
  const actual = loaded.map((rec) => key(crmFields.map((f) => [f.crm!, rec.fields[f.crm!] ?? rec.match[f.crm!]])));
  return JSON.stringify(expected.sort()) === JSON.stringify(actual.sort());
}
