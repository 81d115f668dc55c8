import assert from 'node:assert/strict';
import request from 'supertest';
import { assertMatchesContract, assertProblem } from '../helpers/contract.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';

// The sync operations as the product wires them (api/compose.ts): sandbox mode syncs the emulated
// Salesforce org for the home tenant; CRM=none leaves every sync operation at 409.
describe('CRM sync operations in the product', () => {
  describe('in sandbox mode, with the Salesforce emulator', () => {
    let t: TestProduct;
    let token: string;
    before(async () => { t = await startTestProduct({ CRM: 'salesforce' }); token = await t.token(); });
    after(() => t.close());

    it('GetMapping serves the Salesforce mapping in force', async () => {
      const res = await request(t.url).get('/v1/mapping').set('Authorization', `Bearer ${token}`).expect(200);
      assertMatchesContract(res, 'GetMapping');
      assert.equal((res.body as { effective: { crm: string } }).effective.crm, 'salesforce');
    });

    it('StartReconciliation starts a dry run that GetReconciliation then shows', async () => {
      const started = await request(t.url).post('/v1/reconciliations').set('Authorization', `Bearer ${token}`).send({ dryRun: true }).expect(202);
      assertMatchesContract(started, 'StartReconciliation');
      const id = (started.body as { id: string }).id;
      const res = await request(t.url).get(`/v1/reconciliations/${id}`).set('Authorization', `Bearer ${token}`).expect(200);
      assertMatchesContract(res, 'GetReconciliation');
      assert.equal((res.body as { dryRun: boolean }).dryRun, true);
    });
  });

  describe('with CRM=none', () => {
    let t: TestProduct;
    before(async () => { t = await startTestProduct({ CRM: 'none' }); });
    after(() => t.close());

    it('answers 409 sync_not_configured', async () => {
      const res = await request(t.url).get('/v1/mapping').set('Authorization', `Bearer ${await t.token()}`);
      assertProblem(res, 'sync_not_configured', 409);
    });
  });
});
