import assert from 'node:assert/strict';
import request from 'supertest';
import type { Referral } from '../../api/domain/referral.js';
import { toReferral } from '../../api/partner-center/mappers.js';
import type { PcReferral } from '../../api/partner-center/wire.js';
import { assertMatchesContract, assertProblem, problemOf } from '../helpers/contract.js';
import { readSample } from '../helpers/shared.js';
import { referral as normalizedReferral } from '../mapping/fixtures.js';
import { startSyncTestApp, TENANTS, type SyncTestApp } from './sync-test-app.js';

type Json = Record<string, unknown>;
const DEAL_VALUE_FIELD = { version: 1, fields: [{ id: 'dealValue', crm: 'Deal_Value__c' }] };
/** The documented get-by-id sample, normalized as the API serves it: an independent direct referral, so a marketplace lead. */
const sampleReferral = (): Referral => toReferral(readSample<PcReferral>('referral-get-by-id-response.json'));

describe('CRM sync operations over HTTP', () => {
  let t: SyncTestApp;
  let tokenA: string;
  let tokenB: string;
  let tokenNone: string;
  const get = (path: string, token = tokenA) => request(t.app).get(path).set('Authorization', `Bearer ${token}`);
  const post = (path: string, body?: unknown, token = tokenA) => {
    const req = request(t.app).post(path).set('Authorization', `Bearer ${token}`);
    return body === undefined ? req : req.send(body as object);
  };
  const put = (path: string, body: unknown, headers: Record<string, string> = {}, token = tokenA) =>
    request(t.app).put(path).set('Authorization', `Bearer ${token}`).set(headers).send(body as object);

  beforeEach(async () => {
    t = await startSyncTestApp();
    [tokenA, tokenB, tokenNone] = await Promise.all([t.token('a'), t.token('b'), t.token('none')]);
  });
  afterEach(() => t.close());

  describe('mapping', () => {
    it('GetMapping serves the shipped default with the "default" eTag, in body and header', async () => {
      const res = await get('/v1/mapping').expect(200);
      assertMatchesContract(res, 'GetMapping');
      const body = res.body as Json;
      assert.equal(body['eTag'], '"default"');
      assert.equal(res.headers['etag'], '"default"');
      assert.equal((body['effective'] as Json)['crm'], 'salesforce');
      assert.equal(body['override'], undefined);
    });

    it('ReplaceMapping stores a valid override and GetMapping shows it in force', async () => {
      const res = await put('/v1/mapping', DEAL_VALUE_FIELD).expect(200);
      assertMatchesContract(res, 'ReplaceMapping');
      assert.equal(res.headers['etag'], (res.body as Json)['eTag']);
      const view = (await get('/v1/mapping').expect(200)).body as { effective: { fields: Json[] }; override: Json; eTag: string };
      assert.deepEqual(view.override, DEAL_VALUE_FIELD);
      assert.equal(view.effective.fields.find((f) => f['id'] === 'dealValue')?.['crm'], 'Deal_Value__c');
      assert.equal(view.eTag, res.headers['etag']);
    });

    it('ReplaceMapping refuses an invalid override naming each JSON pointer, and stores nothing', async () => {
      const invalid = { version: 1, fields: [{ id: 'dealValue', transform: 'money' }, { id: 'notes', direction: 'sideways' }] };
      const res = await put('/v1/mapping', invalid).expect(400);
      assertProblem(res, 'validation_failed', 400);
      const fields = (problemOf(res).errors ?? []).map((e) => e.field);
      assert.ok(fields.includes('body/fields/0/transform'), fields.join(', '));
      assert.ok(fields.includes('body/fields/1/direction'), fields.join(', '));
      assert.equal(((await get('/v1/mapping').expect(200)).body as Json)['eTag'], '"default"');
    });

    it('ReplaceMapping answers 412 when If-Match names a version that is no longer stored', async () => {
      const first = await put('/v1/mapping', DEAL_VALUE_FIELD, { 'If-Match': '"default"' }).expect(200);
      const etag = String(first.headers['etag']);
      assertProblem(await put('/v1/mapping', { version: 1 }, { 'If-Match': '"default"' }), 'precondition_failed', 412);
      const second = await put('/v1/mapping', { version: 1 }, { 'If-Match': etag }).expect(200);
      assertProblem(await put('/v1/mapping', DEAL_VALUE_FIELD, { 'If-Match': etag }), 'precondition_failed', 412);
      assert.equal(((await get('/v1/mapping').expect(200)).body as Json)['eTag'], second.headers['etag']);
    });
  });

  describe('previews', () => {
    it('PreviewReferralMapping shows the documented sample referral as a Salesforce lead', async () => {
      const res = await post('/v1/mapping/preview/referral', { referral: sampleReferral() }).expect(200);
      assertMatchesContract(res, 'PreviewReferralMapping');
      const body = res.body as { skipped: boolean; record: { object: string; crmObject: string; fields: Json } };
      assert.equal(body.skipped, false);
      assert.equal(body.record.object, 'lead');
      assert.equal(body.record.crmObject, 'Lead');
      assert.equal(body.record.fields['Company'], 'Fabrikam Customer Inc');
      assert.equal(body.record.fields['Referral_Identifier__c'], 'c5fbb3b6-be74-4795-9fb5-4324c73fed37');
    });

    it('PreviewReferralMapping with an override that skips the category shows no record', async () => {
      const res = await post('/v1/mapping/preview/referral', { referral: sampleReferral(), mapping: { version: 1, records: { MarketplaceLead: 'skip' } } }).expect(200);
      assertMatchesContract(res, 'PreviewReferralMapping');
      assert.equal((res.body as Json)['skipped'], true);
      assert.equal((res.body as Json)['record'], undefined);
    });

    it('PreviewReferralMapping refuses an invalid override to try, naming its pointer under body/mapping', async () => {
      const res = await post('/v1/mapping/preview/referral', { referral: sampleReferral(), mapping: { version: 1, fields: [{ id: 'notes', direction: 'sideways' }] } }).expect(400);
      assertProblem(res, 'validation_failed', 400);
      assert.deepEqual((problemOf(res).errors ?? []).map((e) => e.field), ['body/mapping/fields/0/direction']);
    });

    it('PreviewRecordMapping turns an opportunity\'s new amount into a deal value change against the mirrored referral', async () => {
      const current = normalizedReferral({ status: 'Active', substatus: 'Accepted' });
      await t.storage.referrals.put({
        tenantId: TENANTS.a, id: current.id, updatedDateTime: '2026-05-01T10:00:00Z', eTag: current.eTag, status: current.status, substatus: current.substatus,
        type: current.type, direction: current.direction, qualification: current.qualification ?? null, engagementId: current.engagementId ?? null,
        microsoftCoSell: current.microsoftCoSell, json: JSON.stringify(current),
      });
      const record = { object: 'opportunity', fields: { Amount: 75000, CloseDate: '2026-06-30', StageName: 'Qualification' } };
      const res = await post('/v1/mapping/preview/record', { record, referralId: current.id }).expect(200);
      assertMatchesContract(res, 'PreviewRecordMapping');
      const body = res.body as { changes: Json[]; draft: { details?: Json } };
      assert.deepEqual(body.changes, [{ field: 'dealValue', value: 75000 }]);
      assert.equal(body.draft.details?.['dealValue'], 75000);
    });

    it('PreviewRecordMapping answers 404 for a referral the mirror does not hold', async () => {
      const res = await post('/v1/mapping/preview/record', { record: { object: 'opportunity', fields: { Amount: 1 } }, referralId: 'no-such-referral' });
      assertProblem(res, 'not_found', 404);
    });
  });

  describe('audit', () => {
    const entry = (tenantId: string, i: number) => ({
      tenantId, referralId: 'ref-1', crmObject: 'Opportunity', crmId: '006A', at: `2026-03-01T12:00:0${i}Z`,
      direction: 'toCrm' as const, action: 'updated' as const, source: 'webhook' as const, fields: [{ field: 'dealValue', from: i, to: i + 1 }], message: `Change ${i}.`,
    });

    it('ListReferralAudit pages newest first, following nextLink to the end', async () => {
      for (let i = 0; i < 5; i++) await t.storage.audit.append([entry(TENANTS.a, i)]);
      const messages: string[] = [];
      let path: string | undefined = '/v1/referrals/ref-1/audit?top=2';
      let pages = 0;
      while (path !== undefined) {
        const res = await get(path).expect(200);
        assertMatchesContract(res, 'ListReferralAudit');
        const body = res.body as { value: Array<{ message: string }>; nextLink?: string };
        messages.push(...body.value.map((e) => e.message));
        path = body.nextLink === undefined ? undefined : new URL(body.nextLink).pathname + new URL(body.nextLink).search;
        pages++;
      }
      assert.equal(pages, 3);
      assert.deepEqual(messages, ['Change 4.', 'Change 3.', 'Change 2.', 'Change 1.', 'Change 0.']);
    });

    it('ListRecordAudit lists the entries of one CRM record', async () => {
      await t.storage.audit.append([entry(TENANTS.a, 1), { ...entry(TENANTS.a, 2), crmId: '006B' }]);
      const res = await get('/v1/crm-records/006B/audit').expect(200);
      assertMatchesContract(res, 'ListRecordAudit');
      assert.deepEqual((res.body as { value: Json[] }).value.map((e) => e['message']), ['Change 2.']);
    });

    it('ListReferralAudit refuses a continuation token it did not issue', async () => {
      assertProblem(await get('/v1/referrals/ref-1/audit?continuationToken=forged'), 'invalid_continuation_token', 400);
    });
  });

  describe('CRM changes and reconciliations', () => {
    it('NotifyCrmChanges queues the given records', async () => {
      const res = await post('/v1/sync/crm-changes', { recordIds: ['006A', '006B'] }).expect(202);
      assertMatchesContract(res, 'NotifyCrmChanges');
      assert.deepEqual(res.body, { queued: 2 });
      assert.deepEqual(t.engine.notified, [{ tenantId: TENANTS.a, recordIds: ['006A', '006B'] }]);
    });

    it('NotifyCrmChanges without IDs asks the engine to look for every change', async () => {
      await post('/v1/sync/crm-changes').expect(202);
      assert.deepEqual(t.engine.notified, [{ tenantId: TENANTS.a, recordIds: undefined }]);
    });

    it('NotifyCrmChanges refuses more than 200 record IDs', async () => {
      const res = await post('/v1/sync/crm-changes', { recordIds: Array.from({ length: 201 }, (_, i) => `006${i}`) });
      assertProblem(res, 'validation_failed', 400);
      assert.deepEqual((problemOf(res).errors ?? []).map((e) => e.field), ['body/recordIds']);
      assert.deepEqual(t.engine.notified, []);
    });

    it('StartReconciliation starts a dry run by default, with its Location', async () => {
      const res = await post('/v1/reconciliations').expect(202);
      assertMatchesContract(res, 'StartReconciliation');
      const run = res.body as { id: string; dryRun: boolean; status: string };
      assert.equal(run.dryRun, true);
      assert.equal(run.status, 'running');
      assert.equal(new URL(String(res.headers['location'])).pathname, `/v1/reconciliations/${run.id}`);
    });

    it('GetReconciliation shows a run\'s progress and its report as an object', async () => {
      const started = (await post('/v1/reconciliations', { dryRun: false }).expect(202)).body as { id: string };
      const run = (await t.storage.syncRuns.get(TENANTS.a, started.id))!;
      await t.storage.syncRuns.update({ ...run, status: 'completed', total: 3, processed: 3, drifted: 1, repaired: 1, report: JSON.stringify({ drift: [{ referralId: 'ref-1' }] }), finishedAt: '2026-03-01T12:05:00Z' });
      const res = await get(`/v1/reconciliations/${started.id}`).expect(200);
      assertMatchesContract(res, 'GetReconciliation');
      const body = res.body as Json;
      assert.equal(body['dryRun'], false);
      assert.equal(body['status'], 'completed');
      assert.equal(body['repaired'], 1);
      assert.deepEqual(body['report'], { drift: [{ referralId: 'ref-1' }] });
    });

    it('ListReconciliations lists the runs newest first', async () => {
      const first = (await post('/v1/reconciliations').expect(202)).body as { id: string };
      t.clock.advance(60_000);
      const second = (await post('/v1/reconciliations').expect(202)).body as { id: string };
      const res = await get('/v1/reconciliations').expect(200);
      assertMatchesContract(res, 'ListReconciliations');
      assert.deepEqual((res.body as { value: Json[] }).value.map((r) => r['id']), [second.id, first.id]);
    });
  });

  describe('tenants', () => {
    it('another tenant sees neither the override, the audit nor the runs of the first', async () => {
      await put('/v1/mapping', DEAL_VALUE_FIELD).expect(200);
      await t.storage.audit.append([{ tenantId: TENANTS.a, referralId: 'ref-1', crmObject: 'Opportunity', crmId: '006A', at: '2026-03-01T12:00:00Z', direction: 'toCrm', action: 'created', source: 'api', fields: [], message: 'Created.' }]);
      const run = (await post('/v1/reconciliations').expect(202)).body as { id: string };

      assert.equal(((await get('/v1/mapping', tokenB).expect(200)).body as Json)['eTag'], '"default"');
      assert.deepEqual((await get('/v1/referrals/ref-1/audit', tokenB).expect(200)).body, { value: [] });
      assert.deepEqual((await get('/v1/crm-records/006A/audit', tokenB).expect(200)).body, { value: [] });
      assertProblem(await get(`/v1/reconciliations/${run.id}`, tokenB), 'not_found', 404);
      assert.deepEqual((await get('/v1/reconciliations', tokenB).expect(200)).body, { value: [] });
    });

    it('a tenant without a CRM gets 409 sync_not_configured, naming what to configure', async () => {
      for (const res of [
        await get('/v1/mapping', tokenNone),
        await put('/v1/mapping', { version: 1 }, {}, tokenNone),
        await post('/v1/sync/crm-changes', { recordIds: ['006A'] }, tokenNone),
        await post('/v1/reconciliations', {}, tokenNone),
      ]) {
        assertProblem(res, 'sync_not_configured', 409);
        assert.match(problemOf(res).detail, /CRM=salesforce/);
      }
      assert.deepEqual(t.engine.notified, []);
    });
  });
});
