import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import { INTEGRATION_USER_ID, SELLER_USER_ID } from '../../../sandbox/salesforce/index.js';
import { createRecord, opportunity, rejection, startSalesforce, TEST_NOW, VERSION, type RunningSalesforce } from './emulator-server.js';

describe('salesforce emulator: single-record REST through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  before(async () => {
    sf = await startSalesforce({ withCustomSchema: true });
    conn = await sf.connect();
  });
  after(() => sf.close());

  it('creates with an 18-character Id of the right key prefix and stamps the audit fields', async () => {
    const account = await createRecord(conn, 'Account', { Name: 'Fabrikam', BillingCountry: 'US' });
    const created = await conn.sobject('Opportunity').create(opportunity({ AccountId: account, Amount: 50000 }));
    const id = created.id ?? '';
    assert.deepEqual(created, { id, success: true, errors: [] });
    assert.match(account, /^001\w{15}$/);
    assert.match(id, /^006\w{15}$/);
    const record = await conn.sobject('Opportunity').retrieve(id) as Record<string, unknown>;
    assert.deepEqual(record.attributes, { type: 'Opportunity', url: `/services/data/v${VERSION}/sobjects/Opportunity/${id}` });
    assert.equal(record.CreatedDate, '2026-03-02T10:00:00.000+0000');
    assert.equal(record.SystemModstamp, record.LastModifiedDate);
    assert.equal(record.LastModifiedById, INTEGRATION_USER_ID);
    assert.equal(record.OwnerId, INTEGRATION_USER_ID);
    assert.equal(record.IsDeleted, false);
    assert.equal(record.CurrencyIsoCode, 'USD');
    assert.equal(record.Probability, 10, 'defaulted from the stage');
    assert.equal(record.Sync_with_Partner_Center__c, false);
  });

  it('retrieves only the requested fields and accepts the 15-character Id', async () => {
    const id = await createRecord(conn, 'Opportunity', opportunity({ Name: 'Short id' }));
    const record = await conn.sobject('Opportunity').retrieve(id.slice(0, 15), { fields: ['Name', 'StageName'] }) as Record<string, unknown>;
    assert.deepEqual(Object.keys(record), ['attributes', 'Name', 'StageName']);
    assert.equal(record.Name, 'Short id');
  });

  it('retrieves many through composite/sobjects/{T}, null for unknown ones', async () => {
    const id = await createRecord(conn, 'Account', { Name: 'Many' });
    const records = await conn.sobject('Account').retrieve([id, '001000000000000AAA']) as unknown as (Record<string, unknown> | null)[];
    assert.equal(records[0]?.Name, 'Many');
    assert.equal(records[1], null);
  });

  it('updates (204 → success) and moves LastModifiedDate, SystemModstamp and the stage-driven fields', async () => {
    const id = await createRecord(conn, 'Opportunity', opportunity());
    sf.clock.advance(60_000);
    const result = await conn.sobject('Opportunity').update({ Id: id, StageName: 'Closed Won' });
    assert.deepEqual(result, { id, success: true, errors: [] });
    const record = sf.emulator.store.get('Opportunity', id)!;
    assert.equal(record.LastModifiedDate, '2026-03-02T10:01:00.000+0000');
    assert.equal(record.SystemModstamp, '2026-03-02T10:01:00.000+0000');
    assert.equal(record.CreatedDate, '2026-03-02T10:00:00.000+0000');
    assert.deepEqual([record.IsClosed, record.IsWon, record.Probability], [true, true, 100]);
  });

  it('an automated (system-only) change moves SystemModstamp but not LastModifiedDate', () => {
    const record = sf.emulator.store.insert('Opportunity', opportunity(), { asUserId: SELLER_USER_ID });
    sf.clock.advance(60_000);
    const after = sf.emulator.store.update('Opportunity', String(record.Id), { NextStep: 'recalc' }, { systemOnly: true });
    assert.equal(after.LastModifiedDate, record.LastModifiedDate);
    assert.equal(after.LastModifiedById, SELLER_USER_ID);
    assert.notEqual(after.SystemModstamp, record.SystemModstamp);
  });

  it('deletes, then answers ENTITY_IS_DELETED; a well-formed unknown Id is NOT_FOUND', async () => {
    const id = await createRecord(conn, 'Account', { Name: 'Doomed' });
    assert.deepEqual(await conn.sobject('Account').destroy(id), { id, success: true, errors: [] });
    const gone = await rejection(conn.sobject('Account').retrieve(id));
    assert.equal(gone.errorCode, 'ENTITY_IS_DELETED');
    assert.equal((await rejection(conn.sobject('Account').destroy(id))).errorCode, 'ENTITY_IS_DELETED');
    assert.equal((await rejection(conn.sobject('Account').retrieve('001000000000000AAA'))).errorCode, 'NOT_FOUND');
    const malformed = await rejection(conn.sobject('Account').retrieve('nonsense'));
    assert.equal(malformed.errorCode, 'NOT_FOUND');
    assert.match(malformed.message, /Provided external ID field does not exist or is not accessible: nonsense/);
  });

  it('deleting an Opportunity deletes its team members and contact roles and clears Microsoft Solutions lookups', async () => {
    const opp = await createRecord(conn, 'Opportunity', opportunity());
    const contact = await createRecord(conn, 'Contact', { LastName: 'Doe' });
    const member = await createRecord(conn, 'OpportunityTeamMember', { OpportunityId: opp, UserId: SELLER_USER_ID, TeamMemberRole: 'Sales Rep' });
    const role = await createRecord(conn, 'OpportunityContactRole', { OpportunityId: opp, ContactId: contact, IsPrimary: true });
    const solution = await createRecord(conn, 'Microsoft_Solutions__c', { Name: 'Azure Migrate', Solution_Id__c: 'SOL-1', Opportunity__c: opp });
    assert.match(member, /^00q/);
    assert.match(role, /^00K/);
    assert.match(solution, /^a0X/);
    assert.equal(sf.emulator.store.get('OpportunityTeamMember', member)?.Name, 'Ada Seller');
    await conn.sobject('Opportunity').destroy(opp);
    assert.equal(sf.emulator.store.get('OpportunityTeamMember', member)?.IsDeleted, true);
    assert.equal(sf.emulator.store.get('OpportunityContactRole', role)?.IsDeleted, true);
    assert.equal(sf.emulator.store.get('Microsoft_Solutions__c', solution)?.Opportunity__c, null);
  });

  it('keeps notes (Note, 002) on a parent', async () => {
    const opp = await createRecord(conn, 'Opportunity', opportunity());
    const note = await createRecord(conn, 'Note', { ParentId: opp, Title: 'From Partner Center', Body: 'Customer wants a demo' });
    assert.match(note, /^002/);
    const rows = await conn.query<{ Title: string; Parent: { Name: string } }>(`SELECT Title, Parent.Name FROM Note WHERE ParentId = '${opp}'`);
    assert.equal(rows.records[0]?.Parent.Name, 'Fabrikam pilot');
  });

  it('upserts by Referral_Identifier__c: 201 created, then 200 created:false', async () => {
    const first = await conn.sobject('Opportunity').upsert(opportunity({ Referral_Identifier__c: 'ref-0001' }), 'Referral_Identifier__c');
    assert.deepEqual(first, { id: (first as { id: string }).id, success: true, errors: [], created: true });
    const second = await conn.sobject('Opportunity').upsert({ Referral_Identifier__c: 'ref-0001', Amount: 7 }, 'Referral_Identifier__c') as { id: string; created: boolean };
    assert.equal(second.created, false);
    assert.equal(second.id, (first as { id: string }).id);
    assert.equal(sf.emulator.store.get('Opportunity', second.id)?.Amount, 7);
    const statuses = sf.emulator.requestLog.filter((e) => e.path.includes('/Referral_Identifier__c/ref-0001')).map((e) => e.status);
    assert.deepEqual(statuses, [201, 200]);
  });

  it('answers 300 MULTIPLE_CHOICES when a non-unique external id matches several records', async () => {
    sf.emulator.schema.deploy([{ type: 'CustomField', metadata: { fullName: 'Account.Legacy_Key__c', label: 'Legacy Key', type: 'Text', length: 20, externalId: true } }]);
    sf.emulator.store.insert('Account', { Name: 'A', Legacy_Key__c: 'L-1' });
    sf.emulator.store.insert('Account', { Name: 'B', Legacy_Key__c: 'L-1' });
    const error = await rejection(conn.sobject('Account').upsert({ Legacy_Key__c: 'L-1', Name: 'C' }, 'Legacy_Key__c'));
    assert.equal(error.errorCode, 'MULTIPLE_CHOICES');
    assert.equal((error.data as unknown as string[]).length, 2);
  });

  it('upserting on a field that is not an external id is NOT_FOUND', async () => {
    const error = await rejection(conn.sobject('Opportunity').upsert(opportunity({ NextStep: 'x' }), 'NextStep'));
    assert.equal(error.errorCode, 'NOT_FOUND');
  });

  it('honours ?updateOnly=true, and answers an API 45.0 update-upsert with 204', async () => {
    const res = await conn.requestPatch(`/services/data/v${VERSION}/sobjects/Opportunity/Referral_Identifier__c/nobody?updateOnly=true`, { Amount: 1 }).catch((e: unknown) => e);
    assert.equal((res as { errorCode: string }).errorCode, 'NOT_FOUND');
    sf.emulator.store.insert('Opportunity', opportunity({ Referral_Identifier__c: 'legacy-1' }));
    const before46 = await fetch(`${sf.base}/services/data/v45.0/sobjects/Opportunity/Referral_Identifier__c/legacy-1`, {
      method: 'PATCH', headers: { authorization: `Bearer ${conn.accessToken ?? ''}`, 'content-type': 'application/json' }, body: '{"Amount":3}',
    });
    assert.equal(before46.status, 204);
  });

  it('keeps the date the test clock says', () => {
    assert.equal(sf.clock().getTime() >= TEST_NOW.getTime(), true);
  });
});
