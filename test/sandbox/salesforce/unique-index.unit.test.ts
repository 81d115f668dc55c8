import assert from 'node:assert/strict';
import { createSalesforceEmulator, type RecordStore, type SalesforceEmulator } from '../../../sandbox/salesforce/index.js';
import { SalesforceError } from '../../../sandbox/salesforce/errors.js';
import { opportunity } from './emulator-server.js';

const REF = 'Referral_Identifier__c';

function emulator(): SalesforceEmulator {
  return createSalesforceEmulator({ publicBaseUrl: () => 'http://127.0.0.1/sandbox/salesforce', withCustomSchema: true });
}

function insertOpp(store: RecordStore, ref: string, extra: Record<string, unknown> = {}): string {
  return String(store.insert('Opportunity', opportunity({ [REF]: ref, ...extra })).Id);
}

/** The Id the DUPLICATE_VALUE error names, or a failure when the write succeeds or fails otherwise. */
function duplicateOf(write: () => unknown): string {
  try {
    write();
  } catch (error) {
    if (error instanceof SalesforceError && error.errorCode === 'DUPLICATE_VALUE') {
      return /record with id: (\w+)$/.exec(error.message)?.[1] ?? assert.fail(error.message);
    }
    throw error;
  }
  return assert.fail('expected DUPLICATE_VALUE');
}

function refIds(store: RecordStore, value: string, field = REF, type = 'Opportunity'): string[] {
  return store.findByField(type, field, value).map((r) => String(r.Id));
}

/** Upsert by external id as the REST handlers do: match, then update or insert. */
function upsertByRef(store: RecordStore, ref: string, fields: Record<string, unknown>): 'created' | 'updated' {
  const existing = store.findByField('Opportunity', REF, ref)[0];
  if (existing) {
    store.update('Opportunity', String(existing.Id), fields);
    return 'updated';
  }
  store.insert('Opportunity', opportunity({ ...fields, [REF]: ref }));
  return 'created';
}

describe('salesforce emulator: unique and external-id index (unit)', () => {
  let sf: SalesforceEmulator;
  let store: RecordStore;
  beforeEach(() => {
    sf = emulator();
    store = sf.store;
  });

  it('an update frees the old value and takes the new one, case-insensitively', () => {
    const a = insertOpp(store, 'REF-A');
    store.update('Opportunity', a, { [REF]: 'ref-b' });
    assert.deepEqual(refIds(store, 'ref-a'), []);
    assert.deepEqual(refIds(store, 'REF-B'), [a]);
    assert.equal(duplicateOf(() => insertOpp(store, 'Ref-B')), a);
    const other = insertOpp(store, 'ref-a');
    assert.equal(duplicateOf(() => store.update('Opportunity', other, { [REF]: 'REF-b' })), a);
  });

  it('an update that keeps its own value is not a duplicate of itself', () => {
    const a = insertOpp(store, 'same');
    store.update('Opportunity', a, { [REF]: 'SAME', Name: 'Renamed' });
    assert.deepEqual(refIds(store, 'same'), [a]);
  });

  it('clearing the value frees it', () => {
    const a = insertOpp(store, 'cleared');
    store.update('Opportunity', a, { [REF]: null });
    assert.deepEqual(refIds(store, 'cleared'), []);
    insertOpp(store, 'CLEARED');
  });

  it('a deleted record no longer holds its value; a cascaded delete frees the child\'s too', () => {
    sf.schema.deploy([{ type: 'CustomField', metadata: { fullName: 'OpportunityTeamMember.Member_Key__c', label: 'Member Key', type: 'Text', length: 50, externalId: true, unique: true } }]);
    const a = insertOpp(store, 'gone');
    const member = String(store.insert('OpportunityTeamMember', { OpportunityId: a, UserId: sf.integrationUserId, Member_Key__c: 'MK-1' }).Id);
    assert.deepEqual(refIds(store, 'mk-1', 'Member_Key__c', 'OpportunityTeamMember'), [member]);
    assert.equal(duplicateOf(() => store.insert('OpportunityTeamMember', { OpportunityId: a, UserId: sf.integrationUserId, Member_Key__c: 'mk-1' })), member);
    store.delete('Opportunity', a);
    assert.equal(store.get('OpportunityTeamMember', member)?.IsDeleted, true);
    assert.deepEqual(refIds(store, 'GONE'), []);
    assert.deepEqual(refIds(store, 'MK-1', 'Member_Key__c', 'OpportunityTeamMember'), []);
    const b = insertOpp(store, 'gone');
    store.insert('OpportunityTeamMember', { OpportunityId: b, UserId: sf.integrationUserId, Member_Key__c: 'mk-1' });
  });

  it('rollbackTo undoes inserts, updates and deletes in the index as in the table', () => {
    const kept = insertOpp(store, 'kept');
    const moved = insertOpp(store, 'before-move');
    const point = store.savepoint();
    insertOpp(store, 'rolled-back-insert');
    store.update('Opportunity', moved, { [REF]: 'after-move' });
    store.delete('Opportunity', kept);
    assert.deepEqual(refIds(store, 'kept'), []);
    store.rollbackTo(point);
    store.release(point);
    assert.deepEqual(refIds(store, 'rolled-back-insert'), []);
    assert.deepEqual(refIds(store, 'after-move'), []);
    assert.deepEqual(refIds(store, 'before-move'), [moved]);
    assert.deepEqual(refIds(store, 'kept'), [kept]);
    assert.equal(duplicateOf(() => insertOpp(store, 'KEPT')), kept);
    assert.equal(duplicateOf(() => insertOpp(store, 'Before-Move')), moved);
    insertOpp(store, 'rolled-back-insert');
    insertOpp(store, 'after-move');
  });

  it('clear empties the index', () => {
    insertOpp(store, 'cleared-org');
    store.clear();
    assert.deepEqual(refIds(store, 'cleared-org'), []);
    insertOpp(store, 'cleared-org');
  });

  it('a field deployed unique later is indexed from the rows already there', () => {
    const key = { fullName: 'Account.Account_Key__c', label: 'Account Key', type: 'Text', length: 50 };
    sf.schema.deploy([{ type: 'CustomField', metadata: key }]);
    const first = String(store.insert('Account', { Name: 'First', Account_Key__c: 'AK-1' }).Id);
    assert.equal(store.insert('Account', { Name: 'Twin', Account_Key__c: 'ak-1' }).Account_Key__c, 'ak-1');
    store.update('Account', first, { Account_Key__c: 'AK-2' });
    sf.schema.deploy([{ type: 'CustomField', metadata: { ...key, externalId: true, unique: true } }]);
    assert.deepEqual(refIds(store, 'ak-2', 'Account_Key__c', 'Account'), [first]);
    assert.equal(duplicateOf(() => store.insert('Account', { Name: 'Third', Account_Key__c: 'Ak-2' })), first);
    // No longer unique: duplicates are allowed again, and matching still works.
    sf.schema.deploy([{ type: 'CustomField', metadata: { ...key, externalId: true } }]);
    const second = String(store.insert('Account', { Name: 'Third', Account_Key__c: 'Ak-2' }).Id);
    assert.deepEqual(refIds(store, 'AK-2', 'Account_Key__c', 'Account'), [first, second]);
  });

  it('several matches of a non-unique external id come back in table order, not in the order they took the value', () => {
    sf.schema.deploy([{ type: 'CustomField', metadata: { fullName: 'Lead.Lead_Key__c', label: 'Lead Key', type: 'Text', length: 50, externalId: true } }]);
    const lead = (key: string): string => String(store.insert('Lead', { LastName: 'Ng', Company: 'Contoso', Lead_Key__c: key }).Id);
    const first = lead('other');
    const second = lead('other');
    const third = lead('shared');
    store.update('Lead', first, { Lead_Key__c: 'SHARED' });
    store.update('Lead', second, { Lead_Key__c: 'Shared' });
    assert.deepEqual(refIds(store, 'shared', 'Lead_Key__c', 'Lead'), [first, second, third]);
  });

  it('a numeric external id matches its string form exactly', () => {
    sf.schema.deploy([{ type: 'CustomField', metadata: { fullName: 'Account.Legacy_Number__c', label: 'Legacy Number', type: 'Number', precision: 18, scale: 0, externalId: true } }]);
    const id = String(store.insert('Account', { Name: 'Numbered', Legacy_Number__c: 42 }).Id);
    assert.deepEqual(refIds(store, '42', 'Legacy_Number__c', 'Account'), [id]);
    assert.deepEqual(refIds(store, '042', 'Legacy_Number__c', 'Account'), []);
  });

  it('20,000 upserts by external id through the store: 10,000 creates, then 10,000 updates matched case-insensitively', () => {
    const n = 10_000;
    const outcomes = { created: 0, updated: 0 };
    for (let i = 0; i < n; i += 1) outcomes[upsertByRef(store, `bulk-${i}`, { Name: `Bulk ${i}` })] += 1;
    for (let i = 0; i < n; i += 1) outcomes[upsertByRef(store, `BULK-${i}`, { Name: `Bulk ${i} v2` })] += 1;
    assert.deepEqual(outcomes, { created: n, updated: n });
    assert.equal(store.count('Opportunity'), n);
    const sample = store.findByField('Opportunity', REF, 'Bulk-9999');
    assert.equal(sample.length, 1);
    assert.equal(sample[0]?.Name, 'Bulk 9999 v2');
  });
});
