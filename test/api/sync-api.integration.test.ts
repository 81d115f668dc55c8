import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '../../api/domain/clock.js';
import { defaultMapping, MappingError } from '../../api/domain/mapping/index.js';
import { MappingConflictError, SyncNotConfiguredError } from '../../api/sync-api/port.js';
import { openStorage, type Storage } from '../../api/storage/index.js';
import { createSyncApi, type SyncService } from '../../api/sync-api/index.js';
import { referral } from '../mapping/fixtures.js';
import { RecordingEngine } from './sync-test-app.js';

const A = 'tenant-a';
const B = 'tenant-b';
const NONE = 'tenant-without-crm';
const DEAL_VALUE_FIELD = { version: 1, fields: [{ id: 'dealValue', crm: 'Deal_Value__c' }] };

describe('createSyncApi over the SQLite store', () => {
  let dataDir: string;
  let storage: Storage;
  let engine: RecordingEngine;
  let api: SyncService;

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cosell-sync-api-'));
    storage = await openStorage({ dataDir });
    const clock = manualClock(new Date('2026-03-01T12:00:00Z'));
    engine = new RecordingEngine(storage, clock);
    api = createSyncApi({ storage, clock, referrals: storage.referrals, defaultMapping, crmFor: (t) => (t === A || t === B ? 'salesforce' : undefined), engine });
  });
  afterEach(async () => { await storage.close(); rmSync(dataDir, { recursive: true, force: true }); });

  describe('mapping', () => {
    it('shows the shipped default while no override is stored', async () => {
      const view = await api.getMapping(A);
      assert.deepEqual(view, { effective: defaultMapping('salesforce'), override: undefined, eTag: 'default', updatedAt: null });
    });

    it('stores a valid override as sent and applies it to the default', async () => {
      const view = await api.replaceMapping(A, DEAL_VALUE_FIELD, {});
      assert.equal(view.effective.fields.find((f) => f.id === 'dealValue')?.crm, 'Deal_Value__c');
      assert.equal(view.updatedAt, '2026-03-01T12:00:00.000Z');
      const stored = await storage.mappings.get(A, 'salesforce');
      assert.deepEqual(JSON.parse(stored?.json ?? 'null'), DEAL_VALUE_FIELD);
      assert.equal((await api.getMapping(A)).eTag, view.eTag);
    });

    it('refuses an invalid override with the JSON pointer of each problem and stores nothing', async () => {
      const invalid = { version: 1, fields: [{ id: 'dealValue', crm: 'Deal_Value__c' }, { id: 'notes', direction: 'sideways' }] };
      await assert.rejects(api.replaceMapping(A, invalid, {}), (e: unknown) => e instanceof MappingError && e.problems.some((p) => p.key === '/fields/1/direction'));
      assert.equal(await storage.mappings.get(A, 'salesforce'), undefined);
    });

    it('names the override key of a problem only the merged mapping shows', async () => {
      const unknownPath = { version: 1, fields: [{ id: 'dealValue', referral: 'details.closeDate' }] };
      await assert.rejects(api.replaceMapping(A, unknownPath, {}), (e: unknown) => e instanceof MappingError && e.problems.some((p) => p.key === '/fields/0/referral'));
      assert.equal(await storage.mappings.get(A, 'salesforce'), undefined);
    });

    it('replaces only while If-Match still names the stored version', async () => {
      const first = await api.replaceMapping(A, DEAL_VALUE_FIELD, { ifMatch: 'default' });
      await assert.rejects(api.replaceMapping(A, { version: 1 }, { ifMatch: 'default' }), MappingConflictError);
      const second = await api.replaceMapping(A, { version: 1 }, { ifMatch: first.eTag });
      await assert.rejects(api.replaceMapping(A, DEAL_VALUE_FIELD, { ifMatch: first.eTag }), MappingConflictError);
      assert.equal((await api.getMapping(A)).eTag, second.eTag);
      assert.deepEqual((await api.getMapping(A)).override, { version: 1 });
    });
  });

  describe('previews', () => {
    it('maps a referral with the stored override', async () => {
      await api.replaceMapping(A, DEAL_VALUE_FIELD, {});
      const record = await api.previewReferral(A, referral());
      assert.equal(record?.crmObject, 'Opportunity');
      assert.equal(record?.fields['Deal_Value__c'], 50000);
      assert.equal(record?.fields['Amount'], undefined);
    });

    it('maps a referral with an override to try instead of the stored one, storing nothing', async () => {
      const record = await api.previewReferral(A, referral(), { version: 1, records: { CoSellOpportunity: 'skip' } });
      assert.equal(record, undefined);
      assert.equal(await storage.mappings.get(A, 'salesforce'), undefined);
    });

    it('turns a changed CRM amount into a deal value change, compared with the current referral', async () => {
      const current = referral({ status: 'Active', substatus: 'Accepted' });
      const same = await api.previewRecord(A, { object: 'opportunity', fields: { Amount: 50000, StageName: 'Qualification' }, related: {} }, current);
      assert.deepEqual(same.changes, []);
      const changed = await api.previewRecord(A, { object: 'opportunity', fields: { Amount: 75000, StageName: 'Qualification' }, related: {} }, current);
      assert.deepEqual(changed.changes, [{ field: 'dealValue', value: 75000 }]);
    });
  });

  describe('tenants', () => {
    it('keeps one tenant\'s override from another', async () => {
      await api.replaceMapping(A, DEAL_VALUE_FIELD, {});
      assert.equal((await api.getMapping(B)).eTag, 'default');
      assert.equal((await api.previewReferral(B, referral()))?.fields['Amount'], 50000);
    });

    it('reads runs and audit of the caller\'s tenant only', async () => {
      const run = await api.startReconciliation(A, { dryRun: true });
      await storage.audit.append([{ tenantId: A, referralId: 'r1', crmObject: 'Opportunity', crmId: '006A', at: '2026-03-01T12:00:00Z', direction: 'toCrm', action: 'created', source: 'api', fields: [], message: 'Created.' }]);
      assert.equal(await api.getRun(B, run.id), undefined);
      assert.deepEqual(await api.listRuns(B, { limit: 10 }), []);
      assert.deepEqual(await api.auditByReferral(B, 'r1', { limit: 10 }), []);
      assert.equal((await api.auditByReferral(A, 'r1', { limit: 10 })).length, 1);
    });

    it('refuses every operation for a tenant without a CRM', async () => {
      assert.equal(api.enabled(NONE), false);
      const calls: Array<Promise<unknown>> = [
        api.getMapping(NONE), api.replaceMapping(NONE, { version: 1 }, {}), api.previewReferral(NONE, referral()),
        api.previewRecord(NONE, { object: 'opportunity', fields: {}, related: {} }), api.mirroredReferral(NONE, 'r1'),
        api.auditByReferral(NONE, 'r1', { limit: 1 }), api.auditByRecord(NONE, '006A', { limit: 1 }), api.notifyCrmChanges(NONE, ['006A']),
        api.startReconciliation(NONE, { dryRun: true }), api.getRun(NONE, 'x'), api.listRuns(NONE, { limit: 1 }),
      ];
      for (const call of calls) await assert.rejects(call, SyncNotConfiguredError);
      assert.deepEqual(engine.notified, []);
      assert.equal(await storage.mappings.get(NONE, 'salesforce'), undefined);
    });
  });
});
