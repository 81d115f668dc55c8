import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startProduct, type RunningProduct } from '../../api/compose.js';
import { loadConfig } from '../../api/config/load.js';
import { DataverseGateway, type BatchUsage } from '../../api/dataverse/index.js';
import type { CrmGateway, CrmUsage } from '../../api/domain/crm.js';
import { silentLogger } from '../../api/logging/logger.js';
import type { SyncRun } from '../../api/storage/types.js';
import { serveTarget } from '../target-child.js';

/** The product's configuration as environment variables (sandbox mode, SANDBOX_URL pointing at a sandbox of its own). */
export interface SyncProductInit {
  env: Record<string, string>;
  tenantId: string;
}

/** POST {control}/mirror-fill: until the first mirror pass is done. */
export interface MirrorFillReport { msSinceStart: number; referrals: number; cpuMs: number }

/**
 * POST {control}/backfill: a backfill run started and waited for in this process. The batch usage
 * (`$batch` calls and the requests inside them) is the Dataverse gateway's; absent for Salesforce.
 */
export interface BackfillReport {
  ms: number; run: SyncRun; usageBefore: CrmUsage; usageAfter: CrmUsage; cpuMs: number; links: number;
  batchUsageBefore?: BatchUsage; batchUsageAfter?: BatchUsage;
}

/** GET {control}/info */
export interface ProductInfo { productUrl: string }

/** GET {control}/usage */
export interface UsageReport { usage: CrmUsage | null; batchUsage?: BatchUsage; cpuMs: number; maxRssBytes: number }

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const batchUsageOf = (gateway: CrmGateway | undefined) => (gateway instanceof DataverseGateway ? gateway.batchUsage() : undefined);

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * The whole product with the CRM sync, in its own process, plus a bench-only control server on a
 * second loopback port: it reaches what only this process holds (the sync engine, the gateway's call
 * tally, the mirror pass), the way test/sync/sync-fixture.ts does in-process. The target's URL is the
 * control server's; GET /info gives the product's.
 */
serveTarget<SyncProductInit>(async ({ env, tenantId }) => {
  const config = loadConfig(env);
  if (config.mode !== 'sandbox') throw new Error('bench targets run the product in sandbox mode only');
  const startedAt = performance.now();
  const product: RunningProduct = await startProduct(config, { logger: silentLogger() });

  const routes: Record<string, () => Promise<unknown>> = {
    'GET /info': () => Promise.resolve({ productUrl: product.url } satisfies ProductInfo),
    'POST /mirror-fill': async () => {
      await product.syncMirror();
      const report: MirrorFillReport = { msSinceStart: performance.now() - startedAt, referrals: await product.storage.referrals.count(tenantId), cpuMs: cpuMs() };
      return report;
    },
    'POST /backfill': async () => {
      const sync = product.crmSync;
      const gateway = product.crmGateway;
      if (!sync || !gateway) throw new Error('the product runs without the CRM sync');
      const usageBefore = gateway.usage();
      const batchUsageBefore = batchUsageOf(gateway);
      const cpuBefore = cpuMs();
      const t0 = performance.now();
      const started = await sync.startReconciliation(tenantId, { dryRun: false, kind: 'backfill' });
      const run = await sync.reconciler.wait(started.id);
      if (!run) throw new Error(`reconciliation ${started.id} is not running in this process`);
      const ms = performance.now() - t0;
      const links = await product.storage.links.count(tenantId);
      const batchUsageAfter = batchUsageOf(gateway);
      const report: BackfillReport = {
        ms, run, usageBefore, usageAfter: gateway.usage(), cpuMs: cpuMs() - cpuBefore, links,
        ...(batchUsageBefore && batchUsageAfter ? { batchUsageBefore, batchUsageAfter } : {}),
      };
      return report;
    },
    'GET /usage': () => {
      const batchUsage = batchUsageOf(product.crmGateway);
      const report: UsageReport = { usage: product.crmGateway?.usage() ?? null, ...(batchUsage ? { batchUsage } : {}), cpuMs: cpuMs(), maxRssBytes: process.resourceUsage().maxRSS * 1024 };
      return Promise.resolve(report);
    },
  };
  const control = createServer((req: IncomingMessage, res: ServerResponse) => {
    const route = routes[`${req.method} ${req.url}`];
    if (!route) { json(res, 404, { error: 'no such control route' }); return; }
    route().then((body) => json(res, 200, body), (err: unknown) => json(res, 500, { error: err instanceof Error ? err.message : String(err) }));
  });
  // Long backfills: no request or headers timeout on the control channel.
  control.requestTimeout = 0;
  control.headersTimeout = 0;
  await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
  const controlPort = (control.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${controlPort}`,
    close: async () => {
      control.closeAllConnections();
      await new Promise<void>((resolve) => control.close(() => resolve()));
      await product.close();
    },
  };
});
