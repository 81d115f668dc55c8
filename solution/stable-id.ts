import { createHash } from 'node:crypto';

// Component GUIDs derived from names (RFC 4122 version 5: SHA-1 over a namespace and a name), so
// the same sources always give the same ids and an upgrade import finds its components again.

/** Fixed namespace for every id this repository derives; never change it (ids would all move). */
export const COSELL_NAMESPACE = '6f1c2d3e-8a4b-5c6d-9e0f-a1b2c3d4e5f6';

function bytesOf(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

export function uuidV5(name: string, namespace: string = COSELL_NAMESPACE): string {
  const hash = createHash('sha1').update(bytesOf(namespace)).update(name, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = ((b[6] as number) & 0x0f) | 0x50;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A short stable hex tag, for names the platform would otherwise suffix with a random hash. */
export function stableTag(name: string, length = 18): string {
  return createHash('sha1').update(name, 'utf8').digest('hex').slice(0, length);
}
