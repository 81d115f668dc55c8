/** Resolves field paths (`Name`, `Account.Name`, `Opportunity__r.Account.Name`) against the org schema. */
import type { OrgSchema } from '../schema/org-schema.js';
import type { FieldDef, ObjectDef, SObjectRecord } from '../schema/types.js';
import type { FieldPath } from './ast.js';
import { queryError } from './lexer.js';

/** One hop through a lookup: the field holding the parent Id and the relationship's canonical name. */
export interface Hop { via: FieldDef; name: string }
export interface ResolvedPath { hops: Hop[]; field: FieldDef; /** canonical spelling for output */ parts: string[] }

export interface RecordSource {
  list(type: string, options?: { includeDeleted?: boolean }): SObjectRecord[];
  getById(id: string): { type: string; record: SObjectRecord } | undefined;
}

export function resolveObject(schema: OrgSchema, soql: string, name: string, pos: number): ObjectDef {
  const object = schema.find(name);
  if (!object || !object.queryable) {
    throw queryError('INVALID_TYPE', soql, pos, `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  return object;
}

export function resolvePath(schema: OrgSchema, soql: string, root: ObjectDef, path: FieldPath): ResolvedPath {
  const hops: Hop[] = [];
  let objects: ObjectDef[] = [root];
  const names = path.parts.slice(0, -1);
  const last = path.parts[path.parts.length - 1] ?? '';
  for (const name of names) {
    const via = firstDefined(objects, (o) => schema.relationship(o, name));
    if (!via) {
      throw queryError('INVALID_FIELD', soql, path.pos, `Didn't understand relationship '${name}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`);
    }
    hops.push({ via, name: via.relationshipName ?? name });
    objects = via.referenceTo.map((t) => schema.find(t)).filter((o): o is ObjectDef => o !== undefined);
  }
  const field = firstDefined(objects, (o) => schema.field(o, last));
  if (!field) {
    const entity = names.length === 0 ? root.name : (hops[hops.length - 1]?.via.referenceTo[0] ?? root.name);
    throw queryError('INVALID_FIELD', soql, path.pos, `No such column '${last}' on entity '${entity}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`);
  }
  return { hops, field, parts: [...hops.map((h) => h.name), field.name] };
}

/** Walks the lookups from a record; undefined when a parent is missing (null lookup or deleted parent). */
export function parentChain(source: RecordSource, record: SObjectRecord, hops: Hop[]): { type: string; record: SObjectRecord }[] | undefined {
  const chain: { type: string; record: SObjectRecord }[] = [];
  let current = record;
  for (const hop of hops) {
    const id = current[hop.via.name];
    const parent = typeof id === 'string' ? source.getById(id) : undefined;
    if (!parent || parent.record.IsDeleted === true) return undefined;
    chain.push(parent);
    current = parent.record;
  }
  return chain;
}

export function valueAt(source: RecordSource, record: SObjectRecord, path: ResolvedPath): SObjectRecord[string] | undefined {
  const chain = parentChain(source, record, path.hops);
  if (!chain) return null;
  const holder = chain.length === 0 ? record : chain[chain.length - 1]!.record;
  return holder[path.field.name] ?? null;
}

function firstDefined<T, R>(items: T[], fn: (item: T) => R | undefined): R | undefined {
  for (const item of items) {
    const found = fn(item);
    if (found !== undefined) return found;
  }
  return undefined;
}
