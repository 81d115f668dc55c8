import assert from 'node:assert/strict';
import type { Router } from 'express';
import { contractOperations, openapi } from '../../api/contract/index.js';
import { PROBLEM_CODES } from '../../api/http/problem.js';
import { startTestProduct, type TestProduct } from '../helpers/product.js';

interface Layer { route?: { path: string; methods: Record<string, boolean> }; handle?: Router & { stack?: Layer[] } }

/** Every route Express will serve, except inside the sandbox's own router. */
function servedRoutes(stack: Layer[], skip: unknown, out: string[] = []): string[] {
  for (const layer of stack) {
    if (layer.route) {
      for (const [m, on] of Object.entries(layer.route.methods)) if (on && m !== '_all') out.push(`${m.toUpperCase()} ${layer.route.path}`);
    } else if (layer.handle?.stack && layer.handle !== skip) {
      servedRoutes(layer.handle.stack, skip, out);
    }
  }
  return out;
}

// The Partner Center webhook receiver is authenticated by signature, not by bearer token, and is no connector operation.
const INFRASTRUCTURE = ['GET /healthz', 'GET /readyz', 'GET /openapi.json', 'GET /swagger.json', 'GET /docs', 'GET /docs/init.js', 'POST /webhooks/partner-center/:tenantId'];

describe('the contract and the code agree', () => {
  let t: TestProduct;
  before(async () => { t = await startTestProduct(); });
  after(() => t.close());

  it('serves exactly the contract\'s operations, plus the documented infrastructure routes', () => {
    const app = t.product.app as unknown as { router: { stack: Layer[] } };
    const served = servedRoutes(app.router.stack, t.sandbox.router).sort();
    const expected = [...contractOperations().map((o) => `${o.method.toUpperCase()} ${o.expressPath}`), ...INFRASTRUCTURE].sort();
    assert.deepEqual(served, expected);
  });

  it('documents exactly the problem codes the code can send', () => {
    const schema = openapi.components.schemas['Problem'] as { properties: { code: { enum: string[] } } };
    assert.deepEqual([...schema.properties.code.enum].sort(), Object.keys(PROBLEM_CODES).sort());
  });

  it('gives every operation an id, a summary and a description', () => {
    for (const op of contractOperations()) {
      assert.match(op.operationId, /^[A-Z][A-Za-z0-9]+$/);
      const spec = op.spec as unknown as { summary?: string; description?: string };
      assert.ok(spec.summary && spec.description, op.operationId);
    }
  });
});
