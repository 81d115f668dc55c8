import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { createIdentityProvider, sandboxIdentityDefaults } from '../../../sandbox/identity/index.js';
import type { IdentityProvider, IdentityProviderOptions } from '../../../sandbox/identity/index.js';

export const MOUNT = '/sandbox/identity';

export interface RunningIdentityProvider {
  idp: IdentityProvider;
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** Absolute URL of the mount. */
  base: string;
  /** Every request the provider received, as `METHOD path` (tests count token requests with it). */
  requests: string[];
  tokenRequests(): number;
  close(): Promise<void>;
}

/** Starts the sandbox identity provider on a loopback port, mounted where the product mounts it, with request counting. */
export async function startIdentityProvider(overrides: Partial<IdentityProviderOptions> = {}): Promise<RunningIdentityProvider> {
  const d = sandboxIdentityDefaults();
  let base = '';
  const idp = createIdentityProvider({ issuerBase: () => base, clients: d.clients, users: d.users, resources: d.resources, ...overrides });
  const requests: string[] = [];
  const app = express();
  app.use(MOUNT, (req, _res, next) => {
    requests.push(`${req.method} ${req.path}`);
    next();
  }, idp.router);
  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `${origin}${MOUNT}`;
  return {
    idp,
    origin,
    base,
    requests,
    tokenRequests: () => requests.filter((r) => r.startsWith('POST ') && r.endsWith('/oauth2/v2.0/token')).length,
    close: () => new Promise((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
}

/** A supertest response body as a JSON object, so fields read as `unknown` rather than `any`. */
export function bodyOf(res: { body: unknown }): Record<string, unknown> {
  return res.body as Record<string, unknown>;
}
