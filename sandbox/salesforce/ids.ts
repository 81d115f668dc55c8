/**
 * Salesforce record Ids: 15 case-sensitive characters (3-character key prefix + 12) and a
 * 3-character suffix that encodes the case of the first 15, so the 18-character form survives
 * case-insensitive systems. The API answers 18-character Ids and accepts both forms.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const ID_SHAPE = /^[a-zA-Z0-9]{15}(?:[A-Za-z0-5]{3})?$/;

/** The sandbox org's Id (00D is the Organization key prefix). */
export const ORG_ID = to18('00D5g000004cOsL');

export function checksumSuffix(id15: string): string {
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk += 1) {
    let bits = 0;
    for (let i = 0; i < 5; i += 1) {
      const c = id15.charAt(chunk * 5 + i);
      if (c >= 'A' && c <= 'Z') bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

export function to18(id15: string): string {
  return id15 + checksumSuffix(id15);
}

/** The 18-character form of a 15- or 18-character Id, or undefined when it is not Id-shaped (or its suffix is wrong). */
export function normalizeId(value: string): string | undefined {
  if (!ID_SHAPE.test(value)) return undefined;
  const id15 = value.slice(0, 15);
  const id18 = to18(id15);
  if (value.length === 18 && value.slice(15).toUpperCase() !== id18.slice(15)) return undefined;
  return id18;
}

export function keyPrefixOf(id: string): string {
  return id.slice(0, 3);
}

/** Issues Ids per key prefix: prefix + pod-like `5g` + a base-62 sequence, as real Ids look. */
export class IdGenerator {
  private readonly next = new Map<string, number>();

  issue(keyPrefix: string): string {
    const n = this.next.get(keyPrefix) ?? 1;
    this.next.set(keyPrefix, n + 1);
    return to18(`${keyPrefix}5g${base62(n).padStart(10, '0')}`);
  }
}

function base62(n: number): string {
  let out = '';
  let rest = n;
  do {
    out = BASE62.charAt(rest % 62) + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out;
}
