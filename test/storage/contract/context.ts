import type { OpenStorageOptions } from '../../../api/storage/index.js';
import type { InboxOutcome, NewDelivery, Storage, StoredReferral } from '../../../api/storage/types.js';
import type { StorageBackend } from '../harness.js';
import { at, newEvent } from '../fixtures.js';

/** What each part of the contract suite gets: storages that are closed after each test. */
export interface ContractContext {
  backend: StorageBackend;
  /** A fresh, empty, migrated storage. */
  open(): Promise<Storage>;
  /** Another instance on the same data as `storage`: what a second process sees. */
  openBeside(storage: Storage): Promise<Storage>;
  /** Opens a storage at a given place. */
  openAt(place: OpenStorageOptions): Promise<Storage>;
}

export function createContext(open: () => Promise<Storage>, backend: StorageBackend): ContractContext & { closeAll(): Promise<void> } {
  const opened: Storage[] = [];
  const track = (s: Storage) => { opened.push(s); return s; };
  return {
    backend,
    open: async () => track(await open()),
    openBeside: async (storage) => track(await backend.openAt(backend.placeOf(storage))),
    openAt: async (place) => track(await backend.openAt(place)),
    async closeAll() {
      for (const s of opened.splice(0)) await s.close();
    },
  };
}

/**
 * Runs one event of `tenantId` through the inbox with the given effects, as a worker would:
 * accept, claim, complete. Assumes no other event is due in the storage.
 */
export async function processEvent(
  storage: Storage,
  tenantId: string,
  effects: { referral?: StoredReferral; deliveries?: NewDelivery[]; ignore?: boolean; syncKeys?: string[] },
  nowMs = 0,
): Promise<InboxOutcome | 'lost-lease'> {
  const { event } = await storage.inbox.accept(newEvent(tenantId, { receivedAt: at(nowMs - 1).toISOString() }));
  const claimed = await storage.inbox.claim(100, { workerId: 'helper', leaseMs: 60_000, now: at(nowMs) });
  if (!claimed.some((e) => e.id === event.id)) throw new Error('processEvent: the event was not claimed');
  return storage.inbox.complete(event.id, 'helper', effects, at(nowMs));
}
