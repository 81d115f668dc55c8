import assert from 'node:assert/strict';
import { EntitySets } from '../../api/dataverse/entity-sets.js';
import { LookupTranslator } from '../../api/dataverse/lookups.js';
import { ReferenceTables } from '../../api/dataverse/reference-tables.js';
import { CrmRecordError } from '../../api/domain/crm.js';

const EUR = 'e0000000-0000-0000-0000-000000000001';
const USD = 'e0000000-0000-0000-0000-000000000002';
const ACCOUNT = 'a0000000-0000-0000-0000-000000000001';
const OPPORTUNITY = 'b0000000-0000-0000-0000-000000000001';
const CONTACT = 'c0000000-0000-0000-0000-000000000001';
const STAKEHOLDER = 'd0000000-0000-0000-0000-000000000001';

/** Answers the reference queries from tables in memory and records the URLs asked for. */
function translator() {
  const tables: Record<string, Array<Record<string, unknown>>> = {
    transactioncurrencies: [{ transactioncurrencyid: EUR, isocurrencycode: 'EUR' }, { transactioncurrencyid: USD, isocurrencycode: 'USD' }],
    connectionroles: [{ connectionroleid: STAKEHOLDER, name: 'Stakeholder' }],
    opportunities: [{ opportunityid: OPPORTUNITY }],
    contacts: [{ contactid: CONTACT }],
  };
  const asked: string[] = [];
  const sets = new EntitySets();
  const refs = new ReferenceTables(sets, (url) => {
    asked.push(url);
    const set = url.split('?')[0]!;
    const filter = decodeURIComponent(/\$filter=([^&]*)/.exec(url)?.[1] ?? '');
    const rows = (tables[set] ?? []).filter((r) => filter === '' || Object.values(r).some((v) => typeof v === 'string' && filter.includes(v)));
    return Promise.resolve(rows);
  });
  return { lookups: new LookupTranslator(sets, refs), asked };
}

describe('dataverse lookup translation (unit)', () => {
  it('selects lookups as _<column>_value, always with the key and the change stamps, and drops an Id alias', () => {
    const { lookups } = translator();
    assert.deepEqual(lookups.select('opportunity', ['Id', 'name', 'parentaccountid', 'transactioncurrencyid']),
      ['opportunityid', 'modifiedon', '_modifiedby_value', 'name', '_parentaccountid_value', '_transactioncurrencyid_value']);
  });

  it('binds a single-table lookup to its entity set', async () => {
    const { lookups, asked } = translator();
    assert.deepEqual(await lookups.writeBody('opportunity', { name: 'x', parentaccountid: ACCOUNT.toUpperCase() }),
      { name: 'x', 'parentaccountid@odata.bind': `/accounts(${ACCOUNT})` });
    assert.deepEqual(await lookups.writeBody('msp_partnercentersolution', { msp_opportunityid: OPPORTUNITY }),
      { 'msp_opportunityid@odata.bind': `/opportunities(${OPPORTUNITY})` });
    assert.deepEqual(asked, []);
  });

  it('resolves a currency ISO code to its transactioncurrency row, reading the table once', async () => {
    const { lookups, asked } = translator();
    assert.deepEqual(await lookups.writeBody('opportunity', { transactioncurrencyid: 'eur' }), { 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${EUR})` });
    assert.deepEqual(await lookups.writeBody('opportunity', { transactioncurrencyid: 'USD' }), { 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${USD})` });
    assert.deepEqual(asked, ['transactioncurrencies?$select=transactioncurrencyid,isocurrencycode']);
  });

  it('refuses an unknown ISO code as invalid, naming the column, after reading the table again', async () => {
    const { lookups, asked } = translator();
    const err = await lookups.writeBody('opportunity', { transactioncurrencyid: 'XYZ' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof CrmRecordError);
    assert.equal(err.code, 'invalid');
    assert.deepEqual(err.fields, ['transactioncurrencyid']);
    assert.equal(asked.length, 2);
  });

  it('binds a polymorphic lookup through the navigation property of the table the id is in', async () => {
    const { lookups } = translator();
    assert.deepEqual(await lookups.writeBody('connection', { record1id: OPPORTUNITY, record2id: CONTACT, record2roleid: 'Stakeholder' }), {
      'record1id_opportunity@odata.bind': `/opportunities(${OPPORTUNITY})`,
      'record2id_contact@odata.bind': `/contacts(${CONTACT})`,
      'record2roleid@odata.bind': `/connectionroles(${STAKEHOLDER})`,
    });
  });

  it('refuses a polymorphic id that no candidate table has', async () => {
    const { lookups } = translator();
    await assert.rejects(lookups.writeBody('connection', { record1id: ACCOUNT }), (e: unknown) => e instanceof CrmRecordError && e.fields[0] === 'record1id');
  });

  it('binds ownerid through its one navigation property and clears a lookup with null', async () => {
    const { lookups } = translator();
    assert.deepEqual(await lookups.writeBody('opportunity', { ownerid: null, parentaccountid: null }), { 'ownerid@odata.bind': null, 'parentaccountid@odata.bind': null });
  });

  it('reads lookups back under their plain names, the currency as its ISO code', async () => {
    const { lookups } = translator();
    const fields = await lookups.readFields('opportunity', {
      opportunityid: OPPORTUNITY, name: 'x', _parentaccountid_value: ACCOUNT, _transactioncurrencyid_value: EUR,
    }, ['Id', 'name', 'parentaccountid', 'transactioncurrencyid', 'description']);
    assert.deepEqual(fields, { Id: OPPORTUNITY, name: 'x', parentaccountid: ACCOUNT, transactioncurrencyid: 'EUR', description: null });
  });

  it('learns the table of an id from the lookuplogicalname annotation', async () => {
    const { lookups, asked } = translator();
    await lookups.readFields('connection', { _record1id_value: ACCOUNT, '_record1id_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account' }, ['record1id']);
    assert.deepEqual(await lookups.writeBody('connection', { record1id: ACCOUNT }), { 'record1id_account@odata.bind': `/accounts(${ACCOUNT})` });
    assert.deepEqual(asked, []);
  });

  it('filters lookups on _<column>_value as GUIDs and keyed lookups by the resolved id', async () => {
    const { lookups } = translator();
    assert.deepEqual(await lookups.conditions('opportunity', { parentaccountid: [ACCOUNT], transactioncurrencyid: 'EUR', msp_referralidentifier: null, Id: OPPORTUNITY }), [
      { property: '_parentaccountid_value', values: [ACCOUNT], guid: true },
      { property: '_transactioncurrencyid_value', values: [EUR], guid: true },
      { property: 'msp_referralidentifier', values: [null], guid: false },
      { property: 'opportunityid', values: [OPPORTUNITY], guid: true },
    ]);
  });

  it('reports a filter that can match nothing (empty list, unknown key, non-GUID id)', async () => {
    const { lookups } = translator();
    assert.equal(await lookups.conditions('opportunity', { name: [] }), undefined);
    assert.equal(await lookups.conditions('opportunity', { transactioncurrencyid: 'XYZ' }), undefined);
    assert.equal(await lookups.conditions('opportunity', { opportunityid: 'not-a-guid' }), undefined);
  });
});
