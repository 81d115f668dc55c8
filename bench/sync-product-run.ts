import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQLITE_FILE_NAME } from '../api/storage/sqlite/connection.js';
import { sandboxIdentityDefaults } from '../sandbox/identity/index.js';
import { control } from './control-client.js';
import type { BenchmarkContext } from './harness.js';
import type { RunningTarget } from './target-process.js';
import type { BackfillReport, MirrorFillReport, ProductInfo, SyncProductInit } from './targets/sync-product.js';
import { TARGET_SCRIPTS } from './targets/scripts.js';

/** The product's tenant in sandbox mode (the sandbox identity provider's). */
export const SANDBOX_TENANT = sandboxIdentityDefaults().tenantId;

/** A product started by a benchmark against a sandbox process, with its control routes and its own embedded store. */
export interface SyncProduct {
  target: RunningTarget;
  productUrl: string;
  /** The product's SQLite file, which the sandbox process may read (read-only) to see the mirror. */
  dbFile: string;
  mirrorFill(): Promise<MirrorFillReport>;
  backfill(): Promise<BackfillReport>;
  stop(): Promise<void>;
}

/**
 * Starts the product in its own process, in sandbox mode against the sandbox process (SANDBOX_URL),
 * with the pipeline on and the CRM sync on or off; a fresh store per product, removed at stop.
 */
export async function startSyncProduct(ctx: BenchmarkContext, name: string, sandboxUrl: string, env: Record<string, string>): Promise<SyncProduct> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cosell-bench-sync-'));
  const init: SyncProductInit = {
    env: { PORT: '0', HOST: '127.0.0.1', SANDBOX_URL: `${sandboxUrl}/sandbox`, LOG_LEVEL: 'silent', DATA_DIR: dataDir, ...env },
    tenantId: SANDBOX_TENANT,
  };
  let target: RunningTarget;
  try {
    target = await ctx.startTarget(name, TARGET_SCRIPTS.syncProduct, init);
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const { productUrl } = await control<ProductInfo>(target.url, 'GET', 'info');
  return {
    target,
    productUrl,
    dbFile: join(dataDir, SQLITE_FILE_NAME),
    mirrorFill: () => control<MirrorFillReport>(target.url, 'POST', 'mirror-fill'),
    backfill: () => control<BackfillReport>(target.url, 'POST', 'backfill'),
    async stop() {
      await target.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
