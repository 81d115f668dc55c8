/**
 * JSON Patch (RFC 6902) as the Referrals API supports it: "The API currently only supports the
 * `replace` and `add` operations." Operations apply to a deep copy, so a failing operation leaves
 * the stored referral untouched (the patch is atomic).
 *
 * Deviation from strict RFC 6902, chosen to match a typed .NET model: `replace` of a missing object
 * member behaves like `add` (the real resource always has every documented property, often null,
 * while stored pass-through data may omit it). Parents must still exist.
 */
import { invalidRequest } from './errors.js';
import { parseIndex, parsePointer } from './json-pointer.js';
import { isPlainObject, setOwn } from './json-values.js';

export interface PatchOperation { op: 'add' | 'replace'; path: string; segments: string[]; value: unknown }

const UNSUPPORTED_OPS = new Set(['remove', 'move', 'copy', 'test']);

/** Validates the request body as a patch document; `readOnly` top-level members may not be targeted. */
export function parsePatch(body: unknown, readOnly: readonly string[]): PatchOperation[] {
  if (!Array.isArray(body)) {
    throw invalidRequest('The request body must be a JSON Patch document (an array of operations).', 'body');
  }
  if (body.length === 0) throw invalidRequest('The patch document must contain at least one operation.', 'body');
  return body.map((raw: unknown, i) => {
    if (!isPlainObject(raw)) throw invalidRequest(`Operation ${i} must be an object.`, `[${i}]`);
    const op = typeof raw.op === 'string' ? raw.op.toLowerCase() : undefined;
    if (op !== 'add' && op !== 'replace') {
      const detail = op !== undefined && UNSUPPORTED_OPS.has(op)
        ? `'${op}' is not supported; the API only supports the replace and add operations.`
        : `'${String(raw.op)}' is not a valid operation; use add or replace.`;
      throw invalidRequest(`Operation ${i}: ${detail}`, `[${i}].op`);
    }
    if (typeof raw.path !== 'string') throw invalidRequest(`Operation ${i} needs a string 'path'.`, `[${i}].path`);
    if (!('value' in raw) || raw.value === undefined) {
      throw invalidRequest(`Operation ${i} needs a 'value'.`, `[${i}].value`);
    }
    const segments = parsePointer(raw.path, `[${i}].path`);
    const [head] = segments;
    if (head === undefined) throw invalidRequest(`Operation ${i} cannot ${op} the whole referral.`, `[${i}].path`);
    if (readOnly.includes(head)) {
      throw invalidRequest(`Operation ${i}: '/${head}' is set by the service and cannot be changed.`, raw.path);
    }
    return { op, path: raw.path, segments, value: raw.value };
  });
}

/** Applies the operations to a copy of `doc` and returns the copy. */
export function applyPatch<T extends Record<string, unknown>>(doc: T, operations: readonly PatchOperation[]): T {
  const copy = structuredClone(doc);
  for (const operation of operations) applyOne(copy, operation);
  return copy;
}

function applyOne(root: Record<string, unknown>, { op, path, segments, value }: PatchOperation): void {
  const parentSegments = segments.slice(0, -1);
  const last = segments[segments.length - 1] as string;
  let node: unknown = root;
  for (const segment of parentSegments) node = child(node, segment, path);

  if (Array.isArray(node)) {
    const length = node.length;
    if (last === '-') {
      if (op === 'replace') throw invalidRequest(`'${path}': replace cannot target '-'.`, path);
      node.push(structuredClone(value));
      return;
    }
    const index = parseIndex(last);
    const max = op === 'add' ? length : length - 1;
    if (index === undefined || index > max) {
      throw invalidRequest(`'${path}': array index '${last}' is out of range (length ${length}).`, path);
    }
    if (op === 'add') node.splice(index, 0, structuredClone(value));
    else node[index] = structuredClone(value);
    return;
  }
  if (isPlainObject(node)) {
    setOwn(node, last, structuredClone(value));
    return;
  }
  throw invalidRequest(`'${path}': the parent of '${last}' is not an object or array.`, path);
}

function child(node: unknown, segment: string, path: string): unknown {
  if (Array.isArray(node)) {
    const index = parseIndex(segment);
    if (index !== undefined && index < node.length) return node[index];
  } else if (isPlainObject(node) && Object.hasOwn(node, segment)) {
    const next = node[segment];
    if (next !== null && typeof next === 'object') return next;
  }
  throw invalidRequest(`'${path}': '${segment}' does not exist or is not an object or array.`, path);
}
