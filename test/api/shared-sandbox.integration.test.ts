import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import express from 'express';
import request from 'supertest';
import { loadConfig } from '../../api/config/load.js';
import { startProduct, type RunningProduct } from '../../api/compose.js';
import { silentLogger } from '../../api/logging/logger.js';
import { createSandbox } from '../../sandbox/index.js';
import { incomingCoSell } from '../helpers/referrals.js';

describe('an API process using a shared sandbox (SANDBOX_URL)', () => {
  let server: ReturnType<ReturnType<typeof express>['listen']>;
  let sandboxUrl: string;
  let products: RunningProduct[];
  let sandbox: Awaited<ReturnType<typeof createSandbox>>;

  before(async () => {
    const app = express();
    server = await new Promise((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    sandboxUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox`;
    sandbox = await createSandbox({ baseUrl: () => sandboxUrl, seedReferrals: 0 });
    app.use('/sandbox', sandbox.router);
    const start = () => startProduct(loadConfig({ PORT: '0', LOG_LEVEL: 'silent', SANDBOX_URL: sandboxUrl, PIPELINE_CONCURRENCY: '0', DATA_DIR: mkdtempSync(join(tmpdir(), 'cosell-test-')) }), { logger: silentLogger() });
    products = [await start(), await start()];
  });
  after(async () => {
    await Promise.all(products.map((p) => p.close()));
    server.closeAllConnections();
    server.close();
  });

  it('serves no sandbox of its own, and two API processes see the same Partner Center', async () => {
    const r = incomingCoSell();
    sandbox.partnerCenter.store.put(r);
    const token = await fetch(`${sandboxUrl}/identity/sandbox/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'sandbox-client', client_secret: 'sandbox-secret', scope: 'api://cosell-connector/.default' }),
    }).then(async (res) => ((await res.json()) as { access_token: string }).access_token);
    for (const p of products) {
      assert.equal(p.sandbox, undefined);
      assert.equal((await request(p.url).get('/sandbox/partner-center/v1.0/engagements/referrals')).status, 404);
      const res = await request(p.url).get(`/v1/referrals/${String(r['id'])}`).set('Authorization', `Bearer ${token}`);
      assert.equal(res.status, 200, res.text);
    }
    const accepted = await request(products[0]!.url).post(`/v1/referrals/${String(r['id'])}/accept`).set('Authorization', `Bearer ${token}`).send();
    assert.equal(accepted.status, 200, accepted.text);
    const seen = await request(products[1]!.url).get(`/v1/referrals/${String(r['id'])}`).set('Authorization', `Bearer ${token}`);
    assert.equal(seen.body.status, 'Active');
  });
});
