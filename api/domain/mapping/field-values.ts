import { getPath } from './referral-paths.js';
import { isEmpty, toCrmValue, toPartnerCenterValue } from './transforms.js';
import type { FieldMapping, Scalar } from './types.js';

/** Something a mapping could not carry across, said in terms an admin can act on. */
export interface MappingWarning {
  field: string;
  message: string;
}

/** `undefined` means "write nothing"; `null` means "write empty". */
export type Converted = { value: unknown } | { skip: true; warning?: MappingWarning };

/** One field, Partner Center → CRM, read from `source` at `path` (the referral, or one item of a list). */
export function fieldToCrm(f: FieldMapping, source: unknown, path: string | undefined = f.referral): Converted {
  if (f.constant !== undefined) return { value: f.constant };
  const raw = path === undefined ? undefined : getPath(source, path);
  const fallback = f.default?.toCrm;
  if (isEmpty(raw)) return fallback !== undefined ? { value: fallback } : { skip: true };
  const map = f.valueMap?.toCrm;
  if (map !== undefined) return lookup(map, raw, fallback, f.id, 'valueMap.toCrm');
  const value = toCrmValue(f.transform, raw);
  if (value !== undefined) return { value };
  return fallback !== undefined ? { value: fallback } : { skip: true, warning: { field: f.id, message: `${JSON.stringify(raw)} cannot be read as ${f.transform ?? 'a value'}; left unchanged.` } };
}

/** One field, CRM → Partner Center, from the CRM value itself. */
export function fieldToPartnerCenter(f: FieldMapping, raw: unknown): Converted {
  if (f.constant !== undefined) return { value: f.constant };
  const fallback = f.default?.toPartnerCenter;
  if (isEmpty(raw)) return fallback !== undefined ? { value: fallback } : { skip: true };
  const map = f.valueMap?.toPartnerCenter ?? (f.direction === 'both' && f.valueMap?.toCrm !== undefined ? invert(f.valueMap.toCrm) : undefined);
  if (map !== undefined) return lookup(map, raw, fallback, f.id, 'valueMap.toPartnerCenter');
  const value = toPartnerCenterValue(f.transform, raw);
  if (value !== undefined) return { value };
  return fallback !== undefined ? { value: fallback } : { skip: true, warning: { field: f.id, message: `${JSON.stringify(raw)} cannot be read as ${f.transform ?? 'a value'}; left unchanged.` } };
}

function lookup(map: Record<string, Scalar>, raw: unknown, fallback: Scalar | undefined, id: string, where: string): Converted {
  const key = String(raw);
  if (Object.hasOwn(map, key)) return { value: map[key] };
  if (fallback !== undefined) return { value: fallback };
  return { skip: true, warning: { field: id, message: `${JSON.stringify(raw)} has no entry in ${where}; left unchanged.` } };
}

/** The way back of a one-to-one map (the loader refuses a `both` map that is not one-to-one). */
function invert(map: Record<string, Scalar>): Record<string, Scalar> {
  return Object.fromEntries(Object.entries(map).filter(([, v]) => v !== null).map(([k, v]) => [String(v), k]));
}
