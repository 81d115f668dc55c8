import assert from 'node:assert/strict';
import type { Connection } from '@jsforce/jsforce-node';
import { SELLER_USER_ID } from '../../../sandbox/salesforce/index.js';
import { opportunity, rejection, startSalesforce, type RunningSalesforce } from './emulator-server.js';

type Row = Record<string, unknown>;

describe('salesforce emulator: SOQL through jsforce', () => {
  let sf: RunningSalesforce;
  let conn: Connection;
  const names = async (soql: string): Promise<string[]> => (await conn.query<Row>(soql)).records.map((r) => String(r.Name));

  before(async () => {
    sf = await startSalesforce({ withCustomSchema: true });
    conn = await sf.connect();
    const store = sf.emulator.store;
    const fabrikam = store.insert('Account', { Name: 'Fabrikam', BillingCountry: 'US' });
    const contoso = store.insert('Account', { Name: 'Contoso', BillingCountry: 'DE' });
    store.insert('Opportunity', opportunity({ Name: 'Alpha', AccountId: fabrikam.Id, Amount: 100, CloseDate: '2026-01-15', Referral_Identifier__c: 'r-1', Sync_with_Partner_Center__c: true }));
    sf.clock.advance(60 * 60 * 1000);
    store.insert('Opportunity', opportunity({ Name: 'Beta', AccountId: contoso.Id, Amount: 200, CloseDate: '2026-02-15', StageName: 'Closed Won' }), { asUserId: SELLER_USER_ID });
    sf.clock.advance(60 * 60 * 1000);
    store.insert('Opportunity', opportunity({ Name: 'Gamma', Amount: null, CloseDate: '2026-03-15', NextStep: "O'Brien 50% off" }));
    const solutionOpp = store.list('Opportunity')[0]!;
    store.insert('Microsoft_Solutions__c', { Name: 'Azure Migrate', Solution_Id__c: 'SOL-1', Opportunity__c: solutionOpp.Id });
  });
  after(() => sf.close());

  it('selects fields with attributes, totalSize and done', async () => {
    const result = await conn.query<Row>('SELECT Id, Name, Amount FROM Opportunity ORDER BY Name');
    assert.equal(result.totalSize, 3);
    assert.equal(result.done, true);
    assert.deepEqual(Object.keys(result.records[0]!), ['attributes', 'Id', 'Name', 'Amount']);
    assert.equal((result.records[0]!.attributes as Row).type, 'Opportunity');
  });

  it('supports each comparison operator', async () => {
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE Name = 'alpha'"), ['Alpha'], '= is case-insensitive');
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE Name != 'Alpha' ORDER BY Name"), ['Beta', 'Gamma']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE Amount < 150'), ['Alpha']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE Amount > 150'), ['Beta']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE Amount <= 200 ORDER BY Name'), ['Alpha', 'Beta']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE Amount >= 200'), ['Beta']);
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE Name IN ('Alpha', 'Gamma') ORDER BY Name"), ['Alpha', 'Gamma']);
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE Name NOT IN ('Alpha', 'Gamma')"), ['Beta']);
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE Name LIKE 'a%'"), ['Alpha']);
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE NextStep LIKE '%50\\% off'"), ['Gamma']);
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE NextStep = 'O\\'Brien 50% off'"), ['Gamma']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE Amount = null'), ['Gamma']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE Amount != null ORDER BY Name'), ['Alpha', 'Beta']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE Sync_with_Partner_Center__c = true'), ['Alpha']);
  });

  it('combines with AND, OR, NOT and parentheses', async () => {
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE Amount > 50 AND StageName = 'Closed Won'"), ['Beta']);
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE Name = 'Alpha' OR Name = 'Gamma' ORDER BY Name"), ['Alpha', 'Gamma']);
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE NOT Name = 'Alpha' ORDER BY Name"), ['Beta', 'Gamma']);
    assert.deepEqual(await names("SELECT Name FROM Opportunity WHERE (Name = 'Alpha' OR Name = 'Beta') AND Amount > 150"), ['Beta']);
    const mixed = await rejection(conn.query("SELECT Name FROM Opportunity WHERE Name = 'a' AND Name = 'b' OR Name = 'c'"));
    assert.equal(mixed.errorCode, 'MALFORMED_QUERY');
  });

  it('compares date and datetime literals, and date ranges', async () => {
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE CloseDate < 2026-02-01'), ['Alpha']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE SystemModstamp > 2026-03-02T10:30:00Z ORDER BY SystemModstamp'), ['Beta', 'Gamma']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity WHERE CreatedDate >= 2026-03-02T11:00:00.000+01:00'), ['Alpha', 'Beta', 'Gamma']);
    assert.equal((await conn.query('SELECT Id FROM Opportunity WHERE CreatedDate = TODAY')).totalSize, 3);
    assert.equal((await conn.query('SELECT Id FROM Opportunity WHERE CreatedDate = LAST_N_DAYS:7')).totalSize, 3);
    assert.equal((await conn.query('SELECT Id FROM Opportunity WHERE CreatedDate = YESTERDAY')).totalSize, 0);
    const quoted = await rejection(conn.query("SELECT Id FROM Opportunity WHERE CloseDate > '2026-01-01'"));
    assert.equal(quoted.errorCode, 'INVALID_QUERY_FILTER_OPERATOR');
  });

  it('follows parent relationships, standard and custom, to any depth; a missing parent is null', async () => {
    const rows = (await conn.query<Row>('SELECT Name, Account.Name, Account.BillingCountry, LastModifiedBy.Name FROM Opportunity ORDER BY Name')).records;
    assert.deepEqual(rows[0]!.Account, { attributes: { type: 'Account', url: (rows[0]!.Account as Row & { attributes: Row }).attributes.url }, Name: 'Fabrikam', BillingCountry: 'US' });
    assert.equal((rows[1]!.LastModifiedBy as Row).Name, 'Ada Seller');
    assert.equal(rows[2]!.Account, null);
    const solutions = (await conn.query<Row>("SELECT Name, Opportunity__r.Name, Opportunity__r.Account.Name FROM Microsoft_Solutions__c WHERE Opportunity__r.Account.Name = 'Fabrikam'")).records;
    const parent = solutions[0]!.Opportunity__r as Row;
    assert.equal(parent.Name, 'Alpha');
    assert.equal((parent.Account as Row).Name, 'Fabrikam');
  });

  it('orders by several fields ASC/DESC with NULLS FIRST/LAST, then LIMIT and OFFSET', async () => {
    assert.deepEqual(await names('SELECT Name FROM Opportunity ORDER BY Amount'), ['Gamma', 'Alpha', 'Beta'], 'ASC puts nulls first');
    assert.deepEqual(await names('SELECT Name FROM Opportunity ORDER BY Amount DESC'), ['Beta', 'Alpha', 'Gamma'], 'DESC puts nulls last');
    assert.deepEqual(await names('SELECT Name FROM Opportunity ORDER BY Amount ASC NULLS LAST'), ['Alpha', 'Beta', 'Gamma']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity ORDER BY StageName DESC, Name DESC'), ['Gamma', 'Alpha', 'Beta']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity ORDER BY Name LIMIT 2'), ['Alpha', 'Beta']);
    assert.deepEqual(await names('SELECT Name FROM Opportunity ORDER BY Name LIMIT 1 OFFSET 1'), ['Beta']);
  });

  it('counts with COUNT()', async () => {
    const result = await conn.query("SELECT COUNT() FROM Opportunity WHERE StageName = 'Prospecting'");
    assert.equal(result.totalSize, 2);
    assert.deepEqual(result.records, []);
  });

  it('answers MALFORMED_QUERY naming the row and column, INVALID_FIELD and INVALID_TYPE', async () => {
    const malformed = await rejection(conn.query('SELECT Name FROM Opportunity WHERE'));
    assert.equal(malformed.errorCode, 'MALFORMED_QUERY');
    assert.match(malformed.message, /ERROR at Row:1:Column:35/);
    const field = await rejection(conn.query('SELECT Nme FROM Opportunity'));
    assert.equal(field.errorCode, 'INVALID_FIELD');
    assert.match(field.message, /\nSELECT Nme FROM Opportunity\n {7}\^\nERROR at Row:1:Column:8\nNo such column 'Nme' on entity 'Opportunity'/);
    const relation = await rejection(conn.query('SELECT Acount.Name FROM Opportunity'));
    assert.match(relation.message, /Didn't understand relationship 'Acount'/);
    const type = await rejection(conn.query('SELECT Id FROM Opportunities'));
    assert.equal(type.errorCode, 'INVALID_TYPE');
  });

  it('sees deleted records only through queryAll (scanAll)', async () => {
    const doomed = sf.emulator.store.insert('Account', { Name: 'Gone' });
    sf.emulator.store.delete('Account', String(doomed.Id));
    assert.equal((await conn.query("SELECT Id FROM Account WHERE Name = 'Gone'")).totalSize, 0);
    const all = await conn.query<Row>("SELECT Id, IsDeleted FROM Account WHERE Name = 'Gone'", { scanAll: true });
    assert.equal(all.records[0]!.IsDeleted, true);
  });

  it('store.query runs the same SOQL programmatically', () => {
    assert.equal(sf.emulator.store.query('SELECT Id FROM Opportunity WHERE Amount > 150').totalSize, 1);
  });
});
