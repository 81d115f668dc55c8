/**
 * JSON Pointer (RFC 6901) for PATCH paths such as `/details/dealValue` or `/team/-`.
 */
import { invalidRequest } from './errors.js';

/** Splits a pointer into unescaped reference tokens; `''` is the whole document. */
export function parsePointer(pointer: string, target = 'path'): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw invalidRequest(`'${pointer}' is not a JSON Pointer; it must start with '/'.`, target);
  }
  return pointer.slice(1).split('/').map((token) => {
    if (/~(?![01])/.test(token)) {
      throw invalidRequest(`'${pointer}' has an invalid escape; only ~0 and ~1 are allowed.`, target);
    }
    return token.replace(/~1/g, '/').replace(/~0/g, '~');
  });
}

export function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** An array index token: `0` or a number without leading zeros. */
export function parseIndex(token: string): number | undefined {
  return /^(0|[1-9]\d*)$/.test(token) ? Number(token) : undefined;
}
