import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import { HOW_CAN_MICROSOFT_HELP_VALUES } from '../../../sandbox/salesforce/index.js';
import { createRecord, opportunity, rejection, startSalesforce, VERSION, type RunningSalesforce } from './emulator-server.js';

type Field = { name: string; label: string; type: string; length: number; custom: boolean; externalId: boolean; unique: boolean; nillable: boolean; createable: boolean; updateable: boolean; referenceTo: string[]; relationshipName: string | null; picklistValues: { value: string }[] };

describe('salesforce emulator: describe, updated/deleted and limits through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  before(async () => {
    sf = await startSalesforce({ withCustomSchema: true });
    conn = await sf.connect();
  });
  after(() => sf.close());

  it('describeGlobal lists the standard objects and the custom one, with key prefixes', async () => {
    const global = await conn.describeGlobal();
    const prefixes = Object.fromEntries(global.sobjects.map((o) => [o.name, o.keyPrefix]));
    assert.deepEqual(prefixes, {
      Account: '001', Contact: '003', Opportunity: '006', Lead: '00Q', Note: '002', OpportunityTeamMember: '00q',
      OpportunityContactRole: '00K', User: '005', Microsoft_Solutions__c: 'a0X',
    });
  });

  it('describes Opportunity: required standard fields, the stage picklist and the co-sell fields', async () => {
    const describe = await conn.describe('Opportunity');
    const fields = new Map((describe.fields as unknown as Field[]).map((f) => [f.name, f]));
    const name = fields.get('Name')!;
    assert.deepEqual([name.type, name.length, name.nillable, name.createable], ['string', 120, false, true]);
    assert.ok(fields.get('StageName')!.picklistValues.some((p) => p.value === 'Closed Won'));
    const referral = fields.get('Referral_Identifier__c')!;
    assert.deepEqual([referral.type, referral.custom, referral.externalId, referral.unique], ['string', true, true, true]);
    assert.deepEqual(fields.get('How_can_Microsoft_help__c')!.picklistValues.map((p) => p.value), [...HOW_CAN_MICROSOFT_HELP_VALUES]);
    assert.equal(fields.get('Sync_with_Partner_Center__c')!.type, 'boolean');
    assert.equal(fields.get('Microsoft_Referral_Visibility__c')!.label, 'Microsoft Referral Visibility');
    assert.equal(fields.get('Referral_Link__c')!.type, 'url');
    assert.deepEqual([fields.get('Audit__c')!.type, fields.get('Audit__c')!.length], ['textarea', 100000]);
    assert.deepEqual([fields.get('AccountId')!.referenceTo, fields.get('AccountId')!.relationshipName], [['Account'], 'Account']);
    assert.equal(fields.get('IsWon')!.updateable, false);
    assert.ok(describe.childRelationships.some((c) => c.childSObject === 'Microsoft_Solutions__c' && c.relationshipName === 'Microsoft_Solutions__r'));
  });

  it('describes Lead with the co-sell fields the lead sync writes: external id, link and audit', async () => {
    const fields = new Map(((await conn.describe('Lead')).fields as unknown as Field[]).map((f) => [f.name, f]));
    const referral = fields.get('Referral_Identifier__c');
    assert.deepEqual([referral?.type, referral?.length, referral?.custom, referral?.externalId, referral?.unique], ['string', 100, true, true, true]);
    assert.equal(fields.get('Referral_Link__c')?.type, 'url');
    assert.deepEqual([fields.get('Audit__c')?.type, fields.get('Audit__c')?.length], ['textarea', 100000]);
  });

  it('describes the Microsoft Solutions object with its lookup to Opportunity', async () => {
    const describe = await conn.describe('Microsoft_Solutions__c');
    const lookup = (describe.fields as unknown as Field[]).find((f) => f.name === 'Opportunity__c')!;
    assert.deepEqual([lookup.type, lookup.referenceTo, lookup.relationshipName], ['reference', ['Opportunity'], 'Opportunity__r']);
    assert.equal(describe.custom, true);
  });

  it('an unknown object describe is NOT_FOUND', async () => {
    assert.equal((await rejection(conn.describe('Nope__c'))).errorCode, 'NOT_FOUND');
  });

  it('updated returns the ids whose SystemModstamp falls in [start, end), seconds truncated', async () => {
    const start = sf.clock().toISOString();
    const a = await createRecord(conn, 'Opportunity', opportunity({ Name: 'in window' }));
    sf.clock.advance(5 * 60 * 1000);
    const end = sf.clock().toISOString();
    const b = await createRecord(conn, 'Opportunity', opportunity({ Name: 'after window' }));
    const result = await conn.sobject('Opportunity').updated(start, end);
    assert.ok(result.ids.includes(a));
    assert.ok(!result.ids.includes(b));
    assert.equal(result.latestDateCovered, `${end.slice(0, 16)}:00.000+0000`);
    sf.clock.advance(60 * 1000);
    await conn.sobject('Opportunity').update({ Id: a, Amount: 9 });
    const later = await conn.sobject('Opportunity').updated(end, new Date(sf.clock().getTime() + 60_000).toISOString());
    assert.deepEqual(later.ids.sort(), [a, b].sort());
  });

  it('deleted lists deletions in the window; a window before start or older than 30 days is INVALID_REPLICATION_DATE', async () => {
    const start = sf.clock().toISOString();
    const id = await createRecord(conn, 'Account', { Name: 'Soon gone' });
    await conn.sobject('Account').destroy(id);
    sf.clock.advance(60_000);
    const result = await conn.sobject('Account').deleted(start, sf.clock().toISOString());
    assert.deepEqual(result.deletedRecords.map((d) => d.id), [id]);
    const backwards = await rejection(conn.sobject('Account').updated(sf.clock().toISOString(), start.replace(/T.*/, 'T00:00:00Z')));
    assert.equal(backwards.errorCode, 'INVALID_REPLICATION_DATE');
    const old = await rejection(conn.sobject('Account').updated('2025-01-01T00:00:00Z', sf.clock().toISOString()));
    assert.equal(old.errorCode, 'INVALID_REPLICATION_DATE');
  });

  it('reports the daily API allocation in /limits and the Sforce-Limit-Info header', async () => {
    const limits = await conn.limits();
    assert.equal(limits.DailyApiRequests?.Max, 100000);
    assert.ok((limits.DailyApiRequests?.Remaining ?? 100000) < 100000);
    const res = await fetch(`${sf.base}/services/data/v${VERSION}/limits`, { headers: { authorization: `Bearer ${conn.accessToken ?? ''}` } });
    assert.match(res.headers.get('sforce-limit-info') ?? '', /^api-usage=\d+\/100000$/);
  });

  it('refuses requests with 403 REQUEST_LIMIT_EXCEEDED once the allocation is spent', async () => {
    const tight = await startSalesforce({ dailyApiRequestLimit: 2 });
    try {
      const c = await tight.connect();
      await c.query('SELECT Id FROM User');
      await c.query('SELECT Id FROM User');
      const error = await rejection(c.query('SELECT Id FROM User'));
      assert.equal(error.errorCode, 'REQUEST_LIMIT_EXCEEDED');
      tight.clock.advance(24 * 60 * 60 * 1000);
      assert.equal((await c.query('SELECT Id FROM User')).totalSize, 2);
    } finally {
      await tight.close();
    }
  });
});
