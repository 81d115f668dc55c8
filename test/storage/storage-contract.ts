import type { Storage } from '../../api/storage/types.js';
import { createContext } from './contract/context.js';
import { cursorsContract } from './contract/cursors.js';
import { auditContract } from './contract/audit.js';
import { inboxSyncKeysContract } from './contract/inbox-sync-keys.js';
import { inboxContract } from './contract/inbox.js';
import { lifecycleContract } from './contract/lifecycle.js';
import { mappingsContract } from './contract/mappings.js';
import { outboxContract } from './contract/outbox.js';
import { processesContract } from './contract/processes.js';
import { referralMirrorContract } from './contract/referral-mirror.js';
import { subscriptionsContract } from './contract/subscriptions.js';
import { syncLinksContract } from './contract/sync-links.js';
import { syncQueueContract } from './contract/sync-queue.js';
import { syncRunsContract } from './contract/sync-runs.js';
import type { StorageBackend } from './harness.js';

/**
 * The one behaviour suite every storage backend must pass. `open` gives a fresh, empty, migrated
 * storage in a place of its own; `backend` lets the suite open more instances, and child processes,
 * on the same data.
 */
export function describeStorageContract(name: string, open: () => Promise<Storage>, backend: StorageBackend): void {
  describe(`storage contract: ${name}`, () => {
    const ctx = createContext(open, backend);
    afterEach(() => ctx.closeAll());

    inboxContract(ctx);
    referralMirrorContract(ctx);
    subscriptionsContract(ctx);
    outboxContract(ctx);
    cursorsContract(ctx);
    syncLinksContract(ctx);
    auditContract(ctx);
    syncQueueContract(ctx);
    inboxSyncKeysContract(ctx);
    syncRunsContract(ctx);
    mappingsContract(ctx);
    lifecycleContract(ctx);
    processesContract(ctx);
  });
}
