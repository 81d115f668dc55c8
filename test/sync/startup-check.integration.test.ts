import assert from 'node:assert/strict';
import request from 'supertest';
import { composeCrmSync } from '../../api/compose/crm-sync.js';
import { loadConfig } from '../../api/config/load.js';
import { systemClock } from '../../api/domain/clock.js';
import { CrmConfigurationError } from '../../api/domain/crm.js';
import { silentLogger } from '../../api/logging/logger.js';
import { openStorage } from '../../api/storage/index.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOrg } from '../salesforce/gateway-fixture.js';
import { DEFAULT_CLIENT } from '../../sandbox/salesforce/index.js';
import { incomingCoSell, startSyncFixture } from './sync-fixture.js';

type Row = Record<string, unknown>;

describe('Salesforce sync: start-up check of the org', function () {
  this.timeout(30_000);

  it('refuses to start against an org without the co-sell package, naming each missing field', async () => {
    const org = await startOrg({ withCustomSchema: false });
    const dir = mkdtempSync(join(tmpdir(), 'cosell-check-'));
    const storage = await openStorage({ databaseUrl: undefined, dataDir: dir, logger: silentLogger() });
    try {
      const config = loadConfig({
        PARTNER_CENTER_TENANT_ID: 't', PARTNER_CENTER_CLIENT_ID: 'c', PARTNER_CENTER_CLIENT_SECRET: 's', PARTNER_CENTER_REFRESH_TOKEN: 'r', AUTH_TENANT_IDS: 't', AUTH_AUDIENCE: 'a',
        CRM: 'salesforce', SALESFORCE_LOGIN_URL: org.base, SALESFORCE_CLIENT_ID: DEFAULT_CLIENT.clientId, SALESFORCE_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret!,
      });
      const never = {} as never;
      const error = await composeCrmSync({ config, sandboxBase: undefined, storage, clock: systemClock, logger: silentLogger(), workerId: 'w', tenants: [{ tenantId: 't', crm: 'salesforce', referrals: never, live: never, operations: never }], workers: false })
        .then(() => undefined, (err: unknown) => err);
      assert.ok(error instanceof CrmConfigurationError, String(error));
      assert.match(error.message, /Opportunity\.Referral_Identifier__c/);
      assert.match(error.message, /Microsoft_Solutions__c/);
      assert.match(error.message, /npm run salesforce:deploy/);
      assert.ok(error.missing.includes('Opportunity.Sync_with_Partner_Center__c'));
    } finally {
      await storage.close();
      await org.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Salesforce sync: a flow tells the backend about CRM changes (NotifyCrmChanges)', function () {
  this.timeout(60_000);

  it('queues the named records at once, without waiting for the poll', async () => {
    const f = await startSyncFixture();
    try {
      const r = incomingCoSell({ status: 'Active', substatus: 'Accepted' });
      f.pc.store.put(r);
      await f.settle();
      const oppId = f.opportunityFor(r.id as string)!.Id as string;
      f.sellerUpdate('Opportunity', oppId, { Amount: 81000 });
      const res = await request(f.t.url).post('/v1/sync/crm-changes').set('Authorization', `Bearer ${await f.t.token()}`).send({ recordIds: [oppId] }).expect(202);
      assert.deepEqual(res.body, { queued: 1 });
      await f.settle();
      assert.equal(((f.pc.store.get(r.id as string) as unknown as Row).details as Row).dealValue, 81000);
    } finally {
      await f.close();
    }
  });
});
