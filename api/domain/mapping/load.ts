import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { mappingSchema as schema } from './schema.js';
import { MappingError, type MappingProblem } from './mapping-error.js';
import { pointer, semanticProblems } from './semantics.js';
import type { FieldMapping, FieldOverride, Mapping, MappingOverride, Relation, Relations, StageNames } from './types.js';

const ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
ajv.addSchema(schema);
const validateMapping = ajv.getSchema(schema.$id)!;
const validateOverride = ajv.compile({ $ref: `${schema.$id}#/definitions/override` });

/** A complete mapping document, checked against the JSON Schema and the rules beyond it. */
export function parseMapping(json: unknown): Mapping {
  check(validateMapping, json);
  const mapping = withoutSchemaKey(structuredClone(json as Mapping));
  const problems = semanticProblems(mapping);
  if (problems.length > 0) throw new MappingError(problems);
  return mapping;
}

/**
 * Applies a user's override to the defaults. The override lists only what it changes: field entries
 * by `id` (a listed key replaces the default's, `null` removes it, direction `off` disables the
 * entry), new entries in full, and single keys of objects, records, stages and relations. Problems
 * name keys of the override file, whichever document they come from.
 */
export function mergeMapping(defaults: Mapping, override: unknown): Mapping {
  const invalid = problemsOf(validateOverride, override);
  if (invalid.length > 0) throw new MappingError([...invalid, ...duplicateIds(override)]);
  const o = override as MappingOverride;
  if (o.crm !== undefined && o.crm !== defaults.crm) {
    throw new MappingError([{ key: '/crm', message: `This override is for ${o.crm} but the defaults are for ${defaults.crm}.` }]);
  }
  const { fields, origin, problems } = mergeFields(defaults.fields, o.fields ?? []);
  const merged: Mapping = {
    version: 1,
    crm: defaults.crm,
    objects: { ...defaults.objects, ...o.objects },
    records: { ...defaults.records, ...o.records },
    fields,
    stages: mergeStages(defaults.stages, o.stages),
    relations: mergeRelations(defaults.relations, o.relations),
  };
  const description = o.description ?? defaults.description;
  if (description !== undefined) merged.description = description;
  const fieldKey = (i: number): string => origin[i] ?? pointer('fields', i);
  const schemaProblems = problemsOf(validateMapping, merged).map((p) => ({ ...p, key: p.key.replace(/^\/fields\/(\d+)/, (_, i: string) => fieldKey(Number(i))) }));
  const all = [...problems, ...schemaProblems, ...(schemaProblems.length === 0 ? semanticProblems(merged, fieldKey) : [])];
  if (all.length > 0) throw new MappingError(all);
  return merged;
}

function mergeFields(defaults: FieldMapping[], overrides: FieldOverride[]): { fields: FieldMapping[]; origin: string[]; problems: MappingProblem[] } {
  const fields = defaults.map((f) => structuredClone(f));
  const origin = defaults.map((_, i) => `(defaults)${pointer('fields', i)}`);
  const problems: MappingProblem[] = [];
  const touched = new Map<string, number>();
  overrides.forEach((entry, k) => {
    const first = touched.get(entry.id);
    if (first !== undefined) { problems.push({ key: pointer('fields', k, 'id'), message: `Duplicate id "${entry.id}": ${pointer('fields', first)} already changes it.` }); return; }
    touched.set(entry.id, k);
    const at = fields.findIndex((f) => f.id === entry.id);
    const base: Record<string, unknown> = at >= 0 ? { ...fields[at] } : {};
    for (const [key, value] of Object.entries(entry)) {
      if (value === null) delete base[key];
      else base[key] = structuredClone(value);
    }
    if (at >= 0) { fields[at] = base as unknown as FieldMapping; origin[at] = pointer('fields', k); }
    else { fields.push(base as unknown as FieldMapping); origin.push(pointer('fields', k)); }
  });
  return { fields, origin, problems };
}

/** Duplicate ids are worth reporting with the schema's problems: both are typing slips in one file. */
function duplicateIds(override: unknown): MappingProblem[] {
  const fields = (override as { fields?: unknown } | null)?.fields;
  if (!Array.isArray(fields)) return [];
  const seen = new Map<string, number>();
  const problems: MappingProblem[] = [];
  fields.forEach((entry: unknown, k) => {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    const first = seen.get(id);
    if (first !== undefined) problems.push({ key: pointer('fields', k, 'id'), message: `Duplicate id "${id}": ${pointer('fields', first)} already changes it.` });
    else seen.set(id, k);
  });
  return problems;
}

function mergeStages(d: Mapping['stages'], o: MappingOverride['stages']): Mapping['stages'] {
  const one = (base: StageNames | undefined, over: Partial<StageNames> | undefined): StageNames | undefined =>
    base === undefined && over === undefined ? undefined : { ...base, ...over } as StageNames;
  const lead = one(d.lead, o?.lead);
  return { opportunity: one(d.opportunity, o?.opportunity) ?? d.opportunity, ...(lead !== undefined ? { lead } : {}) };
}

function mergeRelations(d: Relations, o: MappingOverride['relations']): Relations {
  const out: Relations = structuredClone(d);
  for (const [name, over] of Object.entries(o ?? {}) as Array<[keyof Relations, Partial<Relation>]>) {
    out[name] = { ...out[name], ...structuredClone(over) } as Relation;
  }
  return out;
}

function check(validate: ValidateFunction, json: unknown): void {
  const problems = problemsOf(validate, json);
  if (problems.length > 0) throw new MappingError(problems);
}

function problemsOf(validate: ValidateFunction, json: unknown): MappingProblem[] {
  if (validate(json)) return [];
  return readable(validate.errors ?? []);
}

/**
 * Ajv errors as one problem per offending key: the missing or unknown key itself rather than its
 * parent, and without the noise of the combinators (`anyOf` with null, `if`/`then`).
 */
function readable(errors: ErrorObject[]): MappingProblem[] {
  const specific = errors.filter((e) => !['anyOf', 'oneOf', 'if'].includes(e.keyword) && !(e.keyword === 'type' && (e.params as { type?: unknown }).type === 'null'));
  const chosen = specific.length > 0 ? specific : errors;
  const out = new Map<string, MappingProblem>();
  for (const e of chosen) {
    const p = problemOf(e);
    out.set(`${p.key} ${p.message}`, p);
  }
  return [...out.values()];
}

function problemOf(e: ErrorObject): MappingProblem {
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return { key: `${e.instancePath}${pointer(String(params.missingProperty))}`, message: 'Required.' };
    case 'additionalProperties': return { key: `${e.instancePath}${pointer(String(params.additionalProperty))}`, message: 'Unknown key.' };
    case 'enum': return { key: e.instancePath, message: `Must be one of: ${(params.allowedValues as unknown[]).map(String).join(', ')}.` };
    case 'const': return { key: e.instancePath, message: `Must be ${JSON.stringify(params.allowedValue)}.` };
    default: return { key: e.instancePath, message: `${e.message ?? 'Invalid'}.`.replace(/^must/, 'Must') };
  }
}

function withoutSchemaKey(m: Mapping & { $schema?: string }): Mapping {
  delete m.$schema;
  return m;
}
