/**
 * The resource part of a Web API URL, below `/api/data/v9.2/`: an entity set, one row by GUID
 * (`opportunities(<guid>)`) or by alternate key (`opportunities(msp_referralidentifier='R-1')`,
 * several parts comma-separated, a lookup part as `_x_value=<guid>`), a row's single-valued
 * navigation `$ref`, or an unbound function or action.
 */
import { badRequest, invalidKey, resourceNotFound } from '../errors.js';
import type { EntityCatalog } from '../schema/catalog.js';
import type { EntityDefinition } from '../schema/types.js';
import type { RecordStore } from '../store/record-store.js';
import type { StoredValue } from '../store/types.js';

export type ResourcePath =
  | { kind: 'collection'; entity: EntityDefinition }
  | RecordPath
  | { kind: 'reference'; record: RecordPath; navigation: string }
  | { kind: 'operation'; name: string };

export interface RecordPath { kind: 'record'; entity: EntityDefinition; id?: string; key?: Record<string, StoredValue>; keyName?: string }

export const OPERATIONS = new Set(['WhoAmI', 'WinOpportunity', 'LoseOpportunity']);
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function parseResourcePath(path: string, catalog: EntityCatalog): ResourcePath {
  const text = path.replace(/^\/+/, '').replace(/\/+$/, '');
  const end = keyEnd(text);
  const head = /^([A-Za-z0-9_.$]+)(?:\((.*)\))?$/s.exec(text.slice(0, end));
  if (!head) throw resourceNotFound(text.split('/')[0] ?? text);
  const name = head[1]!;
  const keyText = head[2];
  const rest = text.slice(end).replace(/^\//, '');
  const operation = name.replace(/^Microsoft\.Dynamics\.CRM\./, '');
  if (OPERATIONS.has(operation)) {
    if (rest !== '' || (keyText !== undefined && keyText.trim() !== '')) throw resourceNotFound(text);
    return { kind: 'operation', name: operation };
  }
  const entity = catalog.entitySet(name);
  if (!entity) throw resourceNotFound(name);
  if (keyText === undefined) {
    if (rest !== '') throw resourceNotFound(rest.split('/')[0]!);
    return { kind: 'collection', entity };
  }
  const record = parseKey(entity, keyText);
  if (rest === '') return record;
  const ref = /^([A-Za-z0-9_]+)\/\$ref$/.exec(rest);
  if (ref && catalog.navigation(entity.logicalName, ref[1]!)) return { kind: 'reference', record, navigation: ref[1]! };
  throw resourceNotFound(rest.split('/')[0]!);
}

/** The row id a record path names, or undefined when no row has it. */
export function resolveRecordId(path: RecordPath, store: RecordStore): string | undefined {
  if (path.id !== undefined) return store.get(path.entity.logicalName, path.id) ? path.id : undefined;
  const row = store.findByKey(path.entity.logicalName, path.key!);
  return row ? (row[path.entity.primaryIdAttribute] as string) : undefined;
}

/** Index just after the head segment's key parentheses (or of the name when there is none). */
function keyEnd(text: string): number {
  const open = text.search(/[(/]/);
  if (open === -1) return text.length;
  if (text[open] === '/') return open;
  let quoted = false;
  for (let i = open + 1; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'") {
      if (quoted && text[i + 1] === "'") { i += 1; continue; }
      quoted = !quoted;
    } else if (ch === ')' && !quoted) {
      return i + 1;
    }
  }
  throw badRequest(`Bad Request - Error in query syntax: unbalanced parentheses in '${text}'.`);
}

function parseKey(entity: EntityDefinition, keyText: string): RecordPath {
  const trimmed = keyText.trim();
  if (GUID.test(trimmed)) return { kind: 'record', entity, id: trimmed.toLowerCase() };
  const parts = splitKeyParts(trimmed).map((part) => {
    const eq = part.indexOf('=');
    if (eq <= 0) throw invalidKey(entity.logicalName);
    return [part.slice(0, eq).trim(), parseKeyValue(part.slice(eq + 1).trim(), entity)] as const;
  });
  if (parts.length === 1 && parts[0]![0] === entity.primaryIdAttribute && typeof parts[0]![1] === 'string' && GUID.test(parts[0]![1])) {
    return { kind: 'record', entity, id: parts[0]![1].toLowerCase() };
  }
  const columns = parts.map(([name]) => /^_(.+)_value$/.exec(name)?.[1] ?? name);
  const key = entity.alternateKeys.find((k) => k.attributes.length === columns.length && k.attributes.every((a) => columns.includes(a)));
  if (!key) throw invalidKey(entity.logicalName);
  const values: Record<string, StoredValue> = {};
  parts.forEach(([, value], i) => {
    const column = columns[i]!;
    const attribute = entity.attributes.find((a) => a.logicalName === column)!;
    values[column] = attribute.type === 'lookup' ? (typeof value === 'string' && GUID.test(value) ? { id: value.toLowerCase(), logicalName: attribute.targets[0]! } : fail(entity)) : value;
  });
  return { kind: 'record', entity, key: values, keyName: key.name };
}

function fail(entity: EntityDefinition): never {
  throw invalidKey(entity.logicalName);
}

function splitKeyParts(text: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (ch === "'") {
      if (quoted && text[i + 1] === "'") { current += "''"; i += 1; continue; }
      quoted = !quoted;
    }
    if (ch === ',' && !quoted) { parts.push(current); current = ''; continue; }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function parseKeyValue(text: string, entity: EntityDefinition): StoredValue {
  if (/^'.*'$/s.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (GUID.test(text)) return text.toLowerCase();
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return fail(entity);
}
