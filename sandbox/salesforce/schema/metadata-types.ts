/**
 * Metadata API components as jsforce sends them (`conn.metadata.upsert('CustomField', {...})`) and as
 * they arrive once the SOAP XML is parsed: every leaf may be a string, so readers coerce.
 */
export type MetadataValue = string | number | boolean | null | MetadataValue[] | MetadataObject;
export interface MetadataObject { [key: string]: MetadataValue }

export type MetadataType = 'CustomField' | 'CustomObject' | 'PermissionSet';
export const SUPPORTED_METADATA_TYPES: readonly MetadataType[] = ['CustomField', 'CustomObject', 'PermissionSet'];

export interface MetadataComponent { type: MetadataType; metadata: MetadataObject }

/** A SaveResult/UpsertResult of the Metadata API. */
export interface MetadataResult {
  fullName: string;
  success: boolean;
  created?: boolean;
  errors?: { statusCode: string; message: string; fields?: string }[];
}

export function str(value: MetadataValue | undefined): string | undefined {
  if (value === undefined || value === null || typeof value === 'object') return undefined;
  return String(value);
}

export function bool(value: MetadataValue | undefined): boolean {
  return str(value) === 'true';
}

export function num(value: MetadataValue | undefined): number | undefined {
  const s = str(value);
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

export function list(value: MetadataValue | undefined): MetadataValue[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function obj(value: MetadataValue | undefined): MetadataObject | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
}
