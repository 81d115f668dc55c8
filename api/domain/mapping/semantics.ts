import type { MappingProblem } from './mapping-error.js';
import { READ_ONLY_PATHS, REFERRAL_PATHS, STAGE_PATHS, contractPath, splitListPath } from './referral-paths.js';
import type { Direction, FieldMapping, Mapping, ObjectRole, Relation, StageNames } from './types.js';

/** Objects that hold one record per item of a referral list, and the list they follow. */
export const LIST_OF_OBJECT: Readonly<Partial<Record<ObjectRole, string>>> = {
  contact: 'customerProfile.team',
  user: 'team',
  solution: 'details.requirements.solutions',
};

export const goesToCrm = (d: Direction): boolean => d === 'both' || d === 'toCrm';
export const goesToPartnerCenter = (d: Direction): boolean => d === 'both' || d === 'toPartnerCenter';

/** JSON pointer escaping (RFC 6901), so a value-map key like "A/B" still names one key. */
export const pointer = (...parts: Array<string | number>): string =>
  parts.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/**
 * Rules the JSON Schema cannot state. `fieldKey` says where field `i` came from, so problems in a
 * merged mapping name the entry of the user's own file.
 */
export function semanticProblems(m: Mapping, fieldKey: (i: number) => string = (i) => pointer('fields', i)): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const seen = new Map<string, number>();
  m.fields.forEach((f, i) => {
    const at = fieldKey(i);
    const first = seen.get(f.id);
    if (first !== undefined) problems.push({ key: `${at}/id`, message: `Duplicate id "${f.id}": ${fieldKey(first)} already uses it; ids must be unique.` });
    else seen.set(f.id, i);
    problems.push(...fieldProblems(m, f, at));
  });
  problems.push(...stageProblems(m), ...relationProblems(m), ...recordProblems(m));
  return problems;
}

function fieldProblems(m: Mapping, f: FieldMapping, at: string): MappingProblem[] {
  const p: MappingProblem[] = [];
  const object = f.object ?? 'opportunity';
  if (m.objects[object] === undefined) p.push({ key: `${at}/object`, message: `Object "${object}" has no CRM name: add it under /objects.` });
  if (f.direction === 'off') return p;
  if (f.constant !== undefined) {
    if (f.direction === 'both') p.push({ key: `${at}/constant`, message: 'A constant goes one way: set direction to toCrm or toPartnerCenter.' });
    if (f.direction === 'toCrm' && f.crm === undefined) p.push({ key: `${at}/crm`, message: 'A constant written to the CRM needs the crm field it is written to.' });
    if (f.direction === 'toPartnerCenter' && f.referral === undefined) p.push({ key: `${at}/referral`, message: 'A constant written to Partner Center needs the referral path it is written to.' });
  } else {
    if (f.referral === undefined) p.push({ key: `${at}/referral`, message: 'Required: the referral path this field maps (or a constant).' });
    if (f.crm === undefined) p.push({ key: `${at}/crm`, message: 'Required: the CRM field this entry maps.' });
  }
  if (f.referral !== undefined) p.push(...pathProblems(f, object, at));
  p.push(...valueMapProblems(f, at));
  if (f.default?.toCrm !== undefined && !goesToCrm(f.direction)) p.push({ key: `${at}/default/toCrm`, message: `Never used: direction "${f.direction}" does not write to the CRM.` });
  if (f.default?.toPartnerCenter !== undefined && !goesToPartnerCenter(f.direction)) p.push({ key: `${at}/default/toPartnerCenter`, message: `Never used: direction "${f.direction}" does not write to Partner Center.` });
  return p;
}

function pathProblems(f: FieldMapping, object: ObjectRole, at: string): MappingProblem[] {
  const path = f.referral ?? '';
  const leaf = contractPath(path);
  if (STAGE_PATHS.has(leaf)) return [{ key: `${at}/referral`, message: `"${path}" is mapped by /stages, not by a field entry.` }];
  if (!REFERRAL_PATHS.has(leaf)) return [{ key: `${at}/referral`, message: `"${path}" is not a field of the normalized referral.` }];
  const p: MappingProblem[] = [];
  const list = LIST_OF_OBJECT[object];
  const split = splitListPath(path);
  if (list !== undefined && split?.list !== list) {
    p.push({ key: `${at}/referral`, message: `Fields of object "${object}" map items of ${list}: write "${list}[].<field>".` });
  } else if (list === undefined && split !== undefined) {
    p.push({ key: `${at}/referral`, message: `Object "${object}" holds one record: use "[0]" for the first item of a list, or map the list on its related object.` });
  }
  if (goesToPartnerCenter(f.direction) && READ_ONLY_PATHS.has(leaf)) {
    p.push({ key: `${at}/direction`, message: `"${path}" is set by Partner Center and cannot be written back: use direction "toCrm".` });
  }
  return p;
}

function valueMapProblems(f: FieldMapping, at: string): MappingProblem[] {
  const p: MappingProblem[] = [];
  const vm = f.valueMap;
  if (vm === undefined) return p;
  if (vm.toCrm !== undefined && !goesToCrm(f.direction)) p.push({ key: `${at}/valueMap/toCrm`, message: `Never used: direction "${f.direction}" does not write to the CRM; use "both" or "toCrm".` });
  if (vm.toPartnerCenter !== undefined && !goesToPartnerCenter(f.direction)) p.push({ key: `${at}/valueMap/toPartnerCenter`, message: `Never used: direction "${f.direction}" does not write to Partner Center; use "both" or "toPartnerCenter".` });
  if (f.direction === 'both' && vm.toPartnerCenter === undefined && vm.toCrm !== undefined) {
    const byTarget = new Map<string, string>();
    for (const [pc, crm] of Object.entries(vm.toCrm)) {
      const other = byTarget.get(String(crm));
      if (other !== undefined) p.push({ key: `${at}/valueMap/toCrm/${esc(pc)}`, message: `"${pc}" and "${other}" both map to ${JSON.stringify(crm)}, so the way back is ambiguous: add valueMap.toPartnerCenter.` });
      byTarget.set(String(crm), pc);
    }
  }
  const allowed = f.referral !== undefined ? REFERRAL_PATHS.get(contractPath(f.referral))?.enum : undefined;
  if (allowed !== undefined) {
    for (const [crm, pc] of Object.entries(vm.toPartnerCenter ?? {})) {
      if (pc !== null && !allowed.includes(String(pc))) p.push({ key: `${at}/valueMap/toPartnerCenter/${esc(crm)}`, message: `${JSON.stringify(pc)} is not a value of ${f.referral}: one of ${allowed.join(', ')}.` });
    }
    for (const pc of Object.keys(vm.toCrm ?? {})) {
      if (!allowed.includes(pc)) p.push({ key: `${at}/valueMap/toCrm/${esc(pc)}`, message: `"${pc}" is not a value of ${f.referral}: one of ${allowed.join(', ')}.` });
    }
  }
  return p;
}

function stageProblems(m: Mapping): MappingProblem[] {
  const p: MappingProblem[] = [];
  const check = (record: 'opportunity' | 'lead', names: StageNames): void => {
    const used = new Map<string, string>();
    for (const [role, values] of Object.entries(names)) {
      for (const [k, v] of [values.set, ...(values.alsoMatches ?? [])].flatMap((s) => Object.entries(s))) {
        if (typeof v === 'string' && v.trim() === '') p.push({ key: pointer('stages', record, role, 'set', k), message: 'A stage value must not be empty.' });
      }
      const sig = JSON.stringify(Object.entries(values.set).sort(([a], [b]) => a.localeCompare(b)));
      const other = used.get(sig);
      if (other !== undefined) p.push({ key: pointer('stages', record, role, 'set'), message: `Same values as stage "${other}": each stage needs its own so a record's stage can be told apart.` });
      used.set(sig, role);
    }
  };
  check('opportunity', m.stages.opportunity);
  if (m.stages.lead !== undefined) check('lead', m.stages.lead);
  return p;
}

function relationProblems(m: Mapping): MappingProblem[] {
  const p: MappingProblem[] = [];
  for (const [name, r] of Object.entries(m.relations) as Array<[string, Relation]>) {
    if (m.objects[r.object] === undefined) p.push({ key: pointer('relations', name, 'object'), message: `Object "${r.object}" has no CRM name: add it under /objects.` });
    if (r.link.kind === 'junction' && m.objects[r.link.object] === undefined) p.push({ key: pointer('relations', name, 'link', 'object'), message: `Object "${r.link.object}" has no CRM name: add it under /objects.` });
  }
  return p;
}

function recordProblems(m: Mapping): MappingProblem[] {
  const p: MappingProblem[] = [];
  if (Object.values(m.records).includes('lead')) {
    if (m.objects.lead === undefined) p.push({ key: '/objects/lead', message: 'Required: /records sends some referrals to leads.' });
    if (m.stages.lead === undefined) p.push({ key: '/stages/lead', message: 'Required: /records sends some referrals to leads.' });
  }
  return p;
}

const esc = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
