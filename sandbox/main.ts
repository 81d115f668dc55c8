import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { ConfigError, loadConfig } from '../api/config/load.js';
import { createSandbox } from './index.js';

/**
 * The sandbox on its own (npm run sandbox): the Partner Center emulator and the identity provider,
 * for several API processes to share (each started with SANDBOX_URL pointing here).
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) { process.stderr.write(`${err.message}\n`); process.exit(1); }
    throw err;
  }
  if (config.mode !== 'sandbox') {
    process.stderr.write('npm run sandbox serves emulators only; unset the PARTNER_CENTER_* credentials and NODE_ENV=production.\n');
    process.exit(1);
  }
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(config.env.PORT, config.host, resolve));
  const { port } = server.address() as AddressInfo;
  const base = `${(config.env.PUBLIC_BASE_URL ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`).replace(/\/+$/, '')}/sandbox`;
  const sandbox = await createSandbox({
    baseUrl: () => base,
    seedReferrals: config.env.SANDBOX_SEED_REFERRALS,
    apiClient: { clientId: config.env.SANDBOX_CLIENT_ID, clientSecret: config.env.SANDBOX_CLIENT_SECRET },
  });
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use('/sandbox', sandbox.router);
  server.on('request', app);
  process.stdout.write(`SANDBOX (emulators only) at ${base}: start the API with SANDBOX_URL=${base}\n`);
  const stop = () => { server.close(() => process.exit(0)); server.closeAllConnections(); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sandbox failed to start: ${(err as Error).message}\n`);
  process.exit(1);
});
