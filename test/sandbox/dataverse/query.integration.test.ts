import assert from 'node:assert/strict';
import { create, currencyId, json, startDataverse, type RunningDataverse } from './emulator-server.js';

describe('dataverse emulator: $filter, $orderby, $top, $count, $expand', () => {
  let dv: RunningDataverse;
  let accountA: string;
  let accountB: string;
  before(async () => {
    dv = await startDataverse();
    accountA = await create(dv, 'accounts', { name: 'Alpha Corp', address1_country: 'US' });
    accountB = await create(dv, 'accounts', { name: 'Beta GmbH', address1_country: 'DE' });
    const rows: Array<Record<string, unknown>> = [
      { name: 'A1', estimatedvalue: 100, estimatedclosedate: '2026-01-15', salesstage: 0, 'parentaccountid@odata.bind': `/accounts(${accountA})` },
      { name: 'A2', estimatedvalue: 200, estimatedclosedate: '2026-02-15', salesstage: 1, 'parentaccountid@odata.bind': `/accounts(${accountA})`, description: 'Azure migration' },
      { name: 'B1', estimatedvalue: 300, estimatedclosedate: '2026-03-15', salesstage: 2, 'parentaccountid@odata.bind': `/accounts(${accountB})`, description: 'azure data' },
      { name: 'B2', estimatedvalue: 400, salesstage: 3, 'parentaccountid@odata.bind': `/accounts(${accountB})` },
      { name: 'N1' },
    ];
    for (const row of rows) {
      await create(dv, 'opportunities', row);
      dv.clock.advance(60_000);
    }
  });
  after(() => dv.close());

  async function names(query: string): Promise<string[]> {
    const res = await dv.call(`opportunities?$select=name&${query}`);
    const body = await json(res);
    if (res.status !== 200) throw new Error(JSON.stringify(body));
    return (body.value as Array<{ name: string }>).map((r) => r.name).sort();
  }

  it('eq ne gt ge lt le on numbers', async () => {
    assert.deepEqual(await names('$filter=estimatedvalue eq 200'), ['A2']);
    assert.deepEqual(await names('$filter=estimatedvalue ne 200'), ['A1', 'B1', 'B2', 'N1'], 'ne matches nulls');
    assert.deepEqual(await names('$filter=estimatedvalue gt 200'), ['B1', 'B2']);
    assert.deepEqual(await names('$filter=estimatedvalue ge 200'), ['A2', 'B1', 'B2']);
    assert.deepEqual(await names('$filter=estimatedvalue lt 200'), ['A1']);
    assert.deepEqual(await names('$filter=estimatedvalue le 200'), ['A1', 'A2']);
  });

  it('and binds tighter than or; parentheses and not change that', async () => {
    assert.deepEqual(await names("$filter=name eq 'A1' or name eq 'B1' and estimatedvalue gt 1000"), ['A1']);
    assert.deepEqual(await names("$filter=(name eq 'A1' or name eq 'B1') and estimatedvalue gt 1000"), []);
    assert.deepEqual(await names("$filter=not (name eq 'A1' or name eq 'N1') and salesstage le 1"), ['A2']);
  });

  it('contains, startswith, endswith are case-insensitive; text eq too', async () => {
    assert.deepEqual(await names("$filter=contains(description,'AZURE')"), ['A2', 'B1']);
    assert.deepEqual(await names("$filter=startswith(name,'b')"), ['B1', 'B2']);
    assert.deepEqual(await names("$filter=endswith(name,'1')"), ['A1', 'B1', 'N1']);
    assert.deepEqual(await names("$filter=name eq 'a1'"), ['A1']);
  });

  it('null comparisons, GUID lookups as _x_value, dates and date-times', async () => {
    assert.deepEqual(await names('$filter=estimatedclosedate eq null'), ['B2', 'N1']);
    assert.deepEqual(await names('$filter=_parentaccountid_value ne null and estimatedclosedate ne null'), ['A1', 'A2', 'B1']);
    assert.deepEqual(await names(`$filter=_parentaccountid_value eq ${accountB}`), ['B1', 'B2']);
    assert.deepEqual(await names('$filter=estimatedclosedate ge 2026-02-01 and estimatedclosedate lt 2026-03-31'), ['A2', 'B1']);
    assert.deepEqual(await names('$filter=modifiedon gt 2026-03-02T10:02:30Z'), ['B2', 'N1']);
    assert.deepEqual(await names(`$filter=_transactioncurrencyid_value eq ${currencyId(dv, 'USD')} and salesstage eq 3`), ['B2']);
  });

  it('filter errors: an unknown column, a navigation property used as a column, incompatible types, bad syntax', async () => {
    const cases: Array<[string, RegExp]> = [
      ['$filter=nme eq 1', /Could not find a property named 'nme' on type 'Microsoft.Dynamics.CRM.opportunity'/],
      [`$filter=parentaccountid eq ${accountA}`, /Could not find a property named 'parentaccountid'/],
      ["$filter=estimatedvalue eq '100'", /incompatible types.*'Edm.Decimal' and 'Edm.String' for operator kind 'Equal'/],
      [`$filter=_parentaccountid_value eq '${accountA}'`, /'Edm.Guid' and 'Edm.String'/],
      ['$filter=name eq', /Syntax error at position/],
    ];
    for (const [query, message] of cases) {
      const res = await dv.call(`opportunities?${query}`);
      assert.equal(res.status, 400, query);
      const error = (await json(res)).error as { code: string; message: string };
      assert.equal(error.code, '0x80060888');
      assert.match(error.message, message);
    }
  });

  it('$orderby several columns, asc and desc; nulls sort first ascending', async () => {
    const res = await json(await dv.call('opportunities?$select=name&$orderby=_parentaccountid_value desc,estimatedvalue desc'));
    const order = (res.value as Array<{ name: string }>).map((r) => r.name);
    const expectedAccounts = [accountA, accountB].sort().reverse();
    const group = (acc: string) => (acc === accountA ? ['A2', 'A1'] : ['B2', 'B1']);
    assert.deepEqual(order, [...group(expectedAccounts[0]!), ...group(expectedAccounts[1]!), 'N1']);
    const asc = await json(await dv.call('opportunities?$select=name&$orderby=estimatedvalue asc'));
    assert.equal((asc.value as Array<{ name: string }>)[0]!.name, 'N1');
  });

  it('$top limits without a nextLink; $count=true gives @odata.count of all matches', async () => {
    const body = await json(await dv.call('opportunities?$select=name&$orderby=name&$top=2&$count=true'));
    assert.deepEqual((body.value as Array<{ name: string }>).map((r) => r.name), ['A1', 'A2']);
    assert.equal(body['@odata.count'], 5);
    assert.equal(body['@odata.nextLink'], undefined);
  });

  it('$skip is not supported', async () => {
    assert.equal((await dv.call('opportunities?$skip=1')).status, 400);
  });

  it('$expand of a single-valued lookup with a nested $select', async () => {
    const body = await json(await dv.call("opportunities?$select=name&$filter=name eq 'A1'&$expand=parentaccountid($select=name,address1_country)"));
    const row = (body.value as Array<Record<string, unknown>>)[0]!;
    const account = row.parentaccountid as Record<string, unknown>;
    assert.equal(account.name, 'Alpha Corp');
    assert.equal(account.accountid, accountA);
    assert.equal(account.address1_country, 'US');
    const none = await json(await dv.call("opportunities?$select=name&$filter=name eq 'N1'&$expand=parentaccountid"));
    assert.equal((none.value as Array<Record<string, unknown>>)[0]!.parentaccountid, null);
  });

  it('annotations only when Prefer asks: formatted values and the lookup table and navigation property', async () => {
    const plain = (await json(await dv.call("opportunities?$select=name,salesstage,_parentaccountid_value&$filter=name eq 'A2'"))).value as Array<Record<string, unknown>>;
    assert.equal(Object.keys(plain[0]!).some((k) => k.includes('@')), true); // @odata.etag only
    assert.equal(Object.keys(plain[0]!).filter((k) => k.includes('@') && k !== '@odata.etag').length, 0);
    const res = await dv.call("opportunities?$select=name,salesstage,estimatedvalue,_parentaccountid_value&$filter=name eq 'A2'", { headers: { Prefer: 'odata.include-annotations="*"' } });
    const row = ((await json(res)).value as Array<Record<string, unknown>>)[0]!;
    assert.equal(row['_parentaccountid_value@OData.Community.Display.V1.FormattedValue'], 'Alpha Corp');
    assert.equal(row['_parentaccountid_value@Microsoft.Dynamics.CRM.lookuplogicalname'], 'account');
    assert.equal(row['_parentaccountid_value@Microsoft.Dynamics.CRM.associatednavigationproperty'], 'parentaccountid');
    assert.equal(row['salesstage@OData.Community.Display.V1.FormattedValue'], 'Develop');
    assert.equal(row['estimatedvalue@OData.Community.Display.V1.FormattedValue'], '$200.00');
    assert.match(res.headers.get('preference-applied') ?? '', /odata.include-annotations="\*"/);
  });
});
