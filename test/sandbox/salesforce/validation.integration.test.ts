import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import { createRecord, opportunity, rejection, startSalesforce, type RunningSalesforce } from './emulator-server.js';

describe('salesforce emulator: field validation and error shapes through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  before(async () => {
    sf = await startSalesforce({ withCustomSchema: true });
    conn = await sf.connect();
  });
  after(() => sf.close());

  it('unknown field → 400 INVALID_FIELD, surfaced as err.errorCode and err.data', async () => {
    const error = await rejection(conn.sobject('Opportunity').create(opportunity({ Bogus__c: 1 })));
    assert.equal(error.name, 'INVALID_FIELD');
    assert.equal(error.errorCode, 'INVALID_FIELD');
    assert.equal(error.message, "No such column 'Bogus__c' on sobject of type Opportunity");
  });

  it('missing required fields → REQUIRED_FIELD_MISSING naming them in fields', async () => {
    const error = await rejection(conn.sobject('Opportunity').create({ Name: 'No stage' }));
    assert.equal(error.errorCode, 'REQUIRED_FIELD_MISSING');
    assert.deepEqual(error.data.fields, ['StageName', 'CloseDate']);
    assert.match(error.message, /Required fields are missing: \[StageName, CloseDate\]/);
  });

  it('clearing a required field on update is REQUIRED_FIELD_MISSING too', async () => {
    const id = await createRecord(conn, 'Opportunity', opportunity());
    const error = await rejection(conn.sobject('Opportunity').update({ Id: id, CloseDate: null }));
    assert.equal(error.errorCode, 'REQUIRED_FIELD_MISSING');
  });

  it('read-only fields → INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
    const error = await rejection(conn.sobject('Opportunity').create(opportunity({ IsWon: true })));
    assert.equal(error.errorCode, 'INVALID_FIELD_FOR_INSERT_UPDATE');
    assert.deepEqual(error.data.fields, ['IsWon']);
  });

  it('restricted picklists: StageName and How can Microsoft help', async () => {
    const stage = await rejection(conn.sobject('Opportunity').create(opportunity({ StageName: 'Dreaming' })));
    assert.equal(stage.errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    const help = await rejection(conn.sobject('Opportunity').create(opportunity({ How_can_Microsoft_help__c: 'Free lunch' })));
    assert.equal(help.errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    const ok = await conn.sobject('Opportunity').create(opportunity({ How_can_Microsoft_help__c: 'Proof of concept or demo' }));
    assert.ok(ok.success);
  });

  it('wrong JSON types → JSON_PARSER_ERROR; bad dates too', async () => {
    assert.equal((await rejection(conn.sobject('Opportunity').create(opportunity({ Amount: 'lots' })))).errorCode, 'JSON_PARSER_ERROR');
    assert.equal((await rejection(conn.sobject('Opportunity').create(opportunity({ CloseDate: '2026-02-30' })))).errorCode, 'JSON_PARSER_ERROR');
    assert.equal((await rejection(conn.sobject('Opportunity').create(opportunity({ Sync_with_Partner_Center__c: 'yes' })))).errorCode, 'JSON_PARSER_ERROR');
  });

  it('too-long text → STRING_TOO_LONG; bad email → INVALID_EMAIL_ADDRESS', async () => {
    assert.equal((await rejection(conn.sobject('Opportunity').create(opportunity({ Name: 'x'.repeat(121) })))).errorCode, 'STRING_TOO_LONG');
    assert.equal((await rejection(conn.sobject('Contact').create({ LastName: 'Doe', Email: 'not-an-email' }))).errorCode, 'INVALID_EMAIL_ADDRESS');
  });

  it('unique external id → DUPLICATE_VALUE, case-insensitively', async () => {
    await conn.sobject('Opportunity').create(opportunity({ Referral_Identifier__c: 'DUP-1' }));
    const error = await rejection(conn.sobject('Opportunity').create(opportunity({ Referral_Identifier__c: 'dup-1' })));
    assert.equal(error.errorCode, 'DUPLICATE_VALUE');
    assert.match(error.message, /duplicate value found: Referral_Identifier__c duplicates value on record with id: 006/);
  });

  it('lookups must point at a live record of the right type', async () => {
    const missing = await rejection(conn.sobject('Opportunity').create(opportunity({ AccountId: '001000000000000AAA' })));
    assert.equal(missing.errorCode, 'INVALID_CROSS_REFERENCE_KEY');
    assert.deepEqual(missing.data.fields, ['AccountId']);
    const contact = await createRecord(conn, 'Contact', { LastName: 'Wrong type' });
    assert.equal((await rejection(conn.sobject('Opportunity').create(opportunity({ AccountId: contact })))).errorCode, 'FIELD_INTEGRITY_EXCEPTION');
    assert.equal((await rejection(conn.sobject('Opportunity').create(opportunity({ AccountId: 'garbage' })))).errorCode, 'MALFORMED_ID');
  });

  it('CurrencyIsoCode accepts the org currencies only (multi-currency org)', async () => {
    const id = await createRecord(conn, 'Opportunity', opportunity({ CurrencyIsoCode: 'EUR' }));
    assert.equal(sf.emulator.store.get('Opportunity', id)?.CurrencyIsoCode, 'EUR');
    assert.equal((await rejection(conn.sobject('Opportunity').create(opportunity({ CurrencyIsoCode: 'XXX' })))).errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  });

  it('field names are case-insensitive and stored canonically', async () => {
    const id = await createRecord(conn, 'opportunity', { name: 'lower', stagename: 'Prospecting', closedate: '2026-01-01' });
    assert.equal(sf.emulator.store.get('Opportunity', id)?.Name, 'lower');
  });

  it('an unknown sObject type or API version is NOT_FOUND', async () => {
    assert.equal((await rejection(conn.sobject('Nope__c').create({ Name: 'x' }))).errorCode, 'NOT_FOUND');
    const res = await fetch(`${sf.base}/services/data/v41.0/sobjects`, { headers: { authorization: `Bearer ${conn.accessToken ?? ''}` } });
    assert.equal(res.status, 404);
    assert.deepEqual(await res.json(), [{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
  });

  it('the org without the custom schema refuses the co-sell fields', async () => {
    const bare = await startSalesforce();
    try {
      const c = await bare.connect();
      const error = await rejection(c.sobject('Opportunity').create(opportunity({ Sync_with_Partner_Center__c: true })));
      assert.equal(error.errorCode, 'INVALID_FIELD');
    } finally {
      await bare.close();
    }
  });
});
