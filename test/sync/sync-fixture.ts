import { randomUUID } from 'node:crypto';
import type { CrmSync } from '../../api/crm-sync/index.js';
import type { AuditEntry } from '../../api/storage/types.js';
import { SELLER_USER_ID } from '../../sandbox/salesforce/index.js';
import type { SalesforceEmulator } from '../../sandbox/salesforce/index.js';
import type { PartnerCenterEmulator } from '../../sandbox/partner-center/index.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';

export { incomingCoSell } from '../helpers/referrals.js';

type Row = Record<string, unknown>;

/** The product in sandbox mode with the Salesforce sync on; polls and settling are driven by the test. */
export interface SyncFixture {
  t: TestProduct;
  pc: PartnerCenterEmulator;
  sf: SalesforceEmulator;
  sync: CrmSync;
  tenantId: string;
  /** Until the pipeline and the sync worker have nothing due. */
  settle(): Promise<void>;
  /** A CRM poll, then settle. */
  poll(): Promise<void>;
  /** Changes a referral as Partner Center would (new updatedDateTime and eTag), which sends its webhook. */
  pcChange(id: string, change: (r: Row) => void): Row;
  /** A seller's edit in Salesforce. */
  sellerUpdate(object: string, id: string, values: Row): void;
  sellerInsert(object: string, values: Row): string;
  opportunityFor(referralId: string): Row | undefined;
  audit(referralId: string): Promise<AuditEntry[]>;
  auditOfRecord(crmId: string): Promise<AuditEntry[]>;
  close(): Promise<void>;
}

let tick = 0;
/** A strictly increasing Partner Center timestamp (7 fractional digits, as the service writes). */
export function pcNow(): string {
  tick += 1;
  const d = new Date(Date.now() + tick);
  return d.toISOString().replace(/Z$/, '0000Z');
}

export async function startSyncFixture(env: Record<string, string> = {}): Promise<SyncFixture> {
  const t = await startTestProduct({ CRM: 'salesforce', PIPELINE_CONCURRENCY: '2', SYNC_CONCURRENCY: '2', CRM_POLL_INTERVAL_S: '3600', MIRROR_SYNC_INTERVAL_S: '86400', ...env }, {
    pipeline: { pollIntervalMs: 25, inboxRetryBaseMs: 10, inboxRetryMaxMs: 50 },
  });
  const sync = t.product.crmSync!;
  const pc = t.sandbox.partnerCenter;
  const sf = t.sandbox.salesforce;
  const storage = t.product.storage;
  const tenantId = t.sandbox.defaults.tenantId;
  // Quiet means: no webhook in flight, nothing due in the inbox or the sync queue, twice in a row
  // with a pause between (a delivery the emulator schedules a moment after a write is seen).
  const snapshot = async (): Promise<string> => JSON.stringify([await storage.inbox.counts(), await storage.syncQueue.counts(), pc.webhooks.deliveries.log().length]);
  const settle = async (): Promise<void> => {
    let quiet = 0;
    for (let i = 0; i < 200 && quiet < 2; i++) {
      const before = await snapshot();
      await pc.webhooks.deliveries.idle();
      await t.product.pipeline!.drained();
      await sync.drained();
      await sync.reconciler.idle();
      await new Promise((resolve) => setTimeout(resolve, 20));
      const queue = await storage.syncQueue.counts();
      quiet = before === await snapshot() && queue.pending === 0 && queue.processing === 0 ? quiet + 1 : 0;
    }
    if (quiet < 2) throw new Error('the pipeline and the sync did not settle');
  };
  return {
    t, pc, sf, sync, tenantId, settle,
    async poll() { await sync.pollNow(); await settle(); },
    pcChange(id, change) {
      const r = pc.store.get(id) as unknown as Row;
      change(r);
      r.updatedDateTime = pcNow();
      r.eTag = `"${randomUUID()}"`;
      pc.store.put(r);
      return r;
    },
    sellerUpdate(object, id, values) { sf.store.update(object, id, values, { asUserId: SELLER_USER_ID }); },
    sellerInsert(object, values) { return sf.store.insert(object, values, { asUserId: SELLER_USER_ID }).Id as string; },
    opportunityFor(referralId) { return sf.store.findByField('Opportunity', 'Referral_Identifier__c', referralId)[0]; },
    audit: (referralId) => storage.audit.byReferral(tenantId, referralId, { limit: 100 }),
    auditOfRecord: (crmId) => storage.audit.byCrm(tenantId, crmId, { limit: 100 }),
    close: () => t.close(),
  };
}
