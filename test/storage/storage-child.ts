/**
 * A separate process for the contract suite's multi-process tests, forked with child_process.fork.
 * It opens the storage named in COSELL_STORAGE_CHILD (JSON) and, after the parent's "go":
 * - `accept`: accepts events in a loop, reporting each id over IPC only once accept() has resolved
 *   and the report has been handed to the IPC channel, until it is killed;
 * - `claim`: claims the tenant's events in small batches until none are due, reporting what it got;
 * - `claim-sync`: the same with sync-queue jobs;
 * - `migrate`: opens (and so migrates) the storage, reports, exits.
 */
import { openStorage, type OpenStorageOptions } from '../../api/storage/index.js';

export interface ChildConfig {
  mode: 'accept' | 'claim' | 'claim-sync' | 'migrate';
  place: OpenStorageOptions;
  tenantId: string;
  /** Prefix for dedupe keys in `accept` mode, so restarted children never collide. */
  prefix?: string;
}

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'accepted'; id: string; dedupeKey: string }
  | { type: 'claimed'; ids: string[] }
  | { type: 'migrated' }
  | { type: 'done' };

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) { reject(new Error('not forked with an IPC channel')); return; }
    process.send(message, undefined, {}, (error) => { if (error) reject(error); else resolve(); });
  });
}

function waitForGo(): Promise<void> {
  return new Promise((resolve) => { process.once('message', () => { resolve(); }); });
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env['COSELL_STORAGE_CHILD'] ?? '') as ChildConfig;
  const go = waitForGo();
  if (config.mode === 'migrate') {
    await send({ type: 'ready' });
    await go;
    const storage = await openStorage(config.place);
    await storage.close();
    await send({ type: 'migrated' });
    return;
  }
  const storage = await openStorage(config.place);
  await send({ type: 'ready' });
  await go;
  if (config.mode === 'accept') {
    for (let i = 0; ; i += 1) {
      const dedupeKey = `${config.prefix ?? 'k'}-${i}`;
      const { event } = await storage.inbox.accept({
        tenantId: config.tenantId, dedupeKey, eventName: 'referral-created', resourceId: `r-${i}`, resourceChangeAt: null,
        body: JSON.stringify({ dedupeKey }), receivedAt: new Date().toISOString(),
      });
      await send({ type: 'accepted', id: event.id, dedupeKey });
    }
  }
  const workerId = `child-${process.pid}`;
  for (;;) {
    const lease = { workerId, leaseMs: 600_000, now: new Date() };
    const claimed = config.mode === 'claim-sync' ? await storage.syncQueue.claim(3, lease) : await storage.inbox.claim(3, lease);
    if (claimed.length === 0) break;
    await send({ type: 'claimed', ids: claimed.map((e) => e.id) });
  }
  await storage.close();
  await send({ type: 'done' });
}

main().then(
  () => { process.disconnect?.(); },
  (error: unknown) => { console.error(error); process.exit(1); },
);
