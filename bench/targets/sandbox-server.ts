import type { AddressInfo } from 'node:net';
import express from 'express';
import { createSandbox } from '../../sandbox/index.js';
import { serveTarget } from '../target-child.js';

export interface SandboxServerInit {
  seedReferrals: number;
}

/**
 * The sandbox alone (identity and Partner Center emulators), standing in for Microsoft's services in
 * their own process, as they are in production: the product under test then spends only its own CPU.
 */
serveTarget<SandboxServerInit>(async ({ seedReferrals }) => {
  const app = express();
  app.set('etag', false);
  const server = await new Promise<ReturnType<typeof app.listen>>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const sandbox = await createSandbox({ baseUrl: () => `${url}/sandbox`, seedReferrals });
  app.use('/sandbox', sandbox.router);
  return {
    url,
    close: () => new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }),
  };
});
