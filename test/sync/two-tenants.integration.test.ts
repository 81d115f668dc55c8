import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestProduct, type TestProduct } from '../helpers/product.js';
import { eventually } from '../helpers/eventually.js';
import { validCreateRequest } from '../helpers/referrals.js';
import { SECOND_SANDBOX_TENANT } from '../../sandbox/identity/index.js';

type Row = Record<string, unknown>;

/** Referrals a partner keeps in its CRM: all but its own outgoing shares with Microsoft (never mapped). */
function syncable(referrals: Row[]): number {
  return referrals.filter((r) => !(r.direction === 'Outgoing' && ((r.target as Row[] | undefined) ?? []).some((x) => x.id === 'msft'))).length;
}

// `CRM=salesforce,dynamics365 npm start`: two sandbox partners at once, each with its own Partner Center account and CRM.
describe('sandbox mode serves two partner tenants with different CRMs at once', function () {
  this.timeout(90_000);
  let t: TestProduct;
  const second = SECOND_SANDBOX_TENANT.tenantId;
  before(async () => { t = await startTestProduct({ CRM: 'salesforce,dynamics365', PIPELINE_CONCURRENCY: '4', SANDBOX_SEED_REFERRALS: '10', CRM_POLL_INTERVAL_S: '1' }); });
  after(() => t.close());

  async function tokenOf(tenantId: string): Promise<string> {
    const d = t.sandbox.defaults;
    const res = await fetch(`${t.url}/sandbox/identity/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: d.clientId, client_secret: d.clientSecret, scope: d.apiScope }),
    });
    assert.equal(res.status, 200);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  it('names each tenant with its CRM', () => {
    assert.deepEqual(t.product.tenants, [{ tenantId: t.sandbox.defaults.tenantId, crm: 'salesforce' }, { tenantId: second, crm: 'dynamics365' }]);
  });

  it('keeps the partners apart in Partner Center: each account has its own referrals', () => {
    const first = new Set(t.sandbox.partnerCenter.store.list().map((r) => r.id));
    const other = t.sandbox.partnerCenters.get(second)!.store.list();
    assert.equal(other.length, 10);
    assert.ok(other.every((r) => !first.has(r.id)));
  });

  it("writes Contoso's referrals to Salesforce and Fabrikam's to Dynamics 365", async () => {
    const contoso = syncable(t.sandbox.partnerCenter.store.list());
    const fabrikam = syncable(t.sandbox.partnerCenters.get(second)!.store.list());
    let last = {};
    await eventually('both CRMs filled', () => {
      const sf = t.sandbox.salesforce.store.count('Opportunity') + t.sandbox.salesforce.store.count('Lead');
      const dv = t.sandbox.dataverse.store.count('opportunity') + t.sandbox.dataverse.store.count('lead');
      last = { sf, dv, contoso, fabrikam };
      return (sf >= contoso && dv >= fabrikam) || undefined;
    }, 60_000).catch((err: unknown) => { throw new Error(`${String(err)}: ${JSON.stringify(last)}`); });
    const fabrikamIds = new Set(t.sandbox.partnerCenters.get(second)!.store.list().map((r) => r.id));
    for (const row of t.sandbox.dataverse.store.rows('opportunity')) assert.ok(fabrikamIds.has(row.msp_referralidentifier as string), 'a Dynamics opportunity of a Contoso referral');
    const contosoIds = new Set(t.sandbox.partnerCenter.store.list().map((r) => r.id));
    for (const row of t.sandbox.salesforce.store.list('Opportunity')) assert.ok(contosoIds.has(row.Referral_Identifier__c as string), 'a Salesforce opportunity of a Fabrikam referral');
  });

  it("answers each caller from its own tenant's referrals and sync", async () => {
    const list = async (tenantId: string) => (await request(t.url).get('/v1/referrals?top=100').set('Authorization', `Bearer ${await tokenOf(tenantId)}`).expect(200)).body as { value: Array<{ id: string }> };
    const ofSecond = await list(second);
    const expected = new Set(t.sandbox.partnerCenters.get(second)!.store.list().map((r) => r.id));
    assert.equal(ofSecond.value.length, expected.size);
    assert.ok(ofSecond.value.every((r) => expected.has(r.id)));
    const mapping = await request(t.url).get('/v1/mapping').set('Authorization', `Bearer ${await tokenOf(second)}`).expect(200);
    assert.equal((mapping.body as { effective: { crm: string } }).effective.crm, 'dynamics365');
    const mine = await request(t.url).get('/v1/mapping').set('Authorization', `Bearer ${await tokenOf(t.sandbox.defaults.tenantId)}`).expect(200);
    assert.equal((mine.body as { effective: { crm: string } }).effective.crm, 'salesforce');
  });

  it("delivers a Fabrikam referral's webhook to Fabrikam's sync only", async () => {
    const res = await request(t.url).post('/v1/referrals').set('Authorization', `Bearer ${await tokenOf(second)}`)
      .send(validCreateRequest({ name: 'Fabrikam two-tenant check', externalReferenceId: undefined }));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const id = (res.body as { referral: { id: string } }).referral.id;
    assert.ok(t.sandbox.partnerCenters.get(second)!.store.get(id));
    assert.equal(t.sandbox.partnerCenter.store.get(id), undefined);
    await eventually('the Dynamics opportunity', () => [...t.sandbox.dataverse.store.rows('opportunity')].find((r) => r.msp_referralidentifier === id), 30_000);
    assert.equal(t.sandbox.salesforce.store.findByField('Opportunity', 'Referral_Identifier__c', id).length, 0);
  });
});
