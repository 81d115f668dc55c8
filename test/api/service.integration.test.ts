import assert from 'node:assert/strict';
import request from 'supertest';
import { startTestProduct, type TestProduct } from '../helpers/product.js';

describe('service endpoints', () => {
  let t: TestProduct;
  before(async () => { t = await startTestProduct(); });
  after(() => t.close());

  it('GET /healthz', async () => {
    const res = await request(t.url).get('/healthz');
    assert.equal(res.status, 200);
    assert.equal(res.body.status, 'ok');
  });

  it('GET /readyz checks that a Partner Center token can be had and the store answers', async () => {
    const res = await request(t.url).get('/readyz');
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.checks, [{ name: 'partner-center-token', status: 'ok' }, { name: 'storage', status: 'ok' }]);
  });

  it('serves the contract as Swagger 2.0 and as OpenAPI 3', async () => {
    const swagger = await request(t.url).get('/swagger.json');
    const openapi = await request(t.url).get('/openapi.json');
    assert.equal(swagger.body.swagger, '2.0');
    assert.match(String(openapi.body.openapi), /^3\./);
    assert.deepEqual(Object.keys(openapi.body.paths as object).sort(), Object.keys(swagger.body.paths as object).sort());
  });

  it('serves browsable docs whose assets are local', async () => {
    const page = await request(t.url).get('/docs');
    assert.equal(page.status, 200);
    const assets = [...page.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(assets.length >= 3);
    for (const a of assets) {
      assert.ok(a.startsWith('/'), `asset ${a} is not local`);
      const res = await request(t.url).get(a);
      assert.equal(res.status, 200, a);
    }
  });

  it('answers unknown paths with problem+json', async () => {
    const res = await request(t.url).get('/nothing-here');
    assert.equal(res.status, 404);
    assert.match(String(res.headers['content-type']), /problem\+json/);
  });
});
