import type { AddressInfo } from 'node:net';
import express from 'express';
import { serveTarget } from '../target-child.js';

/** What the harness sends: one GET route and the JSON it returns. */
export interface BareExpressInit {
  path: string;
  body: unknown;
}

/**
 * The baseline: a default Express app whose only route answers with res.json, so the product's figures
 * can be read as "cost of everything beyond serialising the same JSON".
 */
serveTarget<BareExpressInit>(async ({ path, body }) => {
  const app = express();
  app.get(path, (_req, res) => { res.json(body); });
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
});
