import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import { createSandbox } from '../../sandbox/index.js';
import type { BenchCrm } from '../crm-variants.js';
import { countDataverseCalls, emptyDataverseCounts, type DataverseCallCounts } from '../dataverse-call-counter.js';
import { countSalesforceCalls, emptyCounts, type SalesforceCallCounts } from '../salesforce-call-counter.js';
import { serveTarget } from '../target-child.js';
import { UpdateDriver, type CrmWatch, type DriveRequest } from '../update-driver.js';
import { dataverseRecordCounts, dataverseWatch } from '../dataverse-watch.js';

export interface SyncSandboxInit {
  seedReferrals: number;
}

/** Objects whose record counts the benchmarks report. */
export const COUNTED_OBJECTS = ['Opportunity', 'Lead', 'Account', 'Contact', 'OpportunityContactRole', 'OpportunityTeamMember', 'Microsoft_Solutions__c'] as const;

/** GET /bench/salesforce: what the Salesforce emulator served and holds, and this process's CPU time. */
export interface SalesforceStats {
  counts: SalesforceCallCounts;
  records: Record<string, number>;
  cpuMs: number;
}

/** GET /bench/dataverse: the same for the Dataverse emulator. */
export interface DataverseStats {
  counts: DataverseCallCounts;
  records: Record<string, number>;
  cpuMs: number;
}

const cpuMs = () => { const cpu = process.cpuUsage(); return (cpu.user + cpu.system) / 1000; };

/**
 * The sandbox (identity, Partner Center, Salesforce and Dataverse emulators) in its own process, as
 * those services are remote in production, so neither the emulators' CPU nor the CRM data held in
 * memory counts against the product. Beside it, bench-only control routes under /bench (loopback, no
 * auth), since the emulators' stores live in this process: each CRM's request counts and record
 * counts, and a driver that changes referrals as Partner Center would and times when each change shows.
 */
serveTarget<SyncSandboxInit>(async ({ seedReferrals }) => {
  const app = express();
  app.set('etag', false);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox = await createSandbox({ baseUrl: () => `${url}/sandbox`, seedReferrals });
  const salesforceWatch: CrmWatch = {
    opportunityOf: (referralId) => {
      const id = sandbox.salesforce.store.findByField('Opportunity', 'Referral_Identifier__c', referralId)[0]?.Id;
      return id === undefined ? undefined : String(id);
    },
    dealValue: (id) => sandbox.salesforce.store.get('Opportunity', id)?.Amount,
  };
  const driver = new UpdateDriver(sandbox.partnerCenter, { salesforce: salesforceWatch, dynamics365: dataverseWatch(sandbox.dataverse) });
  let counts = emptyCounts();
  let dataverseCounts = emptyDataverseCounts();

  app.use('/sandbox/salesforce', countSalesforceCalls(() => counts, () => driver.check()));
  app.use('/sandbox/dataverse', countDataverseCalls(() => dataverseCounts, () => driver.check()));
  app.use('/sandbox', sandbox.router);

  const bench = express.Router();
  bench.use(express.json({ limit: '10mb' }));
  bench.get('/salesforce', (_req, res) => {
    const records: Record<string, number> = {};
    for (const object of COUNTED_OBJECTS) {
      try { records[object] = sandbox.salesforce.store.count(object); } catch { /* not deployed */ }
    }
    const stats: SalesforceStats = { counts, records, cpuMs: cpuMs() };
    res.json(stats);
  });
  bench.post('/salesforce/reset', (_req, res) => { counts = emptyCounts(); res.status(204).end(); });
  bench.get('/dataverse', (_req, res) => {
    const stats: DataverseStats = { counts: dataverseCounts, records: dataverseRecordCounts(sandbox.dataverse), cpuMs: cpuMs() };
    res.json(stats);
  });
  bench.post('/dataverse/reset', (_req, res) => { dataverseCounts = emptyDataverseCounts(); res.status(204).end(); });
  /** ?crm=dynamics365 for the Dataverse emulator's opportunities; Salesforce's otherwise. */
  bench.get('/opportunity-referrals', (req, res) => {
    const crm = (req.query.crm ?? 'salesforce') as BenchCrm;
    const values = crm === 'dynamics365'
      ? [...sandbox.dataverse.store.rows('opportunity')].map((o) => o.msp_referralidentifier)
      : sandbox.salesforce.store.list('Opportunity').map((o) => o.Referral_Identifier__c);
    res.json(values.filter((id): id is string => typeof id === 'string' && id !== ''));
  });
  bench.post('/drive', (req, res, next) => {
    driver.drive(req.body as DriveRequest).then((result) => res.json(result), next);
  });
  const onError: ErrorRequestHandler = (err: Error, _req, res, _next) => { res.status(500).json({ error: err.message }); };
  bench.use(onError);
  app.use('/bench', bench);

  return {
    url,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      await sandbox.close();
    },
  };
});
