// Narrowing helpers for parsed JSON whose shape is not trusted: the validator must report on bad
// documents, not crash on them.

export type JsonObject = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asRecord(value: unknown): JsonObject | undefined {
  return isRecord(value) ? value : undefined;
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asArray(value: unknown): readonly unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

/** The record's entries whose values are objects, in document order. */
export function recordEntries(value: unknown): Array<[string, JsonObject]> {
  const record = asRecord(value);
  if (!record) return [];
  return Object.entries(record).filter((entry): entry is [string, JsonObject] => isRecord(entry[1]));
}

/** A non-empty, non-blank string, or undefined. */
export function nonBlank(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
