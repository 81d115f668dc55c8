import type { AddressInfo } from 'node:net';
import express from 'express';
import { serveTarget } from '../target-child.js';

export interface BarePostInit {
  path: string;
}

/**
 * The webhook-ingest baseline: a default Express app that reads the raw body, as the receiver does,
 * and answers 200 with the same small JSON, storing and verifying nothing.
 */
serveTarget<BarePostInit>(async ({ path }) => {
  const app = express();
  app.set('etag', false);
  app.post(path, express.raw({ type: () => true, limit: 64 * 1024 }), (_req, res) => { res.status(200).json({ received: true, duplicate: false }); });
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
