import { createHash } from 'node:crypto';
import type { SyncView } from './view.js';

/** A stable hash of a view: the same values give the same text whatever the key order. */
export function fingerprint(view: SyncView): string {
  const keys = Object.keys(view).sort();
  return createHash('sha256').update(JSON.stringify(keys.map((k) => [k, view[k] ?? null]))).digest('base64url').slice(0, 22);
}
